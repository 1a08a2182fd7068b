package org.ser4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.CorpusScan;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.Evaluator;
import org.ser4j.eval.FoldSummary;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;
import org.ser4j.report.ReportPage;
import org.ser4j.split.Split;
import org.ser4j.split.Splits;
import org.ser4j.train.AugmentationKind;
import org.ser4j.train.OptimizerKind;
import org.ser4j.train.RunDirectory;
import org.ser4j.train.Trainer;
import org.ser4j.train.TrainingConfig;
import org.ser4j.train.TrainingData;
import org.ser4j.train.TrainingDataPreparer;
import org.ser4j.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ser4j train}: trains one of the four models on a RAVDESS directory under the seed protocol,
 * held-out speakers, or k-fold by speaker, into a run directory ({@link RunDirectory}); evaluates the
 * kept model on the test part; {@code --resume} continues an interrupted run.
 */
@Command(
        name = "train",
        header = "Trains a model on a RAVDESS directory into a run directory (resumable).",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a model on a RAVDESS directory into RUN_DIR: model/ (bundle of the",
            "epoch with the lowest validation loss), last/ (resume state), history.json,",
            "split.json, config.json, evaluation/ (test metrics and report).",
            "Defaults reproduce the seed: SGD lr 0.01, momentum 0.8, weight decay 1e-3,",
            "batch 32, two AWGN copies of each training clip (made after the split, with",
            "correct labels), per-cell scaler.",
            "Examples:",
            "  ser4j train --data DIR --architecture stacked-cnn-lstm --protocol seed \\",
            "      --epochs 50 --out runs/m1-seed",
            "  ser4j train --data DIR --architecture parallel-cnn-transformer \\",
            "      --protocol speaker --test-speakers 1,2 --validation-speakers 3,4 \\",
            "      --out runs/m4-spk",
            "  ser4j train --data DIR --architecture stacked-cnn-lstm --protocol kfold \\",
            "      --folds 5 --out runs/m1-kfold",
            "  ser4j train --resume runs/m1-seed [--epochs 100]",
            ""
        })
public final class TrainCommand implements Callable<Integer> {

    /** The k-fold description file in a k-fold root directory. */
    static final String KFOLD_FILE = "kfold.json";
    /** The k-fold summary (mean and standard deviation over the finished folds). */
    static final String SUMMARY_FILE = "summary.json";
    static final String METRICS_FILE = ReportPage.METRICS;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "RAVDESS directory (Actor_NN/*.wav|flac).")
    Path data;

    @Option(names = {"--architecture", "--model"}, paramLabel = "NAME", converter = Choices.Architectures.class,
            completionCandidates = Choices.Architectures.class, description = "stacked-cnn-lstm, stacked-cnn-bilstm-attention,"
            + " parallel-cnn-bilstm-attention, parallel-cnn-transformer (the seed's), compact-cnn, compact-cnn-wide,"
            + " compact-cnn-wider or compact-cnn-deep (ser4j's). --model is the old name of this option, kept as an alias.")
    Architecture model;

    @Option(names = "--recipe", paramLabel = "NAME|FILE", description = "Start from a recipe: a JSON file of settings"
            + " (any run's config.json is one, so a run can be repeated from its directory), or the name of one in the"
            + " recipes/ folder of ser4j: robust-deep (the shipped model's), clean-deep, seed-parallel-cnn-transformer."
            + " Options given as well override the recipe's settings.")
    String recipe;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "seed", converter = Choices.Protocols.class,
            completionCandidates = Choices.Protocols.class,
            description = "seed (random 80/10/10 by emotion), speaker (held-out speakers) or kfold (by speaker)."
                    + " Default: ${DEFAULT-VALUE}.")
    Choices.Protocol protocol;

    @Option(names = "--test-speakers", split = ",", paramLabel = "IDS", description = "Speaker protocol: test speakers, e.g. 1,2.")
    List<String> testSpeakers;

    @Option(names = "--validation-speakers", split = ",", paramLabel = "IDS",
            description = "Speaker protocol: validation speakers (default: one male and one female of the others, drawn with the seed).")
    List<String> validationSpeakers;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "k-fold: number of folds (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--fold", paramLabel = "N", description = "k-fold: train only fold N (1..K) into RUN_DIR/fold-N.")
    Integer fold;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default " + TrainingConfig.DEFAULT_EPOCHS
            + "; the seed used 700/200/1500/1500 for models 1-4). With --resume: the new total.")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default 32).")
    Integer batch;

    @Option(names = "--optimizer", paramLabel = "NAME", converter = Choices.Optimizers.class,
            completionCandidates = Choices.Optimizers.class, description = "sgd (default) or adamw.")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: sgd 0.01, adamw 0.001).")
    Double lr;

    @Option(names = "--augment", paramLabel = "KIND", converter = Choices.Augmentations.class,
            completionCandidates = Choices.Augmentations.class, description = "awgn (default: 2 noisy copies of each training clip), speed (copies at 0.9 and 1.1"
            + " times the speed; not the seed's) or none.")
    AugmentationKind augment;

    @Option(names = "--scaler", paramLabel = "KIND", converter = Choices.Scalers.class,
            completionCandidates = Choices.Scalers.class, description = "cell (default: one mean/std per time-frequency cell, the seed), band (one per mel band) or"
            + " utterance (each band of each clip brought to mean 0 and deviation 1 over its own frames first, then per band).")
    StandardScaler.Kind scaler;

    @Option(names = "--max-bad-clips", paramLabel = "N", description = "Clips that cannot be decoded are left out with"
            + " one line each and listed in the run's skipped-clips.txt; more than N of them stop the run (default: 10).")
    int maxBadClips = 10;

    @Option(names = "--preset", paramLabel = "NAME", converter = Choices.Presets.class,
            completionCandidates = Choices.Presets.class, description = "Feature preset (default: seed-chunked for the stacked models,"
            + " speech-16k for compact-cnn, seed otherwise).")
    FeaturePreset preset;

    @Option(names = "--spec-augment", negatable = true, description = "Mask 2 random frequency bands and 2 time spans of every training"
            + " image, anew each epoch (not the seed's).")
    Boolean specAugment;

    @Option(names = "--schedule", paramLabel = "KIND", converter = Choices.Schedules.class,
            completionCandidates = Choices.Schedules.class, description = "Learning rate over the epochs: constant (default,"
            + " the seed's) or cosine (decays to 0 at the last epoch).")
    TrainingConfig.Schedule schedule;

    @Option(names = "--mixup", paramLabel = "ALPHA", description = "Mix each batch with a shuffled copy of itself, weights"
            + " from Beta(ALPHA, ALPHA), e.g. 0.4 (default 0: off, the seed's).")
    Double mixup;

    @Option(names = "--balance-classes", negatable = true, description = "Weight the training loss so that every emotion counts alike"
            + " (RAVDESS has half as many neutral clips as of each other emotion); not the seed's.")
    Boolean balanceClasses;

    @Option(names = "--random-crop", negatable = true, description = "Train on a window of the preset's length at a random place in the"
            + " whole clip, drawn anew each epoch, instead of the preset's fixed window (validation and test keep the"
            + " fixed one); needs --augment none or speed (the speed copies are cropped likewise); not the seed's.")
    Boolean randomCrop;

    @Option(names = "--freq-warp", paramLabel = "X", description = "With --random-crop: move each crop's frequency axis"
            + " by a factor drawn from [1-X, 1+X] anew each epoch, as a longer or shorter vocal tract would, e.g. 0.1"
            + " (default 0: off; not the seed's).")
    Double freqWarp;

    @Option(names = "--conditions", paramLabel = "SPEC", description = "Recording conditions of the training clips,"
            + " drawn anew for every clip in every epoch from the training part of the noise and room pools, e.g."
            + " 'noise=babble:snr=0..20,p=0.5;reverb=files:p=0.3;telephone:p=0.1;gain=-35..0' (see README, Robustness);"
            + " needs --augment none or speed.")
    String conditions;

    @Option(names = "--validation-conditions", paramLabel = "SPEC", description = "Conditions of one extra, fixed"
            + " degraded copy of every validation clip (validation part of the pools), so that the kept epoch is chosen"
            + " on clean and degraded validation clips alike.")
    String validationConditions;

    @Mixin
    ConditionDataOption conditionData;

    @Option(names = "--ema", paramLabel = "DECAY", description = "Validate and keep an exponential moving average of the"
            + " weights, this decay per step, e.g. 0.995 (about the last 200 steps), instead of the last step's weights"
            + " (default 0: off; not the seed's).")
    Double ema;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of split, augmentation, initialisation, order, dropout (default "
            + TrainingConfig.DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--split-seed", paramLabel = "S", description = "Seed of the split alone (default: --seed), so that"
            + " runs with other --seed values train on the same folds and can be averaged into one ensemble.")
    Long splitSeed;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: stop after N epochs without a lower validation loss (default: off).")
    Integer patience;

    @Option(names = "--limit-batches", paramLabel = "N", description = "At most N batches per epoch (smoke tests).")
    Integer limitBatches;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "New run directory.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR after its last finished epoch"
            + " (same data order; only --epochs, --patience, --limit-batches, --data may change).")
    Path resume;

    @Mixin
    FeatureCacheOption cacheOption;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws IOException {
        try {
            if (resume != null) {
                return resume();
            }
            return fresh();
        } finally {
            out().flush();
            err().flush();
        }
    }

    // ---------------------------------------------------------------- fresh runs

    private int fresh() throws IOException {
        if (data == null || (model == null && recipe == null) || out == null) {
            throw new UsageException("--data, --architecture (or --recipe) and --out are required (or --resume RUN_DIR)");
        }
        TrainingConfig base = config(out);
        if (protocol != Choices.Protocol.KFOLD && fold != null) {
            throw new UsageException("--fold belongs to --protocol kfold");
        }
        if (protocol != Choices.Protocol.SPEAKER && (testSpeakers != null || validationSpeakers != null)) {
            throw new UsageException("--test-speakers and --validation-speakers belong to --protocol speaker");
        }
        switch (protocol) {
            case SEED, SPEAKER -> {
                RunDirectory run = RunDirectory.of(out);
                requireNewRun(run);
                run.checkWritable(0, 1);
                List<Utterance> corpus = scan(data);
                long ss = splitSeed != null ? splitSeed : base.seed();
                Split split = protocol == Choices.Protocol.SEED ? Splits.seed(corpus, ss) : speakerSplit(corpus, ss);
                split.save(run.split(), data);
                return runOne(base, split, corpus, false, "") ? ExitCodes.OK : ExitCodes.FAILED;
            }
            case KFOLD -> {
                return kfold(base, false);
            }
            default -> throw new IllegalStateException("protocol " + protocol);
        }
    }

    private TrainingConfig config(Path runDir) throws IOException {
        TrainingConfig.Builder b = recipe != null ? Recipes.load(recipe) : TrainingConfig.builder();
        if (model != null) {
            b.setArchitecture(model);
        } else if (!b.hasArchitecture()) {
            throw new UsageException("--recipe " + recipe + " names no architecture; give --architecture NAME");
        }
        b.setRunDir(runDir).optDataDir(data.toAbsolutePath().normalize());
        if (preset != null) {
            b.optPreset(preset);
        }
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        if (batch != null) {
            b.optBatchSize(batch);
        }
        if (optimizer != null) {
            b.optOptimizer(optimizer);
        }
        if (lr != null) {
            b.optLearningRate(lr);
        }
        if (augment != null) {
            b.optAugmentation(augment);
        }
        if (scaler != null) {
            b.optScalerKind(scaler);
        }
        if (seed != null) {
            b.optSeed(seed);
        }
        if (patience != null) {
            b.optPatience(patience);
        }
        if (limitBatches != null) {
            b.optLimitBatches(limitBatches);
        }
        if (specAugment != null) {
            b.optSpecAugment(specAugment);
        }
        if (balanceClasses != null) {
            b.optBalanceClasses(balanceClasses);
        }
        if (randomCrop != null) {
            b.optRandomCrop(randomCrop);
        }
        if (conditions != null) {
            b.optConditions(conditions.isBlank() ? null : conditions);
        }
        if (validationConditions != null) {
            b.optValidationConditions(validationConditions.isBlank() ? null : validationConditions);
        }
        if (freqWarp != null) {
            b.optFreqWarp(freqWarp);
        }
        if (ema != null) {
            b.optEma(ema);
        }
        if (mixup != null) {
            b.optMixup(mixup);
        }
        if (schedule != null) {
            b.optSchedule(schedule);
        }
        TrainingConfig c = b.build();
        if (c.conditions() != null || c.validationConditions() != null) {
            c = c.toBuilder().optConditionData(conditionData.noiseDir(), conditionData.roomDir()).build();
        }
        return c;
    }

    private Split speakerSplit(List<Utterance> corpus, long splitSeed) {
        Set<Integer> test = Speakers.parse("--test-speakers", testSpeakers);
        if (test.isEmpty()) {
            throw new UsageException("--protocol speaker needs --test-speakers, e.g. --test-speakers 1,2");
        }
        Set<Integer> validation = Speakers.parse("--validation-speakers", validationSpeakers);
        if (validation.isEmpty()) {
            validation = defaultValidationSpeakers(corpus, test, splitSeed);
            out().println("validation speakers (drawn with seed " + splitSeed + "): " + validation);
        }
        return Splits.bySpeaker(corpus, test, validation);
    }

    /** One male and one female speaker that are not test speakers, drawn with {@code seed}. */
    static Set<Integer> defaultValidationSpeakers(List<Utterance> corpus, Set<Integer> test, long seed) {
        TreeSet<Integer> male = new TreeSet<>();
        TreeSet<Integer> female = new TreeSet<>();
        for (Utterance u : corpus) {
            if (!test.contains(u.speaker())) {
                (u.gender() == Utterance.Gender.MALE ? male : female).add(u.speaker());
            }
        }
        Random rng = new Random(seed);
        TreeSet<Integer> chosen = new TreeSet<>();
        for (TreeSet<Integer> group : List.of(male, female)) {
            if (!group.isEmpty() && male.size() + female.size() - chosen.size() > 1) {
                chosen.add(new ArrayList<>(group).get(rng.nextInt(group.size())));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no speaker left for validation besides the test speakers " + test);
        }
        return chosen;
    }

    // ---------------------------------------------------------------- resume

    private int resume() throws IOException {
        if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new UsageException("--resume RUN_DIR continues RUN_DIR; do not give another --out");
        }
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String fixed : List.of("--recipe", "--architecture", "--protocol", "--test-speakers", "--validation-speakers", "--folds",
                "--batch", "--optimizer", "--lr", "--augment", "--scaler", "--preset", "--seed")) {
            if (parsed.hasMatchedOption(fixed)) {
                throw new UsageException(fixed + " cannot change in a resumed run (it would not continue the same run);"
                        + " only --epochs, --patience, --limit-batches and --data may be given with --resume");
            }
        }
        Path kfoldFile = resume.resolve(KFOLD_FILE);
        if (Files.exists(kfoldFile)) {
            JsonNode k = ModelBundle.json().readTree(kfoldFile.toFile());
            folds = k.path("folds").asInt();
            TrainingConfig base = overrides(TrainingConfig.fromJson(k.path("config"), resume));
            return kfold(base, true);
        }
        RunDirectory run = RunDirectory.of(resume);
        if (!run.hasRun()) {
            throw new IOException(resume + ": no training run to resume (" + RunDirectory.CONFIG
                    + " missing); start it with --out " + resume);
        }
        TrainingConfig config = overrides(run.readConfig());
        Path corpusRoot = config.dataDir();
        List<Utterance> corpus = scan(corpusRoot);
        Split split = Split.load(run.split(), corpusRoot, corpus);
        return runOne(config, split, corpus, true, "") ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private TrainingConfig overrides(TrainingConfig recorded) {
        TrainingConfig.Builder b = recorded.toBuilder();
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        if (patience != null) {
            b.optPatience(patience);
        }
        if (limitBatches != null) {
            b.optLimitBatches(limitBatches);
        }
        if (data != null) {
            b.optDataDir(data.toAbsolutePath().normalize());
        }
        TrainingConfig c = b.build();
        if (c.dataDir() == null) {
            throw new UsageException("the run does not record its corpus directory; give --data DIR");
        }
        return c;
    }

    // ---------------------------------------------------------------- k-fold

    private int kfold(TrainingConfig base, boolean resuming) throws IOException {
        Path root = base.runDir();
        if (fold != null && (fold < 1 || fold > folds)) {
            throw new UsageException("--fold must be in 1.." + folds + ", found " + fold);
        }
        Path kfoldFile = root.resolve(KFOLD_FILE);
        long foldSeed = splitSeed != null ? splitSeed : base.seed();
        JsonNode existing = Files.exists(kfoldFile) ? ModelBundle.json().readTree(kfoldFile.toFile()) : null;
        if (existing != null) {
            // the folds are those the run was started with (a run from before --split-seed used --seed)
            long recorded = existing.path("split_seed").asLong(existing.path("seed").asLong());
            if (splitSeed != null && splitSeed != recorded) {
                throw new UsageException(kfoldFile + ": this k-fold run has split seed " + recorded
                        + ", the command asks for " + splitSeed + "; use another --out");
            }
            foldSeed = recorded;
        }
        if (!resuming) {
            if (existing != null) {
                checkSameKfold(kfoldFile, existing, base);
            } else {
                RunDirectory.of(root).checkWritable(0, 1);
                ObjectNode k = ModelBundle.json().createObjectNode();
                k.put("folds", folds);
                k.put("seed", base.seed());
                k.put("split_seed", foldSeed);
                k.set("config", ModelBundle.json().valueToTree(base.toJson()));
                AtomicFiles.writeString(kfoldFile, ModelBundle.json().writeValueAsString(k));
            }
        }
        Path corpusRoot = base.dataDir();
        List<Utterance> corpus = scan(corpusRoot);
        List<Split> splits = Splits.kFoldBySpeaker(corpus, folds, foldSeed);
        boolean ok = true;
        for (int i = 1; i <= folds; i++) {
            if (fold != null && fold != i) {
                continue;
            }
            Path foldDir = root.resolve("fold-" + i);
            RunDirectory run = RunDirectory.of(foldDir);
            String prefix = "fold " + i + "/" + folds + ": ";
            TrainingConfig config = base.toBuilder().setRunDir(foldDir).build();
            if (Files.exists(run.evaluation().resolve(METRICS_FILE)) && isFinished(run, config)) {
                out().println(prefix + "already finished (" + run.evaluation().resolve(METRICS_FILE) + ")");
                continue;
            }
            boolean resumeFold = run.hasRun();
            if (resumeFold && !resuming) {
                throw new IOException(foldDir + ": already holds a training run; continue it with --resume " + root);
            }
            Split split = resumeFold ? Split.load(run.split(), corpusRoot, corpus) : splits.get(i - 1);
            if (!resumeFold) {
                run.checkWritable(0, 1);
                split.save(run.split(), corpusRoot);
            }
            out().println(prefix + "test speakers " + split.speakers(Split.Part.TEST) + ", validation speakers "
                    + split.speakers(Split.Part.VALIDATION));
            ok &= runOne(config, split, corpus, resumeFold, prefix);
        }
        writeSummary(root);
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static boolean isFinished(RunDirectory run, TrainingConfig config) throws IOException {
        if (!run.hasCheckpoint()) {
            return false;
        }
        JsonNode state = ModelBundle.json().readTree(run.last().resolve(RunDirectory.STATE).toFile());
        return state.path("stopped_early").asBoolean() || state.path("epochs_done").asInt() >= config.epochs();
    }

    private static void checkSameKfold(Path kfoldFile, JsonNode k, TrainingConfig base) throws IOException {
        // re-read through TrainingConfig so that options added later read as their defaults (off)
        JsonNode recorded = ModelBundle.json().valueToTree(
                TrainingConfig.fromJson(k.path("config"), base.runDir()).toJson());
        JsonNode now = ModelBundle.json().valueToTree(base.toJson());
        for (String key : List.of("architecture", "preset", "optimizer", "learning_rate", "augmentation", "scaler",
                "seed", "batch_size", "spec_augment", "schedule", "mixup", "balance_classes",
                "random_crop", "freq_warp", "ema")) {
            if (!recorded.path(key).equals(now.path(key))) {
                throw new IOException(kfoldFile + ": this k-fold run has " + key + " " + recorded.path(key)
                        + ", the command asks for " + now.path(key) + "; use another --out");
            }
        }
    }

    /** Writes RUN_DIR/summary.json over the folds that have test metrics, and prints it. */
    private void writeSummary(Path root) throws IOException {
        List<Evaluation> done = new ArrayList<>();
        List<Integer> which = new ArrayList<>();
        for (int i = 1; i <= folds; i++) {
            Path m = RunDirectory.of(root.resolve("fold-" + i)).evaluation().resolve(METRICS_FILE);
            if (Files.exists(m)) {
                done.add(Evaluation.read(m));
                which.add(i);
            }
        }
        if (done.isEmpty()) {
            return;
        }
        FoldSummary summary = Evaluation.summarize(done);
        ObjectNode json = (ObjectNode) ModelBundle.json().readTree(summary.toJson());
        json.put("folds_total", folds);
        json.set("folds_done", ModelBundle.json().valueToTree(which));
        json.set("pooled", Evaluation.pool(done).toJsonNode());
        AtomicFiles.writeString(root.resolve(SUMMARY_FILE), ModelBundle.json().writeValueAsString(json));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("folds", which + " of " + folds);
        ReportPage.writeFolds("ser4j train: k-fold by speaker", details, done, root);
        out().printf(Locale.ROOT, "k-fold summary over %d of %d folds: accuracy %s, unweighted accuracy %s, macro F1 %s -> %s%n",
                done.size(), folds, summary.accuracy().format(), summary.unweightedAccuracy().format(),
                summary.macroF1().format(), root.resolve(SUMMARY_FILE));
    }

    // ---------------------------------------------------------------- one run

    /** Prepares the data, trains (or resumes), evaluates the kept model on the test part. */
    private boolean runOne(TrainingConfig config, Split split, List<Utterance> corpus, boolean resuming, String prefix)
            throws IOException {
        if (split.validation().isEmpty() || split.train().isEmpty()) {
            throw new IllegalArgumentException("split " + split.name() + " has " + split.train().size() + " training and "
                    + split.validation().size() + " validation clips; training needs both (the validation part picks"
                    + " the kept epoch): use more clips or --protocol speaker with --validation-speakers");
        }
        RunDirectory run = RunDirectory.of(config.runDir());
        TrainingProgress progress = new TrainingProgress(out(), TrainingProgress.terminalOrNull(), prefix);
        TrainingDataPreparer.Screened screened = TrainingDataPreparer.screen(split, (u, done, total) -> { });
        if (!screened.problems().isEmpty()) {
            for (String problem : screened.problems()) {
                err().println(prefix + "skipping " + problem);
            }
            Files.createDirectories(run.dir());
            AtomicFiles.writeString(run.dir().resolve(SKIPPED_FILE), String.join("\n", screened.problems()) + "\n");
            if (screened.problems().size() > maxBadClips) {
                throw new IOException(screened.problems().size() + " of " + split.size() + " clips cannot be read, more than"
                        + " --max-bad-clips " + maxBadClips + " (listed in " + run.dir().resolve(SKIPPED_FILE) + ")");
            }
            split = screened.split();
        }
        FeatureCache cache = new FeatureCache(cacheOption.dir());
        StandardScaler saved = resuming && Files.exists(run.scaler()) ? StandardScaler.read(run.scaler()) : null;
        String protocolName = protocolOf(split);
        List<Integer> heldOut = protocolName.equals("seed") ? List.of() : new ArrayList<>(split.speakers(Split.Part.TEST));
        out().printf(Locale.ROOT, "%ssplit %s: %d train, %d validation, %d test clips%n", prefix, split.name(),
                split.train().size(), split.validation().size(), split.test().size());
        TrainingData prepared = new TrainingDataPreparer(cache, progress)
                .prepare(split, config.dataDir(), protocolName, heldOut, config, saved);
        Trainer trainer = new Trainer(config, List.of(progress));
        TrainingResult result = resuming ? trainer.resume(prepared) : trainer.train(prepared);
        if (result.testProbabilities().isEmpty()) {
            out().println(prefix + "no test clips: no test metrics");
            return true;
        }
        Evaluation test = Evaluator.evaluate(split.test(), result.testProbabilities());
        Path metrics = run.evaluation().resolve(METRICS_FILE);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", config.architecture().id());
        details.put("data", String.valueOf(config.dataDir()));
        details.put("split", split.name() + " (" + protocolName + "), test speakers " + split.speakers(Split.Part.TEST));
        details.put("training", config.epochs() + " epochs, " + config.optimizer().id() + " lr " + config.learningRate()
                + ", batch " + config.batchSize() + ", augmentation " + config.augmentation().id() + ", seed " + config.seed());
        details.put("kept epoch", result.bestEpoch() + " (lowest validation loss)");
        ReportPage.write("ser4j train: " + config.architecture().id() + " on the test part", details, test,
                result.history(), run.evaluation());
        ModelBundle bundle = ModelBundle.load(run.model());
        Map<String, Double> m = new LinkedHashMap<>(bundle.info().metrics());
        m.put("test_accuracy", test.accuracy());
        m.put("test_unweighted_accuracy", test.unweightedAccuracy());
        m.put("test_macro_f1", test.macroF1());
        m.put("test_n", (double) test.n());
        bundle.withMetrics(m).save(run.model());
        out().printf(Locale.ROOT, "%sbest epoch %d (validation loss %.4f)%s; test: accuracy %.4f, unweighted accuracy %.4f,"
                        + " macro F1 %.4f, n %d -> %s%n", prefix, result.bestEpoch(), result.bestValidationLoss(),
                result.stoppedEarly() ? ", stopped early" : "", test.accuracy(), test.unweightedAccuracy(), test.macroF1(),
                test.n(), metrics);
        out().printf(Locale.ROOT, "%smodel bundle: %s%n", prefix, run.model());
        return true;
    }

    /** The clips a run left out because they could not be read, one per line. */
    static final String SKIPPED_FILE = "skipped-clips.txt";

    private static String protocolOf(Split split) {
        if (split.name().startsWith("kfold")) {
            return "kfold";
        }
        return split.name().equals("seed") ? "seed" : "speaker";
    }

    private void requireNewRun(RunDirectory run) throws IOException {
        if (run.hasRun()) {
            throw new IOException(run.dir() + ": already holds a training run; continue it with --resume " + run.dir()
                    + " or choose another --out");
        }
    }

    private List<Utterance> scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory (expected a RAVDESS directory with Actor_NN folders)");
        }
        CorpusScan scan = RavdessCorpus.scan(dir);
        for (String problem : scan.problems()) {
            err().println("ser4j train: skipped " + problem);
        }
        if (scan.utterances().isEmpty()) {
            throw new IOException(dir + ": no RAVDESS clips found (names like Actor_01/03-01-05-01-02-01-01.wav)");
        }
        return scan.utterances();
    }
}
