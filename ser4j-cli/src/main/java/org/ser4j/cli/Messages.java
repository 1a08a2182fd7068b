package org.ser4j.cli;

/** One-line error messages for the commands: never "null" (issue 20). */
final class Messages {

    private Messages() {}

    /**
     * The exception's message, or, where it has none, its kind and its cause's message (a damaged
     * checkpoint printed "ser4j train: null").
     */
    static String of(Throwable e) {
        String m = e.getMessage();
        if (m != null && !m.isBlank() && !m.equals("null")) {
            return m;
        }
        String kind = e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            return kind + ": " + of(cause);
        }
        return kind + " (no message)";
    }
}
