package org.ser4j.augment.condition;

import java.util.Random;

/**
 * The level of the recording: a gain in dB, then stored as a recorder stores it, 16-bit PCM clipped at
 * full scale (so -30 dB leaves 11 bits of resolution and +6 dB clips the loud parts).
 *
 * @param gainDb gain range, dB, -60 to +20
 */
public record GainCondition(Range gainDb) implements RecordingCondition {

    /** The bit depth of the stored result. */
    public static final int STORED_BITS = 16;

    public GainCondition {
        if (!gainDb.within(-60, 20)) {
            throw new IllegalArgumentException("gain must lie in -60..20 dB, got " + gainDb);
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        float g = (float) Math.pow(10, gainDb.draw(rng) / 20);
        float[] out = new float[signal.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = signal[i] * g;
        }
        return Quantiser.linear(out, STORED_BITS);
    }

    @Override
    public String spec() {
        return "gain=" + gainDb;
    }
}
