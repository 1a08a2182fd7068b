package org.ser4j.train;

import java.nio.file.Path;
import java.util.List;
import org.ser4j.eval.TrainingHistory;

/**
 * The outcome of a run.
 *
 * @param history one record per finished epoch (including epochs of earlier sittings of a resumed run)
 * @param bestEpoch the epoch with the lowest validation loss, whose weights are the run's model
 * @param bestValidationLoss its validation loss
 * @param stoppedEarly whether early stopping ended the run
 * @param modelDir the run's model bundle directory
 * @param testProbabilities class probabilities of the best model for each test sample, in test order
 */
public record TrainingResult(
        TrainingHistory history,
        int bestEpoch,
        double bestValidationLoss,
        boolean stoppedEarly,
        Path modelDir,
        List<float[]> testProbabilities) {}
