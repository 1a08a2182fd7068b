package org.ser4j.augment.condition;

import java.util.Random;
import org.ser4j.audio.Resampler;

/**
 * A narrow-band telephone line: the clip resampled to 8 kHz, band-limited to 300-3400 Hz (the
 * ITU-T G.712 voice band) with 100 Hz cosine edges outside it, companded to 8-bit mu-law (G.711)
 * and resampled back to its rate. Deterministic: it draws nothing.
 */
public record TelephoneCondition() implements RecordingCondition {

    /** The line's sample rate, Hz. */
    public static final int LINE_RATE = 8000;
    /** Pass band, Hz (ITU-T G.712). */
    public static final double LOW_HZ = 300;
    public static final double HIGH_HZ = 3400;
    /** Width of each edge of the band, Hz: at 200 Hz and 3500 Hz the line passes nothing. */
    public static final double EDGE_HZ = 100;

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        float[] line = sampleRate == LINE_RATE ? signal : Resampler.resample(signal, sampleRate, LINE_RATE);
        line = Quantiser.muLaw(SpectralMask.bandPass(line, LINE_RATE, LOW_HZ, HIGH_HZ, EDGE_HZ));
        float[] back = sampleRate == LINE_RATE ? line : Resampler.resample(line, LINE_RATE, sampleRate);
        return java.util.Arrays.copyOf(back, signal.length);
    }

    @Override
    public String spec() {
        return "telephone";
    }
}
