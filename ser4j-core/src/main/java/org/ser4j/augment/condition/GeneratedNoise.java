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
        double[] buf = new double[2 * n];
        for (int i = 0; i < n; i++) {
            buf[i] = rng.nextGaussian();
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        fft.realForwardFull(buf);
        for (int k = 0; k < n; k++) {
            double f = (k <= n / 2 ? k : n - k) * (double) sampleRate / n;
            double g = k == 0 ? 0 : Math.pow(Math.max(f, LOWEST_SHAPED_HZ) / LOWEST_SHAPED_HZ, -exponent / 2);
            buf[2 * k] *= g;
            buf[2 * k + 1] *= g;
        }
        fft.complexInverse(buf, true);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) buf[2 * i];
        }
        return out;
    }

    private static float[] hum(int n, int sampleRate, Random rng) {
        double f0 = rng.nextBoolean() ? 50 : 60;
        double top = Math.min(HUM_TOP_HZ, 0.45 * sampleRate);
        int harmonics = Math.max(1, (int) (top / f0));
        double[] phase = new double[harmonics];
        for (int k = 0; k < harmonics; k++) {
            phase[k] = 2 * Math.PI * rng.nextDouble();
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / sampleRate;
            double v = 0;
            for (int k = 1; k <= harmonics; k++) {
                v += Math.sin(2 * Math.PI * k * f0 * t + phase[k - 1]) / k;
            }
            out[i] = (float) v;
        }
        return out;
    }
}
