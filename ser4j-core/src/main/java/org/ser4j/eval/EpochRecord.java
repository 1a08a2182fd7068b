package org.ser4j.eval;

/**
 * Loss and accuracy after one training epoch. A value that was not measured (e.g. no validation
 * part) is {@code NaN}; JSON stores it as {@code null}.
 *
 * @param epoch epoch number (1 = the first)
 * @param trainLoss mean training loss over the epoch's batches
 * @param trainAccuracy training accuracy over the epoch's batches
 * @param validationLoss mean loss on the validation part after the epoch
 * @param validationAccuracy accuracy on the validation part after the epoch
 * @param seconds wall time of the epoch, validation included
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double seconds) {

    public EpochRecord {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch numbers start at 1, found " + epoch);
        }
    }

    /** True when the validation loss was measured. */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
