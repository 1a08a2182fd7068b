package org.ser4j.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.model.Architecture;

/**
 * Native memory (outside the Java heap) stays flat over many multi-window predictions (issue 20:
 * it grew by about 20 MB per 60 s recording when all forward passes of one recording shared one
 * native memory scope). Runs in its own JVM with a fixed, pre-touched heap (ser4j-model's pom), so
 * that the resident size changes only with native memory.
 */
class NativeMemoryTest {

    private static final Path STATUS = Path.of("/proc/self/status");

    private static final int RUNS = 10;

    @TempDir
    Path tmp;

    /** Resident memory minus the committed Java heap and non-heap (code cache, metaspace), in MiB. */
    private static double nativeMiB() throws IOException {
        long rssKb = -1;
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long java = memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
        return (rssKb * 1024.0 - java) / (1 << 20);
    }

    @Test
    void manyLongRecordingsDoNotGrowNativeMemory() throws IOException {
        assumeTrue(Files.isReadable(STATUS), "needs /proc/self/status (Linux)");
        Path bundle = UntrainedBundle.write(Architecture.COMPACT_CNN_DEEP, tmp.resolve("model"));
        // what the JVM holds already (other tests of this fork may have trained models): the figures below
        // are measured from here, so that they do not depend on the order the tests run in
        double start = nativeMiB();
        float[] recording = new float[60 * 16_000];
        Random random = new Random(20);
        for (int i = 0; i < recording.length; i++) {
            recording[i] = (float) (0.1 * random.nextGaussian() * (1 + Math.sin(i * 2e-3)));
        }
        try (EmotionRecognizer r = EmotionRecognizer.load(bundle, PredictionSettings.of(3.0, 1.0).withVoiceActivity(false))) {
            for (int i = 0; i < 5; i++) {
                r.predict(recording, 16_000); // allocator pools and JIT settle
            }
            double before = nativeMiB();
            int windows = 0;
            for (int i = 0; i < RUNS; i++) {
                windows = r.predict(recording, 16_000).segments().size();
            }
            double growth = nativeMiB() - before;
            System.out.printf("NativeMemoryTest: native memory %.0f MiB after warm-up, grew by %.0f MiB over %d recordings%n", before, growth, RUNS);
            assertEquals(58, windows, "windows per recording");
            // measured on the 2-core machine (issue 20): before the fix 747 MiB after the warm-up and 53 more
            // over the 10 recordings (all 58 passes of a recording in one native scope); after it 249 and 36
            // (the leak itself was about 28 MiB per recording: 280 MiB over these 10)
            double used = before + growth - start;
            assertTrue(used < 400, String.format("native memory rose by %.0f MiB with %d recordings of 60 s", used, RUNS + 5));
            assertTrue(growth < 100, String.format("native memory grew by %.0f MiB over %d recordings of 60 s", growth, RUNS));
        }
    }
}
