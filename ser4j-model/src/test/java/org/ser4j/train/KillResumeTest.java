package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.AtomicFiles;
import org.ser4j.eval.TrainingHistory;

/**
 * Issue 5, training faults: a training run in a child JVM is killed with SIGKILL at random moments
 * (during start-up, then at a random delay after a random epoch's checkpoint: in batches, validation
 * or checkpoint writes). After every kill the model bundle
 * and the resume state on disk are complete; resuming until the run finishes gives exactly the
 * weights and history of an uninterrupted run.
 */
class KillResumeTest {

    private static final int EPOCHS = 5;
    private static final int KILLS = 3;

    @TempDir
    Path tmp;

    @Test
    void killedRunsLeaveCompleteFilesAndResumeToTheSameResult() throws Exception {
        Path straight = tmp.resolve("straight");
        new Trainer(TrainingChild.config(straight, EPOCHS), List.of()).train(TrainerTest.data());

        Path run = tmp.resolve("killed");
        Random rng = new Random(20261127);
        List<String> log = new ArrayList<>();
        int kills = 0;
        boolean finished = false;
        for (int attempt = 0; attempt < KILLS + 3 && !finished; attempt++) {
            boolean fresh = !Files.exists(run.resolve(RunDirectory.CONFIG));
            int done = epochsDone(run);
            Process child = start(run, fresh ? "train" : "resume");
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("read failed: " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            boolean kill = kills < KILLS && done < EPOCHS - 1;
            String when = "never";
            if (kill) {
                if (attempt == 0) {
                    // during start-up, data preparation or the first epoch
                    long ms = 200 + rng.nextInt(2500);
                    when = ms + " ms after start";
                    child.waitFor(ms, TimeUnit.MILLISECONDS);
                } else {
                    // during the epoch after a random checkpoint: batches, validation or the checkpoint write
                    int after = done + 1 + rng.nextInt(EPOCHS - 1 - done);
                    long ms = rng.nextInt(800);
                    when = ms + " ms after checkpoint " + after;
                    waitForLine(lines, child, "checkpoint " + after);
                    child.waitFor(ms, TimeUnit.MILLISECONDS);
                }
            }
            if (kill && child.isAlive()) {
                child.destroyForcibly().waitFor();
                kills++;
                log.add("killed " + when + ": " + describe(run));
                assertComplete(run, log);
            } else {
                assertTrue(child.waitFor(300, TimeUnit.SECONDS), "child hangs: " + log);
                reader.join(10_000);
                assertEquals(0, child.exitValue(), "child failed: " + String.join("\n", lines) + "\n" + log);
                finished = epochsDone(run) == EPOCHS;
                log.add("ran to its end (" + when + "): " + describe(run));
            }
        }
        assertTrue(finished, "the run never finished: " + log);
        assertTrue(kills >= 1, "no kill happened: " + log);
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(run.resolve("last/weights.params")), log.toString());
        assertArrayEquals(Files.readAllBytes(straight.resolve("model/weights.params")),
                Files.readAllBytes(run.resolve("model/weights.params")), log.toString());
        TrainingHistory a = TrainingHistory.load(straight.resolve("history.json"));
        TrainingHistory b = TrainingHistory.load(run.resolve("history.json"));
        assertEquals(EPOCHS, b.epochs().size());
        for (int i = 0; i < EPOCHS; i++) {
            assertEquals(a.epochs().get(i).trainLoss(), b.epochs().get(i).trainLoss(), log.toString());
            assertEquals(a.epochs().get(i).validationLoss(), b.epochs().get(i).validationLoss(), log.toString());
        }
    }

    private static int epochsDone(Path run) throws IOException {
        RunDirectory r = RunDirectory.of(run);
        return r.hasCheckpoint()
                ? ModelBundle.json().readTree(r.last().resolve(RunDirectory.STATE).toFile()).path("epochs_done").asInt()
                : 0;
    }

    /** Waits until the child prints {@code expected} or exits. */
    private static void waitForLine(BlockingQueue<String> lines, Process child, String expected) throws InterruptedException {
        while (child.isAlive() || !lines.isEmpty()) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(line)) {
                return;
            }
        }
    }

    private static Process start(Path run, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                TrainingChild.class.getName(), run.toString(), String.valueOf(EPOCHS), mode)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    private static String describe(Path run) throws IOException {
        RunDirectory r = RunDirectory.of(run);
        if (!r.hasCheckpoint()) {
            return "no checkpoint yet";
        }
        return "epochs done " + ModelBundle.json().readTree(r.last().resolve(RunDirectory.STATE).toFile())
                .path("epochs_done").asInt();
    }

    /** The bundle (if any) loads, and the resume state (if any) is whole and consistent with the history. */
    private static void assertComplete(Path run, List<String> log) throws IOException {
        RunDirectory r = RunDirectory.of(run);
        if (Files.exists(AtomicFiles.existingVersionOf(r.model()))) {
            ModelBundle.load(run); // throws if incomplete or corrupt
        }
        if (r.hasCheckpoint()) {
            Path last = r.last();
            int done = ModelBundle.json().readTree(last.resolve(RunDirectory.STATE).toFile()).path("epochs_done").asInt();
            assertEquals(done, TrainingHistory.load(last.resolve(RunDirectory.HISTORY)).epochs().size(), log.toString());
            assertTrue(Files.size(last.resolve(RunDirectory.WEIGHTS)) > 0 && Files.size(last.resolve(RunDirectory.OPTIMIZER)) > 0,
                    log.toString());
        }
    }
}
