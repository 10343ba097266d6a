package org.diffevo4j.trainer;

import java.io.PrintWriter;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Space;
import org.diffevo4j.environments.Environments;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code diffevo4j envs}: every registered environment id, built-in and SPI plugins alike. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = "List the registered environments with their spaces, episode limit and reward threshold.")
final class EnvsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    PluginOptions pluginOptions;

    @Override
    public void run() {
        pluginOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"ID", "OBSERVATION SPACE", "ACTION SPACE", "MAX STEPS", "THRESHOLD"});
        for (String id : Environments.ids()) {
            EnvSpec s = Environments.spec(id);
            rows.add(new String[] {id, describe(s.observationSpace()), describe(s.actionSpace()),
                String.valueOf(s.maxEpisodeSteps()), s.rewardThreshold() == null ? "-" : String.valueOf(s.rewardThreshold())});
        }
        int[] w = new int[5];
        for (String[] r : rows) {
            for (int c = 0; c < 5; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        String fmt = "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %" + w[3] + "s  %" + w[4] + "s%n";
        for (String[] r : rows) {
            out.printf(fmt, (Object[]) r);
        }
        out.flush();
    }

    /** Gymnasium's way of printing a space: float32 bounds shortest as float32, infinities as inf. */
    static String describe(Space space) {
        if (space instanceof Box b) {
            StringBuilder lo = new StringBuilder("[");
            StringBuilder hi = new StringBuilder("[");
            for (int i = 0; i < b.flatSize(); i++) {
                String sep = i == 0 ? "" : " ";
                lo.append(sep).append(number(b.low(i), b.dtype()));
                hi.append(sep).append(number(b.high(i), b.dtype()));
            }
            return "Box(" + lo + "], " + hi + "], (" + b.flatSize() + ",), " + b.dtype().numpyName() + ")";
        }
        return space.toString();
    }

    private static String number(double v, DType dtype) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return dtype == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }
}
