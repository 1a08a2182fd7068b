package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.ser4j.augment.AwgnAugmentation;
import org.ser4j.data.Corpora;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.split.SecPytorchLeak;
import org.ser4j.split.Split;
import org.ser4j.split.Splits;

/**
 * A training experiment: the runs that one protocol makes of a corpus, each trained or resumed through
 * {@link TrainingRun}, and the summary of their test figures where there are several. The library
 * behind {@code ser4j train} (issue 19: the protocols and resume lived in the CLI).
 *
 * <p>{@link #plan} (a new experiment) and {@link #resume} (one that was interrupted, or should train
 * longer) check what the settings, the design and the corpus decide and write nothing, so that their
 * {@link IllegalArgumentException}s are a wrong request; {@link #run} then trains.
 */
public final class Experiment {

    /** How the corpus is split into the runs' training, validation and test parts. */
    public enum Protocol {
        /** SEC-PyTorch's: random 80/10/10 by emotion (speakers leak between parts). */
        RANDOM,
        /** Held-out test (and validation) speakers. */
        SPEAKER,
        /** K folds by speaker, one run each ({@link KFoldRun}). */
        KFOLD,
        /** Train on all corpora but one, test on that one ({@link LeaveOneCorpusOut}). */
        LEAVE_ONE_CORPUS_OUT,
        /** SEC-PyTorch's published protocol, as a demonstration: 80/10/10 drawn over the clips and their noisy copies. */
        SEC_PYTORCH_LEAKY;

        /**
         * Deprecated ids that {@link #fromId} still accepts (issue 19: "seed" had come to mean the
         * original system, a random seed and a preset), each with its protocol.
         */
        private static final Map<String, Protocol> OLD_IDS = Map.of(
                Splits.OLD_RANDOM, RANDOM,
                SecPytorchLeak.OLD_PROTOCOL, SEC_PYTORCH_LEAKY);

        /**
         * The CLI name: {@code random}, {@code speaker}, {@code kfold}, {@code leave-one-corpus-out},
         * {@code sec-pytorch-leaky}.
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The protocol of an id, or of a deprecated id ({@link #oldIds()}), in any case. */
        public static Protocol fromId(String id) {
            for (Protocol p : values()) {
                if (p.id().equalsIgnoreCase(id)) {
                    return p;
                }
            }
            Protocol old = id == null ? null : OLD_IDS.get(id.toLowerCase(Locale.ROOT));
            if (old != null) {
                return old;
            }
            throw new IllegalArgumentException("unknown protocol '" + id
                    + "' (expected random, speaker, kfold, leave-one-corpus-out or sec-pytorch-leaky)");
        }

        /**
         * The deprecated ids, each with the id it now has ({@code seed}: {@code random}, {@code seed-leaky}:
         * {@code sec-pytorch-leaky}).
         */
        public static Map<String, String> oldIds() {
            Map<String, String> ids = new java.util.TreeMap<>();
            OLD_IDS.forEach((old, p) -> ids.put(old, p.id()));
            return Collections.unmodifiableMap(ids);
        }
    }

    /**
     * A protocol and its options.
     *
     * @param protocol the protocol
     * @param splitSeed the seed of the split; null: the settings' seed (a k-fold root that exists: its own)
     * @param testSpeakers speaker protocol: the test speakers, as the corpus names them
     * @param validationSpeakers speaker protocol: the validation speakers; empty: one male and one female
     *     of the others, drawn with the split seed
     * @param folds k-fold: the number of folds
     * @param fold k-fold: the one fold to train (1..folds), or null for every fold
     * @param testCorpus leave-one-corpus-out: the corpus to test on, or null for each in turn
     * @param withoutTest speaker protocol: no test part on purpose ({@code --test-speakers none}), every
     *     speaker but the validation ones trains (a final model)
     */
    public record Design(Protocol protocol, Long splitSeed, Set<String> testSpeakers, Set<String> validationSpeakers,
            int folds, Integer fold, String testCorpus, boolean withoutTest) {

        public Design {
            Objects.requireNonNull(protocol, "protocol");
            testSpeakers = ordered(testSpeakers);
            validationSpeakers = ordered(validationSpeakers);
            if (withoutTest && (protocol != Protocol.SPEAKER || !testSpeakers.isEmpty())) {
                throw new IllegalArgumentException("--test-speakers none belongs to --protocol speaker and names no other speaker");
            }
            if (protocol == Protocol.SPEAKER && testSpeakers.isEmpty() && !withoutTest) {
                throw new IllegalArgumentException("--protocol speaker needs --test-speakers, e.g. --test-speakers 1,2"
                        + " (or --test-speakers none: no test part, every speaker but the validation ones trains)");
            }
            if (protocol == Protocol.KFOLD && fold != null && (fold < 1 || fold > folds)) {
                throw new IllegalArgumentException("--fold must be in 1.." + folds + ", found " + fold);
            }
        }

        /** A design with a test part wherever its protocol has one. */
        public Design(Protocol protocol, Long splitSeed, Set<String> testSpeakers, Set<String> validationSpeakers,
                int folds, Integer fold, String testCorpus) {
            this(protocol, splitSeed, testSpeakers, validationSpeakers, folds, fold, testCorpus, false);
        }

        private static Set<String> ordered(Set<String> speakers) {
            return speakers == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(speakers));
        }
    }

    /** Reads the corpora of a resumed run. */
    @FunctionalInterface
    public interface CorpusReader {
        /**
         * @param recorded the corpora the run records ({@link TrainingConfig.Data#sources()}); empty when it
         *     records none
         * @param labels the run's label mapping
         */
        Corpora.Loaded read(List<String> recorded, String labels) throws IOException;
    }

    /** What an experiment reports as it goes; every method but {@link #progress} does nothing by default. */
    public interface Listener {

        /**
         * The listener of one run's training.
         *
         * @param prefix names the run among several ({@code "fold 2/5: "}, {@code "test on tess: "}); empty
         *     for a lone run
         */
        TrainingRun.Listener progress(String prefix);

        /** The speaker protocol drew the validation speakers, none being given. */
        default void onValidationSpeakers(Set<String> speakers, long splitSeed) {}

        /** A fold that has trained all its epochs and has test figures ({@code metrics}) is not trained again. */
        default void onFoldDone(String prefix, Path metrics) {}

        /** A fold is about to train (or resume) on {@code split}. */
        default void onFoldStart(String prefix, Split split) {}

        /** A run is about to train (or resume) on {@code split}; {@code leak} is SEC-PyTorch's leak, or null. */
        default void onRunStart(String prefix, Split split, SecPytorchLeak leak) {}

        /** A run has trained and its kept model has been scored on the test part. */
        default void onRunEnd(String prefix, TrainingConfig config, TrainingRun.Outcome outcome) throws IOException {}

        /** The folds' figures were summarised ({@value KFoldRun#SUMMARY_FILE} written). */
        default void onFoldsSummarised(KFoldRun run, KFoldRun.Summary summary) throws IOException {}

        /** The test figures by left-out corpus, of the runs that have them ({@value LeaveOneCorpusOut#SUMMARY_FILE}). */
        default void onCorporaSummarised(LeaveOneCorpusOut run, Map<String, Evaluation> figures) {}
    }

    private final TrainingConfig base;
    private final List<Utterance> corpus;
    /** A new experiment's design; null when resuming. */
    private final Design design;
    /** A resumed k-fold root. */
    private final KFoldRun folds;
    /** A new leave-one-corpus-out experiment. */
    private final LeaveOneCorpusOut corpora;
    /** K-fold: the one fold to train, or null. */
    private final Integer fold;
    /** The corpora that only train ({@code part=train}): in every split's training part, never split. */
    private final Set<String> trainOnly;

    private Experiment(TrainingConfig base, List<Utterance> corpus, Set<String> trainOnly, Design design,
            KFoldRun folds, LeaveOneCorpusOut corpora, Integer fold) {
        this.base = base;
        this.corpus = List.copyOf(corpus);
        this.trainOnly = Set.copyOf(trainOnly);
        this.design = design;
        this.folds = folds;
        this.corpora = corpora;
        this.fold = fold;
    }

    /**
     * A new experiment: {@code design} over {@code corpus} with the settings {@code base} (its run
     * directory is the experiment's root).
     *
     * @throws IllegalArgumentException when the design does not fit the settings or the corpus:
     *     sec-pytorch-leaky without SEC-PyTorch's AWGN copies, leave-one-corpus-out over one corpus or
     *     with a test corpus it lacks
     */
    public static Experiment plan(Design design, TrainingConfig base, List<Utterance> corpus) {
        return plan(design, base, corpus, Set.of());
    }

    /**
     * A new experiment whose corpora named in {@code trainOnly} only train: the design splits the other
     * corpora, and every clip of these joins the training part of each split (as if the experiment were
     * run without them, with more training clips).
     *
     * @throws IllegalArgumentException as {@link #plan(Design, TrainingConfig, List)}, and when every corpus
     *     only trains, or the design is sec-pytorch-leaky (its split is SEC-PyTorch's, drawn over all clips)
     */
    public static Experiment plan(Design design, TrainingConfig base, List<Utterance> corpus, Set<String> trainOnly) {
        if (!trainOnly.isEmpty()) {
            if (corpus.stream().allMatch(u -> trainOnly.contains(u.corpus()))) {
                throw new IllegalArgumentException("every corpus given is " + Corpora.PART_OPTION + "="
                        + Corpora.TRAIN_PART + ": at least one must give the validation and test clips");
            }
            if (design.protocol() == Protocol.SEC_PYTORCH_LEAKY) {
                throw new IllegalArgumentException("--protocol sec-pytorch-leaky draws SEC-PyTorch's split over every"
                        + " clip; it takes no corpus with " + Corpora.PART_OPTION + "=" + Corpora.TRAIN_PART);
            }
        }
        AugmentationKind augmentation = base.regularisation().augmentation();
        if (design.protocol() == Protocol.SEC_PYTORCH_LEAKY && augmentation != AugmentationKind.AWGN) {
            throw new IllegalArgumentException("--protocol sec-pytorch-leaky reproduces SEC-PyTorch's leak of its noisy"
                    + " copies: it needs --augment awgn (SEC-PyTorch's), not " + augmentation.id());
        }
        LeaveOneCorpusOut corpora = design.protocol() != Protocol.LEAVE_ONE_CORPUS_OUT ? null
                : LeaveOneCorpusOut.of(base.runDir(), splittable(corpus, trainOnly), design.testCorpus(),
                        splitSeed(design, base));
        return new Experiment(base, corpus, trainOnly, design, null, corpora, design.fold());
    }

    /**
     * Continues the run, or the k-fold root, in {@code dir} with its recorded settings, split and leak.
     *
     * @param fold k-fold: only this fold (1..folds), or null for every unfinished one
     * @param reader reads the corpora again (from where they are now)
     * @param changes what this command changes in the recorded settings; only how long the run trains
     *     ({@link TrainingConfig.Stopping}) and where its inputs lie ({@link TrainingConfig.Data}) may change
     * @throws IOException when {@code dir} holds no run, or its files cannot be read
     * @throws IllegalArgumentException when {@code fold} is out of range, or the changes make another run
     *     (naming the setting, as recorded and as asked)
     */
    public static Experiment resume(Path dir, Integer fold, CorpusReader reader, UnaryOperator<TrainingConfig> changes)
            throws IOException {
        if (KFoldRun.isKFold(dir)) {
            KFoldRun k = KFoldRun.open(dir, dir);
            if (fold != null && (fold < 1 || fold > k.folds())) {
                throw new IllegalArgumentException("--fold must be in 1.." + k.folds() + ", found " + fold);
            }
            Corpora.Loaded loaded = reader.read(k.base().data().sources(), k.base().labels());
            TrainingConfig continued = continued(k.base(), loaded, changes);
            return new Experiment(continued, loaded.utterances(), loaded.trainOnly(), null, k.withBase(continued), null,
                    fold);
        }
        RunDirectory run = RunDirectory.of(dir);
        if (!run.hasRun()) {
            throw new IOException(dir + ": no training run to resume (" + RunDirectory.CONFIG
                    + " missing); start it with --out " + dir);
        }
        TrainingConfig recorded = run.readConfig();
        Corpora.Loaded loaded = reader.read(recorded.data().sources(), recorded.labels());
        return new Experiment(continued(recorded, loaded, changes), loaded.utterances(), loaded.trainOnly(), null, null,
                null, null);
    }

    /** The recorded settings with the corpora where they are now and the command's changes. */
    private static TrainingConfig continued(TrainingConfig recorded, Corpora.Loaded loaded,
            UnaryOperator<TrainingConfig> changes) {
        TrainingConfig asked = changes.apply(recorded.toBuilder().optDataDir(loaded.root()).optData(loaded.specs()).build());
        recorded.differenceFrom(asked).ifPresent(d -> {
            throw new IllegalArgumentException(d.setting() + " cannot change in a resumed run: the run has "
                    + d.recorded() + ", the command asks for " + d.asked() + "; only how long it trains (epochs,"
                    + " patience, limit_batches) and where its data lie may change");
        });
        return asked;
    }

    /** The settings every run starts from (a k-fold fold or a left-out corpus has its own run directory). */
    public TrainingConfig base() {
        return base;
    }

    /**
     * Trains every run of the experiment that is not finished, each into its run directory, and
     * summarises their test figures.
     *
     * @param cache the feature cache
     * @param maxBadClips more clips that cannot be read than this stop a run before training
     * @throws IOException when a run directory holds a run already (a new experiment), or data, run
     *     directory or model cannot be read or written
     */
    public void run(FeatureCache cache, int maxBadClips, Listener listener) throws IOException {
        Runs runs = new Runs(cache, maxBadClips, listener);
        if (folds != null) {
            trainFolds(folds, true, runs);
        } else if (corpora != null) {
            trainEachCorpus(runs);
        } else if (design == null) {
            RunDirectory run = RunDirectory.of(base.runDir());
            Split split = Split.load(run.split(), base.data().dataDir(), corpus);
            runs.train(base, split, TrainingRun.leakOf(run.dir()), true, "");
        } else if (design.protocol() == Protocol.KFOLD) {
            trainFolds(KFoldRun.startOrJoin(base.runDir(), design.folds(), design.splitSeed(), base), false, runs);
        } else {
            trainOne(runs);
        }
    }

    /** The clips of the corpora that are split: all but those that only train. */
    private static List<Utterance> splittable(List<Utterance> corpus, Set<String> trainOnly) {
        return trainOnly.isEmpty() ? corpus : corpus.stream().filter(u -> !trainOnly.contains(u.corpus())).toList();
    }

    /** {@code split} of the splittable corpora with every clip of the corpora that only train added to its training part. */
    private Split withTrainOnly(Split split) {
        if (trainOnly.isEmpty()) {
            return split;
        }
        return Splits.withMoreTraining(split, corpus.stream().filter(u -> trainOnly.contains(u.corpus())).toList());
    }

    /** The split seed: the design's, else the settings' seed. */
    private static long splitSeed(Design design, TrainingConfig base) {
        return design.splitSeed() != null ? design.splitSeed() : base.seed();
    }

    /** A new lone run of the random, speaker or sec-pytorch-leaky protocol in the root. */
    private void trainOne(Runs runs) throws IOException {
        RunDirectory run = RunDirectory.of(base.runDir());
        if (run.hasRun()) {
            throw new IOException(run.dir() + ": already holds a training run; continue it with --resume " + run.dir()
                    + " or choose another --out");
        }
        run.checkWritable(0, 1);
        long splitSeed = splitSeed(design, base);
        List<Utterance> splittable = splittable(corpus, trainOnly);
        switch (design.protocol()) {
            case RANDOM -> runs.train(base, withTrainOnly(Splits.random(splittable, splitSeed)), null, false, "");
            case SEC_PYTORCH_LEAKY -> {
                SecPytorchLeak.Drawn leaky = SecPytorchLeak.draw(corpus, base.data().dataDir(), splitSeed,
                        AwgnAugmentation.SEC_PYTORCH.copies());
                runs.train(base, leaky.split(), leaky.leak(), false, "");
            }
            case SPEAKER -> {
                Set<String> validation = design.validationSpeakers();
                if (validation.isEmpty()) {
                    validation = Splits.defaultValidationSpeakers(splittable, design.testSpeakers(), splitSeed);
                    runs.listener.onValidationSpeakers(validation, splitSeed);
                }
                runs.train(base, withTrainOnly(Splits.bySpeaker(splittable, design.testSpeakers(), validation)), null,
                        false, "");
            }
            case KFOLD, LEAVE_ONE_CORPUS_OUT -> throw new IllegalStateException(design.protocol().id()
                    + " makes several runs");
        }
    }

    /**
     * The folds of {@code k} that are not finished (or only {@link #fold}); a new command may resume a
     * fold only with {@code resuming}.
     */
    private void trainFolds(KFoldRun k, boolean resuming, Runs runs) throws IOException {
        List<Split> splits = k.splits(splittable(corpus, trainOnly)).stream().map(this::withTrainOnly).toList();
        for (int i = 1; i <= k.folds(); i++) {
            if (fold != null && fold != i) {
                continue;
            }
            RunDirectory run = k.fold(i);
            String prefix = "fold " + i + "/" + k.folds() + ": ";
            if (k.finished(i)) {
                runs.listener.onFoldDone(prefix, k.metrics(i));
                continue;
            }
            boolean resumeFold = run.hasRun();
            if (resumeFold && !resuming) {
                throw new IOException(run.dir() + ": already holds a training run; continue it with --resume " + k.root());
            }
            Split split = resumeFold ? Split.load(run.split(), k.base().data().dataDir(), corpus) : splits.get(i - 1);
            if (!resumeFold) {
                run.checkWritable(0, 1);
            }
            runs.listener.onFoldStart(prefix, split);
            runs.train(k.config(i), split, null, resumeFold, prefix);
        }
        KFoldRun.Summary summary = k.summarize();
        if (summary != null) {
            runs.listener.onFoldsSummarised(k, summary);
        }
    }

    /** Leave-one-corpus-out: one new run per test corpus, then the figures by corpus. */
    private void trainEachCorpus(Runs runs) throws IOException {
        for (String c : corpora.testCorpora()) {
            RunDirectory run = corpora.run(c);
            if (run.hasRun()) {
                throw new IOException(run.dir() + ": already holds a training run; continue it with --resume " + run.dir());
            }
            run.checkWritable(0, 1);
            String prefix = corpora.testCorpora().size() > 1 ? "test on " + c + ": " : "";
            runs.train(base.toBuilder().setRunDir(run.dir()).build(),
                    withTrainOnly(corpora.split(splittable(corpus, trainOnly), c)), null, false, prefix);
        }
        runs.listener.onCorporaSummarised(corpora, corpora.summarize());
    }

    /** How this command trains each run. */
    private record Runs(FeatureCache cache, int maxBadClips, Listener listener) {

        void train(TrainingConfig config, Split split, SecPytorchLeak leak, boolean resuming, String prefix) throws IOException {
            listener.onRunStart(prefix, split, leak);
            TrainingRun.Outcome outcome = TrainingRun.run(config, split, leak, resuming, cache, maxBadClips,
                    listener.progress(prefix));
            listener.onRunEnd(prefix, config, outcome);
        }
    }
}
