package org.ser4j.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code bundle.json}: everything needed to rebuild the model and to know where it
 * came from. Written with snake_case keys.
 *
 * @param formatVersion bundle format version ({@link ModelBundle#FORMAT_VERSION})
 * @param created ISO-8601 instant the bundle was created
 * @param architecture the architecture id ({@code Architecture.id()})
 * @param hyperParameters architecture hyper-parameters: {@code num_classes}, {@code input_shape}
 *     (without the batch axis), {@code parameter_count}
 * @param preset the feature preset name
 * @param presetSettings every setting of the preset (so a renamed or changed preset is detected)
 * @param scalerKind the standard scaler kind ({@code PER_CELL}, {@code PER_BAND}, {@code PER_UTTERANCE})
 * @param labels class labels in output order ({@code Emotion.label()})
 * @param split the split the model was trained on; null for a bundle made outside a training run
 * @param seeds named seeds ({@code seed}, {@code split}, {@code augmentation}, {@code init})
 * @param training training settings (optimizer, learning rate, epochs, batch size, ...)
 * @param versions versions of Java, DJL, the engine (PyTorch) and ser4j
 * @param dataset a summary of the training corpus files; null when unknown
 * @param metrics final metrics (validation/test accuracy, loss, epoch of the kept checkpoint)
 * @param files SHA-256 of the bundle's other files ({@code weights.params}, {@code scaler.bin})
 */
public record BundleInfo(
        int formatVersion,
        String created,
        String architecture,
        Map<String, Object> hyperParameters,
        String preset,
        JsonNode presetSettings,
        String scalerKind,
        List<String> labels,
        SplitSummary split,
        Map<String, Long> seeds,
        Map<String, Object> training,
        Map<String, String> versions,
        DatasetSummary dataset,
        Map<String, Double> metrics,
        Map<String, String> files) {

    public BundleInfo {
        hyperParameters = ordered(hyperParameters);
        labels = labels == null ? List.of() : List.copyOf(labels);
        seeds = ordered(seeds);
        training = ordered(training);
        versions = ordered(versions);
        metrics = ordered(metrics);
        files = ordered(files);
    }

    /** An unmodifiable copy that keeps the insertion order (for readable JSON) and allows null values. */
    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /**
     * The split a model was trained on, by utterance id (file name).
     *
     * @param protocol {@code random}, {@code sec-pytorch-leaky}, {@code speaker}, {@code kfold} or
     *     {@code leave-one-corpus-out}; bundles trained before issue 19 say {@code seed} for {@code random}
     *     and {@code seed-leaky} for {@code sec-pytorch-leaky}
     * @param name the split's name (e.g. {@code random}, {@code fold-2-of-5})
     * @param seed the split seed (0 when the split is not random)
     * @param train training utterance ids
     * @param validation validation utterance ids
     * @param test test utterance ids
     * @param testSpeakers the held-out speakers (speaker protocols; empty for the random protocol)
     */
    public record SplitSummary(
            String protocol,
            String name,
            long seed,
            List<String> train,
            List<String> validation,
            List<String> test,
            List<String> testSpeakers) {

        public SplitSummary {
            train = train == null ? List.of() : List.copyOf(train);
            validation = validation == null ? List.of() : List.copyOf(validation);
            test = test == null ? List.of() : List.copyOf(test);
            testSpeakers = testSpeakers == null ? List.of() : List.copyOf(testSpeakers);
        }

        /** Whether the model was trained without a test part on purpose ({@code train --test-speakers none}). */
        public boolean withoutTestPart() {
            return test.isEmpty() && !train.isEmpty();
        }
    }

    /**
     * A fingerprint of the corpus the model was trained on.
     *
     * @param root the corpus directory as given
     * @param files number of audio files used
     * @param sha256 SHA-256 over the sorted lines {@code "<file name> <file SHA-256>"}
     */
    public record DatasetSummary(String root, int files, String sha256) {}
}
