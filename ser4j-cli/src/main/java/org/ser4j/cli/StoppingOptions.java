package org.ser4j.cli;

import org.ser4j.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * How long {@code ser4j train} trains (picocli mixin): the options of {@link TrainingConfig.Stopping},
 * the settings that a resumed run may change.
 */
final class StoppingOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default " + TrainingConfig.DEFAULT_EPOCHS
            + "; SEC-PyTorch used 700/200/1500/1500 for models 1-4). With --resume: the new total.")
    Integer epochs;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: stop after N epochs without a lower validation loss (default: off).")
    Integer patience;

    @Option(names = "--limit-batches", paramLabel = "N", description = "At most N batches per epoch (smoke tests).")
    Integer limitBatches;

    /** Sets the options given on {@code b}; the others keep its values. */
    TrainingConfig.Builder applyTo(TrainingConfig.Builder b) {
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        if (patience != null) {
            b.optPatience(patience);
        }
        if (limitBatches != null) {
            b.optLimitBatches(limitBatches);
        }
        return b;
    }
}
