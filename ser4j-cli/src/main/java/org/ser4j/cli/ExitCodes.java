package org.ser4j.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The exit codes of every {@code ser4j} command: one table, shown at the end of each command's
 * {@code --help} and in README. Before it, a model that did not load ended predict with 2 and
 * evaluate with 1 (issue 19).
 */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /**
     * The work failed, or some of it: an input that cannot be read (the good ones were still done), an
     * output that exists or cannot be written, training that diverged, no microphone, a port in use.
     */
    public static final int FAILED = 1;
    /** An option, an argument or their combination is wrong; nothing was done. Picocli's own code. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** The model (--model, or the shipped default) does not exist or cannot be loaded; nothing was done. */
    public static final int MODEL = 3;

    private ExitCodes() {}

    /** The table for {@code --help}, code to meaning. */
    static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(OK + "", "done");
        t.put(FAILED + "", "the work failed, or some of it (an unreadable input: the others were still done)");
        t.put(USAGE + "", "an option or argument is wrong; nothing was done");
        t.put(MODEL + "", "the model does not exist or cannot be loaded; nothing was done");
        return t;
    }

    /** The code for an exception that ended a command. */
    static int of(Throwable e) {
        if (e instanceof ModelUnavailableException) {
            return MODEL;
        }
        if (e instanceof UsageException || e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return FAILED;
    }

    /**
     * Whether {@code e} is a failure a user can act on from its message alone (bad input, refused
     * option, unusable model), rather than a fault of ser4j, whose stack trace belongs in a report.
     */
    static boolean expected(Throwable e) {
        return e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof ModelUnavailableException || e instanceof java.io.UncheckedIOException
                || e instanceof org.ser4j.train.TrainingDivergedException;
    }
}
