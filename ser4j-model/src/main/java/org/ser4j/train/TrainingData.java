package org.ser4j.train;

import java.util.List;
import org.ser4j.bundle.BundleInfo;
import org.ser4j.data.Labels;
import org.ser4j.features.StandardScaler;

/**
 * The scaled samples of a run and what the bundle records about them.
 *
 * @param labels the classes, in the order of the samples' label indices (the model's output order)
 * @param train training samples (with augmented copies)
 * @param validation validation samples (clean)
 * @param test test samples (clean; may be empty)
 * @param scaler the scaler fitted on the clean and augmented training features, already applied
 * @param split the split by utterance id
 * @param dataset the corpus fingerprint; null when unknown (synthetic data)
 * @param trainCorpora the corpus of every training sample, as an index into the sorted corpus names
 *     (for {@link TrainingConfig#balanceCorpora()}); null when unknown (synthetic data)
 * @param crops whole-clip spectrograms of the training samples for random windows
 *     ({@link TrainingConfig#randomCrop()}); null when the run keeps the preset's fixed window
 */
public record TrainingData(
        List<String> labels,
        LabelledSamples train,
        LabelledSamples validation,
        LabelledSamples test,
        StandardScaler scaler,
        BundleInfo.SplitSummary split,
        BundleInfo.DatasetSummary dataset,
        TrainingCrops crops,
        int[] trainCorpora) {

    /** Samples of unknown corpora. */
    public TrainingData(List<String> labels, LabelledSamples train, LabelledSamples validation, LabelledSamples test,
            StandardScaler scaler, BundleInfo.SplitSummary split, BundleInfo.DatasetSummary dataset, TrainingCrops crops) {
        this(labels, train, validation, test, scaler, split, dataset, crops, null);
    }

    /** Samples without random crops. */
    public TrainingData(List<String> labels, LabelledSamples train, LabelledSamples validation, LabelledSamples test,
            StandardScaler scaler, BundleInfo.SplitSummary split, BundleInfo.DatasetSummary dataset) {
        this(labels, train, validation, test, scaler, split, dataset, null, null);
    }

    public TrainingData {
        labels = Labels.check(labels);
        if (trainCorpora != null && trainCorpora.length != train.size()) {
            throw new IllegalArgumentException(trainCorpora.length + " corpus indices for " + train.size() + " training samples");
        }
        if (crops != null && crops.size() != train.size()) {
            throw new IllegalArgumentException(crops.size() + " crop sources for " + train.size() + " training samples");
        }
        if (!train.sampleShape().equals(validation.sampleShape()) || !train.sampleShape().equals(test.sampleShape())) {
            throw new IllegalArgumentException("train, validation and test samples differ in shape: "
                    + train.sampleShape() + ", " + validation.sampleShape() + ", " + test.sampleShape());
        }
    }
}
