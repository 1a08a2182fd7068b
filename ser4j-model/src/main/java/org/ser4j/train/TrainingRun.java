package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.Labels;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.Evaluator;
import org.ser4j.features.StandardScaler;
import org.ser4j.split.SecPytorchLeak;
import org.ser4j.split.Split;
import org.ser4j.split.Splits;

/**
 * One training run from a split to a scored model: records the split ({@code split.json}), leaves out the clips that cannot be read (listed
 * in the run's {@value #SKIPPED_FILE}), prepares the features, trains or resumes, scores the kept
 * model on the test part and records the test figures in its bundle. The library call behind
 * {@code ser4j train} (issue 19: it lived in the CLI).
 */
public final class TrainingRun {

    /** The clips a run left out because they could not be read, one per line. */
    public static final String SKIPPED_FILE = "skipped-clips.txt";

    private TrainingRun() {}

    /** SEC-PyTorch's leak of a {@link SecPytorchLeak sec-pytorch-leaky} run, in its directory. */
    public static final String LEAK_FILE = "sec-pytorch-leak.json";
    /** {@link #LEAK_FILE}'s name in the runs made before issue 19 (protocol seed-leaky), which {@link #leakOf} still reads. */
    public static final String OLD_LEAK_FILE = "seed-leak.json";

    /** The leak a run recorded ({@value #LEAK_FILE}, or {@value #OLD_LEAK_FILE}), or null for a run of another protocol. */
    public static SecPytorchLeak leakOf(Path runDir) throws IOException {
        for (String name : List.of(LEAK_FILE, OLD_LEAK_FILE)) {
            Path f = runDir.resolve(name);
            if (Files.exists(f)) {
                return SecPytorchLeak.read(f);
            }
        }
        return null;
    }

    /** The utterance of each test row ({@code clip} or {@code clip#awgnK}). */
    private static List<Utterance> itemsOf(Split split, Path corpusRoot, List<String> ids) {
        Map<String, Utterance> byId = new java.util.HashMap<>();
        for (Split.Part p : Split.Part.values()) {
            for (Utterance u : split.part(p)) {
                byId.put(RavdessCorpus.relative(corpusRoot, u.path()), u);
            }
        }
        List<Utterance> out = new ArrayList<>();
        for (String id : ids) {
            int copy = id.lastIndexOf(TrainingDataPreparer.COPY_SUFFIX);
            out.add(byId.get(copy < 0 ? id : id.substring(0, copy)));
        }
        return out;
    }

    /** Told about the clips that are left out, before any training starts. */
    public interface Listener extends TrainingListener {
        default void onSkipped(String problem) {}
    }

    /**
     * What a run gave.
     *
     * @param split the split trained on (without the clips that could not be read)
     * @param skipped the clips left out, one line each naming the file and the problem
     * @param result the training result
     * @param test the kept model on the test part; {@code null} when the split has no test clips
     */
    public record Outcome(Split split, List<String> skipped, TrainingResult result, Evaluation test) {}

    /**
     * Trains {@code config} on {@code split} into {@code config.runDir()}.
     *
     * @param resuming continue the run after its last finished epoch (its scaler is reused)
     * @param maxBadClips more unreadable clips than this stop the run before training
     * @param listener progress, skipped clips, epochs
     * @throws IOException when the data, the run directory or the model cannot be read or written, or
     *     more than {@code maxBadClips} clips cannot be read
     * @throws IllegalArgumentException when the split has no training or no validation clips
     */
    public static Outcome run(TrainingConfig config, Split split, boolean resuming, FeatureCache cache, int maxBadClips,
            Listener listener) throws IOException {
        return run(config, split, null, resuming, cache, maxBadClips, listener);
    }

    /**
     * As {@link #run(TrainingConfig, Split, boolean, FeatureCache, int, Listener)}, with SEC-PyTorch's
     * leak of its noisy copies when {@code leak} is not null ({@link SecPytorchLeak}; recorded in the run as
     * {@value #LEAK_FILE}, which {@link #leakOf} reads back for {@code --resume}). The test figures are
     * then over the test part's clean clips and noisy copies.
     */
    public static Outcome run(TrainingConfig config, Split split, SecPytorchLeak leak, boolean resuming, FeatureCache cache,
            int maxBadClips, Listener listener) throws IOException {
        if (split.validation().isEmpty() || split.train().isEmpty()) {
            throw new IllegalArgumentException("split " + split.name() + " has " + split.train().size() + " training and "
                    + split.validation().size() + " validation clips; training needs both (the validation part picks"
                    + " the kept epoch): use more clips or --protocol speaker with --validation-speakers");
        }
        RunDirectory run = RunDirectory.of(config.runDir());
        if (!resuming && !Files.exists(run.split())) {
            split.save(run.split(), config.data().dataDir()); // what --resume reads back
        }
        if (leak != null && !resuming && leakOf(run.dir()) == null) {
            leak.save(run.dir().resolve(LEAK_FILE));
        }
        TrainingDataPreparer.Screened screened = TrainingDataPreparer.screen(split, (u, done, total) -> { });
        List<String> skipped = screened.problems();
        if (!skipped.isEmpty()) {
            skipped.forEach(listener::onSkipped);
            Files.createDirectories(run.dir());
            AtomicFiles.writeString(run.dir().resolve(SKIPPED_FILE), String.join("\n", skipped) + "\n");
            if (skipped.size() > maxBadClips) {
                throw new IOException(skipped.size() + " of " + split.size() + " clips cannot be read, more than"
                        + " --max-bad-clips " + maxBadClips + " (listed in " + run.dir().resolve(SKIPPED_FILE) + ")");
            }
            split = screened.split();
        }
        StandardScaler saved = resuming && Files.exists(run.scaler()) ? StandardScaler.read(run.scaler()) : null;
        List<String> labels = null;
        Path init = config.optimisation().init();
        if (init != null && !Files.isRegularFile(init.resolve(ModelEnsemble.FILE))) {
            // fine-tuning: the start model's scaler, and its label set when it covers the data's labels
            ModelBundle start = ModelBundle.load(init);
            if (saved == null) {
                saved = start.scaler();
            }
            List<Utterance> every = new ArrayList<>(split.train());
            every.addAll(split.validation());
            every.addAll(split.test());
            if (start.labels().containsAll(Labels.of(every))) {
                labels = start.labels();
            }
        }
        String protocol = split.protocol();
        List<String> heldOut = protocol.equals(Splits.RANDOM) || leak != null ? List.of()
                : new ArrayList<>(split.speakers(Split.Part.TEST));
        TrainingData prepared = new TrainingDataPreparer(cache, listener)
                .prepare(split, config.data().dataDir(), protocol, heldOut, config, saved, labels, leak);
        Trainer trainer = new Trainer(config, List.of(listener));
        TrainingResult result = resuming ? trainer.resume(prepared) : trainer.train(prepared);
        if (result.testProbabilities().isEmpty()) {
            return new Outcome(split, skipped, result, null);
        }
        List<Utterance> testItems = leak == null ? split.test()
                : itemsOf(split, config.data().dataDir(), prepared.test().ids());
        Evaluation test = Evaluator.evaluate(prepared.labels(), testItems, result.testProbabilities());
        Files.createDirectories(run.evaluation());
        test.write(run.metrics());
        ModelBundle bundle = ModelBundle.load(run.model());
        Map<String, Double> m = new LinkedHashMap<>(bundle.info().metrics());
        m.put("test_accuracy", test.accuracy());
        m.put("test_unweighted_accuracy", test.unweightedAccuracy());
        m.put("test_macro_f1", test.macroF1());
        m.put("test_n", (double) test.n());
        bundle.withMetrics(m).save(run.model());
        return new Outcome(split, skipped, result, test);
    }
}
