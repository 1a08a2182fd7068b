package org.ser4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --model} option shared by predict, listen and serve: a bundle directory, a bundle
 * {@code .zip}, a training run directory or an ensemble directory; by default {@code models/default} in the ser4j directory
 * (the launcher passes it as {@code -Dser4j.home}; otherwise the working directory).
 */
public final class ModelOption {

    /** Where the shipped model lives, relative to the ser4j directory. */
    static final String DEFAULT_MODEL = "models/default";

    @Option(names = {"-m", "--model"}, paramLabel = "BUNDLE",
            description = "Model bundle: a directory, a .zip, a training run directory or an ensemble directory (default: "
                    + DEFAULT_MODEL + " in the ser4j directory).")
    Path model;

    /** The bundle to load. */
    Path resolve() {
        if (model != null) {
            return model;
        }
        String home = System.getProperty("ser4j.home");
        return (home == null ? Path.of(DEFAULT_MODEL) : Path.of(home).resolve(DEFAULT_MODEL)).toAbsolutePath().normalize();
    }

    /** A one-line explanation when the bundle does not exist, or null when it does. */
    String missing() {
        Path p = resolve();
        if (Files.exists(p)) {
            return null;
        }
        return model != null
                ? p + ": no such model bundle (expected a bundle directory, a .zip of one, a training run directory"
                        + " or an ensemble directory)"
                : "no default model at " + p + "; pass --model BUNDLE, or train one with 'ser4j train'";
    }
}
