package org.ser4j.cli;

import ai.djl.Model;
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
import org.ser4j.bundle.BundleInfo;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.CorpusScan;
import org.ser4j.data.Emotion;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.Evaluator;
import org.ser4j.eval.TrainingHistory;
import org.ser4j.report.ReportPage;
import org.ser4j.train.BatchPredictor;
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

    @Option(names = "--model", required = true, paramLabel = "BUNDLE_OR_RUN",
            description = "A model bundle directory, its .zip, or a training run directory (its model/).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "RAVDESS directory (Actor_NN/*.wav|flac).")
    Path data;

    @Option(names = "--speakers", split = ",", paramLabel = "IDS",
            description = "Only these speakers, by corpus id: 4 and 04 both mean actor 04.")
    List<String> speakers;

    @Option(names = "--split", paramLabel = "PART",
            description = "Only the clips of this part (test, validation or train) of the split recorded in the bundle.")
    String splitPart;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Mixin
    FeatureCacheOption cacheOption;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return evaluate();
        } catch (IllegalArgumentException | IOException e) {
            err.println("ser4j evaluate: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        } finally {
            spec.commandLine().getOut().flush();
            err.flush();
        }
    }

    private int evaluate() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<Integer> wanted = Speakers.parse("--speakers", speakers);
        ModelBundle bundle = ModelBundle.load(model);
        if (!Files.isDirectory(data)) {
            throw new IOException(data + ": not a directory (expected a RAVDESS directory with Actor_NN folders)");
        }
        CorpusScan scan = RavdessCorpus.scan(data);
        for (String problem : scan.problems()) {
            err.println("ser4j evaluate: skipped " + problem);
        }
        List<Utterance> clips = new ArrayList<>();
        TreeSet<Integer> present = new TreeSet<>();
        for (Utterance u : scan.utterances()) {
            present.add(u.speaker());
            if (wanted.isEmpty() || wanted.contains(u.speaker())) {
                clips.add(u);
            }
        }
        if (!wanted.isEmpty() && !present.containsAll(wanted)) {
            TreeSet<Integer> missing = new TreeSet<>(wanted);
            missing.removeAll(present);
            throw new IllegalArgumentException("--speakers " + missing + " have no clips in " + data + " (speakers there: "
                    + present + ")");
        }
        if (splitPart != null) {
            clips = inSplitPart(bundle, clips);
        }
        if (clips.isEmpty()) {
            throw new IOException(data + ": no RAVDESS clips to evaluate");
        }
        warnIfTrainedOn(bundle, clips, err);

        FeatureCache cache = new FeatureCache(cacheOption.dir());
        List<Utterance> evaluated = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        int failed = 0;
        List<Object> features = clips.parallelStream().map(u -> {
            try {
                return (Object) bundle.modelInput(cache.features(u, bundle.preset()));
            } catch (IOException | RuntimeException e) {
                return e;
            }
        }).toList();
        for (int i = 0; i < clips.size(); i++) {
            if (features.get(i) instanceof float[] row) {
                evaluated.add(clips.get(i));
                rows.add(row);
            } else {
                Exception e = (Exception) features.get(i);
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                err.println("ser4j evaluate: " + (msg.contains(clips.get(i).path().toString()) ? msg
                        : clips.get(i).path() + ": " + msg));
                failed++;
            }
        }
        if (evaluated.isEmpty()) {
            throw new IOException("none of the " + clips.size() + " clips could be read");
        }
        List<float[]> probabilities = new ArrayList<>();
        try (Model m = bundle.newInferenceModel()) {
            float[][] logp = BatchPredictor.logProbabilities(m.getBlock(), m.getNDManager(), rows.toArray(new float[0][]),
                    bundle.architecture().inputShape(1).slice(1));
            for (float[] row : logp) {
                probabilities.add(inEmotionOrder(bundle.labels(), row));
            }
        }
        Evaluation evaluation = Evaluator.evaluate(evaluated, probabilities);
        Files.createDirectories(out);
        Path metrics = out.resolve(ReportPage.METRICS);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", model.toAbsolutePath().normalize() + " (" + bundle.architecture().id() + ")");
        details.put("data", data.toAbsolutePath().normalize().toString());
        details.put("clips", evaluation.n() + (wanted.isEmpty() ? "" : ", speakers " + wanted)
                + (splitPart == null ? "" : ", " + splitPart + " part of the model's split"));
        if (bundle.info().split() != null) {
            details.put("model's split", bundle.info().split().name() + " (" + bundle.info().split().protocol() + ")");
        }
        Path report = ReportPage.write("ser4j evaluate: " + bundle.architecture().id(), details, evaluation, history(), out);
        stdout.printf(Locale.ROOT, "%s on %d clips of %s: accuracy %.4f, unweighted accuracy %.4f, macro F1 %.4f -> %s%n",
                bundle.architecture().id(), evaluation.n(), data, evaluation.accuracy(), evaluation.unweightedAccuracy(),
                evaluation.macroF1(), metrics);
        stdout.println("report: " + report);
        if (failed > 0) {
            err.println("ser4j evaluate: " + failed + " clip(s) could not be read and were left out");
            return CommandLine.ExitCode.SOFTWARE;
        }
        return CommandLine.ExitCode.OK;
    }

    /** The training history next to the model, when {@code --model} is a run directory. */
    private TrainingHistory history() throws IOException {
        Path h = model.resolve(RunDirectory.HISTORY);
        return Files.isRegularFile(h) ? TrainingHistory.load(h) : null;
    }

    private List<Utterance> inSplitPart(ModelBundle bundle, List<Utterance> clips) {
        BundleInfo.SplitSummary split = bundle.info().split();
        if (split == null) {
            throw new IllegalArgumentException(model + ": the bundle records no split; use --speakers instead of --split");
        }
        List<String> ids = switch (splitPart.trim().toLowerCase(Locale.ROOT)) {
            case "test" -> split.test();
            case "validation" -> split.validation();
            case "train" -> split.train();
            default -> throw new IllegalArgumentException("--split must be test, validation or train, found '" + splitPart + "'");
        };
        Set<String> stems = stems(ids);
        List<Utterance> out = new ArrayList<>();
        for (Utterance u : clips) {
            if (stems.contains(stem(u.id()))) {
                out.add(u);
            }
        }
        return out;
    }

    private static void warnIfTrainedOn(ModelBundle bundle, List<Utterance> clips, PrintWriter err) {
        BundleInfo.SplitSummary split = bundle.info().split();
        if (split == null) {
            return;
        }
        Set<String> trained = stems(split.train());
        trained.addAll(stems(split.validation()));
        int overlap = 0;
        for (Utterance u : clips) {
            if (trained.contains(stem(u.id()))) {
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
    private static Set<String> stems(List<String> ids) {
        Set<String> out = new HashSet<>();
        for (String id : ids) {
            out.add(stem(id));
        }
        return out;
    }

    private static String stem(String id) {
        String name = id.substring(id.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Probabilities from log-probabilities in the bundle's label order, rearranged into {@link Emotion} order. */
    static float[] inEmotionOrder(List<Emotion> labels, float[] logp) {
        float[] p = new float[Emotion.values().length];
        for (int i = 0; i < labels.size(); i++) {
            p[labels.get(i).ordinal()] = (float) Math.exp(logp[i]);
        }
        return p;
    }
}
