package org.ser4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandardScalerTest {

    @Test
    void perCellIsSklearnsPopulationStdWithConstantCellsScaledByOne() {
        List<float[][]> train = List.of(new float[][] {{1, 5}}, new float[][] {{3, 5}}, new float[][] {{5, 5}});
        StandardScaler s = StandardScaler.fit(StandardScaler.Kind.PER_CELL, train);
        // cell 0: mean 3, population variance (4 + 0 + 4) / 3 = 8/3; cell 1: constant 5 -> scale 1
        assertArrayEquals(new double[] {3, 5}, s.mean(), 0.0);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3.0), 1.0}, s.scale(), 1e-15);
        float[][] out = s.transform(new float[][] {{1, 7}});
        assertEquals(-1.2247448713915890f, out[0][0], 0f); // (1 - 3) / sqrt(8/3) = -sqrt(3/2)
        assertEquals(2.0f, out[0][1], 0f);
    }

    @Test
    void numericallyConstantCellGetsScaleOne() {
        // 0.1f three times: the mean is inexact, the variance a rounding residue
        List<float[][]> train = List.of(new float[][] {{0.1f}}, new float[][] {{0.1f}}, new float[][] {{0.1f}});
        StandardScaler s = StandardScaler.fit(StandardScaler.Kind.PER_CELL, train);
        assertEquals(1.0, s.scale()[0], 0.0);
    }

    @Test
    void perBandPoolsAllFramesOfAllImages() {
        List<float[][]> train = List.of(new float[][] {{1, 2}, {10, 10}}, new float[][] {{3}, {10}});
        StandardScaler s = StandardScaler.fit(StandardScaler.Kind.PER_BAND, train);
        // band 0: values 1, 2, 3 -> mean 2, variance 2/3; band 1: constant 10
        assertArrayEquals(new double[] {2, 10}, s.mean(), 0.0);
        assertArrayEquals(new double[] {Math.sqrt(2.0 / 3.0), 1.0}, s.scale(), 1e-15);
        assertEquals(0, s.frames());
        float[][] out = s.transform(new float[][] {{4, 0, 2}, {11, 9, 10}});
        assertArrayEquals(new float[] {(float) Math.sqrt(6.0), (float) -Math.sqrt(6.0), 0f}, out[0], 1e-6f);
        assertArrayEquals(new float[] {1, -1, 0}, out[1], 0f);
    }

    @Test
    void transformDoesNotModifyItsInputAndChecksShape() {
        StandardScaler s = StandardScaler.fit(StandardScaler.Kind.PER_CELL,
                List.of(new float[][] {{1, 2}}, new float[][] {{3, 6}}));
        float[][] in = {{5, 5}};
        s.transform(in);
        assertArrayEquals(new float[] {5, 5}, in[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.transform(new float[][] {{1, 2, 3}}));
        assertTrue(e.getMessage().contains("expected 1 x 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(StandardScaler.Kind.PER_CELL,
                List.of(new float[][] {{1, 2}}, new float[][] {{3}})));
    }

    @Test
    void roundTripsThroughStreamsAndFiles(@TempDir Path dir) throws IOException {
        for (StandardScaler.Kind kind : StandardScaler.Kind.values()) {
            StandardScaler s = StandardScaler.fit(kind, List.of(new float[][] {{1, 2, 3}, {4, 5, 6}},
                    new float[][] {{0.5f, -2, 7}, {1, 1, 1}}));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            s.write(bytes);
            bytes.write(42); // something after the scaler in the same stream stays unread
            ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
            assertEquals(s, StandardScaler.read(in));
            assertEquals(42, in.read());
            Path file = dir.resolve(kind + ".scaler");
            s.write(file);
            assertEquals(s, StandardScaler.read(file));
        }
    }

    @Test
    void corruptFilesAreRejectedWithTheirName(@TempDir Path dir) throws IOException {
        StandardScaler s = StandardScaler.fit(StandardScaler.Kind.PER_BAND, List.<float[][]>of(new float[][] {{1, 2}}));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.write(bytes);
        byte[] good = bytes.toByteArray();
        Path truncated = dir.resolve("truncated.scaler");
        Files.write(truncated, Arrays.copyOf(good, good.length - 3));
        IOException e = assertThrows(IOException.class, () -> StandardScaler.read(truncated));
        assertTrue(e.getMessage().contains("truncated.scaler") && e.getMessage().contains("truncated"), e.getMessage());
        Path wrong = dir.resolve("wrong.scaler");
        Files.write(wrong, "not a scaler at all".getBytes());
        e = assertThrows(IOException.class, () -> StandardScaler.read(wrong));
        assertTrue(e.getMessage().contains("SER4JSCL"), e.getMessage());
        byte[] future = good.clone();
        future[11] = 9; // format version 9
        e = assertThrows(IOException.class, () -> StandardScaler.read(new ByteArrayInputStream(future), "future"));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void perUtteranceRemovesEachClipsOwnBandLevelsAndSpread() throws IOException {
        float[][] a = {{1, 2, 3, 4}, {-50, -50, -50, -50}};
        float[][] b = {{11, 13, 15, 17}, {-80, -79.5f, -80, -80.5f}};
        StandardScaler s = StandardScaler.fit(StandardScaler.Kind.PER_UTTERANCE, List.of(a, b));
        assertEquals(0, s.frames());
        // band 0 of both clips normalises to the same pattern; a shift and a stretch change nothing
        float[][] shifted = {{101, 102, 103, 104}, {7, 7, 7, 7}};
        assertArrayEquals(s.transform(a)[0], s.transform(shifted)[0], 1e-6f);
        assertArrayEquals(s.transform(a)[0], s.transform(b)[0], 1e-6f);
        // a constant band stays constant (its deviation counts as the 1 dB floor, not 0)
        float[] flat = s.transform(a)[1];
        for (float v : flat) {
            assertEquals(flat[0], v, 0f);
            assertTrue(Float.isFinite(v));
        }
        float[][] norm = StandardScaler.normaliseUtterance(new float[][] {{0, 2}});
        assertArrayEquals(new float[] {-1, 1}, norm[0], 0f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(out);
        StandardScaler read = StandardScaler.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(StandardScaler.Kind.PER_UTTERANCE, read.kind());
        assertArrayEquals(s.transform(b)[1], read.transform(b)[1], 0f);
    }
}
