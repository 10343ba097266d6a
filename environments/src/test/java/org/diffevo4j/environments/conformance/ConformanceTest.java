package org.diffevo4j.environments.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.StatefulEnvironment;
import org.diffevo4j.environments.StatefulVectorEnvironment;
import org.diffevo4j.environments.StepResult;
import org.diffevo4j.environments.conformance.ConformanceFixture.Episode;
import org.diffevo4j.environments.conformance.ConformanceFixture.Steps;
import org.diffevo4j.environments.conformance.ConformanceFixture.Tolerance;
import org.diffevo4j.environments.conformance.ConformanceFixture.Tolerances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every episode of every fixture file in the conformance set (the files bundled under
 * {@code src/test/resources/conformance}, or, when the system property
 * {@code diffevo4j.conformance.dir} is set, the folder it names instead) through both APIs:
 * <ul>
 *   <li>single environment, free rollout from {@code initial_state} (up to the file's rollout
 *       {@code max_t}), plus CartPole's {@code post_termination_steps};</li>
 *   <li>single environment, one teacher-forced step from every recorded state;</li>
 *   <li>vector environment with all episodes of a file in one batch, each copy stopping at its own end;</li>
 *   <li>vector environment with every (episode, step) pair of a file as its own copy, one step.</li>
 * </ul>
 * Tolerances come from each file's {@code recommended_tolerances}; flags are compared exactly. Nothing
 * here knows episode counts or ids, so held-out sets in the same format run unchanged.
 */
class ConformanceTest {

    private static final Map<String, ErrorStats> STATS = new ConcurrentSkipListMap<>();

    @TestFactory
    Stream<DynamicContainer> everyFixtureFile() throws IOException {
        List<ConformanceFixture> fixtures = ConformanceFixture.loadAll(ConformanceFixture.directory());
        return fixtures.stream().map(f -> dynamicContainer(f.toString(), Stream.of(
                dynamicTest("spec matches the file header", () -> specMatchesHeader(f)),
                dynamicTest("single env: rollout of every episode", () -> singleRollout(f)),
                dynamicTest("single env: one step from every recorded state", () -> singleOneStep(f)),
                dynamicTest("vector env: all episodes in one batch", () -> vectorRollout(f)),
                dynamicTest("vector env: every recorded state as a copy, one step", () -> vectorOneStep(f)))));
    }

    @AfterAll
    static void printLargestErrors() {
        System.out.println("Conformance: largest |actual - expected| per environment");
        System.out.printf("%-26s %12s %12s %12s %10s %12s %9s%n", "env", "1-step state", "rollout st.",
                "observation", "obs ulps", "reward", "steps");
        for (Map.Entry<String, ErrorStats> e : STATS.entrySet()) {
            ErrorStats s = e.getValue();
            System.out.printf("%-26s %12.3g %12.3g %12.3g %10d %12.3g %9d%n", e.getKey(), s.oneStepState,
                    s.rolloutState, s.observation, s.observationUlps, s.reward, s.steps);
        }
    }

    // ------------------------------------------------------------------ the five checks

    private static void specMatchesHeader(ConformanceFixture f) {
        EnvSpec spec = Environments.spec(f.envId);
        assertEquals(f.maxEpisodeSteps, spec.maxEpisodeSteps(), "max_episode_steps");
        JsonNode threshold = f.header.get("reward_threshold");
        if (threshold == null || threshold.isNull()) {
            assertNull(spec.rewardThreshold(), "reward_threshold");
        } else {
            assertEquals(threshold.asDouble(), spec.rewardThreshold(), "reward_threshold");
        }
        assertSpace("observation_space", f.header.get("observation_space"), spec.observationSpace());
        assertSpace("action_space", f.header.get("action_space"), spec.actionSpace());
    }

    private static void assertSpace(String what, JsonNode expected, Object actual) {
        String type = ConformanceFixture.required(expected, "type").asText();
        if (type.equals("Discrete")) {
            Discrete d = assertInstanceOf(Discrete.class, actual, what);
            assertEquals(expected.get("n").asInt(), d.n(), what + ".n");
            assertEquals(expected.path("start").asInt(0), d.start(), what + ".start");
        } else {
            Box b = assertInstanceOf(Box.class, actual, what);
            assertArrayEquals(ConformanceFixture.doubles(expected.get("low")), b.low(), what + ".low");
            assertArrayEquals(ConformanceFixture.doubles(expected.get("high")), b.high(), what + ".high");
            assertEquals(expected.get("dtype").asText(), b.dtype().numpyName(), what + ".dtype");
        }
    }

    private static void singleRollout(ConformanceFixture f) {
        Check c = new Check(f, "single rollout");
        Tolerances tol = f.rollout;
        for (Episode e : f.episodes) {
            StatefulEnvironment env = singleEnv(f);
            c.observation(e, -1, env.loadState(e.initialState()), e.initialObservation(), f.oneStep.observation());
            int limit = Math.min(e.numSteps(), tol.maxT());
            for (int k = 0; k < limit; k++) {
                StepResult r = step(env, e.steps(), k);
                c.step(e, k, r.observation(), r.reward(), r.terminated(), r.truncated(), env.state(), tol, false);
            }
            Steps post = e.postTermination();
            if (post != null && limit == e.numSteps()) {
                for (int k = 0; k < post.length(); k++) {
                    StepResult r = step(env, post, k);
                    String where = "post-termination step " + (k + 1);
                    c.values(e, where, "observation", r.observation(), post.observations()[k], tol.observation(), true);
                    c.value(e, where, "reward", r.reward(), post.rewards()[k], tol.reward(), c.stats::reward);
                    c.flag(e, where, "terminated", r.terminated(), post.terminated()[k]);
                    c.values(e, where, "state", env.state(), post.states()[k], tol.state(), false);
                }
            }
        }
        c.assertClean();
    }

    private static void singleOneStep(ConformanceFixture f) {
        Check c = new Check(f, "single one-step");
        StatefulEnvironment env = singleEnv(f);
        for (Episode e : f.episodes) {
            for (int k = 0; k < e.numSteps(); k++) {
                env.loadState(e.stateBefore(k), k);
                StepResult r = step(env, e.steps(), k);
                c.step(e, k, r.observation(), r.reward(), r.terminated(), r.truncated(), env.state(), f.oneStep, true);
            }
        }
        c.assertClean();
    }

    private static void vectorRollout(ConformanceFixture f) {
        Check c = new Check(f, "vector rollout");
        Tolerances tol = f.rollout;
        List<Episode> eps = f.episodes;
        int n = eps.size();
        StatefulVectorEnvironment v = vectorEnv(f, n);
        int obsSize = v.spec().observationSize();
        int actionSize = v.spec().discreteActions() ? 1 : v.spec().actionSpace().flatSize();
        int horizon = 0;
        for (int i = 0; i < n; i++) {
            v.loadState(i, eps.get(i).initialState());
            c.observation(eps.get(i), -1, row(v.observations(), i, obsSize), eps.get(i).initialObservation(),
                    f.oneStep.observation());
            horizon = Math.max(horizon, Math.min(eps.get(i).numSteps(), tol.maxT()));
        }
        assertEquals(n, v.activeCount(), "every loaded copy is active");
        int[] discrete = new int[n];
        double[] continuous = new double[n * actionSize];
        // copies past their recorded steps get a valid filler action: ended copies must ignore it,
        // copies whose action list ran out keep running and are no longer compared
        int filler = v.spec().actionSpace() instanceof Discrete d ? d.start() : 0;
        double[] state = new double[v.stateSize()];
        for (int t = 0; t < horizon; t++) {
            for (int i = 0; i < n; i++) {
                Steps s = eps.get(i).steps();
                boolean has = t < s.length();
                if (s.discreteActions() != null) {
                    discrete[i] = has ? s.discreteActions()[t] : filler;
                } else {
                    System.arraycopy(has ? s.continuousActions()[t] : new double[actionSize], 0, continuous,
                            i * actionSize, actionSize);
                }
            }
            if (v.spec().discreteActions()) {
                v.step(discrete);
            } else {
                v.step(continuous);
            }
            int expectedActive = 0;
            for (int i = 0; i < n; i++) {
                Episode e = eps.get(i);
                Steps s = e.steps();
                if (t < s.length()) {
                    v.state(i, state);
                    c.step(e, t, row(v.observations(), i, obsSize), v.rewards()[i], v.terminated()[i],
                            v.truncated()[i], state, tol, false);
                    boolean ends = s.terminated()[t] || s.truncated()[t];
                    c.flag(e, "step " + (t + 1), "done mask", v.done()[i], ends);
                    expectedActive += ends ? 0 : 1;
                } else if (e.ended()) {
                    // finished copies are frozen: reward 0, final observation and flags kept
                    String where = "step " + (t + 1) + " (after the episode ended)";
                    c.flag(e, where, "done mask", v.done()[i], true);
                    c.flag(e, where, "terminated kept", v.terminated()[i], e.terminated());
                    c.flag(e, where, "truncated kept", v.truncated()[i], e.truncated());
                    c.flag(e, where, "reward is +0.0", Double.compare(v.rewards()[i], 0.0) == 0, true);
                    c.flag(e, where, "observation kept",
                            Arrays.equals(row(v.observations(), i, obsSize), s.observations()[s.length() - 1]), true);
                } else {
                    // ran out of recorded actions: not compared any more, it may still hit the time limit
                    expectedActive += v.done()[i] ? 0 : 1;
                }
            }
            c.flag(null, "step " + (t + 1), "activeCount == " + expectedActive, v.activeCount() == expectedActive,
                    true);
        }
        c.assertClean();
    }

    private static void vectorOneStep(ConformanceFixture f) {
        Check c = new Check(f, "vector one-step");
        List<Episode> eps = f.episodes;
        int total = 0;
        for (Episode e : eps) {
            total += e.numSteps();
        }
        if (total == 0) {
            return;
        }
        StatefulVectorEnvironment v = vectorEnv(f, total);
        int obsSize = v.spec().observationSize();
        int actionSize = v.spec().discreteActions() ? 1 : v.spec().actionSpace().flatSize();
        int[] discrete = new int[total];
        double[] continuous = new double[total * actionSize];
        int j = 0;
        for (Episode e : eps) {
            Steps s = e.steps();
            for (int k = 0; k < e.numSteps(); k++, j++) {
                v.loadState(j, e.stateBefore(k), k);
                if (s.discreteActions() != null) {
                    discrete[j] = s.discreteActions()[k];
                } else {
                    System.arraycopy(s.continuousActions()[k], 0, continuous, j * actionSize, actionSize);
                }
            }
        }
        if (v.spec().discreteActions()) {
            v.step(discrete);
        } else {
            v.step(continuous);
        }
        double[] state = new double[v.stateSize()];
        j = 0;
        for (Episode e : eps) {
            for (int k = 0; k < e.numSteps(); k++, j++) {
                v.state(j, state);
                c.step(e, k, row(v.observations(), j, obsSize), v.rewards()[j], v.terminated()[j], v.truncated()[j],
                        state, f.oneStep, true);
            }
        }
        c.assertClean();
    }

    // ------------------------------------------------------------------ helpers

    private static StatefulEnvironment singleEnv(ConformanceFixture f) {
        return assertInstanceOf(StatefulEnvironment.class, Environments.make(f.envId),
                "built-in single environments allow loading a state");
    }

    private static StatefulVectorEnvironment vectorEnv(ConformanceFixture f, int n) {
        return assertInstanceOf(StatefulVectorEnvironment.class, Environments.makeVector(f.envId, n),
                "built-in vector environments allow loading a state");
    }

    private static StepResult step(StatefulEnvironment env, Steps s, int k) {
        return s.discreteActions() != null ? env.step(s.discreteActions()[k]) : env.step(s.continuousActions()[k]);
    }

    private static double[] row(double[] flat, int i, int width) {
        return Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }

    /** Largest errors seen per environment, over all modes. */
    static final class ErrorStats {
        double oneStepState;
        double rolloutState;
        double observation;
        long observationUlps;
        double reward;
        long steps;

        synchronized void reward(double err) {
            reward = Math.max(reward, err);
        }
    }

    /** Compares values under the README's rule and collects every mismatch, so one failure shows them all. */
    private static final class Check {
        private static final int MAX_LISTED = 25;
        final ConformanceFixture f;
        final String mode;
        final ErrorStats stats;
        final List<String> failures = new ArrayList<>();
        int failureCount;

        Check(ConformanceFixture f, String mode) {
            this.f = f;
            this.mode = mode;
            this.stats = STATS.computeIfAbsent(f.envId, k -> new ErrorStats());
        }

        void step(Episode e, int k, double[] obs, double reward, boolean term, boolean trunc, double[] state,
                  Tolerances tol, boolean oneStep) {
            Steps s = e.steps();
            String where = "step " + (k + 1);
            synchronized (stats) {
                stats.steps++;
            }
            values(e, where, "observation", obs, s.observations()[k], tol.observation(), true);
            value(e, where, "reward", reward, s.rewards()[k], tol.reward(), stats::reward);
            flag(e, where, "terminated", term, s.terminated()[k]);
            flag(e, where, "truncated", trunc, s.truncated()[k]);
            double[] expected = s.states()[k];
            if (state.length != expected.length) {
                record(e, where, "state has " + state.length + " values, expected " + expected.length);
                return;
            }
            for (int j = 0; j < state.length; j++) {
                double err = Math.abs(state[j] - expected[j]);
                synchronized (stats) {
                    if (oneStep) {
                        stats.oneStepState = Math.max(stats.oneStepState, err);
                    } else {
                        stats.rolloutState = Math.max(stats.rolloutState, err);
                    }
                }
                if (!within(state[j], expected[j], tol.state(), false)) {
                    record(e, where, "state[" + j + "] = " + state[j] + ", expected " + expected[j] + " (|err| " + err
                            + ")");
                }
            }
        }

        void observation(Episode e, int k, double[] actual, double[] expected, Tolerance tol) {
            values(e, k < 0 ? "initial observation" : "step " + (k + 1), "observation", actual, expected, tol, true);
        }

        void values(Episode e, String where, String what, double[] actual, double[] expected, Tolerance tol,
                    boolean isObservation) {
            if (actual.length != expected.length) {
                record(e, where, what + " has " + actual.length + " values, expected " + expected.length);
                return;
            }
            for (int j = 0; j < actual.length; j++) {
                double err = Math.abs(actual[j] - expected[j]);
                if (isObservation) {
                    long ulps = f32Ulps(actual[j], expected[j]);
                    synchronized (stats) {
                        stats.observation = Math.max(stats.observation, err);
                        stats.observationUlps = Math.max(stats.observationUlps, ulps);
                    }
                }
                if (!within(actual[j], expected[j], tol, isObservation)) {
                    record(e, where, what + "[" + j + "] = " + actual[j] + ", expected " + expected[j] + " (|err| "
                            + err + ")");
                }
            }
        }

        void value(Episode e, String where, String what, double actual, double expected, Tolerance tol,
                   java.util.function.DoubleConsumer sink) {
            double err = Math.abs(actual - expected);
            sink.accept(err);
            if (!within(actual, expected, tol, false)) {
                record(e, where, what + " = " + actual + ", expected " + expected + " (|err| " + err + ")");
            }
        }

        void flag(Episode e, String where, String what, boolean actual, boolean expected) {
            if (actual != expected) {
                record(e, where, what + " = " + actual + ", expected " + expected);
            }
        }

        private void record(Episode e, String where, String message) {
            failureCount++;
            if (failures.size() < MAX_LISTED) {
                failures.add(f.envId + " [" + mode + "] " + (e == null ? "" : e.id() + " ") + where + ": " + message);
            }
        }

        void assertClean() {
            if (failureCount > 0) {
                fail(failureCount + " mismatches in " + f + " (" + mode + "), first ones:\n"
                        + String.join("\n", failures));
            }
        }

        static boolean within(double actual, double expected, Tolerance tol, boolean isObservation) {
            if (Double.compare(actual, expected) == 0 || actual == expected) {
                return true;
            }
            if (Double.isNaN(actual) || Double.isNaN(expected)) {
                return false;
            }
            if (Math.abs(actual - expected) <= tol.atol() + tol.rtol() * Math.abs(expected)) {
                return true;
            }
            return isObservation && f32Ulps(actual, expected) <= tol.f32ulps();
        }

        /** Distance in float32 units in the last place, both values rounded to float32 first. */
        static long f32Ulps(double a, double b) {
            float fa = (float) a;
            float fb = (float) b;
            if (Float.isNaN(fa) || Float.isNaN(fb)) {
                return Long.MAX_VALUE;
            }
            return Math.abs(ordered(fa) - ordered(fb));
        }

        private static long ordered(float x) {
            int bits = Float.floatToIntBits(x);
            return bits >= 0 ? bits : (long) Integer.MIN_VALUE - bits;
        }
    }
}
