package org.ser4j.cli;

/**
 * The model a command was given (or the shipped default) does not exist or cannot be loaded: exit
 * code {@link ExitCodes#MODEL}. The message names the path and the reason.
 */
final class ModelUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ModelUnavailableException(String message) {
        super(message);
    }

    ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
