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
        double[][] db = PowerToDb.apply(power, DbSettings.SEC_PYTORCH);
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
        double[][] db = PowerToDb.apply(new double[3][4], DbSettings.SEC_PYTORCH);
        for (double[] row : db) {
            assertArrayEquals(new double[4], row, 0.0);
        }
    }

    /** librosa.power_to_db written out plainly, for comparison with the optimised pass. */
    private static double[][] plain(double[][] s, DbSettings settings) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : s) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double ref = settings.refIsMax() ? max : Math.abs(settings.ref());
        double[][] out = new double[s.length][s[0].length];
        double top = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < s.length; r++) {
            for (int i = 0; i < s[r].length; i++) {
                out[r][i] = 10.0 * Math.log10(Math.max(settings.amin(), s[r][i])) - 10.0 * Math.log10(Math.max(settings.amin(), ref));
                top = Math.max(top, out[r][i]);
            }
        }
        if (settings.topDb() != null) {
            for (double[] row : out) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = Math.max(row[i], top - settings.topDb());
                }
            }
        }
        return out;
    }

    @Test
    void skippingClippedCellsGivesExactlyThePlainFormula() {
        java.util.Random r = new java.util.Random(11);
        DbSettings[] all = {DbSettings.SEC_PYTORCH, new DbSettings(null, 1e-3, 20.0), new DbSettings(2.0, 1e-10, 80.0),
            new DbSettings(null, 1e-10, 0.0), new DbSettings(null, 1e-10, null)};
        for (int trial = 0; trial < 50; trial++) {
            double[][] p = new double[8][64];
            double scale = Math.pow(10, -14 * r.nextDouble());
            for (double[] row : p) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = scale * Math.pow(10, -10 * r.nextDouble());
                }
            }
            p[0][0] = scale * 1e-8; // exactly at the 80 dB floor of a maximum near scale
            p[0][1] = scale * 1e-8 * (1 - 1e-15);
            p[1][0] = 0.0;
            for (DbSettings s : all) {
                double[][] expected = plain(p, s);
                double[][] actual = PowerToDb.apply(p, s);
                float[][] asFloat = PowerToDb.toFloat(p, s);
                for (int m = 0; m < p.length; m++) {
                    assertArrayEquals(expected[m], actual[m], 0.0, s + " trial " + trial);
                    for (int t = 0; t < p[m].length; t++) {
                        assertEquals((float) expected[m][t], asFloat[m][t], 0f);
                    }
                }
            }
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DbSettings(null, 0.0, 80.0));
        assertThrows(IllegalArgumentException.class, () -> new DbSettings(null, 1e-10, -1.0));
    }
}
