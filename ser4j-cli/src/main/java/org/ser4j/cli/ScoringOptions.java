package org.ser4j.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which model scores which clips, and the draws of their conditions: the options {@code evaluate}
 * and {@code robustness} share (picocli mixin).
 */
final class ScoringOptions {

    @Option(names = "--model", required = true, paramLabel = "BUNDLE_OR_RUN",
            description = "A model bundle directory, its .zip, a training run directory (its model/) or an ensemble"
                    + " directory. Given more than once, the models' probabilities are averaged (an ensemble).")
    List<Path> models;

    @Option(names = "--data", required = true, paramLabel = "[NAME:]PATH", description = DataSources.HELP
            + " Clips of labels the model does not have are left out (counted on stderr).")
    List<String> data;

    @Option(names = "--labels", paramLabel = "MAPPING", description = "Label mapping of the corpora (default: the one the"
            + " model was trained with, else common; see train --labels).")
    String labels;

    @Option(names = "--speakers", split = ",", paramLabel = "IDS",
            description = "Only these speakers, by corpus id: 4 and 04 both mean RAVDESS actor 04.")
    List<String> speakers;

    @Option(names = "--split", paramLabel = "PART",
            description = "Only the clips of this part (test, validation or train) of the split recorded in the bundle.")
    String splitPart;

    @Option(names = "--pool", paramLabel = "PART", description = "Part of the noise and room pools that the conditions"
            + " draws from: validation or test (default: validation with --split validation, test otherwise).")
    String pool;

    @Option(names = "--condition-seed", paramLabel = "S", description = "Seed of the conditions' draws (default 15);"
            + " each clip's draw depends on it and the clip's name only, so models compared with one seed hear the"
            + " same degraded clips.")
    long conditionSeed = EvaluateCommand.DEFAULT_CONDITION_SEED;

}
