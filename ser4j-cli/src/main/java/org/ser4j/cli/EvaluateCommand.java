package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.ser4j.augment.condition.ConditionChain;
import org.ser4j.augment.condition.ConditionPools;
import org.ser4j.augment.condition.ConditionSources;
import org.ser4j.augment.condition.SoundPool;
import org.ser4j.bundle.BundleInfo;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.Corpora;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.Evaluator;
import org.ser4j.eval.TrainingHistory;
import org.ser4j.predict.CorpusScorer;
import org.ser4j.report.ReportPage;
import org.ser4j.split.ClipIds;
import org.ser4j.train.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ser4j evaluate}: applies a model bundle (or a run directory's model) to the labelled clips
 * of a RAVDESS directory and writes {@code metrics.json} (and the report pictures).
 *
 * <p>Which clips: every clip in DIR, or those of {@code --speakers}; {@code --split test} (or
 * validation/train) restricts them to that part of the split recorded in the bundle. Clips that the
 * model was trained on are counted and a warning says so, as they overstate the accuracy.
 */
@Command(
        name = "evaluate",
        header = "Scores a model on labelled clips: accuracy, UA, F1, confusion matrix, report.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluates a model bundle (or a training run's model) on the clips of a",
            "RAVDESS directory: accuracy, unweighted accuracy, macro F1, per-class",
            "precision/recall, confusion matrix, intensity, gender and speaker",
            "breakdowns -> OUT/metrics.json, PNG charts and OUT/report.html.",
            "Without --speakers or --split every clip in DIR is evaluated; clips the",
            "model was trained on are counted and a warning says so.",
            "Example:",
            "  ser4j evaluate --model runs/m1-spk --data DIR --speakers 1,2 \\",
            "      --out runs/m1-spk/eval-1-2",
            ""
        })
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--condition", paramLabel = "SPEC", description = "Score the clips as recorded under this"
            + " condition (spec language, README Robustness), e.g. 'noise=street_music:snr=10' or 'telephone'; noise"
            + " kinds and rooms come from the --pool part of the pools, babble from the model's training speakers.")
    String condition;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Mixin
    FeatureCacheOption cacheOption;

    @Mixin
    ConditionDataOption conditionData;

    /** The default seed of the conditions' draws. */
    static final long DEFAULT_CONDITION_SEED = 15;

    @Override
    public Integer call() throws IOException {
        try {
            return evaluate();
        } finally {
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
        }
    }

    private int evaluate() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelEnsemble ensemble = loadAll(scoring.models);
        ModelBundle bundle = ensemble.members().get(0);
        Corpora.Loaded loaded = DataSources.load(scoring.data, DataSources.mappingFor(scoring.labels, ensemble), err, "evaluate");
        Set<String> wanted = wanted(scoring, loaded);
        List<Utterance> clips = select(loaded, wanted, scoring.splitPart, ensemble, scoring.models.get(0), err, "ser4j evaluate: ");
        warnIfTrainedOn(ensemble, clips, err);
        noteAnswersTheDataLacks(ensemble, clips, err);

        ConditionChain chain = ConditionChain.clean();
        if (condition != null) {
            ConditionPools.Role role = poolRole(scoring.pool, scoring.splitPart);
            ConditionSources sources = conditionData.sources(role).withBabble(babble(ensemble, loaded.utterances(), clips));
            try {
                chain = ConditionChain.parse(condition, sources);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--condition: " + Messages.of(e), e);
            }
        }
        CorpusScorer.Scored scored = chain.isClean()
                ? score(ensemble, clips, new FeatureCache(cacheOption.dir()), err, "ser4j evaluate: ")
                : score(ensemble, clips, CorpusScorer.degraded(ensemble, chain, scoring.conditionSeed, null), err, "ser4j evaluate: ");
        Evaluation evaluation = Evaluator.evaluate(scored.labels(), scored.clips(), scored.probabilities());
        int failed = scored.failed();
        Path model = scoring.models.get(0);
        Files.createDirectories(out);
        Path metrics = out.resolve(ReportPage.METRICS);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", scoring.models.stream().map(m -> m.toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(", ")) + " (" + ensemble.architectures() + ")");
        details.put("data", String.join(", ", loaded.specs()));
        if (!chain.isClean()) {
            details.put("condition", chain.spec() + " (seed " + scoring.conditionSeed + ", " + poolRole(scoring.pool, scoring.splitPart)
                    .name().toLowerCase(Locale.ROOT) + " pools)");
        }
        details.put("clips", evaluation.n() + (wanted.isEmpty() ? "" : ", speakers " + wanted)
                + (scoring.splitPart == null ? "" : ", " + scoring.splitPart + " part of the model's split"));
        if (bundle.info().split() != null) {
            details.put("model's split", bundle.info().split().name() + " (" + bundle.info().split().protocol() + ")");
        }
        Path report = ReportPage.write("ser4j evaluate: " + ensemble.architectures(), details, evaluation,
                scoring.models.size() == 1 ? history(model) : null, out);
        stdout.printf(Locale.ROOT, "%s on %d clips of %s: accuracy %.4f, unweighted accuracy %.4f, macro F1 %.4f -> %s%n",
                ensemble.architectures(), evaluation.n(), String.join(", ", scoring.data), evaluation.accuracy(), evaluation.unweightedAccuracy(),
                evaluation.macroF1(), metrics);
        stdout.println("report: " + report);
        if (failed > 0) {
            err.println("ser4j evaluate: " + failed + " clip(s) could not be read and were left out");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /**
     * One note when the model can answer labels that no scored clip has (RAVDESS's "calm" on a corpus
     * without it): every such answer counts as an error, and {@code ensemble --exclude} makes a model
     * that never gives it. Labels the model has excluded already (weight 0) are not named.
     */
    static void noteAnswersTheDataLacks(ModelEnsemble ensemble, List<Utterance> clips, PrintWriter err) {
        Set<String> present = new HashSet<>();
        clips.forEach(u -> present.add(u.label()));
        List<String> lacking = ensemble.labels().stream()
                .filter(l -> !present.contains(l) && ensemble.classWeights().getOrDefault(l, 1.0) > 0).toList();
        if (!lacking.isEmpty() && !clips.isEmpty()) {
            err.println("ser4j evaluate: note: the model can answer " + lacking + ", which no clip here has; each such"
                    + " answer counts as an error. If these recordings cannot be " + String.join(" or ", lacking)
                    + ", 'ser4j ensemble --exclude " + String.join(",", lacking) + " --out DIR MODEL...' makes a model"
                    + " that never answers it.");
        }
    }

    /** The speakers of {@code --speakers}, matched against the corpus's ids (empty: all). */
    static Set<String> wanted(ScoringOptions scoring, Corpora.Loaded loaded) {
        Set<String> known = new HashSet<>();
        loaded.utterances().forEach(u -> known.add(u.speaker()));
        return Speakers.parse("--speakers", scoring.speakers, known);
    }

    /**
     * The clips of {@code wanted} speakers (all when empty), within {@code splitPart} of the members'
     * split when given, of the labels the model has (the others are counted on {@code err}).
     */
    static List<Utterance> select(Corpora.Loaded loaded, Set<String> wanted, String splitPart,
            ModelEnsemble ensemble, Path model, PrintWriter err, String prefix) throws IOException {
        List<Utterance> clips = new ArrayList<>();
        java.util.TreeMap<String, Integer> unknownLabels = new java.util.TreeMap<>();
        for (Utterance u : loaded.utterances()) {
            if (!wanted.isEmpty() && !wanted.contains(u.speaker())) {
                continue;
            }
            if (ensemble.labels().contains(u.label())) {
                clips.add(u);
            } else {
                unknownLabels.merge(u.label(), 1, Integer::sum);
            }
        }
        if (!unknownLabels.isEmpty()) {
            err.println(prefix + "left out clips of labels the model does not have " + unknownLabels
                    + " (model labels: " + ensemble.labels() + "; see --labels)");
        }
        if (splitPart != null) {
            clips = inSplitPart(ensemble, clips, splitPart, model, "models'", "; use --speakers instead of --split");
        }
        if (clips.isEmpty()) {
            throw new IOException(String.join(", ", loaded.specs()) + ": no clips to evaluate");
        }
        return clips;
    }

    /** Every member of every model given (a bundle is one member, an ensemble directory its members). */
    static ModelEnsemble loadAll(List<Path> paths) {
        List<ModelBundle> members = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new ModelUnavailableException(ModelOption.noSuchModel(p));
            }
            try {
                ModelEnsemble e = ModelEnsemble.load(p);
                if (paths.size() == 1) {
                    return e;
                }
                members.addAll(e.members());
            } catch (IOException | RuntimeException e) {
                throw new ModelUnavailableException("cannot load the model: " + Messages.of(e), e);
            }
        }
        try {
            return new ModelEnsemble(members, "", Map.of());
        } catch (IllegalArgumentException e) {
            throw new ModelUnavailableException(paths + ": these models cannot be averaged: " + e.getMessage(), e);
        }
    }

    /** The part of the condition pools: {@code --pool}, else validation for the validation split, else test. */
    static ConditionPools.Role poolRole(String pool, String splitPart) {
        if (pool != null) {
            ConditionPools.Role role;
            try {
                role = ConditionPools.Role.parse(pool);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--pool: " + Messages.of(e), e);
            }
            if (role == ConditionPools.Role.TRAIN) {
                throw new UsageException("--pool train: models are trained on those noises and rooms;"
                        + " score them on validation or test");
            }
            return role;
        }
        return splitPart != null && splitPart.trim().equalsIgnoreCase("validation")
                ? ConditionPools.Role.VALIDATION : ConditionPools.Role.TEST;
    }

    /** Clips per training speaker in the babble pool (enough voices, few decodes). */
    static final int BABBLE_CLIPS_PER_SPEAKER = 5;

    /**
     * Babble voices: clips of the members' training speakers when the bundle records a split, else
     * of the corpus' speakers that are not scored; at most {@value #BABBLE_CLIPS_PER_SPEAKER} per speaker.
     */
    static SoundPool babble(ModelEnsemble ensemble, List<Utterance> corpus, List<Utterance> scored) {
        Set<String> trainedIds = new HashSet<>();
        for (ModelBundle member : ensemble.members()) {
            if (member.info().split() != null) {
                trainedIds.addAll(member.info().split().train());
            }
        }
        ClipIds trained = new ClipIds(trainedIds);
        Set<String> scoredSpeakers = new HashSet<>();
        scored.forEach(u -> scoredSpeakers.add(u.speaker()));
        Map<String, Integer> taken = new java.util.HashMap<>();
        List<SoundPool.Entry> entries = new ArrayList<>();
        for (Utterance u : corpus) {
            boolean voice = trainedIds.isEmpty() ? !scoredSpeakers.contains(u.speaker()) : trained.contains(u.path());
            if (voice && !scoredSpeakers.contains(u.speaker())
                    && taken.merge(u.speaker(), 1, Integer::sum) <= BABBLE_CLIPS_PER_SPEAKER) {
                entries.add(new SoundPool.Entry(stem(u.id()), "actor-" + u.speaker(), u.path()));
            }
        }
        return SoundPool.ofFiles(entries, false);
    }

    /** {@link CorpusScorer#score} over the feature cache; each unreadable clip is reported on {@code err}. */
    static CorpusScorer.Scored score(ModelEnsemble ensemble, List<Utterance> clips, FeatureCache cache, PrintWriter err,
            String prefix) throws IOException {
        return score(ensemble, clips, CorpusScorer.cached(ensemble, cache), err, prefix);
    }

    /** {@link CorpusScorer#score}; each clip that cannot be read is reported on {@code err} with its reason. */
    static CorpusScorer.Scored score(ModelEnsemble ensemble, List<Utterance> clips,
            java.util.function.Function<Utterance, List<float[][]>> features, PrintWriter err, String prefix) throws IOException {
        CorpusScorer.Scored scored = CorpusScorer.score(ensemble, clips, features);
        for (CorpusScorer.Failure f : scored.failures()) {
            err.println(prefix + f.message());
        }
        if (scored.clips().isEmpty()) {
            throw new IOException("none of the " + clips.size() + " clips could be read");
        }
        return scored;
    }

    /** The training history next to the model, when {@code --model} is a run directory. */
    private static TrainingHistory history(Path model) throws IOException {
        Path h = model.resolve(RunDirectory.HISTORY);
        return Files.isRegularFile(h) ? TrainingHistory.load(h) : null;
    }

    /**
     * The clips of {@code part} (test, validation or train) of the split every member records.
     *
     * @param who how the message names the members, e.g. {@code models'}
     * @param advice what the message says to do when the members' parts differ
     * @throws IllegalArgumentException when a member records no split, or the members' parts differ
     */
    static List<Utterance> inSplitPart(ModelEnsemble ensemble, List<Utterance> clips, String part, Path where,
            String who, String advice) {
        Set<String> ids = null;
        for (ModelBundle member : ensemble.members()) {
            Set<String> mine = new HashSet<>(splitPart(member, part, where));
            if (ids != null && !stems(List.copyOf(ids)).equals(stems(List.copyOf(mine)))) {
                throw new UsageException("the " + who + " " + part + " parts differ (they were trained on"
                        + " different splits)" + advice);
            }
            ids = mine;
        }
        ClipIds inPart = new ClipIds(ids);
        List<Utterance> out = new ArrayList<>();
        for (Utterance u : clips) {
            if (inPart.contains(u.path())) {
                out.add(u);
            }
        }
        return out;
    }

    /** The clip ids of one part (test, validation or train) of the split recorded in {@code bundle}. */
    static List<String> splitPart(ModelBundle bundle, String part, Path where) {
        BundleInfo.SplitSummary split = bundle.info().split();
        if (split == null) {
            throw new UsageException(where + ": the bundle records no split; use --speakers instead of --split");
        }
        return switch (part.trim().toLowerCase(Locale.ROOT)) {
            case "test" -> {
                if (split.withoutTestPart()) {
                    throw new UsageException(where + ": the model was trained without a test part (--test-speakers"
                            + " none), so it has no test clips; use --speakers with speakers it has not heard, or"
                            + " --split validation");
                }
                yield split.test();
            }
            case "validation" -> split.validation();
            case "train" -> split.train();
            default -> throw new UsageException("--split must be test, validation or train, found '" + part + "'");
        };
    }

    /** One warning when any member trained on (or was selected with) some of {@code clips}. */
    static void warnIfTrainedOn(ModelEnsemble ensemble, List<Utterance> clips, PrintWriter err) {
        Set<String> ids = new HashSet<>();
        for (ModelBundle member : ensemble.members()) {
            BundleInfo.SplitSummary split = member.info().split();
            if (split != null) {
                ids.addAll(split.train());
                ids.addAll(split.validation());
            }
        }
        ClipIds trained = new ClipIds(ids);
        int overlap = 0;
        for (Utterance u : clips) {
            if (trained.contains(u.path())) {
                overlap++;
            }
        }
        if (overlap > 0) {
            err.println("ser4j evaluate: warning: " + overlap + " of " + clips.size() + " clips were used to train or"
                    + " select this model (its training/validation split); their accuracy overstates the accuracy on"
                    + " new data. Use --split test or --speakers with held-out speakers.");
        }
    }

    /** Clip ids without directory and extension ({@code 03-01-05-01-02-01-12}): FLAC and WAV copies match. */
    static Set<String> stems(List<String> ids) {
        Set<String> out = new HashSet<>();
        for (String id : ids) {
            out.add(stem(id));
        }
        return out;
    }

    static String stem(String id) {
        String name = id.substring(id.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
