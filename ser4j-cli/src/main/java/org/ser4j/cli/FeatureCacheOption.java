package org.ser4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --cache DIR} option of the commands that compute features of a corpus (picocli mixin). */
final class FeatureCacheOption {

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Feature cache directory (default: $XDG_CACHE_HOME/ser4j/features or ~/.cache/ser4j/features).")
    Path cache;

    /** The chosen directory or the default. */
    Path dir() {
        if (cache != null) {
            return cache;
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ser4j").resolve("features");
    }
}
