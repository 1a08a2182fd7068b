package org.ser4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PowerToDbTest {

    private static final double EPS = 1e-12;

    @Test
    void refMaxClipsAtTopDb() {
        double[][] power = {{1.0, 0.1}, {0.01, 1e-12}};
        double[][] db = PowerToDb.apply(power, DbSettings.SEED);
        assertArrayEquals(new double[] {0.0, -10.0}, db[0], EPS);
        // 1e-12 is floored by amin to 1e-10 = -100 dB, then clipped at max - 80 = -80
        assertArrayEquals(new double[] {-20.0, -80.0}, db[1], EPS);
        assertEquals(1e-12, power[1][1], "input unchanged");
    }

    @Test
    void fixedRefAndNoTopDb() {
        double[][] power = {{1.0, 0.1}, {0.01, 1e-12}};
        double[][] db = PowerToDb.apply(power, new DbSettings(10.0, 1e-10, null));
        assertArrayEquals(new double[] {-10.0, -20.0}, db[0], EPS);
        assertArrayEquals(new double[] {-30.0, -110.0}, db[1], EPS);
        double[][] clipped = PowerToDb.apply(power, new DbSettings(10.0, 1e-10, 50.0));
        assertArrayEquals(new double[] {-30.0, -60.0}, clipped[1], EPS);
    }

    @Test
    void silenceIsZeroDbWithRefMax() {
        double[][] db = PowerToDb.apply(new double[3][4], DbSettings.SEED);
        for (double[] row : db) {
            assertArrayEquals(new double[4], row, 0.0);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DbSettings(null, 0.0, 80.0));
        assertThrows(IllegalArgumentException.class, () -> new DbSettings(null, 1e-10, -1.0));
    }
}
