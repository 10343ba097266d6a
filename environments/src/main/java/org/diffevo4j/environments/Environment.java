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

    EnvSpec spec();

    /** Starts an episode from a state drawn with the given seed and returns the first observation. */
    double[] reset(long seed);

    /** Steps a {@link Discrete}-action environment. */
    StepResult step(int action);

    /** Steps a {@link Box}-action environment. */
    StepResult step(double[] action);
}
