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
        if (quiet) {
            return new Silent();
        }
        return terminal ? new Bar(terminalStream) : new Lines(out);
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
        private int total;
        private long start;

        Lines(PrintWriter out) {
            this.out = out;
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
            out.printf(Locale.ROOT, "step %d/%d  %s  success %.0f%%  elapsed %.1fs%n", m.step() + 1, total,
                    summary(m), 100 * m.successRate(), (System.nanoTime() - start) / 1e9);
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
