package org.ser4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MelSpectrogramExtractorTest {

    /** SEC-PyTorch's settings (SPEC.md "Features"). */
    static final MelSettings SEC_PYTORCH_MEL = MelSettings.builder().setSampleRate(48000).optNFft(1024).optWinLength(512)
            .optHopLength(256).optWindow(MelSettings.Window.HAMMING).optNMels(128).optFMax(24000)
            .optPadMode(MelSettings.PadMode.REFLECT).build();

    @Test
    void periodicWindows() {
        assertArrayEquals(new double[] {0.0, 0.5, 1.0, 0.5}, WindowFunctions.periodic(MelSettings.Window.HANN, 4), 1e-15);
        assertArrayEquals(new double[] {0.08, 0.54, 1.0, 0.54}, WindowFunctions.periodic(MelSettings.Window.HAMMING, 4), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0.0, 0.5, 1.0, 0.5, 0, 0},
                WindowFunctions.padded(MelSettings.Window.HANN, 4, 8), 1e-15);
    }

    @Test
    void reflectIndexLikeNumpyPad() {
        // numpy.pad([a b c d e], 2, 'reflect') = [c b | a b c d e | d c]
        assertEquals(1, MelSpectrogramExtractor.reflect(-1, 5));
        assertEquals(2, MelSpectrogramExtractor.reflect(-2, 5));
        assertEquals(3, MelSpectrogramExtractor.reflect(5, 5));
        assertEquals(2, MelSpectrogramExtractor.reflect(6, 5));
        assertEquals(0, MelSpectrogramExtractor.reflect(-3, 1));
    }

    @Test
    void seedShapeIs128By563() {
        double[][] mel = new MelSpectrogramExtractor(SEC_PYTORCH_MEL).power(new float[144000]);
        assertEquals(128, mel.length);
        assertEquals(563, mel[0].length);
    }

    @Test
    void matchesANaiveDftAndDenseFilterBank() {
        for (MelSettings.PadMode pad : MelSettings.PadMode.values()) {
            for (double power : new double[] {1.0, 2.0}) {
                MelSettings s = MelSettings.builder().setSampleRate(8000).optNFft(16).optWinLength(12).optHopLength(5)
                        .optWindow(MelSettings.Window.HAMMING).optNMels(4).optFMin(100).optPadMode(pad).optPower(power).build();
                double[] x = new Random(7).doubles(40, -1, 1).toArray();
                double[][] expected = naive(s, x);
                double[][] actual = new MelSpectrogramExtractor(s).power(x);
                assertEquals(expected.length, actual.length);
                for (int m = 0; m < expected.length; m++) {
                    assertArrayEquals(expected[m], actual[m], 1e-12, pad + " power " + power + " band " + m);
                }
            }
        }
    }

    /** Textbook definition: pad, frame, window, DFT by the sum, |X|^p, dense mel matrix product. */
    private static double[][] naive(MelSettings s, double[] x) {
        int n = s.nFft();
        int pad = n / 2;
        double[] y = new double[x.length + 2 * pad];
        for (int i = 0; i < y.length; i++) {
            int j = i - pad;
            if (j >= 0 && j < x.length) {
                y[i] = x[j];
            } else if (s.padMode() == MelSettings.PadMode.REFLECT) {
                y[i] = x[j < 0 ? -j : 2 * (x.length - 1) - j];
            }
        }
        double[] w = WindowFunctions.padded(s.window(), s.winLength(), n);
        double[][] fb = MelFilterBank.of(s).dense();
        int frames = 1 + (y.length - n) / s.hopLength();
        double[][] out = new double[s.nMels()][frames];
        for (int t = 0; t < frames; t++) {
            double[] spec = new double[n / 2 + 1];
            for (int k = 0; k <= n / 2; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < n; j++) {
                    double v = y[t * s.hopLength() + j] * w[j];
                    re += v * Math.cos(2 * Math.PI * k * j / n);
                    im -= v * Math.sin(2 * Math.PI * k * j / n);
                }
                spec[k] = Math.pow(Math.hypot(re, im), s.power());
            }
            for (int m = 0; m < s.nMels(); m++) {
                for (int k = 0; k <= n / 2; k++) {
                    out[m][t] += fb[m][k] * spec[k];
                }
            }
        }
        return out;
    }

    @Test
    void sineLandsInItsMelBand() {
        MelFilterBank bank = MelFilterBank.of(SEC_PYTORCH_MEL);
        double[] centres = MelFilterBank.melFrequencies(SEC_PYTORCH_MEL.nMels() + 2, 0, 24000, MelSettings.MelScale.SLANEY);
        float[] x = new float[48000];
        double f = 3000;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * f * i / 48000);
        }
        double[][] mel = new MelSpectrogramExtractor(SEC_PYTORCH_MEL).power(x);
        int best = 0;
        for (int m = 0; m < mel.length; m++) {
            if (mel[m][100] > mel[best][100]) {
                best = m;
            }
        }
        assertTrue(centres[best] < f + 100 && centres[best + 2] > f - 100,
                "3 kHz should peak in a band spanning it, peaked in band " + best + " [" + centres[best] + ", " + centres[best + 2] + "]");
        assertEquals(128, bank.nMels());
    }

    @Test
    void pureAndThreadSafe() {
        MelSpectrogramExtractor ex = new MelSpectrogramExtractor(SEC_PYTORCH_MEL);
        List<float[]> signals = IntStream.range(0, 8).mapToObj(i -> {
            Random r = new Random(i);
            float[] x = new float[20000 + 1000 * i];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) r.nextGaussian() * 0.1f;
            }
            return x;
        }).toList();
        List<float[]> copies = signals.stream().map(float[]::clone).toList();
        List<double[][]> sequential = signals.stream().map(ex::power).toList();
        for (int rep = 0; rep < 3; rep++) {
            List<double[][]> parallel = signals.parallelStream().map(ex::power).toList();
            for (int i = 0; i < signals.size(); i++) {
                for (int m = 0; m < 128; m++) {
                    assertArrayEquals(sequential.get(i)[m], parallel.get(i)[m], 0.0);
                }
            }
        }
        for (int i = 0; i < signals.size(); i++) {
            assertArrayEquals(copies.get(i), signals.get(i), "input modified");
        }
    }

    @Test
    void slaneyAndHtkScales() {
        assertEquals(15.0, MelFilterBank.hzToMel(1000, MelSettings.MelScale.SLANEY), 1e-12);
        assertEquals(1000.0, MelFilterBank.melToHz(15.0, MelSettings.MelScale.SLANEY), 1e-9);
        assertEquals(7.5, MelFilterBank.hzToMel(500, MelSettings.MelScale.SLANEY), 1e-12);
        // log region: 6.4x the frequency is 27 mels further
        assertEquals(15.0 + 27.0, MelFilterBank.hzToMel(6400, MelSettings.MelScale.SLANEY), 1e-9);
        assertEquals(2595.0 * Math.log10(2.0), MelFilterBank.hzToMel(700, MelSettings.MelScale.HTK), 1e-9);
        assertEquals(700.0, MelFilterBank.melToHz(2595.0 * Math.log10(2.0), MelSettings.MelScale.HTK), 1e-9);
        assertEquals(46.875, MelFilterBank.fftFrequencies(48000, 1024)[1], 0.0);
    }

    @Test
    void slaneyNormGivesEachTriangleAreaOneOverHz() {
        // librosa's Slaney norm 2 / (f[i+2] - f[i]) makes each triangle's area (in Hz, continuous) equal to 1
        MelFilterBank unnormed = MelFilterBank.of(48000, 1024, 40, 0, 24000, MelSettings.MelScale.HTK, MelSettings.MelNorm.NONE);
        MelFilterBank normed = MelFilterBank.of(48000, 1024, 40, 0, 24000, MelSettings.MelScale.HTK, MelSettings.MelNorm.SLANEY);
        double[] f = MelFilterBank.melFrequencies(42, 0, 24000, MelSettings.MelScale.HTK);
        double[][] a = unnormed.dense();
        double[][] b = normed.dense();
        for (int m = 0; m < 40; m++) {
            double peak = 0;
            for (double v : a[m]) {
                peak = Math.max(peak, v);
            }
            assertTrue(peak <= 1.0 && peak > 0.3, "unnormalised peak " + peak);
            for (int k = 0; k < a[m].length; k++) {
                assertEquals(a[m][k] * 2 / (f[m + 2] - f[m]), b[m][k], 1e-6 * Math.abs(b[m][k]) + 1e-12);
            }
        }
    }

    @Test
    void rejectsTooShortSignalsAndBadSettings() {
        MelSettings noCenter = SEC_PYTORCH_MEL.toBuilder().optCenter(false).build();
        assertThrows(IllegalArgumentException.class, () -> new MelSpectrogramExtractor(noCenter).power(new float[1000]));
        assertEquals(1, new MelSpectrogramExtractor(noCenter).power(new float[1024])[0].length);
        assertThrows(IllegalArgumentException.class, () -> SEC_PYTORCH_MEL.toBuilder().optWinLength(2048).build());
        assertThrows(IllegalArgumentException.class, () -> SEC_PYTORCH_MEL.toBuilder().optFMax(30000).build());
        assertThrows(IllegalStateException.class, () -> MelSettings.builder().build());
    }
}
