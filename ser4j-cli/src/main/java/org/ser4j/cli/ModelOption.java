package org.ser4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.PredictionSettings;
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

    /**
     * Loads the model into a recognizer with {@code settings}.
     *
     * @throws ModelUnavailableException when it does not exist or cannot be loaded (exit code 3)
     * @throws UsageException when the settings do not fit the model, e.g. a window longer than its input
     */
    EmotionRecognizer load(PredictionSettings settings) {
        String missing = missing();
        if (missing != null) {
            throw new ModelUnavailableException(missing);
        }
        try {
            return EmotionRecognizer.load(resolve(), settings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e); // the settings do not fit the model
        } catch (IOException | RuntimeException e) {
            throw new ModelUnavailableException("cannot load the model: " + Messages.of(e), e);
        }
    }

    /** A one-line explanation when the bundle does not exist, or null when it does. */
    String missing() {
        Path p = resolve();
        if (Files.exists(p)) {
            return null;
        }
        return model != null
                ? noSuchModel(p)
                : "no default model at " + p + "; pass --model BUNDLE, or train one with 'ser4j train'";
    }

    /** The explanation for a {@code --model} path that does not exist (every command says the same). */
    static String noSuchModel(Path p) {
        return p + ": no such model bundle (expected a bundle directory, a .zip of one, a training run directory"
                + " or an ensemble directory)";
    }
}
