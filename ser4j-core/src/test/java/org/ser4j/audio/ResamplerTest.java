package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ser4j.testing.TestSignals;

class ResamplerTest {

    private static final double AMPLITUDE = 0.5;

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "16000, 48000", "22050, 48000", "44100, 48000", "8000, 44100",
        "48000, 22050"})
    void aSineKeepsItsFrequencyAmplitudeAndPhase(int from, int to) {
        float[] x = TestSignals.sine(1000, AMPLITUDE, from, from / 2);
        float[] y = Resampler.resample(x, from, to);
        assertEquals((long) Math.ceil(x.length * (double) to / from), y.length);
        int margin = to / 20; // 50 ms: beyond the filter's reach of the zero-extended edges
        double worst = 0;
        for (int k = margin; k < y.length - margin; k++) {
            double ideal = AMPLITUDE * Math.sin(2 * Math.PI * 1000.0 * k / to);
            worst = Math.max(worst, Math.abs(y[k] - ideal));
        }
        assertTrue(worst < 1e-4, "largest deviation from the ideal 1 kHz sine: " + worst);
    }

    /** Tones between the new and the old Nyquist frequency must vanish (they would alias). */
    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"48000, 16000", "44100, 16000", "22050, 16000", "48000, 44100", "96000, 8000"})
    void contentAboveTheNewNyquistIsSuppressedByAtLeast80Db(int from, int to) {
        double newNyquist = to / 2.0;
        double oldNyquist = from / 2.0;
        int steps = 24;
        double worstDb = Double.POSITIVE_INFINITY;
        double worstAt = 0;
        for (int s = 0; s <= steps; s++) {
            double f = newNyquist * 1.001 + (oldNyquist * 0.995 - newNyquist * 1.001) * s / steps;
            float[] y = Resampler.resample(TestSignals.sine(f, AMPLITUDE, from, from / 2), from, to);
            double db = 20 * Math.log10(AMPLITUDE / peakAmplitude(y, to / 20));
            if (db < worstDb) {
                worstDb = db;
                worstAt = f;
            }
        }
        assertTrue(worstDb >= 80, "only " + worstDb + " dB of attenuation at " + worstAt + " Hz");
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"48000, 16000", "16000, 44100"})
    void thePassBandIsFlatTo80PercentOfTheLowerNyquist(int from, int to) {
        double f = 0.8 * Math.min(from, to) / 2;
        float[] y = Resampler.resample(TestSignals.sine(f, AMPLITUDE, from, from / 2), from, to);
        for (int k = to / 20; k < y.length - to / 20; k++) {
            assertEquals(AMPLITUDE * Math.sin(2 * Math.PI * f * k / to), y[k], 1e-4, "sample " + k);
        }
    }

    @Test
    void thePeakAmplitudeMeasureIsCalibrated() {
        // the FFT measure used above finds a pass-band tone at its amplitude (0 dB) and nothing in silence
        float[] y = Resampler.resample(TestSignals.sine(3000, AMPLITUDE, 48000, 24000), 48000, 16000);
        assertEquals(AMPLITUDE, peakAmplitude(y, 800), AMPLITUDE * 0.01);
        assertTrue(peakAmplitude(new float[8000], 800) < 1e-12);
    }

    @Test
    void sameRateIsACopyAndInputIsNotModified() {
        float[] x = TestSignals.noise(0.3, 1000, 1);
        float[] before = x.clone();
        float[] same = Resampler.resample(x, 16000, 16000);
        assertArrayEquals(x, same);
        assertNotSame(x, same);
        Resampler.resample(x, 16000, 44100);
        assertArrayEquals(before, x);
    }

    @Test
    void dcIsPreservedExactlyInTheInterior() {
        float[] x = new float[4000];
        java.util.Arrays.fill(x, 0.25f);
        float[] y = Resampler.resample(x, 44100, 16000);
        for (int k = 200; k < y.length - 200; k++) {
            assertEquals(0.25, y[k], 1e-6);
        }
    }

    @Test
    void oddRatiosWithManyPhasesWork() {
        // 44100 -> 96001: 96001 phases of 88 taps, more than are tabulated: computed per output sample
        float[] x = TestSignals.sine(1000, AMPLITUDE, 44100, 4410);
        float[] y = Resampler.resample(x, 44100, 96001);
        assertNull(Resampler.filter(96001, 44100).table);
        assertEquals(9601, y.length);
        for (int k = 4800; k < 4900; k++) {
            assertEquals(AMPLITUDE * Math.sin(2 * Math.PI * 1000.0 * k / 96001), y[k], 1e-4);
        }
    }

    @Test
    void thousandsOfPhasesAreTabulatedWithTheSameCoefficients() {
        // TESS's 24,414 Hz to 16 kHz: 8,000 phases, tabulated (issue 16: computed per sample, a 2 s clip took 0.5 s)
        Resampler.Filter table = Resampler.filter(8000, 12207);
        assertNotNull(table.table);
        Resampler.Filter computed = new Resampler.Filter(8000, 12207, false);
        assertNull(computed.table);
        for (int p : new int[] {0, 1, 1234, 4000, 7999}) {
            assertArrayEquals(computed.phase(p), table.phase(p), "phase " + p);
        }
        float[] x = TestSignals.sine(1000, AMPLITUDE, 24414, 24414);
        float[] y = Resampler.resample(x, 24414, 16000);
        for (int k = 8000; k < 8100; k++) {
            assertEquals(AMPLITUDE * Math.sin(2 * Math.PI * 1000.0 * k / 16000), y[k], 1e-4);
        }
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} samples")
    @CsvSource({"48000, 16000, 168000", "44100, 16000, 154351", "16000, 48000, 12000"})
    void longSignalsSplitOverThreadsGiveExactlyTheSequentialResult(int from, int to, int n) {
        float[] x = noise(n, n);
        float[] y = Resampler.resample(x, from, to);
        assertTrue(y.length >= Resampler.PARALLEL_MIN_OUTPUT, "the case must be long enough to be split");
        assertArrayEquals(Resampler.sequential(x, from, to, false), y);
    }

    /**
     * Integer decimation (48 and 32 kHz to 16 kHz) runs the vector loop once the JIT has compiled it and
     * the scalar loop before: the two must give the same bits, or features would depend on the JIT.
     */
    @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} samples")
    @CsvSource({"48000, 16000, 168000", "32000, 16000, 5001", "96000, 16000, 777", "48000, 16000, 1"})
    void theVectorAndScalarLoopsGiveTheSameBits(int from, int to, int n) {
        assumeTrue(VectorKernels.available(), "the test JVM runs without --add-modules jdk.incubator.vector");
        float[] x = noise(n, 7 * n);
        assertArrayEquals(Resampler.sequential(x, from, to, false), Resampler.sequential(x, from, to, true));
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"48000, 16000", "44100, 16000", "16000, 16000", "16000, 44100"})
    void aWindowEqualsTheWholeResultCutOut(int from, int to) {
        float[] x = noise(3 * from + from / 3, from);
        float[] whole = Resampler.resample(x, from, to);
        int[][] windows = {{to / 2, 3 * to}, {0, 10}, {whole.length - 5, 40}, {whole.length + 3, 7}, {0, whole.length}};
        for (int[] w : windows) {
            float[] expected = new float[w[1]];
            for (int i = 0; i < w[1]; i++) {
                expected[i] = w[0] + i < whole.length ? whole[w[0] + i] : 0f;
            }
            assertArrayEquals(expected, Resampler.resample(x, from, to, w[0], w[1]), "window " + w[0] + " +" + w[1]);
        }
    }

    private static float[] noise(int n, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * rng.nextGaussian());
        }
        return x;
    }

    @Test
    void badRatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[10], 0, 16000));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[10], 16000, -1));
    }

    /**
     * The largest sinusoid amplitude in {@code y} (edges of {@code margin} samples excluded), from a
     * 4-term Blackman-Harris windowed FFT (side lobes -92 dB): the power in a main lobe (7 bins) around
     * each bin, which by Parseval is {@code n a^2 sum(w^2) / 4} for a tone of amplitude a wherever it
     * falls between bins (no scalloping loss).
     */
    static double peakAmplitude(float[] y, int margin) {
        int n = Integer.highestOneBit(y.length - 2 * margin);
        double[] a = new double[2 * n];
        double w2sum = 0;
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            double w = 0.35875 - 0.48829 * Math.cos(t) + 0.14128 * Math.cos(2 * t) - 0.01168 * Math.cos(3 * t);
            a[i] = w * y[margin + i];
            w2sum += w * w;
        }
        new DoubleFFT_1D(n).realForwardFull(a);
        double peak = 0;
        for (int k = 0; k <= n / 2; k++) {
            double p = 0;
            for (int d = -3; d <= 3; d++) {
                int b = k + d;
                if (b >= 0 && b <= n / 2) {
                    p += a[2 * b] * a[2 * b] + a[2 * b + 1] * a[2 * b + 1];
                }
            }
            peak = Math.max(peak, p);
        }
        return 2 * Math.sqrt(peak / (n * w2sum));
    }
}
