package org.ser4j.train;

/**
 * Stops a run as soon as a batch loss is NaN or infinite (DJL's {@code DivergenceCheckTrainingListener}).
 * The last checkpoint on disk stays the last good state. The trainer always installs it.
 */
public final class DivergenceCheck implements TrainingListener {

    @Override
    public void onBatchEnd(BatchEnd b) {
        if (!Double.isFinite(b.loss())) {
            throw new TrainingDivergedException("training diverged: loss " + b.loss() + " at epoch " + b.epoch()
                    + ", batch " + b.batch() + "; the last checkpoint is the last good state;"
                    + " try a lower learning rate (--lr)");
        }
    }
}
