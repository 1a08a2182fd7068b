package org.ser4j.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ser4j.data.Emotion;

/**
 * The verdict on one recording: the overall class probabilities (the mean over its speech segments)
 * and the emotion timeline.
 *
 * @param top the most probable emotion; null when no segment was classified
 * @param probabilities one value per {@link Emotion}, in {@link Emotion} order, summing to 1; all zero
 *     when no segment was classified
 * @param segments the analysed windows in time order (one for a recording no longer than the model's
 *     window); never empty
 * @param activity {@link Activity#SPEECH} when at least one segment was classified;
 *     {@link Activity#SILENT} when every segment was silent; {@link Activity#NO_SPEECH} when none held
 *     speech and not all were silent (noise, music, hum): nothing was classified
 * @param durationSeconds length of the recording
 */
public record Prediction(Emotion top, float[] probabilities, List<Segment> segments, Activity activity, double durationSeconds) {

    public Prediction {
        if (probabilities.length != Emotion.values().length) {
            throw new IllegalArgumentException("expected " + Emotion.values().length + " probabilities, found " + probabilities.length);
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one segment");
        }
        if (activity == null) {
            throw new IllegalArgumentException("a prediction needs an activity (speech, silent or no-speech)");
        }
        if ((top == null) == (activity == Activity.SPEECH)) {
            throw new IllegalArgumentException("top must be null exactly when nothing was classified (top=" + top + ", activity=" + activity + ")");
        }
        segments = List.copyOf(segments);
    }

    /** As before voice activity detection: {@code silent} or classified. */
    public Prediction(Emotion top, float[] probabilities, List<Segment> segments, boolean silent, double durationSeconds) {
        this(top, probabilities, segments, silent ? Activity.SILENT : Activity.SPEECH, durationSeconds);
    }

    /**
     * Combines segments into the overall verdict: the mean of the speech segments' probabilities;
     * without any, {@link Activity#SILENT} when all segments were silent and
     * {@link Activity#NO_SPEECH} otherwise.
     */
    public static Prediction of(List<Segment> segments, double durationSeconds) {
        float[] mean = new float[Emotion.values().length];
        int voiced = 0;
        boolean allSilent = true;
        for (Segment s : segments) {
            allSilent &= s.silent();
            if (s.speech()) {
                voiced++;
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += s.probabilities()[k];
                }
            }
        }
        if (voiced == 0) {
            return new Prediction(null, mean, segments, allSilent ? Activity.SILENT : Activity.NO_SPEECH, durationSeconds);
        }
        normalise(mean);
        return new Prediction(argmax(mean), mean, segments, Activity.SPEECH, durationSeconds);
    }

    /** True when every segment was silent: nothing was classified. */
    public boolean silent() {
        return activity == Activity.SILENT;
    }

    /** True when at least one segment held speech and was classified; {@link #top()} is then not null. */
    public boolean speech() {
        return activity == Activity.SPEECH;
    }

    /** The probability of {@link #top()}, 0 when nothing was classified. */
    public float confidence() {
        return speech() ? probabilities[top.ordinal()] : 0f;
    }

    public float probability(Emotion e) {
        return probabilities[e.ordinal()];
    }

    /** The {@code k} most probable emotions, most probable first (empty when nothing was classified). */
    public List<Emotion> ranking(int k) {
        if (!speech()) {
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
