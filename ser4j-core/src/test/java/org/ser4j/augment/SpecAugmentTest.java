package org.ser4j.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpecAugmentTest {

    private static final int BANDS = 64;
    private static final int FRAMES = 301;

    private static float[] ones(int images) {
        float[] x = new float[images * BANDS * FRAMES];
        Arrays.fill(x, 1f);
        return x;
    }

    @Test
    void masksAreWholeBandsAndWholeTimeSpansWithinTheirWidths() {
        SpecAugment masking = SpecAugment.forImage(BANDS, FRAMES);
        assertEquals(8, masking.maxBands());
        assertEquals(30, masking.maxFrames());
        Random rng = new Random(5);
        boolean anyMasked = false;
        for (int trial = 0; trial < 200; trial++) {
            float[] x = ones(1);
            masking.applyInPlace(x, BANDS, FRAMES, rng);
            int fullBands = 0;
            boolean[] maskedColumn = new boolean[FRAMES];
            for (int b = 0; b < BANDS; b++) {
                int zeros = 0;
                for (int t = 0; t < FRAMES; t++) {
                    zeros += x[b * FRAMES + t] == 0f ? 1 : 0;
                }
                if (zeros == FRAMES) {
                    fullBands++;
                }
            }
            for (int t = 0; t < FRAMES; t++) {
                boolean all = true;
                for (int b = 0; b < BANDS; b++) {
                    all &= x[b * FRAMES + t] == 0f;
                }
                maskedColumn[t] = all;
            }
            int columns = 0;
            for (boolean c : maskedColumn) {
                columns += c ? 1 : 0;
            }
            // every zero lies in a fully masked band or a fully masked column
            for (int b = 0; b < BANDS; b++) {
                for (int t = 0; t < FRAMES; t++) {
                    if (x[b * FRAMES + t] == 0f) {
                        boolean band = true;
                        for (int u = 0; u < FRAMES; u++) {
                            band &= x[b * FRAMES + u] == 0f;
                        }
                        assertTrue(band || maskedColumn[t], "stray masked cell at band " + b + ", frame " + t);
                    }
                }
            }
            assertTrue(fullBands <= 2 * 8 || columns == FRAMES, "at most two masks of 8 bands: " + fullBands);
            assertTrue(columns <= 2 * 30 || fullBands == BANDS, "at most two masks of 30 frames: " + columns);
            anyMasked |= fullBands > 0 || columns > 0;
        }
        assertTrue(anyMasked);
    }

    @Test
    void sameSeedSameMasksAndEachImageOfABatchGetsItsOwn() {
        SpecAugment masking = SpecAugment.forImage(BANDS, FRAMES);
        float[] a = ones(3);
        float[] b = ones(3);
        masking.applyInPlace(a, BANDS, FRAMES, new Random(9));
        masking.applyInPlace(b, BANDS, FRAMES, new Random(9));
        assertArrayEquals(a, b);
        int size = BANDS * FRAMES;
        float[] first = Arrays.copyOfRange(a, 0, size);
        float[] second = Arrays.copyOfRange(a, size, 2 * size);
        assertFalse(Arrays.equals(first, second), "two images drew the same masks");
    }

    @Test
    void noMasksLeaveTheImageAlone() {
        float[] x = ones(1);
        new SpecAugment(0, 8, 0, 30, 0f).applyInPlace(x, BANDS, FRAMES, new Random(1));
        assertArrayEquals(ones(1), x);
    }

    @Test
    void valuesThatAreNotWholeImagesAreRefused() {
        SpecAugment masking = SpecAugment.forImage(BANDS, FRAMES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> masking.applyInPlace(new float[BANDS * FRAMES + 1], BANDS, FRAMES, new Random(1)));
        assertTrue(e.getMessage().contains("64 x 301"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpecAugment(-1, 8, 2, 30, 0f));
    }
}
