package org.ser4j.predict;

import org.ser4j.data.Emotion;

/**
 * One analysed window of a recording: its time span and the class probabilities the model gave it.
 *
 * @param start seconds from the start of the recording (or of the stream)
 * @param end seconds; the end of the audio actually present in the window (a last window may be
 *     zero-padded beyond it)
 * @param probabilities one value per {@link Emotion}, in {@link Emotion} order, summing to 1; all
 *     zero when {@code silent}
 * @param silent true when the window's level was below the silence threshold: it was not classified
 */
public record Segment(double start, double end, float[] probabilities, boolean silent) {

    public Segment {
        if (!(end >= start) || start < 0) {
            throw new IllegalArgumentException("segment needs 0 <= start <= end, got " + start + ".." + end);
        }
        if (probabilities.length != Emotion.values().length) {
            throw new IllegalArgumentException("expected " + Emotion.values().length + " probabilities, found " + probabilities.length);
        }
    }

    /** The most probable emotion, or null for a silent segment. */
    public Emotion top() {
        return silent ? null : Prediction.argmax(probabilities);
    }

    /** The probability of {@link #top()}, 0 for a silent segment. */
    public float confidence() {
        return silent ? 0f : probabilities[top().ordinal()];
    }
}
