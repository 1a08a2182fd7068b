package org.ser4j.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ser4j.data.Emotion;

/**
 * The verdict on one recording: the overall class probabilities (the mean over its non-silent
 * segments) and the emotion timeline.
 *
 * @param top the most probable emotion; null when the whole recording is silent
 * @param probabilities one value per {@link Emotion}, in {@link Emotion} order, summing to 1; all zero
 *     when {@code silent}
 * @param segments the analysed windows in time order (one for a recording no longer than the model's
 *     window); never empty
 * @param silent true when every segment was silent: nothing was classified
 * @param durationSeconds length of the recording
 */
public record Prediction(Emotion top, float[] probabilities, List<Segment> segments, boolean silent, double durationSeconds) {

    public Prediction {
        if (probabilities.length != Emotion.values().length) {
            throw new IllegalArgumentException("expected " + Emotion.values().length + " probabilities, found " + probabilities.length);
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one segment");
        }
        if ((top == null) != silent) {
            throw new IllegalArgumentException("top must be null exactly when silent (top=" + top + ", silent=" + silent + ")");
        }
        segments = List.copyOf(segments);
    }

    /** Combines segments into the overall verdict: the mean of the non-silent segments' probabilities. */
    public static Prediction of(List<Segment> segments, double durationSeconds) {
        float[] mean = new float[Emotion.values().length];
        int voiced = 0;
        for (Segment s : segments) {
            if (!s.silent()) {
                voiced++;
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += s.probabilities()[k];
                }
            }
        }
        if (voiced == 0) {
            return new Prediction(null, mean, segments, true, durationSeconds);
        }
        normalise(mean);
        return new Prediction(argmax(mean), mean, segments, false, durationSeconds);
    }

    /** The probability of {@link #top()}, 0 when silent. */
    public float confidence() {
        return silent ? 0f : probabilities[top.ordinal()];
    }

    public float probability(Emotion e) {
        return probabilities[e.ordinal()];
    }

    /** The {@code k} most probable emotions, most probable first (empty when silent). */
    public List<Emotion> ranking(int k) {
        if (silent) {
            return List.of();
        }
        List<Emotion> all = new ArrayList<>(List.of(Emotion.values()));
        all.sort(Comparator.comparingDouble((Emotion e) -> probabilities[e.ordinal()]).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    static Emotion argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return Emotion.values()[best];
    }

    /** Scales {@code p} in place to sum to 1 (computed in double). */
    static void normalise(float[] p) {
        double sum = 0;
        for (float v : p) {
            sum += v;
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (p[k] / sum);
        }
    }
}
