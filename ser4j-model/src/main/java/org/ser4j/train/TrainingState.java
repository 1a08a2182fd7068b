package org.ser4j.train;

/**
 * Where a run stands after an epoch ({@code last/state.json}).
 *
 * @param epochsDone finished epochs
 * @param bestEpoch the epoch with the lowest validation loss so far (0 before the first)
 * @param bestValidationLoss its validation loss ({@code +inf} before the first epoch)
 * @param epochsWithoutImprovement epochs since the best one
 * @param stoppedEarly whether early stopping ended the run
 */
public record TrainingState(
        int epochsDone, int bestEpoch, double bestValidationLoss, int epochsWithoutImprovement, boolean stoppedEarly) {

    public static final TrainingState START = new TrainingState(0, 0, Double.POSITIVE_INFINITY, 0, false);
}
