package org.ser4j.cli;

/** A wrong or missing option, or a combination that does not go together: exit code {@link ExitCodes#USAGE}. */
final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
