package org.diffevo4j.environments;

/**
 * One environment, Gymnasium style: {@code reset(seed)} then {@code step(action)} until
 * {@code terminated} or {@code truncated}. The TimeLimit wrapper is part of the environment.
 *
 * <pre>{@code
 * Environment env = Environments.make("CartPole-v1");
 * double[] obs = env.reset(42);
 * StepResult r;
 * do {
 *     r = env.step(obs[2] > 0 ? 1 : 0);   // push toward the pole's lean
 *     obs = r.observation();
 * } while (!r.done());
 * }</pre>
 *
 * <p>{@code reset(seed)} draws the initial state from the same distribution as Gymnasium, but from
 * Java's generator: the same seed does not give NumPy's numbers.
 */
public interface Environment {

    /** The registered description of this environment. */
    EnvSpec spec();

    /** Starts an episode from a state drawn with the given seed and returns the first observation. */
    double[] reset(long seed);

    /**
     * Steps a {@link Discrete}-action environment.
     *
     * <p>Like Gymnasium, stepping on after an episode ended without a reset is allowed; what it returns
     * is the environment's own business (CartPole, for one, then rewards 0).
     *
     * @throws IllegalArgumentException if the action is outside the space or the actions are continuous
     * @throws IllegalStateException    before the first reset
     */
    StepResult step(int action);

    /**
     * Steps a {@link Box}-action environment. Values outside the box are legal and are clipped by the
     * environment's own rules; NaN is rejected.
     *
     * @throws IllegalArgumentException if the length is not the action size, a value is NaN, or the
     *                                  actions are discrete
     * @throws IllegalStateException    before the first reset
     */
    StepResult step(double[] action);
}
