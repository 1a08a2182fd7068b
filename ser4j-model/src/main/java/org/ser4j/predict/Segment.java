package org.ser4j.predict;

import java.util.List;
import org.ser4j.vad.RecordingCheck;

/**
 * One analysed window of a recording: its time span, what it held and the class probabilities the
 * model gave it.
 *
 * @param start seconds from the start of the recording (or of the stream)
 * @param end seconds; the end of the audio actually present in the window (a last window may be
 *     zero-padded beyond it)
 * @param labels the model's classes, in its output order
 * @param probabilities one value per label, in {@code labels} order, summing to 1; all zero unless the
 *     window is {@link Activity#SPEECH}
 * @param activity {@link Activity#SPEECH} when the window was classified; {@link Activity#SILENT}
 *     when its level was below the silence threshold, {@link Activity#NO_SPEECH} when it was loud
 *     but the voice activity detector found too little speech in it: neither is classified
 * @param recording the window's recording check (live streams, where each window is all there is); null
 *     where it was not checked (a recording's windows: the recording as a whole is checked instead)
 */
public record Segment(double start, double end, List<String> labels, float[] probabilities, Activity activity,
        RecordingCheck recording) {

    /** A segment without a recording check of its own. */
    public Segment(double start, double end, List<String> labels, float[] probabilities, Activity activity) {
        this(start, end, labels, probabilities, activity, null);
    }

    public Segment {
        if (!(end >= start) || start < 0) {
            throw new IllegalArgumentException("segment needs 0 <= start <= end, got " + start + ".." + end);
        }
        labels = List.copyOf(labels);
        if (probabilities.length != labels.size()) {
            throw new IllegalArgumentException("expected " + labels.size() + " probabilities, found " + probabilities.length);
        }
        if (activity == null) {
            throw new IllegalArgumentException("a segment needs an activity (speech, silent or no-speech)");
        }
    }


    /** The window's recording check's warnings; empty when there are none or it was not checked. */
    public List<String> warnings() {
        return recording == null ? List.of() : recording.warnings();
    }

    /** An unclassified window (silent or without speech): all probabilities zero. */
    static Segment unclassified(double start, double end, List<String> labels, Activity activity) {
        if (activity == Activity.SPEECH) {
            throw new IllegalArgumentException("a speech window is classified; give its probabilities");
        }
        return new Segment(start, end, labels, new float[labels.size()], activity);
    }

    /** True when the window was quieter than the silence threshold (not classified). */
    public boolean silent() {
        return activity == Activity.SILENT;
    }

    /** True when the window held speech and was classified. */
    public boolean speech() {
        return activity == Activity.SPEECH;
    }

    /** The most probable label, or null for a window that was not classified. */
    public String top() {
        return speech() ? labels.get(Prediction.argmax(probabilities)) : null;
    }

    /** The probability of {@link #top()}, 0 for a window that was not classified. */
    public float confidence() {
        return speech() ? probabilities[Prediction.argmax(probabilities)] : 0f;
    }
}
