package org.ser4j.augment.condition;

import java.util.Locale;
import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;

/** Noise made in code: white, pink (1/f power), brown (1/f^2 power) and mains hum. */
public final class GeneratedNoise {

    /** Pink and brown noise are flat below this frequency, Hz (so that they have no huge DC drift). */
    static final double LOWEST_SHAPED_HZ = 20;
    /** Hum harmonics stop below this frequency, Hz (a buzz's energy is in the low harmonics). */
    static final double HUM_TOP_HZ = 4000;

    /** A kind of generated noise. */
    public enum Kind {
        /** Gaussian, flat spectrum. */
        WHITE,
        /** Power falling 3 dB per octave (1/f). */
        PINK,
        /** Power falling 6 dB per octave (1/f^2), like rumble. */
        BROWN,
        /** Mains hum: 50 or 60 Hz and its harmonics up to {@value GeneratedNoise#HUM_TOP_HZ} Hz, amplitude 1/k. */
        HUM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private GeneratedNoise() {}

    /**
     * {@code n} samples of noise of {@code kind} at {@code sampleRate}, at an arbitrary level (the
     * caller scales it to an SNR).
     */
    public static float[] generate(Kind kind, int n, int sampleRate, Random rng) {
        return switch (kind) {
            case WHITE -> white(n, rng);
            case PINK -> shaped(n, sampleRate, 1, rng);
            case BROWN -> shaped(n, sampleRate, 2, rng);
            case HUM -> hum(n, sampleRate, rng);
        };
    }

    private static float[] white(int n, Random rng) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    /** White noise whose power spectrum is divided by {@code f^exponent} above {@link #LOWEST_SHAPED_HZ}. */
    private static float[] shaped(int n, int sampleRate, double exponent, Random rng) {
        if (n == 0) {
            return new float[0];
        }
        int size = Math.max(2, Integer.highestOneBit(n) < n ? Integer.highestOneBit(n) << 1 : n);
        double[] buf = new double[size];
        for (int i = 0; i < size; i++) {
            buf[i] = rng.nextGaussian();
        }
        DoubleFFT_1D fft = FftConvolution.plan(size);
        fft.realForward(buf); // packed: [0] = Re(0), [1] = Re(size/2), then Re(k), Im(k)
        buf[0] = 0;
        buf[1] *= shape(sampleRate / 2.0, exponent);
        for (int k = 1; k < size / 2; k++) {
            double g = shape(k * (double) sampleRate / size, exponent);
            buf[2 * k] *= g;
            buf[2 * k + 1] *= g;
        }
        fft.realInverse(buf, true);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) buf[i];
        }
        return out;
    }

    private static double shape(double f, double exponent) {
        return Math.pow(Math.max(f, LOWEST_SHAPED_HZ) / LOWEST_SHAPED_HZ, -exponent / 2);
    }

    private static float[] hum(int n, int sampleRate, Random rng) {
        double f0 = rng.nextBoolean() ? 50 : 60;
        double top = Math.min(HUM_TOP_HZ, 0.45 * sampleRate);
        int harmonics = Math.max(1, (int) (top / f0));
        double[] phase = new double[harmonics];
        for (int k = 0; k < harmonics; k++) {
            phase[k] = 2 * Math.PI * rng.nextDouble();
        }
        double[] sinPhase = new double[harmonics];
        double[] cosPhase = new double[harmonics];
        for (int k = 0; k < harmonics; k++) {
            sinPhase[k] = Math.sin(phase[k]);
            cosPhase[k] = Math.cos(phase[k]);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double theta = 2 * Math.PI * f0 * i / sampleRate;
            double s1 = Math.sin(theta);
            double c1 = Math.cos(theta);
            double sk = s1; // sin(k theta) and cos(k theta) by the angle-addition recurrence
            double ck = c1;
            double v = 0;
            for (int k = 1; k <= harmonics; k++) {
                v += (sk * cosPhase[k - 1] + ck * sinPhase[k - 1]) / k; // sin(k theta + phase)
                double next = sk * c1 + ck * s1;
                ck = ck * c1 - sk * s1;
                sk = next;
            }
            out[i] = (float) v;
        }
        return out;
    }
}
