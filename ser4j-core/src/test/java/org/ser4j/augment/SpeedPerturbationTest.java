package org.ser4j.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeedPerturbationTest {

    private static final int RATE = 16_000;

    private static float[] sine(double hz, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /** Frequency from the mean spacing of upward zero crossings in the middle of the signal. */
    private static double frequency(float[] x) {
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = x.length / 4; i < 3 * x.length / 4; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return (double) RATE * crossings / (last - first);
    }

    @Test
    void copiesAreShorterOrLongerAndHigherOrLowerByTheFactor() {
        float[] tone = sine(440, RATE * 2);
        List<float[]> copies = SpeedPerturbation.DEFAULT.augment(tone, RATE, null);
        assertEquals(2, copies.size());
        float[] slow = copies.get(0);
        float[] fast = copies.get(1);
        assertEquals(Math.ceil(tone.length / 0.9), slow.length, 1);
        assertEquals(Math.ceil(tone.length / 1.1), fast.length, 1);
        assertEquals(440 * 0.9, frequency(slow), 0.5);
        assertEquals(440 * 1.1, frequency(fast), 0.5);
        assertEquals(440, frequency(tone), 0.5);
    }

    @Test
    void factorsOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SpeedPerturbation(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SpeedPerturbation(List.of(2.5)));
    }
}
