package org.ser4j.predict;

import java.util.List;
import java.util.Map;

/**
 * A model that scores fixed-length windows of mono audio: the engine side of
 * {@link EmotionRecognizer}. {@link EmotionRecognizer#load} makes the one backed by a saved model
 * bundle; tests supply deterministic ones.
 *
 * <p>Implementations must be safe for concurrent callers.
 */
public interface WindowClassifier extends AutoCloseable {

    /** The sample rate the windows must have. */
    int sampleRate();

    /** The exact length in samples of every window passed to {@link #classify}. */
    int windowSamples();

    /**
     * Where the model's training crop starts, in samples: a recording no longer than
     * {@code offsetSamples() + windowSamples()} is analysed as one window starting there, exactly
     * as the model saw its training clips. 0 when training used no offset.
     */
    int offsetSamples();

    /** The classes of the probability vectors {@link #classify} returns, in their order. */
    List<String> labels();

    /**
     * Class probabilities for each window.
     *
     * @param windows mono samples at {@link #sampleRate()}, each exactly {@link #windowSamples()} long
     * @return one vector per window, in {@link #labels()} order, summing to 1
     */
    List<float[]> classify(List<float[]> windows);

    /** What the model is (architecture, preset, training metrics...), for display; values are JSON-able. */
    Map<String, Object> describe();

    /** Releases the engine's resources; later calls to {@link #classify} fail. */
    @Override
    void close();
}
