package org.ser4j.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MixupTest {

    @Test
    void weightsHaveTheMeanAndVarianceOfBetaAlphaAlpha() {
        Mixup mixup = new Mixup(0.4);
        Random rng = new Random(4);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double x = mixup.drawWeight(rng);
            assertTrue(x >= 0 && x <= 1, "draw " + x);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertEquals(0.5, mean, 0.005);
        assertEquals(1 / (4 * (2 * 0.4 + 1)), variance, 0.003); // Beta(a, a): 1 / (4 (2a + 1)) = 0.1389
    }

    @Test
    void eachRowIsBlendedWithItsPartnerAndTheInputIsKept() {
        float[][] rows = {{1, 2}, {3, 4}, {5, 6}};
        float[][] mixed = Mixup.mix(rows, new int[] {2, 0, 1}, 0.75f);
        assertArrayEquals(new float[] {0.75f * 1 + 0.25f * 5, 0.75f * 2 + 0.25f * 6}, mixed[0], 1e-6f);
        assertArrayEquals(new float[] {0.75f * 3 + 0.25f * 1, 0.75f * 4 + 0.25f * 2}, mixed[1], 1e-6f);
        assertArrayEquals(new float[] {1, 2}, rows[0], 0f);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Mixup(0));
        assertThrows(IllegalArgumentException.class, () -> Mixup.mix(new float[2][1], new int[1], 0.5f));
    }
}
