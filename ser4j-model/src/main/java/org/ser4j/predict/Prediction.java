package org.ser4j.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ser4j.vad.RecordingCheck;

/**
 * The verdict on one recording: the overall class probabilities (the mean over its speech segments)
 * and the emotion timeline.
 *
 * @param labels the model's classes, in its output order
 * @param top the most probable class; null when no segment was classified
 * @param probabilities one value per label, in {@code labels} order, summing to 1; all zero when no
 *     segment was classified
 * @param segments the analysed windows in time order (one for a recording no longer than the model's
 *     window); never empty
 * @param activity {@link Activity#SPEECH} when at least one segment was classified;
 *     {@link Activity#SILENT} when every segment was silent; {@link Activity#NO_SPEECH} when none held
 *     speech and not all were silent (noise, music, hum): nothing was classified
 * @param durationSeconds length of the recording
 * @param recording how the recording sounds (speech level, estimated SNR and reverberation time, clipping,
 *     warnings; {@link RecordingCheck}); null
 *     when it was not checked (the voice activity detector off, or no sound above the silence threshold)
 */
public record Prediction(List<String> labels, String top, float[] probabilities, List<Segment> segments, Activity activity,
        double durationSeconds, RecordingCheck recording) {

    /** A prediction without a recording check. */
    public Prediction(List<String> labels, String top, float[] probabilities, List<Segment> segments, Activity activity,
            double durationSeconds) {
        this(labels, top, probabilities, segments, activity, durationSeconds, null);
    }

    public Prediction {
        labels = List.copyOf(labels);
        if (probabilities.length != labels.size()) {
            throw new IllegalArgumentException("expected " + labels.size() + " probabilities, found " + probabilities.length);
        }
        if (top != null && !labels.contains(top)) {
            throw new IllegalArgumentException("top '" + top + "' is not one of " + labels);
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


    /**
     * Combines segments into the overall verdict: the mean of the speech segments' probabilities;
     * without any, {@link Activity#SILENT} when all segments were silent and
     * {@link Activity#NO_SPEECH} otherwise.
     */
    public static Prediction of(List<String> labels, List<Segment> segments, double durationSeconds) {
        float[] mean = new float[labels.size()];
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
            return new Prediction(labels, null, mean, segments, allSilent ? Activity.SILENT : Activity.NO_SPEECH, durationSeconds);
        }
        normalise(mean);
        return new Prediction(labels, labels.get(argmax(mean)), mean, segments, Activity.SPEECH, durationSeconds);
    }

    /** This prediction with {@code check} as its recording check. */
    public Prediction withRecording(RecordingCheck check) {
        return new Prediction(labels, top, probabilities, segments, activity, durationSeconds, check);
    }

    /** The recording check's warnings; empty when there are none or it was not checked. */
    public List<String> warnings() {
        return recording == null ? List.of() : recording.warnings();
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
        return speech() ? probabilities[labels.indexOf(top)] : 0f;
    }

    /**
     * The probability of {@code label}.
     *
     * @throws IllegalArgumentException when the model has no such label
     */
    public float probability(String label) {
        int k = labels.indexOf(label);
        if (k < 0) {
            throw new IllegalArgumentException("'" + label + "' is not one of the model's labels " + labels);
        }
        return probabilities[k];
    }

    /** The {@code k} most probable labels, most probable first (empty when nothing was classified). */
    public List<String> ranking(int k) {
        if (!speech()) {
            return List.of();
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            all.add(i);
        }
        all.sort(Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
        return all.subList(0, Math.min(k, all.size())).stream().map(labels::get).toList();
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
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
