package org.ser4j.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwgnAugmentationTest {

    private static final int RATE = 48_000;

    /** 0.5 s of a 440 Hz tone with amplitude 0.3 plus a 1 kHz overtone. */
    private static float[] tone() {
        float[] s = new float[RATE / 2];
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / RATE;
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.05 * Math.sin(2 * Math.PI * 1000 * t));
        }
        return s;
    }

    private static double measuredSnrDb(float[] signal, float[] copy) {
        double ps = 0;
        double pn = 0;
        for (int i = 0; i < signal.length; i++) {
            double d = (double) copy[i] - signal[i];
            ps += (double) signal[i] * signal[i];
            pn += d * d;
        }
        return 10 * Math.log10(ps / pn);
    }

    @Test
    void seedSettingIsTwoCopiesAt15To29() {
        assertEquals(new AwgnAugmentation(2, 15, 29), AwgnAugmentation.SEC_PYTORCH);
    }

    @Test
    void copiesHaveTheDrawnSnrAndOwnNoise() {
        float[] s = tone();
        float[] original = s.clone();
        for (long seed = 0; seed < 20; seed++) {
            int drawn = AwgnAugmentation.SEC_PYTORCH.drawSnrDb(new Random(seed)); // the first draw of augment()
            assertTrue(drawn >= 15 && drawn <= 29, "SNR " + drawn);
            List<float[]> copies = AwgnAugmentation.SEC_PYTORCH.augment(s, RATE, new Random(seed));
            assertEquals(2, copies.size());
            for (float[] c : copies) {
                assertEquals(s.length, c.length);
                // float rounding of s + K n limits the agreement to ~1e-5 dB
                assertEquals(drawn, measuredSnrDb(s, c), 1e-3, "seed " + seed);
            }
            assertFalse(java.util.Arrays.equals(copies.get(0), copies.get(1)), "each copy draws its own noise");
        }
        assertArrayEquals(original, s, "input must not be modified");
    }

    @Test
    void snrDrawsCoverTheWholeRangeAndNothingElse() {
        Set<Integer> seen = new HashSet<>();
        Random rng = new Random(7);
        for (int i = 0; i < 2000; i++) {
            seen.add(AwgnAugmentation.SEC_PYTORCH.drawSnrDb(rng));
        }
        Set<Integer> expected = new HashSet<>();
        for (int v = 15; v <= 29; v++) {
            expected.add(v);
        }
        assertEquals(expected, seen);
    }

    @Test
    void noiseIsGaussianWithTheExpectedScale() {
        float[] s = tone();
        float[] c = AwgnAugmentation.withNoise(s, 20, new Random(3));
        double ps = 0;
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            ps += (double) s[i] * s[i];
            sum += c[i] - s[i];
        }
        // noise power = signal power / 100 at 20 dB; its mean is ~0 (|mean| < 4 sigma/sqrt(n))
        double sigma = Math.sqrt(ps / s.length / 100);
        assertEquals(0, sum / s.length, 4 * sigma / Math.sqrt(s.length));
        assertEquals(20, measuredSnrDb(s, c), 1e-3);
    }

    @Test
    void sameSeedSameCopiesOtherSeedOtherCopies() {
        float[] s = tone();
        List<float[]> a = AwgnAugmentation.SEC_PYTORCH.augment(s, RATE, new Random(42));
        List<float[]> b = AwgnAugmentation.SEC_PYTORCH.augment(s, RATE, new Random(42));
        List<float[]> c = AwgnAugmentation.SEC_PYTORCH.augment(s, RATE, new Random(43));
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.get(i), b.get(i));
            assertFalse(java.util.Arrays.equals(a.get(i), c.get(i)));
        }
    }

    @Test
    void silentSignalStaysSilentWithoutNaN() {
        float[] zeros = new float[1000];
        List<float[]> copies = new AwgnAugmentation(3, 15, 29).augment(zeros, RATE, new Random(1));
        assertEquals(3, copies.size());
        for (float[] c : copies) {
            assertArrayEquals(zeros, c);
        }
        List<float[]> empty = AwgnAugmentation.SEC_PYTORCH.augment(new float[0], RATE, new Random(1));
        assertEquals(0, empty.get(0).length);
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new AwgnAugmentation(0, 15, 29));
        assertThrows(IllegalArgumentException.class, () -> new AwgnAugmentation(2, 30, 15));
        assertThrows(IllegalArgumentException.class, () -> AwgnAugmentation.SEC_PYTORCH.augment(new float[4], 0, new Random()));
    }
}
