package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.Corpora;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.Evaluator;
import org.ser4j.predict.CorpusScorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ser4j ensemble}: joins model bundles into one ensemble directory whose predictions are the
 * mean of theirs ({@link ModelEnsemble}). With {@code --data}, and when every member records the
 * same split, the ensemble is evaluated on that split's validation and test parts (speakers no
 * member trained on) and the figures are recorded in it, as training records them in a bundle.
 */
@Command(
        name = "ensemble",
        header = "Joins model bundles into an ensemble that averages their probabilities.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Joins model bundles (same feature preset and labels) into an ensemble that",
            "averages their probabilities; predict, serve, listen and evaluate take it",
            "like a bundle. With --data, scores it on the members' common validation and",
            "test parts and records the figures in it.",
            "Example:",
            "  ser4j ensemble --data DIR --out models/ens runs/a/fold-1 runs/b/fold-1",
            ""
        })
public final class EnsembleCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "BUNDLE_OR_RUN", description = "The members (bundles or training runs);"
            + " one only with --exclude or --balance-classes.")
    List<Path> models;

    @Option(names = "--data", paramLabel = "[NAME:]PATH", description = "The corpora the members were trained on"
            + " (as given to train): score the ensemble on the members' validation and test parts and record the figures.")
    List<String> data;

    @Option(names = "--labels", paramLabel = "MAPPING", description = "Label mapping of the corpora (default: the one the"
            + " first member was trained with, else common).")
    String labels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The new ensemble directory.")
    Path out;

    @Option(names = "--balance-classes", description = "With --data: divide the ensemble's probabilities by each"
            + " class's share of the members' training clips (then renormalise), so that its decisions weigh every class"
            + " alike, as unweighted accuracy does, instead of following the training corpus's class frequencies"
            + " (RAVDESS has half as many neutral clips as of any other class). Recorded as class_weights.")
    boolean balanceClasses;

    @Option(names = "--exclude", split = ",", paramLabel = "LABEL", description = "Labels the ensemble never answers"
            + " (their weight is 0 and the others' probabilities are renormalised), e.g. --exclude calm for recordings"
            + " that cannot be calm (corpora without RAVDESS's calm class). Recorded as class_weights.")
    List<String> exclude;

    @Mixin
    FeatureCacheOption cacheOption;

    @Override
    public Integer call() throws IOException {
        try {
            return build();
        } finally {
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
        }
    }

    private int build() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (Files.exists(out)) {
            throw new IOException(out + ": already exists; choose another --out");
        }
        if (balanceClasses && data == null) {
            throw new UsageException("--balance-classes needs --data: the shares are counted on the members' training clips");
        }
        if (models.size() == 1 && !balanceClasses && exclude == null) {
            throw new UsageException("an ensemble of one model needs --exclude or --balance-classes (else use the model itself)");
        }
        ModelEnsemble ensemble = EvaluateCommand.loadAll(models);
        if (exclude != null) {
            for (String label : exclude) {
                if (!ensemble.labels().contains(label.trim())) {
                    throw new UsageException("--exclude: '" + label + "' is not one of the model's labels " + ensemble.labels());
                }
            }
        }
        String description = (ensemble.single() ? "one model (" : "mean of " + ensemble.members().size() + " models (")
                + ensemble.architectures() + "): "
                + models.stream().map(Path::toString).collect(Collectors.joining(", "));
        Corpora.Loaded loaded = data == null ? null
                : DataSources.load(data, DataSources.mappingFor(labels, ensemble), spec.commandLine().getErr(), "ensemble");
        // class weights first (balance, then exclusions on top), so that the recorded figures are the ensemble's own
        if (balanceClasses) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Utterance u : EvaluateCommand.inSplitPart(ensemble, loaded.utterances(), "train", models.get(0),
                    "members'", ", so the class shares cannot be counted; leave out --balance-classes")) {
                counts.merge(u.label(), 1, Integer::sum);
            }
            ensemble = ensemble.withClassWeights(ModelEnsemble.balancingWeights(ensemble.labels(), counts));
            stdout.println("training clips per class: " + counts);
        }
        ensemble = withExclusions(ensemble);
        if (!ensemble.classWeights().isEmpty()) {
            stdout.println("class weights: " + weightsText(ensemble));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (loaded != null) {
            FeatureCache cache = new FeatureCache(cacheOption.dir());
            for (String part : List.of("validation", "test")) {
                if (part.equals("test") && withoutTestPart(ensemble)) {
                    stdout.println("test part: none (the members were trained with --test-speakers none)");
                    continue;
                }
                List<Utterance> clips = commonPart(ensemble, loaded.utterances(), part);
                CorpusScorer.Scored scored = EvaluateCommand.score(ensemble, clips, cache,
                        spec.commandLine().getErr(), "ser4j ensemble: ");
                if (scored.failed() > 0) {
                    throw new IOException(scored.failed() + " " + part + " clip(s) could not be read (see above);"
                            + " no figures recorded");
                }
                Evaluation e = Evaluator.evaluate(scored.labels(), scored.clips(), scored.probabilities());
                metrics.put(part + "_accuracy", e.accuracy());
                metrics.put(part + "_unweighted_accuracy", e.unweightedAccuracy());
                metrics.put(part + "_macro_f1", e.macroF1());
                metrics.put(part + "_n", (double) e.n());
                stdout.printf(Locale.ROOT, "%s part (%d clips): accuracy %.4f, unweighted accuracy %.4f, macro F1 %.4f%n",
                        part, e.n(), e.accuracy(), e.unweightedAccuracy(), e.macroF1());
            }
        }
        new ModelEnsemble(ensemble.members(), description, metrics, ensemble.classWeights()).save(out);
        stdout.println("ensemble of " + ensemble.members().size() + " (" + ensemble.architectures() + ") -> " + out);
        return ExitCodes.OK;
    }

    /** {@code ensemble} with weight 0 for every {@code --exclude} label. */
    private ModelEnsemble withExclusions(ModelEnsemble ensemble) {
        if (exclude == null) {
            return ensemble;
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String label : ensemble.labels()) {
            weights.put(label, ensemble.classWeights().getOrDefault(label, 1.0));
        }
        exclude.forEach(label -> weights.put(label.trim(), 0.0));
        try {
            return ensemble.withClassWeights(weights);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--exclude: " + e.getMessage(), e);
        }
    }

    private static String weightsText(ModelEnsemble ensemble) {
        return ensemble.classWeights().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Whether every member records a split without a test part ({@code train --test-speakers none}). */
    private static boolean withoutTestPart(ModelEnsemble ensemble) {
        return ensemble.members().stream().allMatch(m -> m.info().split() != null && m.info().split().withoutTestPart());
    }

    /** The clips of {@code part} of the split every member records; refused when the members' parts differ. */
    private List<Utterance> commonPart(ModelEnsemble ensemble, List<Utterance> corpus, String part) {
        List<Utterance> clips = EvaluateCommand.inSplitPart(ensemble, corpus, part, models.get(0), "members'",
                ", so no figure can be recorded; leave out --data");
        if (clips.isEmpty()) {
            throw new UsageException(data + ": none of the members' " + part + " clips are here");
        }
        return clips;
    }
}
