package org.ser4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Json;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.FoldSummary;
import org.ser4j.split.Split;
import org.ser4j.split.Splits;

/**
 * A k-fold-by-speaker experiment in a root directory: {@value #FILE} records the number of folds,
 * the split seed and the settings; fold {@code i} is a {@link RunDirectory} {@code fold-i};
 * {@value #SUMMARY_FILE} holds the mean and deviation over the folds that have test figures. Folds
 * can be trained one at a time, by several commands, and resumed; every fold of one root has the
 * same settings: only how long they train and where their inputs lie may change between folds or on
 * resume ({@link TrainingConfig#differenceFrom}).
 *
 * @param root the directory
 * @param folds the number of folds
 * @param splitSeed the seed the folds are drawn with
 * @param base the settings of every fold, with {@code root} as run directory
 */
public record KFoldRun(Path root, int folds, long splitSeed, TrainingConfig base) {

    /** The k-fold description file in the root directory. */
    public static final String FILE = "kfold.json";
    /** The summary over the finished folds. */
    public static final String SUMMARY_FILE = "summary.json";
    public KFoldRun {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(base, "base");
        if (folds < 2) {
            throw new IllegalArgumentException("k-fold needs at least 2 folds, found " + folds);
        }
    }

    /** Whether {@code dir} is the root of a k-fold run. */
    public static boolean isKFold(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Opens the k-fold run of {@code root}, or starts it ({@value #FILE} written) when there is none.
     * An existing run must have the same number of folds, split seed and settings (but for how long
     * they train and where their inputs lie: {@link TrainingConfig#differenceFrom}).
     *
     * @param splitSeed the split seed asked for; {@code null}: the existing run's, or else {@code base.seed()}
     * @throws IOException naming {@value #FILE} and the setting that differs
     */
    public static KFoldRun startOrJoin(Path root, int folds, Long splitSeed, TrainingConfig base) throws IOException {
        if (isKFold(root)) {
            KFoldRun existing = open(root, base.runDir());
            Path file = root.resolve(FILE);
            if (splitSeed != null && splitSeed != existing.splitSeed()) {
                throw new IOException(file + ": this k-fold run has split seed " + existing.splitSeed()
                        + ", the command asks for " + splitSeed + "; use another --out");
            }
            if (folds != existing.folds()) {
                throw new IOException(file + ": this k-fold run has " + existing.folds() + " folds, the command asks for "
                        + folds + "; use another --out");
            }
            existing.checkSameSettings(base);
            return new KFoldRun(root, folds, existing.splitSeed(), base);
        }
        RunDirectory.of(root).checkWritable(0, 1);
        KFoldRun run = new KFoldRun(root, folds, splitSeed != null ? splitSeed : base.seed(), base);
        ObjectNode k = Json.MAPPER.createObjectNode();
        k.put("folds", folds);
        k.put("seed", base.seed());
        k.put("split_seed", run.splitSeed());
        k.set("config", Json.MAPPER.valueToTree(base));
        AtomicFiles.writeString(root.resolve(FILE), Json.MAPPER.writeValueAsString(k));
        return run;
    }

    /**
     * Reads the k-fold run of {@code root}.
     *
     * @param runDir the root as the settings should name it (the run may have moved)
     * @throws IOException naming {@value #FILE} when it is missing or unreadable
     */
    public static KFoldRun open(Path root, Path runDir) throws IOException {
        Path file = root.resolve(FILE);
        JsonNode k;
        try {
            k = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a readable k-fold description (" + e.getMessage() + ")", e);
        }
        if (!k.path("folds").canConvertToInt() || !k.path("config").isObject()) {
            throw new IOException(file + ": 'folds' and 'config' are required");
        }
        // a run from before --split-seed drew its folds with --seed
        long splitSeed = k.path("split_seed").asLong(k.path("seed").asLong());
        TrainingConfig base;
        try {
            base = TrainingConfig.fromJson(k.path("config"), runDir);
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return new KFoldRun(root, k.path("folds").asInt(), splitSeed, base);
    }

    private void checkSameSettings(TrainingConfig asked) throws IOException {
        Optional<TrainingConfig.Difference> d = base.differenceFrom(asked);
        if (d.isPresent()) {
            throw new IOException(root.resolve(FILE) + ": this k-fold run has " + d.get().setting() + " "
                    + d.get().recorded() + ", the command asks for " + d.get().asked() + "; use another --out");
        }
    }

    /**
     * The same run with other settings for how long it trains and where its inputs lie (e.g. more
     * epochs on resume).
     *
     * @throws IOException naming {@value #FILE} and the setting when {@code newBase} is another run
     */
    public KFoldRun withBase(TrainingConfig newBase) throws IOException {
        checkSameSettings(newBase);
        return new KFoldRun(root, folds, splitSeed, newBase);
    }

    /** The folds' splits of {@code corpus} (fold {@code i} is element {@code i - 1}). */
    public List<Split> splits(List<Utterance> corpus) {
        return Splits.kFoldBySpeaker(corpus, folds, splitSeed);
    }

    /** The run directory of fold {@code i} (1..folds). */
    public RunDirectory fold(int i) {
        if (i < 1 || i > folds) {
            throw new IllegalArgumentException("fold must be in 1.." + folds + ", found " + i);
        }
        return RunDirectory.of(root.resolve("fold-" + i));
    }

    /** The settings of fold {@code i}. */
    public TrainingConfig config(int i) {
        return base.toBuilder().setRunDir(fold(i).dir()).build();
    }

    /** Whether fold {@code i} has trained all its epochs (or stopped early) and has test figures. */
    public boolean finished(int i) throws IOException {
        RunDirectory run = fold(i);
        if (!Files.exists(metrics(i)) || !run.hasCheckpoint()) {
            return false;
        }
        TrainingState state = run.readState();
        return state.stoppedEarly() || state.epochsDone() >= config(i).stopping().epochs();
    }

    /** The test figures of fold {@code i} ({@code evaluation/metrics.json}). */
    public Path metrics(int i) {
        return fold(i).metrics();
    }

    /**
     * The test figures of the folds that have them, in fold order.
     *
     * @param evaluations each fold's figures
     * @param foldsDone their fold numbers
     * @param summary mean and deviation over them
     */
    public record Summary(List<Evaluation> evaluations, List<Integer> foldsDone, FoldSummary summary) {}

    /**
     * Writes {@value #SUMMARY_FILE} over the folds that have test figures.
     *
     * @return the summary, or {@code null} when no fold has figures yet
     */
    public Summary summarize() throws IOException {
        List<Evaluation> done = new ArrayList<>();
        List<Integer> which = new ArrayList<>();
        for (int i = 1; i <= folds; i++) {
            if (Files.exists(metrics(i))) {
                done.add(Evaluation.read(metrics(i)));
                which.add(i);
            }
        }
        if (done.isEmpty()) {
            return null;
        }
        FoldSummary summary = Evaluation.summarize(done);
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(summary.toJson());
        json.put("folds_total", folds);
        json.set("folds_done", Json.MAPPER.valueToTree(which));
        json.set("pooled", Evaluation.pool(done).toJsonNode());
        AtomicFiles.writeString(root.resolve(SUMMARY_FILE), Json.MAPPER.writeValueAsString(json));
        return new Summary(List.copyOf(done), List.copyOf(which), summary);
    }
}
