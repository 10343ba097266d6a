package org.diffevo4j.trainer;

import picocli.CommandLine;

/**
 * Turns the errors a user can fix (bad config, unknown id, corrupt checkpoint) into one clear
 * line on stderr and exit code 2, instead of a stack trace from deep inside. Anything else is a
 * bug and keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof java.io.UncheckedIOException
                || ex instanceof org.diffevo4j.agents.NonFiniteRewardException || ex instanceof java.io.IOException) {
            cl.getErr().println("error: " + ex.getMessage());
            cl.getErr().flush();
            return USER_ERROR;
        }
        ex.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return 1;
    }
}
