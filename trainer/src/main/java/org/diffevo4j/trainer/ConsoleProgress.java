package org.diffevo4j.trainer;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.diffevo4j.agents.protocol.StepMetrics;

/** The three ways {@code train} reports progress: a bar on a terminal, log lines otherwise, or nothing. */
final class ConsoleProgress {

    private ConsoleProgress() {
    }

    static Trainer.Progress choose(boolean quiet, boolean terminal, PrintWriter out, PrintStream terminalStream) {
        return choose(quiet, terminal, out, terminalStream, true);
    }

    /** As above; {@code successDefined} false (no reward threshold, see {@link SuccessRule}) omits the success rate. */
    static Trainer.Progress choose(boolean quiet, boolean terminal, PrintWriter out, PrintStream terminalStream,
                                   boolean successDefined) {
        if (quiet) {
            return new Silent();
        }
        return terminal ? new Bar(terminalStream) : new Lines(out, successDefined);
    }

    static String summary(StepMetrics m) {
        return String.format(Locale.ROOT, "mean %.1f  max %.1f", m.returnMean(), m.returnMax());
    }

    /** A progress bar with step, mean and max return and elapsed time. */
    static final class Bar implements Trainer.Progress {
        private final PrintStream stream;
        private ProgressBar bar;

        Bar(PrintStream stream) {
            this.stream = stream;
        }

        @Override
        public void start(int totalSteps, int completedSteps) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(stream)).setUnit(" steps", 1)
                    .showSpeed().build();
            bar.stepTo(completedSteps);
        }

        @Override
        public void step(StepMetrics m) {
            bar.setExtraMessage("  " + summary(m));
            bar.stepTo(m.step() + 1L);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** One plain line per step, for logs and pipes. */
    static final class Lines implements Trainer.Progress {
        private final PrintWriter out;
        private final boolean successDefined;
        private int total;
        private long start;

        Lines(PrintWriter out, boolean successDefined) {
            this.out = out;
            this.successDefined = successDefined;
        }

        @Override
        public void start(int totalSteps, int completedSteps) {
            total = totalSteps;
            start = System.nanoTime();
            if (completedSteps > 0) {
                out.printf(Locale.ROOT, "resuming after step %d/%d%n", completedSteps, totalSteps);
            }
            out.flush();
        }

        @Override
        public void step(StepMetrics m) {
            String success = successDefined ? String.format(Locale.ROOT, "  success %.0f%%", 100 * m.successRate()) : "";
            out.printf(Locale.ROOT, "step %d/%d  %s%s  elapsed %.1fs%n", m.step() + 1, total, summary(m), success,
                    (System.nanoTime() - start) / 1e9);
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }

    static final class Silent implements Trainer.Progress {
        @Override
        public void start(int totalSteps, int completedSteps) {
        }

        @Override
        public void step(StepMetrics m) {
        }

        @Override
        public void close() {
        }
    }
}
