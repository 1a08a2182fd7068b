package org.ser4j.augment.condition;

import java.util.Random;

/**
 * Hard clipping, as an overdriven input stage does it: samples beyond {@code level} dB relative to the
 * clip's peak are cut to that level.
 *
 * @param levelDb clipping level relative to the clip's peak, dB, at most 0 (e.g. -20..-3)
 */
public record ClipCondition(Range levelDb) implements RecordingCondition {

    /** Default clipping levels, dB below the peak. */
    public static final Range DEFAULT_LEVEL = new Range(-20, -3);

    public ClipCondition {
        if (!levelDb.within(-60, 0)) {
            throw new IllegalArgumentException("clip level must lie in -60..0 dB below the peak, got " + levelDb);
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        double db = levelDb.draw(rng);
        float peak = 0;
        for (float v : signal) {
            peak = Math.max(peak, Math.abs(v));
        }
        float limit = (float) (peak * Math.pow(10, db / 20));
        float[] out = new float[signal.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-limit, Math.min(limit, signal[i]));
        }
        return out;
    }

    @Override
    public String spec() {
        return "clip:level=" + levelDb;
    }
}
