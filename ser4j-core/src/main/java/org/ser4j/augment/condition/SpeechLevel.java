package org.ser4j.augment.condition;

import org.ser4j.audio.Signals;

/**
 * The power of the active speech in a clip, the reference of every SNR here: the mean power of the
 * 20 ms frames whose power is within {@value #ACTIVE_RANGE_DB} dB of the loudest frame. Pauses do not
 * count (RAVDESS clips are about 40% pause), so "10 dB SNR" means 10 dB below the speech, as in
 * ITU-T P.56's active speech level, which this simplifies (a fixed range below the loudest frame
 * instead of P.56's adaptive threshold).
 */
public final class SpeechLevel {

    /** Frames quieter than this many dB below the loudest frame are pauses. */
    public static final double ACTIVE_RANGE_DB = 40;
    /** Frame length, seconds. */
    public static final double FRAME_SECONDS = 0.02;

    private SpeechLevel() {}

    /**
     * Mean power ({@code mean(x^2)}) of the active frames of {@code x}; 0 for silence.
     *
     * @param x mono samples
     * @param sampleRate samples per second
     */
    public static double activePower(float[] x, int sampleRate) {
        double[] power = Signals.framePowers(x, Math.max(1, (int) Math.round(FRAME_SECONDS * sampleRate)));
        if (power.length == 0) {
            return 0;
        }
        double loudest = 0;
        for (double p : power) {
            loudest = Math.max(loudest, p);
        }
        if (loudest == 0) {
            return 0;
        }
        double threshold = loudest * Math.pow(10, -ACTIVE_RANGE_DB / 10);
        double sum = 0;
        int n = 0;
        for (double p : power) {
            if (p >= threshold) {
                sum += p;
                n++;
            }
        }
        return sum / n;
    }

    /** Mean power {@code mean(x^2)} over all samples; 0 for an empty signal. */
    public static double meanPower(float[] x) {
        if (x.length == 0) {
            return 0;
        }
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return sum / x.length;
    }
}
