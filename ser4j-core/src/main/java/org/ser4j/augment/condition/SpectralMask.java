package org.ser4j.augment.condition;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A zero-phase band filter applied through one FFT of the whole (zero-padded) signal: frequencies
 * inside {@code [low, high]} pass unchanged, those more than a transition width outside are removed,
 * with a raised-cosine edge in between. Steeper than any biquad cascade, which a telephone band
 * needs (300-3400 Hz with 100 Hz and 4 kHz at least 30 dB down).
 */
final class SpectralMask {

    private SpectralMask() {}

    /**
     * @param x the signal
     * @param sampleRate its rate
     * @param low lower pass edge, Hz (0: no high-pass)
     * @param high upper pass edge, Hz ({@code >= sampleRate / 2}: no low-pass)
     * @param transition width of each cosine edge, Hz
     * @return the filtered signal, same length
     */
    static float[] bandPass(float[] x, int sampleRate, double low, double high, double transition) {
        if (x.length == 0) {
            return new float[0];
        }
        int n = Integer.highestOneBit(x.length);
        if (n < x.length) {
            n <<= 1;
        }
        n *= 2; // room for the filter's ringing on both sides, so the circular FFT does not wrap it round
        double[] buf = new double[n];
        for (int i = 0; i < x.length; i++) {
            buf[i] = x[i];
        }
        DoubleFFT_1D fft = FftConvolution.plan(n);
        fft.realForward(buf); // packed: [0] = Re(0), [1] = Re(n/2), then Re(k), Im(k)
        buf[0] *= gain(0, low, high, transition);
        buf[1] *= gain(sampleRate / 2.0, low, high, transition);
        for (int k = 1; k < n / 2; k++) {
            double g = gain(k * (double) sampleRate / n, low, high, transition);
            buf[2 * k] *= g;
            buf[2 * k + 1] *= g;
        }
        fft.realInverse(buf, true);
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) buf[i];
        }
        return out;
    }

    /** The mask's amplitude at {@code f} Hz. */
    static double gain(double f, double low, double high, double transition) {
        double g = 1;
        if (low > 0) {
            if (f < low - transition) {
                return 0;
            }
            if (f < low) {
                g *= 0.5 - 0.5 * Math.cos(Math.PI * (f - (low - transition)) / transition);
            }
        }
        if (f > high + transition) {
            return 0;
        }
        if (f > high) {
            g *= 0.5 + 0.5 * Math.cos(Math.PI * (f - high) / transition);
        }
        return g;
    }
}
