package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SignalsTest {

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void theSeedWindowTakesIntOffsetAndIntLengthThenPads() {
        // 48 kHz, 0.5 s offset, 3 s: samples [24000, 168000) of the signal, padded to 144000
        float[] x = ramp(100_000);
        float[] w = Signals.window(x, 48_000, 0.5, 3.0, true);
        assertEquals(144_000, w.length);
        assertEquals(24_001f, w[0]);
        assertEquals(100_000f, w[75_999]);
        assertEquals(0f, w[76_000]);
        assertEquals(0f, w[143_999]);
    }

    @Test
    void offsetAndDurationAreTruncatedToWholeSamplesNotRounded() {
        float[] x = ramp(20);
        // 0.39 * 10 = 3.9 -> 3; 0.59 * 10 = 5.9 -> 5
        assertArrayEquals(new float[] {4, 5, 6, 7, 8}, Signals.window(x, 10, 0.39, 0.59, true));
    }

    @Test
    void withoutPaddingAShortSignalGivesWhatItHas() {
        float[] x = ramp(10);
        assertArrayEquals(new float[] {6, 7, 8, 9, 10}, Signals.window(x, 10, 0.5, 3.0, false));
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 0, 0, 0, 0, 0}, Signals.window(x, 10, 0.5, 1.0, true));
    }

    @Test
    void anOffsetPastTheEndGivesSilenceOrNothing() {
        float[] x = ramp(10);
        assertArrayEquals(new float[5], Signals.window(x, 10, 2.0, 0.5, true));
        assertEquals(0, Signals.window(x, 10, 2.0, 0.5, false).length);
    }

    @Test
    void infiniteDurationMeansToTheEnd() {
        assertArrayEquals(new float[] {9, 10}, Signals.window(ramp(10), 10, 0.8, Double.POSITIVE_INFINITY, true));
    }

    @Test
    void theInputIsNotModifiedAndTheResultIsNew() {
        float[] x = ramp(10);
        float[] w = Signals.window(x, 10, 0, 1.0, false);
        w[0] = -1;
        assertEquals(1f, x[0]);
    }

    @Test
    void nonsenseArgumentsAreRejected() {
        float[] x = ramp(10);
        assertThrows(IllegalArgumentException.class, () -> Signals.window(x, 0, 0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> Signals.window(x, 10, -0.1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> Signals.window(x, 10, Double.NaN, 1, true));
        assertThrows(IllegalArgumentException.class, () -> Signals.window(x, 10, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> Signals.window(x, 10, 0, Double.NaN, true));
    }

    @Test
    void framePowersAreMeanSquaresOfConsecutiveFramesTheLastOneShort() {
        double[] p = Signals.framePowers(new float[] {1, 1, 2, 2, 3}, 2);
        assertEquals(3, p.length);
        assertEquals(1.0, p[0]);
        assertEquals(4.0, p[1]);
        assertEquals(9.0, p[2]);
        assertEquals(0, Signals.framePowers(new float[0], 4).length);
        assertThrows(IllegalArgumentException.class, () -> Signals.framePowers(new float[3], 0));
    }
}
