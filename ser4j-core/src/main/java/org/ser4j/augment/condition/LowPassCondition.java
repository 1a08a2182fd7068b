package org.ser4j.augment.condition;

import java.util.Random;

/**
 * A band limit at a random cutoff, as a cheap microphone, a low sample rate or a narrow codec leaves
 * it: frequencies above {@code cutoff} fade out over a 10% cosine edge.
 *
 * @param cutoffHz the cutoff range, Hz (e.g. 3400..8000)
 */
public record LowPassCondition(Range cutoffHz) implements RecordingCondition {

    /** The default range: telephone band to wide band. */
    public static final Range DEFAULT_CUTOFF = new Range(3400, 8000);

    public LowPassCondition {
        if (!cutoffHz.within(100, 100_000)) {
            throw new IllegalArgumentException("lowpass cutoff must lie in 100..100000 Hz, got " + cutoffHz);
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        double cutoff = cutoffHz.draw(rng);
        if (cutoff * 1.1 >= sampleRate / 2.0) {
            return signal.clone();
        }
        return SpectralMask.bandPass(signal, sampleRate, 0, cutoff, 0.1 * cutoff);
    }

    @Override
    public String spec() {
        return "lowpass:cutoff=" + cutoffHz;
    }
}
