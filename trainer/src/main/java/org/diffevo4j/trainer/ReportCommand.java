package org.diffevo4j.trainer;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code diffevo4j report}: (re)writes a run folder's {@code report.html} (see {@link HtmlReport}), for
 * example after {@code render} added {@code episode.gif}. The report is derived from the folder's other
 * files, so it is replaced without {@code --force}.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write report.html into a run folder: config, summary, return chart, metrics, episode GIF.",
        footer = {"", "Example:", "  diffevo4j render runs/CartPole-v1-20260101-120000 && "
            + "diffevo4j report runs/CartPole-v1-20260101-120000"})
final class ReportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Run folder.")
    Path dir;

    @Override
    public void run() {
        Path written = HtmlReport.write(dir);
        spec.commandLine().getOut().printf("wrote %s%n", written);
        spec.commandLine().getOut().flush();
    }
}
