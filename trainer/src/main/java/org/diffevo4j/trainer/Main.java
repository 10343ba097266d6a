package org.diffevo4j.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code diffevo4j} command line.
 *
 * <pre>
 * diffevo4j envs
 * diffevo4j train --env CartPole-v1
 * </pre>
 */
@Command(name = "diffevo4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train neural-network policies by Diffusion Evolution (arXiv 2410.02543).",
        subcommands = {EnvsCommand.class, OptimizeCommand.class, TrainCommand.class, EvalCommand.class, RenderCommand.class, CompareCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: show what there is to do instead of doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the picocli command line with diffevo4j's error handling; tests drive it with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The version written into the jar at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"diffevo4j " + version(), "Java " + System.getProperty("java.version")};
        }
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/diffevo4j-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": a missing version is not worth failing a command for
        }
        return p.getProperty("version", "unknown");
    }
}
