package org.diffevo4j.trainer;

import org.diffevo4j.agents.NonFiniteRewardException;
import picocli.CommandLine;

/**
 * Turns the errors a user can fix ({@link UserError}, and {@link NonFiniteRewardException}: the
 * user's environment returned NaN or infinity) into one clear line on stderr and exit code 2, instead
 * of a stack trace from deep inside. Anything else is a bug: it keeps its stack trace and the exit
 * code is 1. {@code --verbose} prints the stack trace of user errors too.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof UserError || ex instanceof NonFiniteRewardException) {
            cl.getErr().println("error: " + ex.getMessage());
            if (verbose(parseResult)) {
                ex.printStackTrace(cl.getErr());
            }
            cl.getErr().flush();
            return USER_ERROR;
        }
        cl.getErr().println("internal error (a bug in diffevo4j or a plugin; please report it with this trace):");
        ex.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return INTERNAL_ERROR;
    }

    /** Whether {@code --verbose} was given at any level of the command line (it is inherited by subcommands). */
    static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(Main.VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
