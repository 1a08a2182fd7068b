package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ser4j.augment.AwgnAugmentation;
import org.ser4j.data.Corpora;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.FoldSummary;
import org.ser4j.report.ReportPage;
import org.ser4j.split.SeedLeak;
import org.ser4j.split.Split;
import org.ser4j.split.Splits;
import org.ser4j.train.AugmentationKind;
import org.ser4j.train.KFoldRun;
import org.ser4j.train.LeaveOneCorpusOut;
import org.ser4j.train.RunDirectory;
import org.ser4j.train.TrainingConfig;
import org.ser4j.train.TrainingResult;
import org.ser4j.train.TrainingRun;
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
        header = "Trains a model on one or more corpora into a run directory (resumable).",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a model on corpora (--data, repeatable) into RUN_DIR: model/ (bundle of the",
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
            "  ser4j train --data ravdess:DIR --data tess:DIR2 --recipe robust-deep \\",
            "      --protocol leave-one-corpus-out --out runs/loco",
            "  ser4j train --data csv:clips.csv --recipe robust-deep --init models/default/member-1 \\",
            "      --protocol speaker --test-speakers alice --out runs/mine",
            "  ser4j train --resume runs/m1-seed [--epochs 100]",
            ""
        })
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "[NAME:]PATH", description = DataSources.HELP)
    List<String> data;

    @Option(names = "--test-corpus", paramLabel = "NAME", description = "Leave-one-corpus-out: the corpus to test on"
            + " (default: each in turn, into RUN_DIR/test-NAME).")
    String testCorpus;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "seed", converter = Choices.Protocols.class,
            completionCandidates = Choices.Protocols.class,
            description = "seed (random 80/10/10 by emotion), speaker (held-out speakers), kfold (by speaker),"
                    + " leave-one-corpus-out (train on all --data corpora but one, test on that one, over the labels both"
                    + " sides have) or seed-leaky (a demonstration of the seed's published figures: the 80/10/10 drawn over"
                    + " the clips and their noisy copies, so test clips' twins are trained on; never for a model you use)."
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

    @Option(names = "--max-bad-clips", paramLabel = "N", description = "Clips that cannot be decoded are left out with"
            + " one line each and listed in the run's skipped-clips.txt; more than N of them stop the run (default: 10).")
    int maxBadClips = 10;

    @Mixin
    TrainingOptions settings;

    @Mixin
    ConditionDataOption conditionData;

    @Option(names = "--split-seed", paramLabel = "S", description = "Seed of the split alone (default: --seed), so that"
            + " runs with other --seed values train on the same folds and can be averaged into one ensemble.")
    Long splitSeed;

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
        if (data == null || !settings.namesArchitecture() || out == null) {
            throw new UsageException("--data, --architecture (or --recipe) and --out are required (or --resume RUN_DIR)");
        }
        Corpora.Loaded loaded = DataSources.load(data, settings.labelMapping(), err(), "train");
        TrainingConfig base = settings.config(out, loaded, conditionData);
        if (protocol != Choices.Protocol.LEAVE_ONE_CORPUS_OUT && testCorpus != null) {
            throw new UsageException("--test-corpus belongs to --protocol leave-one-corpus-out");
        }
        if (protocol != Choices.Protocol.KFOLD && fold != null) {
            throw new UsageException("--fold belongs to --protocol kfold");
        }
        if (protocol != Choices.Protocol.SPEAKER && (testSpeakers != null || validationSpeakers != null)) {
            throw new UsageException("--test-speakers and --validation-speakers belong to --protocol speaker");
        }
        if (protocol == Choices.Protocol.KFOLD) {
            if (fold != null && (fold < 1 || fold > folds)) {
                throw new UsageException("--fold must be in 1.." + folds + ", found " + fold);
            }
            return kfold(KFoldRun.startOrJoin(out, folds, splitSeed, base), false);
        }
        long ss = splitSeed != null ? splitSeed : base.seed();
        if (protocol == Choices.Protocol.LEAVE_ONE_CORPUS_OUT) {
            return leaveOneCorpusOut(base, loaded, ss);
        }
        RunDirectory run = RunDirectory.of(out);
        if (run.hasRun()) {
            throw new IOException(run.dir() + ": already holds a training run; continue it with --resume " + run.dir()
                    + " or choose another --out");
        }
        run.checkWritable(0, 1);
        List<Utterance> corpus = loaded.utterances();
        if (protocol == Choices.Protocol.SEED_LEAKY) {
            if (base.regularisation().augmentation() != AugmentationKind.AWGN) {
                throw new UsageException("--protocol seed-leaky reproduces the seed's leak of its noisy copies: it needs"
                        + " --augment awgn (the seed's), not " + base.regularisation().augmentation().id());
            }
            SeedLeak.Drawn leaky = SeedLeak.draw(corpus, base.data().dataDir(), ss, AwgnAugmentation.SEED.copies());
            return runOne(base, leaky.split(), leaky.leak(), false, "");
        }
        Split split = protocol == Choices.Protocol.SEED ? Splits.seed(corpus, ss) : speakerSplit(corpus, ss);
        return runOne(base, split, false, "");
    }

    private Split speakerSplit(List<Utterance> corpus, long splitSeed) {
        Set<String> known = new java.util.HashSet<>();
        corpus.forEach(u -> known.add(u.speaker()));
        Set<String> test = Speakers.parse("--test-speakers", testSpeakers, known);
        if (test.isEmpty()) {
            throw new UsageException("--protocol speaker needs --test-speakers, e.g. --test-speakers 1,2");
        }
        Set<String> validation = Speakers.parse("--validation-speakers", validationSpeakers, known);
        if (validation.isEmpty()) {
            validation = Splits.defaultValidationSpeakers(corpus, test, splitSeed);
            out().println("validation speakers (drawn with seed " + splitSeed + "): " + validation);
        }
        return Splits.bySpeaker(corpus, test, validation);
    }

    // ---------------------------------------------------------------- resume

    /** What may be given with --resume: how long, where the files are, how to run. Everything else is the run's. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--out", "--epochs", "--patience",
            "--limit-batches", "--data", "--fold", "--cache", "--noise", "--rooms", "--max-bad-clips");

    private int resume() throws IOException {
        if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new UsageException("--resume RUN_DIR continues RUN_DIR; do not give another --out");
        }
        for (CommandLine.Model.OptionSpec given : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUME_OPTIONS.contains(given.longestName())) {
                throw new UsageException(given.longestName() + " cannot change in a resumed run (it would not continue"
                        + " the same run); only --epochs, --patience, --limit-batches and --data may be given with --resume");
            }
        }
        if (KFoldRun.isKFold(resume)) {
            KFoldRun k = KFoldRun.open(resume, resume);
            if (fold != null && (fold < 1 || fold > k.folds())) {
                throw new UsageException("--fold must be in 1.." + k.folds() + ", found " + fold);
            }
            Corpora.Loaded loaded = DataSources.load(data != null ? data : TrainingOptions.sourcesOf(k.base()),
                    k.base().labels(), err(), "train");
            return kfold(k.withBase(settings.overrides(k.base(), loaded)), true);
        }
        RunDirectory run = RunDirectory.of(resume);
        if (!run.hasRun()) {
            throw new IOException(resume + ": no training run to resume (" + RunDirectory.CONFIG
                    + " missing); start it with --out " + resume);
        }
        TrainingConfig recorded = run.readConfig();
        Corpora.Loaded loaded = DataSources.load(data != null ? data : TrainingOptions.sourcesOf(recorded),
                recorded.labels(), err(), "train");
        TrainingConfig config = settings.overrides(recorded, loaded);
        Split split = Split.load(run.split(), config.data().dataDir(), loaded.utterances());
        return runOne(config, split, TrainingRun.leakOf(run.dir()), true, "");
    }

    // ---------------------------------------------------------------- k-fold

    private int kfold(KFoldRun k, boolean resuming) throws IOException {
        Corpora.Loaded loaded = DataSources.load(TrainingOptions.sourcesOf(k.base()), k.base().labels(), err(), "train");
        Path corpusRoot = loaded.root();
        List<Utterance> corpus = loaded.utterances();
        List<Split> splits = k.splits(corpus);
        int code = ExitCodes.OK;
        for (int i = 1; i <= k.folds(); i++) {
            if (fold != null && fold != i) {
                continue;
            }
            RunDirectory run = k.fold(i);
            String prefix = "fold " + i + "/" + k.folds() + ": ";
            if (k.finished(i)) {
                out().println(prefix + "already finished (" + k.metrics(i) + ")");
                continue;
            }
            boolean resumeFold = run.hasRun();
            if (resumeFold && !resuming) {
                throw new IOException(run.dir() + ": already holds a training run; continue it with --resume " + k.root());
            }
            Split split = resumeFold ? Split.load(run.split(), corpusRoot, corpus) : splits.get(i - 1);
            if (!resumeFold) {
                run.checkWritable(0, 1);
            }
            out().println(prefix + "test speakers " + split.speakers(Split.Part.TEST) + ", validation speakers "
                    + split.speakers(Split.Part.VALIDATION));
            code = Math.max(code, runOne(k.config(i), split, resumeFold, prefix));
        }
        KFoldRun.Summary summary = k.summarize();
        if (summary != null) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("folds", summary.foldsDone() + " of " + k.folds());
            ReportPage.writeFolds("ser4j train: k-fold by speaker", details, summary.evaluations(), k.root());
            FoldSummary s = summary.summary();
            out().printf(Locale.ROOT, "k-fold summary over %d of %d folds: accuracy %s, unweighted accuracy %s,"
                            + " macro F1 %s -> %s%n", summary.foldsDone().size(), k.folds(), s.accuracy().format(),
                    s.unweightedAccuracy().format(), s.macroF1().format(), k.root().resolve(KFoldRun.SUMMARY_FILE));
        }
        return code;
    }

    // ---------------------------------------------------------------- leave one corpus out

    /**
     * Leave-one-corpus-out: one run per test corpus ({@code --test-corpus}, or each corpus in turn into
     * {@code RUN_DIR/test-NAME}), then a table of the test figures per corpus.
     */
    private int leaveOneCorpusOut(TrainingConfig base, Corpora.Loaded loaded, long splitSeed) throws IOException {
        LeaveOneCorpusOut loco;
        try {
            loco = LeaveOneCorpusOut.of(out, loaded.utterances(), testCorpus, splitSeed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e);
        }
        int code = ExitCodes.OK;
        for (String c : loco.testCorpora()) {
            RunDirectory run = loco.run(c);
            if (run.hasRun()) {
                throw new IOException(run.dir() + ": already holds a training run; continue it with --resume " + run.dir());
            }
            run.checkWritable(0, 1);
            String prefix = loco.testCorpora().size() > 1 ? "test on " + c + ": " : "";
            code = Math.max(code, runOne(base.toBuilder().setRunDir(run.dir()).build(),
                    loco.split(loaded.utterances(), c), false, prefix));
        }
        Map<String, Evaluation> results = loco.summarize();
        if (results.size() > 1) {
            out().println("leave-one-corpus-out: trained on the others, tested on");
            results.forEach((c, e) -> out().printf(Locale.ROOT, "  %-12s n %5d, %d labels, accuracy %.4f, unweighted accuracy %.4f%n",
                    c, e.n(), e.labels().size(), e.accuracy(), e.unweightedAccuracy()));
            out().println("-> " + out.resolve(LeaveOneCorpusOut.SUMMARY_FILE));
        }
        return code;
    }

    // ---------------------------------------------------------------- one run

    /** Trains (or resumes) one run through the library and prints and pages its test figures. */
    private int runOne(TrainingConfig config, Split split, boolean resuming, String prefix) throws IOException {
        return runOne(config, split, null, resuming, prefix);
    }

    private int runOne(TrainingConfig config, Split split, SeedLeak leak, boolean resuming, String prefix)
            throws IOException {
        PrintWriter err = err();
        TrainingProgress progress = new TrainingProgress(out(), TrainingProgress.terminalOrNull(), prefix) {
            @Override
            public void onSkipped(String problem) {
                err.println(prefix + "skipping " + problem);
            }
        };
        if (leak == null) {
            out().printf(Locale.ROOT, "%ssplit %s: %d train, %d validation, %d test clips%n", prefix, split.name(),
                    split.train().size(), split.validation().size(), split.test().size());
        } else {
            out().printf(Locale.ROOT, "%ssplit %s (clips and their %d noisy copies drawn together; test clips' copies are"
                            + " trained on): %d train, %d validation, %d test items%n", prefix, split.name(), leak.copies(),
                    leak.count(split, Split.Part.TRAIN), leak.count(split, Split.Part.VALIDATION),
                    leak.count(split, Split.Part.TEST));
        }
        TrainingRun.Outcome outcome = TrainingRun.run(config, split, leak, resuming, new FeatureCache(cacheOption.dir()),
                maxBadClips, progress);
        if (outcome.test() == null) {
            out().println(prefix + "no test clips: no test metrics");
            return ExitCodes.OK;
        }
        Evaluation test = outcome.test();
        TrainingResult result = outcome.result();
        Split used = outcome.split();
        RunDirectory run = RunDirectory.of(config.runDir());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", config.architecture().id());
        details.put("data", config.data().corpora().isEmpty() ? String.valueOf(config.data().dataDir())
                : String.join(", ", config.data().corpora()));
        details.put("split", used.name() + " (" + used.protocol() + "), test speakers " + used.speakers(Split.Part.TEST));
        TrainingConfig.Optimisation fitting = config.optimisation();
        details.put("training", config.stopping().epochs() + " epochs, " + fitting.optimizer().id() + " lr "
                + fitting.learningRate() + ", batch " + fitting.batchSize() + ", augmentation "
                + config.regularisation().augmentation().id() + ", seed " + config.seed());
        details.put("kept epoch", result.bestEpoch() + " (lowest validation loss)");
        ReportPage.write("ser4j train: " + config.architecture().id() + " on the test part", details, test,
                result.history(), run.evaluation());
        out().printf(Locale.ROOT, "%sbest epoch %d (validation loss %.4f)%s; test: accuracy %.4f, unweighted accuracy %.4f,"
                        + " macro F1 %.4f, n %d -> %s%n", prefix, result.bestEpoch(), result.bestValidationLoss(),
                result.stoppedEarly() ? ", stopped early" : "", test.accuracy(), test.unweightedAccuracy(), test.macroF1(),
                test.n(), run.metrics());
        out().printf(Locale.ROOT, "%smodel bundle: %s%n", prefix, run.model());
        return ExitCodes.OK;
    }
}
