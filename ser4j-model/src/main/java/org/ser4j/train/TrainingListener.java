package org.ser4j.train;

import java.nio.file.Path;
import org.ser4j.eval.EpochRecord;

/**
 * Receives the progress of a training run; the CLI shows a progress bar from it, tests record it.
 * Every method has an empty default. A listener may stop a run by throwing (see {@link DivergenceCheck}).
 */
public interface TrainingListener {

    /**
     * A run starts (fresh or resumed).
     *
     * @param config the configuration
     * @param firstEpoch the first epoch to train (1 for a fresh run)
     * @param trainSamples training samples (with augmented copies)
     * @param validationSamples validation samples
     * @param batchesPerEpoch batches per epoch
     * @param parameterCount trainable parameters of the model
     */
    record RunStart(TrainingConfig config, int firstEpoch, int trainSamples, int validationSamples,
            int batchesPerEpoch, long parameterCount) {}

    /**
     * One training batch is done.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 1
     * @param batches batches in this epoch
     * @param samples samples trained so far in this epoch
     * @param loss this batch's mean loss
     * @param meanLoss mean batch loss so far in this epoch
     * @param accuracy training accuracy so far in this epoch
     * @param seconds seconds since the epoch started
     */
    record BatchEnd(int epoch, int batch, int batches, int samples, double loss, double meanLoss, double accuracy,
            double seconds) {}

    default void onRunStart(RunStart start) {}

    /** Data preparation progress (decoding, augmentation, features): {@code done} of {@code total} items. */
    default void onDataProgress(String stage, int done, int total) {}

    default void onEpochStart(int epoch, int batches) {}

    default void onBatchEnd(BatchEnd batch) {}

    /** Validation is running (a pause of a few seconds after the last batch). */
    default void onValidation(int epoch) {}

    /**
     * An epoch is finished and checkpointed.
     *
     * @param record its losses, accuracies and seconds
     * @param improved whether its validation loss is the lowest so far (its weights are now the run's model)
     */
    default void onEpochEnd(EpochRecord record, boolean improved) {}

    /** Training stops before the last epoch: the validation loss has not improved for {@code patience} epochs. */
    default void onEarlyStop(int epoch, int bestEpoch) {}

    /** The run's state after {@code epoch} is on disk in {@code runDir} (model and resume state). */
    default void onCheckpoint(int epoch, Path runDir) {}

    default void onRunEnd(TrainingResult result) {}
}
