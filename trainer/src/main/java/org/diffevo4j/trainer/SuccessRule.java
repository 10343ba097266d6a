package org.diffevo4j.trainer;

import java.util.Locale;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;

/**
 * Whether "success" means something for an environment. It does where the environment sets a reward
 * threshold (CartPole 475, Acrobot -100, ...): an episode succeeds when its return reaches it.
 * Where there is none (Pendulum, whose episodes never end early), a success rate would read 0% and
 * mislead, so the CLI reports none and metrics record null.
 */
final class SuccessRule {

    private SuccessRule() {
    }

    static boolean defined(String envId) {
        EnvSpec spec = Environments.spec(envId);
        return spec.rewardThreshold() != null;
    }

    /** ", success 96.1%" or "" where success is undefined. */
    static String describe(String envId, double rate) {
        return defined(envId) ? String.format(Locale.ROOT, ", success %.1f%%", 100 * rate) : "";
    }

    /** The rate, or null where success is undefined (for JSON). */
    static Double valueOrNull(String envId, double rate) {
        return defined(envId) ? rate : null;
    }
}
