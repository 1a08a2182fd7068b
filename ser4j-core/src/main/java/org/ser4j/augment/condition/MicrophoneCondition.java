package org.ser4j.augment.condition;

import java.util.Random;

/**
 * A random microphone colouring: a high-pass (the bass roll-off of small capsules) at 40-250 Hz and
 * {@value #PEAKS} peaking filters at 150 Hz to 7 kHz (log-uniform), each with a gain of
 * -{@code maxGainDb}..+{@code maxGainDb} dB and a quality of 0.5-2.
 *
 * @param maxGainDb largest boost or cut of a peak, dB
 */
public record MicrophoneCondition(double maxGainDb) implements RecordingCondition {

    /** Peaking filters per microphone. */
    public static final int PEAKS = 3;
    /** Default largest boost or cut, dB. */
    public static final double DEFAULT_MAX_GAIN_DB = 8;

    public MicrophoneCondition {
        if (!(maxGainDb >= 0 && maxGainDb <= 24)) {
            throw new IllegalArgumentException("mic gain must lie in 0..24 dB, got " + maxGainDb);
        }
    }

    @Override
    public float[] apply(float[] signal, int sampleRate, Random rng) {
        double nyquist = sampleRate / 2.0;
        double[] x = new double[signal.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = signal[i];
        }
        double hp = logUniform(40, 250, rng);
        Biquad.highPass(Math.min(hp, 0.4 * nyquist), Math.sqrt(0.5), sampleRate).filterInPlace(x);
        for (int k = 0; k < PEAKS; k++) {
            double f = logUniform(150, 7000, rng);
            double gain = maxGainDb * (2 * rng.nextDouble() - 1);
            double q = 0.5 + 1.5 * rng.nextDouble();
            if (f < 0.9 * nyquist) {
                Biquad.peaking(f, gain, q, sampleRate).filterInPlace(x);
            }
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    private static double logUniform(double lo, double hi, Random rng) {
        return lo * Math.pow(hi / lo, rng.nextDouble());
    }

    @Override
    public String spec() {
        return "mic:gain=" + Range.of(maxGainDb);
    }
}
