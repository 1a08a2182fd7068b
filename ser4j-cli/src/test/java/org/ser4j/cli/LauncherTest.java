package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the launcher gives {@code predict} the JVM options of its workload: one recording starts
 * fastest with the C1 compiler only, a directory or many recordings run faster under C2 with the
 * resampler's vector loop; either way the young generation is bounded so the heap does not grow
 * with the number of files. Runs the real {@code ./ser4j} script in its dry-run mode, which prints
 * the options and neither builds nor starts a JVM.
 */
class LauncherTest {

    private static final String ONE = "-XX:TieredStopAtLevel=1 -Xmn128m";
    private static final String BATCH = "--add-modules jdk.incubator.vector -Xmn128m";

    @TempDir
    Path tmp;

    private static String jvmOptions(String... args) throws IOException, InterruptedException {
        Path launcher = Path.of("..", "ser4j").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SER4J_LAUNCHER_DRY_RUN", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not return");
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void oneRecordingGetsTheQuickStartingCompiler() throws Exception {
        Path clip = Files.createFile(tmp.resolve("a.wav"));
        Path model = Files.createDirectories(tmp.resolve("model"));
        assertEquals(ONE, jvmOptions("predict", clip.toString()));
        // a directory given as an option's value is the model, not recordings
        assertEquals(ONE, jvmOptions("predict", "--model", model.toString(), "--json", "--jobs", "2", clip.toString()));
        assertEquals(ONE, jvmOptions("predict", "-m", model.toString(), "--channels", "each", clip.toString()));
        assertEquals(ONE, jvmOptions("predict", "--model=" + model, clip.toString()));
    }

    @Test
    void aDirectoryOrManyRecordingsGetTheOptimisingCompiler() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("calls"));
        assertEquals(BATCH, jvmOptions("predict", dir.toString()));
        assertEquals(BATCH, jvmOptions("predict", "--json", Files.createFile(tmp.resolve("x.wav")).toString(), dir.toString()));
        List<String> args = new ArrayList<>(List.of("predict"));
        for (int i = 0; i < 20; i++) {
            args.add(Files.createFile(tmp.resolve(i + ".wav")).toString());
        }
        assertEquals(ONE, jvmOptions(args.toArray(String[]::new)), "20 recordings");
        args.add(Files.createFile(tmp.resolve("20.wav")).toString());
        assertEquals(BATCH, jvmOptions(args.toArray(String[]::new)), "21 recordings");
    }

    @Test
    void otherCommandsKeepTheirOptions() throws Exception {
        assertEquals("-XX:TieredStopAtLevel=1", jvmOptions("listen"));
        assertEquals("--add-modules jdk.incubator.vector", jvmOptions("serve", "--port", "0"));
        assertEquals("--add-modules jdk.incubator.vector", jvmOptions("train", "--data", "x"));
        assertEquals("", jvmOptions("--help"));
    }
}
