package org.ser4j.vad;

import java.util.Arrays;

/**
 * Per-frame speech decisions over a recording, as made by {@link VoiceActivityDetector}: frame
 * {@code k} covers {@code [k * frameSeconds, (k + 1) * frameSeconds)} seconds from the start.
 *
 * @param frameSeconds the length of one frame (the detector's hop), seconds; positive
 * @param speech one decision per frame, true where the frame is speech (a defensive copy is kept)
 */
public record SpeechActivity(double frameSeconds, boolean[] speech) {

    public SpeechActivity {
        if (!(frameSeconds > 0) || Double.isInfinite(frameSeconds)) {
            throw new IllegalArgumentException("frame length must be a positive number of seconds, got " + frameSeconds);
        }
        speech = speech.clone();
    }

    /** A copy of the per-frame decisions. */
    @Override
    public boolean[] speech() {
        return speech.clone();
    }

    public int frameCount() {
        return speech.length;
    }

    /** Whether frame {@code k} is speech. */
    public boolean isSpeech(int k) {
        return speech[k];
    }

    /** Seconds covered by the frames. */
    public double durationSeconds() {
        return speech.length * frameSeconds;
    }

    /** The fraction of all frames that are speech; 0 for no frames. */
    public double speechFraction() {
        return speechFraction(0, durationSeconds());
    }

    /**
     * The fraction of the frames in {@code [fromSeconds, toSeconds)} (frames whose centre lies in
     * the span) that are speech. Parts of the span beyond the last frame count as non-speech, so a
     * window zero-padded past the end of a recording is measured over its whole length. An empty
     * span gives 0.
     */
    public double speechFraction(double fromSeconds, double toSeconds) {
        if (!(toSeconds >= fromSeconds) || fromSeconds < 0 || Double.isInfinite(toSeconds)) {
            throw new IllegalArgumentException("span needs 0 <= from <= to < infinity, got " + fromSeconds + ".." + toSeconds);
        }
        // frame k's centre (k + 0.5) * frameSeconds lies in [from, to)
        long first = (long) Math.ceil(fromSeconds / frameSeconds - 0.5);
        long end = (long) Math.ceil(toSeconds / frameSeconds - 0.5);
        long total = end - first;
        if (total <= 0) {
            return 0;
        }
        int count = 0;
        for (long k = Math.max(0, first); k < Math.min(end, speech.length); k++) {
            if (speech[(int) k]) {
                count++;
            }
        }
        return (double) count / total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpeechActivity a && a.frameSeconds == frameSeconds && Arrays.equals(a.speech, speech);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(frameSeconds) + Arrays.hashCode(speech);
    }

    @Override
    public String toString() {
        return "SpeechActivity[frames=" + speech.length + ", frameSeconds=" + frameSeconds
                + ", speechFraction=" + speechFraction() + "]";
    }
}
