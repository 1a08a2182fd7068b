package org.ser4j.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Band-limited resampling between any two integer rates with a Kaiser-windowed sinc, evaluated as a
 * polyphase filter: for {@code to / from = L / M} (reduced), output sample {@code k} sits at input time
 * {@code k M / L} and is the dot product of the input around it with one of {@code L} precomputed
 * phases.
 *
 * <p>Design (Kaiser, "Nonrecursive digital filter design using the I0-sinh window function", 1974):
 * stop band from the lower of the two Nyquist frequencies upward, attenuation
 * {@value #STOPBAND_ATTENUATION_DB} dB (Kaiser beta {@code 0.1102 (A - 8.7)}); pass band up to
 * {@value #PASSBAND_EDGE} of that Nyquist (ripple below 0.001 dB); cutoff in the middle of the
 * transition. The filter is zero-phase (no delay): {@code resample(sin(2 pi f t))} is
 * {@code sin(2 pi f t)} at the new rate. Measured with ResamplerTest's FFT measure (301 tones from
 * the new to the old Nyquist frequency, 48k/44.1k/22.05k to 16k, 48k to 44.1k, 96k to 8k): every
 * tone comes out at least 99.6 dB down; a 1 kHz tone and a tone at 80% of the lower Nyquist keep
 * amplitude and phase within 1e-4 of the ideal sine (amplitude 0.5).
 *
 * <p>Outside the input the signal is taken as zero. The output has {@code ceil(n L / M)} samples (the
 * output instants inside the input's duration); a window of it can be computed alone. Filters are
 * cached per rate pair; the method is thread-safe and does not modify its input.
 *
 * <p>Integer decimation ({@code L = 1}: 48, 32 or 96 kHz to 16 kHz) runs {@link DecimationKernel}:
 * float sums over the input's phase streams, by the JDK's Vector API once {@link VectorKernels} says
 * it is compiled (48 to 16 kHz of a 3.5 s clip: 0.52 ms on one core, against 3.6 ms for the scalar
 * loop and 4.1 ms for the double-precision loop before it, issue 17), with the same bits either way.
 * Other ratios (44.1 kHz to 16 kHz) sum in double, one phase per output sample.
 */
public final class Resampler {

    /** Design attenuation of the stop band, dB. */
    public static final double STOPBAND_ATTENUATION_DB = 100.0;
    /** Pass band edge as a fraction of the lower Nyquist frequency; the stop band starts at 1.0. */
    public static final double PASSBAND_EDGE = 0.85;
    /** Kaiser's length formula constants: N - 1 = (A - 7.95) / (14.36 df), df in cycles per sample. */
    private static final double KAISER_LENGTH_OFFSET_DB = 7.95;
    private static final double KAISER_LENGTH_SLOPE = 14.36;
    /**
     * Above this many coefficients (phases x taps; 32 MiB of floats) a filter's phases are computed per
     * output sample instead of tabulated. Rates of an odd ratio have thousands of phases (TESS's
     * 24,414 Hz to 16 kHz: 8,000 of 132 taps, 4 MiB): tabulated, a 2 s clip resamples in milliseconds
     * instead of about half a second, with the same coefficients.
     */
    static final long MAX_TABLE_VALUES = 8L << 20;
    private static final int MAX_CACHED_FILTERS = 32;
    private static final Map<Long, Filter> CACHE = new ConcurrentHashMap<>();
    /**
     * Outputs from which the work is split over the common fork-join pool: a 3.5 s clip at 48 kHz
     * (56,000 outputs at 16 kHz) takes about 4 ms on one core of the reference machine, so a single
     * caller waits about half as long on two cores; shorter signals stay on the calling thread.
     */
    static final int PARALLEL_MIN_OUTPUT = 16_384;

    private Resampler() {}

    /**
     * @param x samples at {@code fromRate}
     * @return a new array of {@code ceil(x.length * toRate / fromRate)} samples at {@code toRate}
     */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        if (fromRate == toRate && fromRate > 0) {
            return x.clone();
        }
        return resample(x, fromRate, toRate, 0, (int) outputLength(x.length, fromRate, toRate));
    }

    /**
     * Output samples {@code start .. start + length - 1} of {@link #resample(float[], int, int)}
     * (zeros past its end), computed alone: the same values as resampling the whole signal and
     * cutting the window out, for the cost of the window (SEC-PyTorch's 3 s from 0.5 s).
     */
    public static float[] resample(float[] x, int fromRate, int toRate, int start, int length) {
        long total = outputLength(x.length, fromRate, toRate); // checks the rates
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("window [" + start + ", +" + length + ") must not be negative");
        }
        float[] out = new float[length];
        int end = (int) Math.min(total, (long) start + length); // outputs past the signal's end stay 0
        if (end <= start) {
            return out;
        }
        if (fromRate == toRate) {
            System.arraycopy(x, start, out, 0, end - start);
            return out;
        }
        int g = gcd(fromRate, toRate);
        int up = toRate / g;
        int down = fromRate / g;
        Filter f = filter(up, down);
        int count = end - start;
        int parts = count < PARALLEL_MIN_OUTPUT ? 1
                : Math.min(Runtime.getRuntime().availableProcessors(), count / (PARALLEL_MIN_OUTPUT / 2));
        if (up == 1 && VectorKernels.ready()) {
            parts = 1; // the vector loop resamples a 3.5 s clip in under a millisecond: not worth a second thread
        }
        if (parts <= 1) {
            range(x, up, down, f, out, start, start, end, null);
        } else {
            // every output sample is computed alone, so the parts give exactly the sequential result
            int per = (count + parts - 1) / parts;
            IntStream.range(0, parts).parallel().forEach(p ->
                    range(x, up, down, f, out, start, start + p * per, Math.min(end, start + (p + 1) * per), null));
        }
        return out;
    }

    /** The whole output on the calling thread, with the vector loop or without (tests compare the two). */
    static float[] sequential(float[] x, int fromRate, int toRate, boolean vectors) {
        int g = gcd(fromRate, toRate);
        int up = toRate / g;
        int down = fromRate / g;
        int n = (int) outputLength(x.length, fromRate, toRate);
        Filter f = filter(up, down);
        float[] out = new float[n];
        range(x, up, down, f, out, 0, 0, n, vectors);
        return out;
    }

    private static long outputLength(int inputLength, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " -> " + toRate);
        }
        int g = gcd(fromRate, toRate);
        long up = toRate / g;
        long down = fromRate / g;
        long outLength = (inputLength * up + down - 1) / down;
        if (outLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(inputLength + " samples at " + fromRate + " Hz become " + outLength
                    + " at " + toRate + " Hz, more than one array holds");
        }
        return outLength;
    }

    /** Outputs a decimation kernel is built for at most: about 1 s at 16 kHz, 64 KiB per stream (measured fastest). */
    static final int DECIMATION_CHUNK = 16_384;

    /**
     * Outputs {@code from..to} (indices of the whole output) into {@code out} at {@code index - offset};
     * integer decimation in chunks of {@value #DECIMATION_CHUNK} outputs, by the vector loop when
     * {@code vectors} says so (tests), or, when it is null, once {@link VectorKernels#ready()}.
     */
    private static void range(float[] x, int up, int down, Filter f, float[] out, int offset, int from, int to,
            Boolean vectors) {
        if (up != 1) {
            resampleRange(x, up, down, f, out, offset, from, to);
            return;
        }
        for (int c = from; c < to; c += DECIMATION_CHUNK) {
            int e = Math.min(to, c + DECIMATION_CHUNK);
            new DecimationKernel(x, down, f.phase(0), f.halfTaps - 1, c, e)
                    .run(out, offset, c, e, vectors != null ? vectors : VectorKernels.ready());
        }
    }

    /**
     * Output samples {@code from..to} into {@code out} at {@code k - offset}, for any ratio: one of the
     * filter's phases per output, summed in double.
     */
    static void resampleRange(float[] x, int up, int down, Filter f, float[] out, int offset, int from, int to) {
        int taps = f.taps;
        int before = f.halfTaps - 1; // taps left of the current input sample
        for (int k = from; k < to; k++) {
            long pos = (long) k * down;
            int i0 = (int) (pos / up);
            int phase = (int) (pos % up);
            float[] h = f.phase(phase);
            int first = i0 - before;
            double acc = 0;
            if (first >= 0 && first + taps <= x.length) {
                // four independent sums: the additions of one chain no longer wait for each other
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                for (int j = 0; j < taps; j += 4) {
                    a0 += h[j] * x[first + j];
                    a1 += h[j + 1] * x[first + j + 1];
                    a2 += h[j + 2] * x[first + j + 2];
                    a3 += h[j + 3] * x[first + j + 3];
                }
                acc = (a0 + a1) + (a2 + a3);
            } else {
                int lo = Math.max(0, -first);
                int hi = Math.min(taps, x.length - first);
                for (int j = lo; j < hi; j++) {
                    acc += h[j] * x[first + j];
                }
            }
            out[k - offset] = (float) acc;
        }
    }

    static Filter filter(int up, int down) {
        long key = (long) up << 32 | down;
        Filter f = CACHE.get(key);
        if (f == null) {
            f = new Filter(up, down);
            if (CACHE.size() >= MAX_CACHED_FILTERS) {
                CACHE.clear();
            }
            CACHE.put(key, f);
        }
        return f;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The polyphase Kaiser-windowed sinc for one ratio. */
    static final class Filter {
        final int up;
        final int taps;
        final int halfTaps;
        final double cutoff; // relative to the input Nyquist
        final double halfWidth; // in input samples
        final double beta;
        final double i0Beta;
        final float[][] table; // null when computed on the fly

        Filter(int up, int down) {
            this(up, down, true);
        }

        /** With {@code tabulate} false the phases are always computed per output sample (for tests). */
        Filter(int up, int down, boolean tabulate) {
            this.up = up;
            double ratio = Math.min(1.0, (double) up / down); // lower Nyquist / input Nyquist
            double transition = 1.0 - PASSBAND_EDGE;
            this.cutoff = ratio * (1.0 - transition / 2);
            // transition width in cycles per input sample: transition * ratio * 0.5
            double length = (STOPBAND_ATTENUATION_DB - KAISER_LENGTH_OFFSET_DB)
                    / (KAISER_LENGTH_SLOPE * transition * ratio * 0.5);
            this.halfWidth = length / 2;
            this.halfTaps = (int) Math.ceil(halfWidth);
            this.taps = (2 * halfTaps + 3) / 4 * 4; // a multiple of 4 for the unrolled loop; extra taps are 0
            this.beta = 0.1102 * (STOPBAND_ATTENUATION_DB - 8.7);
            this.i0Beta = besselI0(beta);
            if (tabulate && (long) up * taps <= MAX_TABLE_VALUES) {
                table = new float[up][];
                for (int p = 0; p < up; p++) {
                    table[p] = coefficients(p);
                }
            } else {
                table = null;
            }
        }

        float[] phase(int p) {
            return table != null ? table[p] : coefficients(p);
        }

        /** Taps for input offsets j = -(halfTaps-1) .. halfTaps around i0, output at i0 + p / up; sum 1. */
        private float[] coefficients(int p) {
            double frac = (double) p / up;
            double[] h = new double[taps];
            double sum = 0;
            for (int t = 0; t < taps; t++) {
                double tau = t - (halfTaps - 1) - frac;
                h[t] = kernel(tau);
                sum += h[t];
            }
            float[] out = new float[taps];
            for (int t = 0; t < taps; t++) {
                out[t] = (float) (h[t] / sum);
            }
            return out;
        }

        private double kernel(double tau) {
            double r = tau / halfWidth;
            if (Math.abs(r) >= 1) {
                return 0;
            }
            double u = cutoff * tau;
            double sinc = u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
            return cutoff * sinc * besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
        }

        /** Modified Bessel function of the first kind, order 0, by its power series. */
        private static double besselI0(double x) {
            double sum = 1;
            double term = 1;
            double q = x * x / 4;
            for (int k = 1; term > 1e-17 * sum; k++) {
                term *= q / ((double) k * k);
                sum += term;
            }
            return sum;
        }
    }
}
