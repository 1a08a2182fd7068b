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
        n = Math.max(n, 2);
        double[] fa = new double[n];
        double[] fb = new double[n];
        for (int i = 0; i < a.length; i++) {
            fa[i] = a[i];
        }
        for (int i = 0; i < b.length; i++) {
            fb[i] = b[i];
        }
        DoubleFFT_1D fft = plan(n);
        fft.realForward(fa);
        fft.realForward(fb);
        // JTransforms' packed real spectrum: [0] = Re(0), [1] = Re(n/2), then Re(k), Im(k) pairs
        fa[0] *= fb[0];
        fa[1] *= fb[1];
        for (int k = 1; k < n / 2; k++) {
            double re = fa[2 * k] * fb[2 * k] - fa[2 * k + 1] * fb[2 * k + 1];
            double im = fa[2 * k] * fb[2 * k + 1] + fa[2 * k + 1] * fb[2 * k];
            fa[2 * k] = re;
            fa[2 * k + 1] = im;
        }
        fft.realInverse(fa, true);
        return java.util.Arrays.copyOf(fa, outLength);
    }

    private static final java.util.Map<Integer, DoubleFFT_1D> PLANS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        // conditions run on many clips at once (one per training row); JTransforms' own threads would only
        // compete with them for the cores
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
    }

    /** A cached FFT plan of size {@code n} (JTransforms plans are thread-safe to use). */
    static DoubleFFT_1D plan(int n) {
        return PLANS.computeIfAbsent(n, DoubleFFT_1D::new);
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
