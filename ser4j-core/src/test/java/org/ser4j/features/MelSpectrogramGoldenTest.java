package org.ser4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;
import org.ser4j.testing.SharedData;

/**
 * Acceptance: every case of {@code ../shared/golden} (librosa 0.8.1 reflect / 0.9.2 constant)
 * is reproduced from its {@code signal.npy}: mel power within 1e-9 relative (plus an absolute floor
 * of 1e-20) and dB within 1e-6 dB.
 */
class MelSpectrogramGoldenTest {

    static final double POWER_RELATIVE_TOLERANCE = 1e-9;
    static final double POWER_ABSOLUTE_FLOOR = 1e-20;
    static final double DB_TOLERANCE = 1e-6;

    @TestFactory
    List<DynamicTest> everyGoldenCaseMatchesLibrosa(TestReporter reporter) throws IOException {
        Path dir = SharedData.golden();
        GoldenCases golden = GoldenCases.read(dir);
        assertTrue(golden.cases().size() >= 9, "expected at least 9 golden cases, found " + golden.cases().size());
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenCases.GoldenCase c : golden.cases()) {
            for (MelSettings.PadMode pad : MelSettings.PadMode.values()) {
                tests.add(DynamicTest.dynamicTest(c.name() + " " + pad.id(), () -> check(dir, c, pad, reporter)));
            }
        }
        return tests;
    }

    /** The two librosa versions differ at the edges, so the test can tell the pad modes apart. */
    @TestFactory
    List<DynamicTest> padModesAreDistinguished() throws IOException {
        Path dir = SharedData.golden();
        GoldenCases golden = GoldenCases.read(dir);
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenCases.GoldenCase c : golden.cases()) {
            double[] signal = Npy.read(c.file(dir, "signal")).data();
            int edge = c.settings().nFft() / 2 + 1;
            if (!nonZero(signal, 0, edge) && !nonZero(signal, signal.length - edge, signal.length)) {
                continue; // digital silence at both edges: both paddings give the same numbers
            }
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                double[][] reflect = new MelSpectrogramExtractor(c.settings(MelSettings.PadMode.REFLECT)).power(signal);
                double[][] constant = Npy.read(c.file(dir, "mel_power.constant")).rows();
                double worst = 0;
                int last = constant[0].length - 1;
                for (int m = 0; m < reflect.length; m++) {
                    for (int t : new int[] {0, last}) {
                        worst = Math.max(worst, Math.abs(reflect[m][t] - constant[m][t]) / (constant[m][t] + POWER_ABSOLUTE_FLOOR));
                    }
                }
                assertTrue(worst > 1e-3, c.name() + ": reflect and constant padding should differ in the first or last frame, "
                        + "max relative difference " + worst);
            }));
        }
        assertTrue(tests.size() >= 5, "expected at least 5 golden cases with sound at an edge, found " + tests.size());
        return tests;
    }

    private static boolean nonZero(double[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (x[i] != 0) {
                return true;
            }
        }
        return false;
    }

    private static void check(Path dir, GoldenCases.GoldenCase c, MelSettings.PadMode pad, TestReporter reporter)
            throws IOException {
        double[] signal = Npy.read(c.file(dir, "signal")).data();
        Npy.Array expectedPower = Npy.read(c.file(dir, "mel_power." + pad.id()));
        double[][] expectedDb = Npy.read(c.file(dir, "mel_db." + pad.id())).rows();
        MelSpectrogramExtractor extractor = new MelSpectrogramExtractor(c.settings(pad));
        double[][] power = extractor.power(signal);
        assertArrayEquals(expectedPower.shape(), new int[] {power.length, power[0].length},
                c.name() + " " + pad.id() + ": shape (n_mels, frames)");
        double[][] expected = expectedPower.rows();
        double maxRel = 0;
        for (int m = 0; m < power.length; m++) {
            for (int t = 0; t < power[m].length; t++) {
                double e = expected[m][t];
                double diff = Math.abs(power[m][t] - e);
                double allowed = POWER_RELATIVE_TOLERANCE * Math.abs(e) + POWER_ABSOLUTE_FLOOR;
                if (!(diff <= allowed)) {
                    throw new AssertionError(c.name() + " " + pad.id() + ": mel power [" + m + "][" + t
                            + "] expected " + e + ", found " + power[m][t] + " (relative " + diff / Math.abs(e) + ")");
                }
                if (e > POWER_ABSOLUTE_FLOOR) {
                    maxRel = Math.max(maxRel, diff / e);
                }
            }
        }
        double[][] db = PowerToDb.apply(power, DbSettings.SEC_PYTORCH);
        double maxDb = 0;
        for (int m = 0; m < db.length; m++) {
            for (int t = 0; t < db[m].length; t++) {
                double diff = Math.abs(db[m][t] - expectedDb[m][t]);
                if (!(diff <= DB_TOLERANCE)) {
                    assertEquals(expectedDb[m][t], db[m][t], DB_TOLERANCE,
                            c.name() + " " + pad.id() + ": mel dB [" + m + "][" + t + "]");
                }
                maxDb = Math.max(maxDb, diff);
            }
        }
        String line = c.name() + " " + pad.id() + ": max relative power error " + maxRel + ", max dB error " + maxDb;
        reporter.publishEntry(c.name() + "." + pad.id(), line);
        // the measured errors, for the record (surefire does not show report entries of dynamic tests)
        Path report = Path.of("target", "mel-golden-errors.txt");
        if (Files.isDirectory(report.getParent())) {
            Files.writeString(report, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
