package org.ser4j.augment.condition;

import java.util.Random;

/**
 * Coarse sample values: 8-bit mu-law ({@code mulaw}) or linear PCM of a random bit depth ({@code bits=4..12}).
 *
 * @param muLaw G.711 mu-law instead of linear PCM
 * @param bits for linear PCM: the bit-depth range (rounded to whole bits), 2 to 24
 */
public record QuantiseCondition(boolean muLaw, Range bits) implements RecordingCondition {

    public QuantiseCondition {
        if (!muLaw && !bits.within(2, 24)) {
            throw new IllegalArgumentException("bits must lie in 2..24, got " + bits);
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        if (muLaw) {
            return Quantiser.muLaw(signal);
        }
        return Quantiser.linear(signal, (int) Math.round(bits.draw(rng)));
    }

    @Override
    public String spec() {
        return muLaw ? "mulaw" : "bits:bits=" + bits;
    }
}
