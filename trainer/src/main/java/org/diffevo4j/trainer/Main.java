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
 * diffevo4j strategies
 * diffevo4j train --env CartPole-v1
 * </pre>
 */
@Command(name = "diffevo4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train neural-network policies by Diffusion Evolution (arXiv 2410.02543).",
        subcommands = {EnvsCommand.class, StrategiesCommand.class, OptimizeCommand.class, ReproduceCommand.class, TrainCommand.class,
            EvalCommand.class, RenderCommand.class, CompareCommand.class, ReportCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** The global option that adds stack traces to user errors; inherited by every subcommand. */
    static final String VERBOSE = "--verbose";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of user errors too (internal errors always show it).")
    boolean verbose;

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
        cl.setParameterExceptionHandler(Main::badCommandLine);
        return cl;
    }

    /**
     * A bad flag or value: one line naming it and where the help is, exit code 2 (picocli's default
     * would print the whole usage, burying the line that matters).
     */
    private static int badCommandLine(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String hint = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        err.println("error: " + ex.getMessage() + hint + " (see `" + cl.getCommandSpec().qualifiedName() + " --help`)");
        if (cl.getParseResult() != null && UserErrorHandler.verbose(cl.getParseResult())) {
            ex.printStackTrace(err);
        }
        err.flush();
        return UserErrorHandler.USER_ERROR;
    }

    public static void main(String[] args) {
        StartupTiming.mark("main");
        Nd4jPreload.startFor(args);   // `train`: ND4J's native libraries load while picocli parses
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cl = commandLine(out, err);
        StartupTiming.mark("picocli model");
        int code = cl.execute(args);
        StartupTiming.mark("command done");
        out.flush();
        err.flush();
        Nd4jPreload.finish();
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
