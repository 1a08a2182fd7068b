package org.ser4j.bundle;

import java.io.IOException;
import java.nio.file.Path;

/** A model bundle is missing, incomplete or malformed. The message names the file and the problem. */
public final class InvalidBundleException extends IOException {

    private static final long serialVersionUID = 1L;

    public InvalidBundleException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InvalidBundleException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
