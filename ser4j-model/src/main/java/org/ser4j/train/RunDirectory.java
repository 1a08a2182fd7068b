package org.ser4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.DiskSpace;

/**
 * The files of one training run:
 * <pre>
 *   RUN_DIR/config.json     the {@link TrainingConfig} (ids, snake_case), with the corpus directory
 *   RUN_DIR/split.json      the split (train / validation / test utterances)
 *   RUN_DIR/scaler.bin      the scaler fitted on the training features (reused on resume)
 *   RUN_DIR/history.json    the training history, one record per finished epoch
 *   RUN_DIR/model/          the model bundle of the epoch with the lowest validation loss
 *   RUN_DIR/last/           resume state after the last finished epoch: weights.params,
 *                           optimizer.bin, state.json, history.json
 *   RUN_DIR/evaluation/     metrics.json (and the CLI's report) of the model on the test split
 * </pre>
 * {@code model/}, {@code last/} and the JSON files are replaced atomically, so a crash at any point
 * leaves complete files and {@code --resume} loses at most the epoch in progress.
 */
public final class RunDirectory {

    public static final String CONFIG = "config.json";
    public static final String SPLIT = "split.json";
    public static final String SCALER = "scaler.bin";
    public static final String HISTORY = "history.json";
    public static final String MODEL = ModelBundle.RUN_MODEL_DIR;
    public static final String LAST = "last";
    public static final String EVALUATION = "evaluation";
    public static final String STATE = "state.json";
    /** The kept model's test figures in {@link #EVALUATION} (the name ser4j-report's pages use too). */
    public static final String METRICS = "metrics.json";
    public static final String WEIGHTS = ModelBundle.WEIGHTS_FILE;
    public static final String OPTIMIZER = "optimizer.bin";
    /** The weight average of a run with {@code --ema} ({@link WeightAverage}). */
    public static final String AVERAGE = "average.bin";

    /** Room kept free beyond the run's own files (logs, file-system slack). */
    private static final long SPARE_BYTES = 64L << 20;
    /** Copies of the weights on disk at worst: model/ and last/, each twice while being replaced. */
    private static final int WEIGHT_COPIES = 4;

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    public static RunDirectory of(Path dir) {
        return new RunDirectory(dir.toAbsolutePath().normalize());
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return dir.resolve(CONFIG);
    }

    public Path split() {
        return dir.resolve(SPLIT);
    }

    public Path scaler() {
        return dir.resolve(SCALER);
    }

    public Path history() {
        return dir.resolve(HISTORY);
    }

    public Path model() {
        return dir.resolve(MODEL);
    }

    /** The resume state directory as it exists now (its previous copy during a replacement). */
    public Path last() {
        return AtomicFiles.existingVersionOf(dir.resolve(LAST));
    }

    public Path evaluation() {
        return dir.resolve(EVALUATION);
    }

    /** The kept model's test figures, {@code evaluation/metrics.json}. */
    public Path metrics() {
        return evaluation().resolve(METRICS);
    }

    /**
     * Where the run stood after its last finished epoch ({@code last/state.json}).
     *
     * @throws IOException naming the file when it is missing or unreadable
     */
    public TrainingState readState() throws IOException {
        Path file = last().resolve(STATE);
        try {
            return ModelBundle.json().readValue(file.toFile(), TrainingState.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a readable training state (" + e.getOriginalMessage() + ")", e);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": missing; no epoch of this run has finished", e);
        }
    }

    /** Whether a run was started here ({@code config.json} exists). */
    public boolean hasRun() {
        return Files.exists(config());
    }

    /** Whether at least one epoch finished here (resume state exists). */
    public boolean hasCheckpoint() {
        return Files.exists(last().resolve(STATE));
    }

    /** The recorded configuration, with this directory as run directory. */
    public TrainingConfig readConfig() throws IOException {
        if (!Files.exists(config())) {
            throw new IOException(config() + ": missing; " + dir + " is not a ser4j training run directory");
        }
        JsonNode n;
        try {
            n = ModelBundle.json().readTree(config().toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the parser's own text names no file (issue 20)
            throw new IOException(config() + ": not valid JSON (" + e.getOriginalMessage() + ", line "
                    + e.getLocation().getLineNr() + ")", e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException(config() + ": expected a JSON object with the run's settings");
        }
        try {
            return TrainingConfig.fromJson(n, dir);
        } catch (IllegalArgumentException e) {
            throw new IOException(config() + ": " + e.getMessage(), e);
        }
    }

    public void writeConfig(TrainingConfig config) throws IOException {
        AtomicFiles.writeFile(config(), out -> out.write(ModelBundle.json().writeValueAsBytes(config)));
    }

    /**
     * Fails with a clear message, before any work, if the run directory cannot be created or written
     * or its file system has less than the run needs.
     *
     * @param parameterCount trainable parameters of the model (for the size of the checkpoints)
     * @param optimizerCopies state arrays per parameter (SGD 1, AdamW 2)
     */
    public void checkWritable(long parameterCount, int optimizerCopies) throws IOException {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new IOException(dir + ": not writable (permission denied on " + e.getFile()
                    + "); choose another --out directory", e);
        } catch (IOException e) {
            throw new IOException(dir + ": cannot write the run directory (" + e + "); choose another --out", e);
        }
        checkFreeSpace(Files.getFileStore(dir), parameterCount, optimizerCopies);
    }

    /** The space check of {@link #checkWritable} on a given file store (tests pass a nearly full one). */
    void checkFreeSpace(FileStore store, long parameterCount, int optimizerCopies) throws IOException {
        try {
            DiskSpace.require(dir, store, requiredBytes(parameterCount, optimizerCopies),
                    "a training run (model, resume state, history)");
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (--out)", e);
        }
    }

    /**
     * Disk space a run needs at worst: the weights in 4 copies (model/ and last/, each twice while being replaced), the optimizer
     * state twice (old and new resume state), plus 64 MiB spare.
     *
     * @param parameterCount trainable parameters (4 bytes each)
     * @param optimizerCopies state arrays per parameter (SGD 1, AdamW 2)
     */
    public static long requiredBytes(long parameterCount, int optimizerCopies) {
        return parameterCount * Float.BYTES * (WEIGHT_COPIES + 2L * optimizerCopies) + SPARE_BYTES;
    }
}
