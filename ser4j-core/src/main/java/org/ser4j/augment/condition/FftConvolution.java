package org.ser4j.augment.condition;

import org.jtransforms.fft.DoubleFFT_1D;

/** Linear convolution through the FFT: the same numbers as the direct sum, in O(n log n). */
public final class FftConvolution {

    private FftConvolution() {}

    /**
     * The full linear convolution {@code y[n] = sum_k a[k] b[n - k]}, {@code a.length + b.length - 1}
     * samples (empty when either input is).
     */
    public static double[] convolve(float[] a, float[] b) {
        if (a.length == 0 || b.length == 0) {
            return new double[0];
        }
        int outLength = a.length + b.length - 1;
        int n = Integer.highestOneBit(outLength);
        if (n < outLength) {
            n <<= 1;
        }
        double[] fa = new double[2 * n];
        double[] fb = new double[2 * n];
        for (int i = 0; i < a.length; i++) {
            fa[i] = a[i];
        }
        for (int i = 0; i < b.length; i++) {
            fb[i] = b[i];
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        fft.realForwardFull(fa);
        fft.realForwardFull(fb);
        for (int k = 0; k < n; k++) {
            double re = fa[2 * k] * fb[2 * k] - fa[2 * k + 1] * fb[2 * k + 1];
            double im = fa[2 * k] * fb[2 * k + 1] + fa[2 * k + 1] * fb[2 * k];
            fa[2 * k] = re;
            fa[2 * k + 1] = im;
        }
        fft.complexInverse(fa, true);
        double[] out = new double[outLength];
        for (int i = 0; i < outLength; i++) {
            out[i] = fa[2 * i];
        }
        return out;
    }

    /** The direct O(n m) sum, for tests and very short inputs. */
    public static double[] direct(float[] a, float[] b) {
        if (a.length == 0 || b.length == 0) {
            return new double[0];
        }
        double[] out = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i + j] += (double) a[i] * b[j];
            }
        }
        return out;
    }
}
