package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.eval.TrainingHistory;
import org.ser4j.model.Architecture;

/** Two-batch training runs through the CLI on a generated corpus of three actors. */
class TrainCommandTest {

    @TempDir
    static Path shared;
    static Path corpus;
    static Path cache;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void corpus() throws IOException {
        corpus = TinyCorpus.write(shared.resolve("ravdess"), 1, 2, 3);
        cache = shared.resolve("cache");
    }

    private int run(String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String output() {
        return out + "\n" + err;
    }

    /** Speaker protocol: actor 3 tests, actor 2 validates, actor 1 trains (8 clips + 16 noisy copies). */
    private List<String> trainArgs(Path runDir, int epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", corpus.toString(), "--model", "stacked-cnn-lstm",
                "--protocol", "speaker", "--test-speakers", "3", "--validation-speakers", "02", "--epochs",
                String.valueOf(epochs), "--batch", "4", "--limit-batches", "2", "--seed", "7", "--cache", cache.toString(),
                "--out", runDir.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    /** Issue 16 item 5: a recipe file sets the settings, options override it, and a run repeats from its directory. */
    @Test
    void aRecipeSetsTheSettingsOptionsOverrideItAndARunRepeatsFromItsDirectory() throws IOException {
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), "{\"architecture\": \"compact-cnn\", \"optimizer\": \"adamw\","
                + " \"schedule\": \"cosine\", \"spec_augment\": true, \"mixup\": 0.2, \"epochs\": 30}");
        Path first = tmp.resolve("from-recipe");
        List<String> args = new ArrayList<>(List.of("train", "--data", corpus.toString(), "--recipe", recipe.toString(),
                "--no-spec-augment", "--protocol", "speaker", "--test-speakers", "3", "--validation-speakers", "02",
                "--epochs", "1", "--batch", "4", "--limit-batches", "2", "--cache", cache.toString(), "--out", first.toString()));
        assertEquals(0, run(args.toArray(String[]::new)), output());
        JsonNode c1 = ModelBundle.json().readTree(first.resolve("config.json").toFile());
        assertEquals("compact-cnn", c1.get("architecture").asText());
        assertEquals("adamw", c1.get("optimizer").asText());
        assertEquals("cosine", c1.get("schedule").asText());
        assertEquals(0.2, c1.get("mixup").asDouble());
        assertEquals(1, c1.get("epochs").asInt(), "--epochs overrides the recipe");
        assertFalse(c1.get("spec_augment").asBoolean(), "--no-spec-augment overrides the recipe");

        Path second = tmp.resolve("again");
        assertEquals(0, run("train", "--data", corpus.toString(), "--recipe", first.toString(), "--protocol", "speaker",
                "--test-speakers", "3", "--validation-speakers", "02", "--cache", cache.toString(), "--out", second.toString()),
                output());
        JsonNode c2 = ModelBundle.json().readTree(second.resolve("config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) c1).remove("run_dir");
        ((com.fasterxml.jackson.databind.node.ObjectNode) c2).remove("run_dir");
        assertEquals(c1, c2, "a run's config.json is its recipe");

        Files.writeString(recipe, "{\"architecture\": \"compact-cnn\", \"epoch\": 3}");
        assertEquals(ExitCodes.USAGE, run("train", "--data", corpus.toString(), "--recipe", recipe.toString(),
                "--out", tmp.resolve("typo").toString()), output());
        assertTrue(err.toString().contains("unknown setting 'epoch'"), output());
        assertEquals(ExitCodes.USAGE, run("train", "--data", corpus.toString(), "--recipe", "no-such-recipe",
                "--out", tmp.resolve("none").toString()), output());
        assertTrue(err.toString().contains("named recipes: robust-deep"), output());
        for (String name : Recipes.NAMES) {
            org.ser4j.train.TrainingConfig c = Recipes.load(name).setRunDir(tmp.resolve(name)).build();
            assertTrue(c.stopping().epochs() >= 60, name);
        }
        org.ser4j.train.TrainingConfig robust = Recipes.load("robust-deep").setRunDir(tmp).build();
        assertEquals("compact-cnn-deep", robust.architecture().id());
        assertTrue(robust.regularisation().conditions().contains("noise=babble"), "the shipped model's recipe trains under conditions");
    }

    /** A final model: no test part, every speaker but the validation ones trains; it is asked for, never a default. */
    @Test
    void testSpeakersNoneTrainsOnEverySpeakerButTheValidationOnes() throws IOException {
        Path runDir = tmp.resolve("final");
        List<String> args = trainArgs(runDir, 1);
        args.set(args.indexOf("3"), "none");
        assertEquals(0, run(args.toArray(String[]::new)), output());
        assertTrue(out.toString().contains("0 test clips"), output());
        ModelBundle bundle = ModelBundle.load(runDir.resolve("model"));
        assertEquals("speaker", bundle.info().split().protocol());
        assertEquals(List.of(), bundle.info().split().testSpeakers());
        assertEquals(List.of(), bundle.info().split().test());
        assertEquals(16, bundle.info().split().train().size(), "actors 1 and 3 train");
        assertEquals(8, bundle.info().split().validation().size());
        assertFalse(bundle.info().metrics().containsKey("test_accuracy"), "no test figures are made up");

        assertEquals(ExitCodes.USAGE, run("evaluate", "--model", runDir.toString(), "--data", corpus.toString(),
                "--split", "test", "--out", tmp.resolve("eval").toString()), output());
        assertTrue(err.toString().contains("trained without a test part (--test-speakers none)"), output());

        Path pair = tmp.resolve("pair");
        assertEquals(0, run("ensemble", "--out", pair.toString(), "--data", corpus.toString(), "--cache", cache.toString(),
                runDir.resolve("model").toString(), runDir.resolve("model").toString()), output());
        assertTrue(out.toString().contains("test part: none"), output());
        assertEquals(8.0, ModelEnsemble.load(pair).metrics().get("validation_n"));
        assertFalse(ModelEnsemble.load(pair).metrics().containsKey("test_n"));

        List<String> forgotten = trainArgs(tmp.resolve("forgotten"), 1);
        int at = forgotten.indexOf("--test-speakers");
        forgotten.remove(at + 1);
        forgotten.remove(at);
        assertEquals(ExitCodes.USAGE, run(forgotten.toArray(String[]::new)), output());
        assertTrue(err.toString().contains("--protocol speaker needs --test-speakers"), output());
        assertEquals(ExitCodes.USAGE, run("train", "--data", corpus.toString(), "--protocol", "kfold",
                "--test-speakers", "none", "--out", tmp.resolve("kfold").toString()), output());
    }

    @Test
    void trainsABundleThenEvaluatesIt() throws IOException {
        Path runDir = tmp.resolve("run");
        assertEquals(0, run(trainArgs(runDir, 1).toArray(String[]::new)), output());
        assertTrue(out.toString().contains("epoch 1/1"), output());

        ModelBundle bundle = ModelBundle.load(runDir.resolve("model"));
        assertEquals(Architecture.STACKED_CNN_LSTM, bundle.architecture());
        assertEquals("speaker", bundle.info().split().protocol());
        assertEquals(List.of("3"), bundle.info().split().testSpeakers());
        assertEquals(8, bundle.info().split().train().size());
        assertEquals(24.0, ((Number) bundle.info().training().get("train_samples")).doubleValue());
        assertTrue(bundle.info().metrics().containsKey("test_accuracy"), bundle.info().metrics().toString());
        assertEquals(3, bundle.info().dataset().files() / 8);
        for (String f : List.of("config.json", "split.json", "history.json", "scaler.bin", "last/weights.params",
                "last/optimizer.bin", "last/state.json", "evaluation/metrics.json", "evaluation/report.html",
                "evaluation/confusion.png", "evaluation/curves.png")) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        assertMetrics(runDir.resolve("evaluation/metrics.json"), 8);

        Path evalDir = tmp.resolve("eval");
        out.getBuffer().setLength(0);
        assertEquals(0, run("evaluate", "--model", runDir.toString(), "--data", corpus.toString(), "--speakers", "03",
                "--cache", cache.toString(), "--out", evalDir.toString()), output());
        assertMetrics(evalDir.resolve("metrics.json"), 8);
        for (String f : List.of("report.html", "confusion.png", "intensity.png", "gender.png", "curves.png")) {
            assertTrue(Files.exists(evalDir.resolve(f)), f);
        }
        assertFalse(err.toString().contains("warning"), output());

        Path all = tmp.resolve("eval-all");
        assertEquals(0, run("evaluate", "--model", runDir.resolve("model").toString(), "--data", corpus.toString(),
                "--cache", cache.toString(), "--out", all.toString()), output());
        assertMetrics(all.resolve("metrics.json"), 24);
        assertTrue(err.toString().contains("warning: 16 of 24 clips"), output());

        Path bad = TinyCorpus.write(tmp.resolve("bad"), 3);
        Path broken = bad.resolve("Actor_03/03-01-01-01-02-01-03.wav");
        Files.writeString(broken, "not audio at all");
        err.getBuffer().setLength(0);
        assertEquals(1, run("evaluate", "--model", runDir.toString(), "--data", bad.toString(), "--cache",
                cache.toString(), "--out", tmp.resolve("eval-bad").toString()), output());
        assertTrue(err.toString().contains(broken.getFileName().toString()), output());
        assertMetrics(tmp.resolve("eval-bad/metrics.json"), 8);

        Path testPart = tmp.resolve("eval-test");
        assertEquals(0, run("evaluate", "--model", runDir.toString(), "--data", corpus.toString(), "--split", "test",
                "--cache", cache.toString(), "--out", testPart.toString()), output());
        assertMetrics(testPart.resolve("metrics.json"), 8);
    }

    @Test
    void aBadClipIsLeftOutAndListedUnlessThereAreTooMany() throws IOException {
        // issue 20: one bad clip among many stopped training
        Path data = TinyCorpus.write(tmp.resolve("with-bad"), 1, 2, 3);
        Path broken = data.resolve("Actor_01/03-01-01-01-01-01-01.wav");
        Files.writeString(broken, "not audio at all");
        Path runDir = tmp.resolve("run");
        List<String> args = trainArgs(runDir, 1);
        args.set(args.indexOf(corpus.toString()), data.toString());
        assertEquals(0, run(args.toArray(String[]::new)), output());
        assertTrue(err.toString().contains("skipping " + broken), output());
        assertEquals(7, ModelBundle.load(runDir.resolve("model")).info().split().train().size());
        assertTrue(Files.readString(runDir.resolve("skipped-clips.txt")).startsWith(broken.toString()));

        List<String> strict = trainArgs(tmp.resolve("strict"), 1, "--max-bad-clips", "0");
        strict.set(strict.indexOf(corpus.toString()), data.toString());
        assertEquals(1, run(strict.toArray(String[]::new)), output());
        assertTrue(err.toString().contains("1 of 24 clips cannot be read, more than --max-bad-clips 0"), output());
    }

    @Test
    void regularisationOptionsReachTheRunsConfigAndSpeedCopiesTripleTheData() throws IOException {
        Path runDir = tmp.resolve("reg");
        assertEquals(0, run(trainArgs(runDir, 1, "--augment", "speed", "--spec-augment", "--schedule", "cosine",
                "--mixup", "0.2", "--balance-classes").toArray(String[]::new)), output());
        JsonNode config = ModelBundle.json().readTree(runDir.resolve("config.json").toFile());
        assertEquals("speed", config.get("augmentation").asText());
        assertTrue(config.get("spec_augment").asBoolean());
        assertEquals("cosine", config.get("schedule").asText());
        assertEquals(0.2, config.get("mixup").asDouble());
        assertTrue(config.get("balance_classes").asBoolean());
        ModelBundle bundle = ModelBundle.load(runDir.resolve("model"));
        assertEquals(24.0, ((Number) bundle.info().training().get("train_samples")).doubleValue(), "8 clips + 16 copies");
        // a usage error (2) since picocli parses the closed sets (issue 19); 1 before
        assertEquals(ExitCodes.USAGE, run(trainArgs(tmp.resolve("bad"), 1, "--schedule", "linear").toArray(String[]::new)));
        assertTrue(err.toString().contains("linear"), output());
    }

    @Test
    void ensembleOfTwoRunsRecordsItsFiguresEvaluatesLikeABundleAndTakesClassWeights() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, run(trainArgs(a, 1).toArray(String[]::new)), output());
        assertEquals(0, run(trainArgs(b, 1, "--augment", "none").toArray(String[]::new)), output());

        Path ensemble = tmp.resolve("ens");
        assertEquals(0, run("ensemble", "--data", corpus.toString(), "--cache", cache.toString(), "--out",
                ensemble.toString(), a.toString(), b.toString()), output());
        ModelEnsemble loaded = ModelEnsemble.load(ensemble);
        assertEquals(2, loaded.members().size());
        assertEquals(8.0, loaded.metrics().get("test_n"));
        assertEquals(8.0, loaded.metrics().get("validation_n"));

        // evaluate takes the ensemble directory, or the same members given as two --model, alike
        Path viaDir = tmp.resolve("via-dir");
        Path viaTwo = tmp.resolve("via-two");
        assertEquals(0, run("evaluate", "--model", ensemble.toString(), "--data", corpus.toString(), "--split", "test",
                "--cache", cache.toString(), "--out", viaDir.toString()), output());
        assertEquals(0, run("evaluate", "--model", a.toString(), "--model", b.toString(), "--data", corpus.toString(),
                "--split", "test", "--cache", cache.toString(), "--out", viaTwo.toString()), output());
        JsonNode m1 = ModelBundle.json().readTree(viaDir.resolve("metrics.json").toFile());
        JsonNode m2 = ModelBundle.json().readTree(viaTwo.resolve("metrics.json").toFile());
        assertEquals(m1.get("confusion"), m2.get("confusion"));
        assertEquals(loaded.metrics().get("test_accuracy"), m1.get("accuracy").asDouble(), 1e-9);

        // an existing output is refused with the reason
        assertEquals(1, run("ensemble", "--out", ensemble.toString(), a.toString(), b.toString()), output());
        assertTrue(err.toString().contains("already exists"), output());

        // --balance-classes counts the members' training clips: one per emotion here, so every weight is 1
        Path balanced = tmp.resolve("balanced");
        assertEquals(0, run("ensemble", "--data", corpus.toString(), "--balance-classes", "--cache", cache.toString(),
                "--out", balanced.toString(), a.toString(), b.toString()), output());
        ModelEnsemble even = ModelEnsemble.load(balanced);
        assertEquals(loaded.labels(), List.copyOf(even.classWeights().keySet()));
        even.classWeights().values().forEach(w -> assertEquals(1.0, w, 1e-12));
        assertEquals(loaded.metrics().get("test_accuracy"), even.metrics().get("test_accuracy"), 1e-9);
        assertEquals(ExitCodes.USAGE, run("ensemble", "--balance-classes", "--out", tmp.resolve("no-data").toString(),
                a.toString(), b.toString()), output());
        assertEquals(Map.of("neutral", 1.5, "calm", 0.75), ModelEnsemble.balancingWeights(List.of("neutral", "calm"),
                Map.of("neutral", 1, "calm", 2)), "(1 / classes) / share");

        // the weights multiply the averaged probabilities and renormalise them, in predict as in evaluate
        Path tilted = tmp.resolve("tilted");
        loaded.withClassWeights(Map.of("neutral", 50.0, "sad", 0.5)).save(tilted);
        assertEquals(Map.of("neutral", 50.0, "sad", 0.5), ModelEnsemble.load(tilted).classWeights());
        Path clip = corpus.resolve("Actor_03/03-01-04-01-01-01-03.wav");
        JsonNode plain = predictJson(ensemble, clip);
        JsonNode weighted = predictJson(tilted, clip);
        double norm = 0;
        for (String label : loaded.labels()) {
            norm += plain.get(label).asDouble() * (label.equals("neutral") ? 50 : label.equals("sad") ? 0.5 : 1);
        }
        for (String label : loaded.labels()) {
            double w = label.equals("neutral") ? 50 : label.equals("sad") ? 0.5 : 1;
            assertEquals(plain.get(label).asDouble() * w / norm, weighted.get(label).asDouble(), 1e-5, label);
        }
        // --exclude: a label that is never the answer, here on one model
        Path noCalm = tmp.resolve("no-calm");
        assertEquals(0, run("ensemble", "--exclude", "calm", "--out", noCalm.toString(), a.toString()), output());
        JsonNode one = predictJson(a, clip);
        JsonNode without = predictJson(noCalm, clip);
        assertEquals(0.0, without.get("calm").asDouble());
        for (String label : loaded.labels()) {
            if (!label.equals("calm")) {
                assertEquals(one.get(label).asDouble() / (1 - one.get("calm").asDouble()), without.get(label).asDouble(), 1e-5,
                        label);
            }
        }
        // evaluate on clips without calm says so and names the remedy; a model that excludes calm is not told
        Path noCalmClips = tmp.resolve("no-calm.csv");
        StringBuilder csv = new StringBuilder("path,label,speaker\n");
        for (org.ser4j.data.Emotion e : org.ser4j.data.Emotion.values()) {
            if (!e.label().equals("calm")) {
                csv.append(corpus.resolve(String.format(java.util.Locale.ROOT, "Actor_03/03-01-%02d-01-01-01-03.wav", e.code())))
                        .append(',').append(e.label()).append(",3\n");
            }
        }
        Files.writeString(noCalmClips, csv.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, run("evaluate", "--model", a.toString(), "--data", "csv:" + noCalmClips, "--out",
                tmp.resolve("eval-no-calm").toString()), output());
        assertTrue(err.toString().contains("the model can answer [calm], which no clip here has")
                && err.toString().contains("--exclude calm"), output());
        err.getBuffer().setLength(0);
        assertEquals(0, run("evaluate", "--model", noCalm.toString(), "--data", "csv:" + noCalmClips, "--out",
                tmp.resolve("eval-no-calm-2").toString()), output());
        assertFalse(err.toString().contains("the model can answer"), output());

        assertEquals(ExitCodes.USAGE, run("ensemble", "--exclude", "calmm", "--out", tmp.resolve("typo").toString(),
                a.toString()), output());
        assertEquals(ExitCodes.USAGE, run("ensemble", "--out", tmp.resolve("lonely").toString(), a.toString()), output());
        assertEquals(ExitCodes.USAGE, run("ensemble", "--exclude", String.join(",", loaded.labels()), "--out",
                tmp.resolve("nothing-left").toString(), a.toString()), output());
        assertTrue(err.toString().contains("no label to decide on"), output());

        Files.writeString(tilted.resolve(ModelEnsemble.FILE), Files.readString(tilted.resolve(ModelEnsemble.FILE))
                .replace("\"neutral\" : 50.0", "\"neutrall\" : 50.0"));
        assertEquals(ExitCodes.MODEL, run("predict", "--model", tilted.toString(), clip.toString()), output());
        assertTrue(err.toString().contains("class weight for 'neutrall'"), output());
    }

    private JsonNode predictJson(Path model, Path clip) throws IOException {
        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", "--model", model.toString(), "--no-vad", "--json", clip.toString()), output());
        return ModelBundle.json().readTree(out.toString().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow())
                .get("probabilities");
    }

    private static void assertMetrics(Path metrics, int n) throws IOException {
        JsonNode m = ModelBundle.json().readTree(metrics.toFile());
        for (String key : List.of("accuracy", "unweighted_accuracy", "macro_f1", "confusion", "n")) {
            assertTrue(m.has(key), key + " in " + m);
        }
        assertEquals(n, m.get("n").asInt());
        assertEquals(8, m.get("confusion").size());
    }

    /**
     * Issue 21: SEC-PyTorch's leaky protocol, clips and noisy copies split together, and scored on its test
     * items. Issue 19: it was called seed-leaky, and a run made under that name (its files as the code
     * before the rename wrote them: split "seed-leaky", seed-leak.json, preset "seed-chunked") resumes.
     */
    @Test
    void secPytorchLeakyDrawsTheSplitOverTheNoisyCopiesAndResumes() throws IOException {
        Path leaky = tmp.resolve("leaky");
        List<String> args = List.of("train", "--data", corpus.toString(), "--model", "stacked-cnn-lstm", "--protocol",
                "seed-leaky", "--epochs", "1", "--batch", "4", "--limit-batches", "2", "--cache", cache.toString(),
                "--out", leaky.toString());
        assertEquals(0, run(args.toArray(String[]::new)), output());
        // 24 clips, each with 2 copies: per emotion 9 items, 7 train, 1 validation, 1 test
        assertTrue(out.toString().contains("56 train, 8 validation, 8 test items"), output());
        assertMetrics(leaky.resolve("evaluation/metrics.json"), 8);
        assertTrue(Files.isRegularFile(leaky.resolve("sec-pytorch-leak.json")));
        assertEquals("sec-pytorch-leaky", ModelBundle.json().readTree(leaky.resolve("model/bundle.json").toFile())
                .path("split").path("protocol").asText(), "the bundle says how it was tested");
        // the run as the code before issue 19 left it
        Files.move(leaky.resolve("sec-pytorch-leak.json"), leaky.resolve("seed-leak.json"));
        Path split = leaky.resolve("split.json");
        Files.writeString(split, Files.readString(split).replace("\"sec-pytorch-leaky\"", "\"seed-leaky\""));
        Path config = leaky.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"sec-pytorch-chunked\"", "\"seed-chunked\""));
        assertTrue(Files.readString(config).contains("\"seed-chunked\""), Files.readString(config));
        try (var bundles = Files.walk(leaky)) {
            for (Path b : bundles.filter(p -> p.getFileName().toString().equals("bundle.json")).toList()) {
                Files.writeString(b, Files.readString(b).replace("\"sec-pytorch-chunked\"", "\"seed-chunked\"")
                        .replace("\"sec-pytorch-leaky\"", "\"seed-leaky\""));
            }
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("train", "--resume", leaky.toString(), "--epochs", "2", "--cache", cache.toString()), output());
        assertTrue(out.toString().contains("56 train, 8 validation, 8 test items"), "the resumed run reads its leak: " + output());
        assertMetrics(leaky.resolve("evaluation/metrics.json"), 8);

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", corpus.toString(), "--model", "stacked-cnn-lstm", "--protocol",
                "sec-pytorch-leaky", "--augment", "none", "--out", tmp.resolve("no-copies").toString()), output());
        assertTrue(err.toString().contains("needs --augment awgn"), output());
    }

    @Test
    void resumedRunEndsLikeAnUninterruptedOne() throws IOException {
        Path straight = tmp.resolve("straight");
        assertEquals(0, run(trainArgs(straight, 2, "--augment", "none").toArray(String[]::new)), output());
        Path resumed = tmp.resolve("resumed");
        assertEquals(0, run(trainArgs(resumed, 1, "--augment", "none").toArray(String[]::new)), output());
        out.getBuffer().setLength(0);
        assertEquals(0, run("train", "--resume", resumed.toString(), "--epochs", "2", "--cache", cache.toString()), output());
        assertTrue(out.toString().contains("epochs 2..2"), output());

        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(resumed.resolve("last/weights.params")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("model/weights.params")),
                Files.readAllBytes(resumed.resolve("model/weights.params")));
        TrainingHistory a = TrainingHistory.load(straight.resolve("history.json"));
        TrainingHistory b = TrainingHistory.load(resumed.resolve("history.json"));
        assertEquals(2, b.epochs().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(a.epochs().get(i).trainLoss(), b.epochs().get(i).trainLoss());
            assertEquals(a.epochs().get(i).validationLoss(), b.epochs().get(i).validationLoss());
        }
        assertEquals(Files.readString(straight.resolve("evaluation/metrics.json")),
                Files.readString(resumed.resolve("evaluation/metrics.json")));
    }

    @Test
    void aDamagedCheckpointOrConfigIsNamedNeverNull() throws IOException {
        // issue 20: "ser4j train: null", and parser text without the file name
        Path run1 = tmp.resolve("damaged");
        assertEquals(0, run(trainArgs(run1, 1, "--augment", "none").toArray(String[]::new)), output());
        for (String name : List.of("last/state.json", "last/weights.params", "last/optimizer.bin", "config.json")) {
            Path copy = tmp.resolve("copy-" + name.replace('/', '-'));
            copyTree(run1, copy);
            Path damaged = copy.resolve(name);
            byte[] bytes = Files.readAllBytes(damaged);
            Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            err.getBuffer().setLength(0);
            assertNotEquals(0, run("train", "--resume", copy.toString(), "--epochs", "2", "--cache", cache.toString()));
            String message = err.toString();
            assertFalse(message.contains(": null"), name + ": " + message);
            assertTrue(message.contains(damaged.getFileName().toString()), name + ": " + message);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void unwritableOutputFailsBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        int code = run(trainArgs(file.resolve("run"), 1).toArray(String[]::new));
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("not-a-dir") && err.toString().contains("--out"), output());
        assertFalse(out.toString().contains("features"), output());
    }

    @Test
    void existingRunAndChangedSettingsAreRefused() throws IOException {
        Path runDir = tmp.resolve("run");
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("config.json"), "{}");
        assertNotEquals(0, run(trainArgs(runDir, 1).toArray(String[]::new)));
        assertTrue(err.toString().contains("--resume"), output());
        assertEquals(2, run("train", "--resume", runDir.toString(), "--lr", "0.1"));
        assertTrue(err.toString().contains("--lr cannot change"), output());
    }

    @Test
    void aResumedRunRefusesTheProtocolsOptionsAndAnotherOut() throws IOException {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        for (String[] option : List.of(new String[] {"--split-seed", "3"}, new String[] {"--protocol", "kfold"},
                new String[] {"--folds", "3"}, new String[] {"--test-speakers", "1"}, new String[] {"--recipe", "clean-deep"})) {
            err.getBuffer().setLength(0);
            assertEquals(ExitCodes.USAGE, run("train", "--resume", runDir.toString(), option[0], option[1]), option[0]);
            assertTrue(err.toString().contains(option[0] + " cannot change in a resumed run"), output());
        }
        assertEquals(ExitCodes.USAGE, run("train", "--resume", runDir.toString(), "--out", tmp.resolve("other").toString()));
        assertTrue(err.toString().contains("do not give another --out"), output());
        err.getBuffer().setLength(0);
        assertEquals(ExitCodes.FAILED, run("train", "--resume", runDir.toString(), "--epochs", "3"));
        assertTrue(err.toString().contains("no training run to resume"), output());
    }

    @Test
    void kfoldTrainsTheChosenFoldAndSummarises() throws IOException {
        Path root = tmp.resolve("kfold");
        assertEquals(0, run("train", "--data", corpus.toString(), "--model", "stacked-cnn-lstm", "--protocol", "kfold",
                "--folds", "3", "--fold", "2", "--epochs", "1", "--batch", "4", "--limit-batches", "1", "--augment",
                "none", "--cache", cache.toString(), "--out", root.toString()), output());
        assertTrue(Files.exists(root.resolve("fold-2/model/bundle.json")), output());
        assertFalse(Files.exists(root.resolve("fold-1")), output());
        JsonNode summary = ModelBundle.json().readTree(root.resolve("summary.json").toFile());
        assertEquals("[2]", summary.get("folds_done").toString());
        assertTrue(Files.exists(root.resolve("report.html")));
        assertTrue(out.toString().contains("k-fold summary over 1 of 3 folds"), output());
    }

    @Test
    void speedCopiesAreCroppedWithTheirClips() throws IOException {
        Path root = tmp.resolve("speed-crop");
        assertEquals(0, run("train", "--data", corpus.toString(), "--model", "compact-cnn", "--protocol", "kfold",
                "--folds", "3", "--fold", "1", "--epochs", "1", "--batch", "4", "--limit-batches", "1", "--augment",
                "speed", "--random-crop", "--cache", cache.toString(), "--out", root.toString()), output());
        String config = Files.readString(root.resolve("fold-1/config.json"));
        assertTrue(config.contains("\"random_crop\" : true") && config.contains("\"augmentation\" : \"speed\""), config);
        assertNotEquals(0, run("train", "--data", corpus.toString(), "--model", "compact-cnn", "--protocol", "kfold",
                "--folds", "3", "--fold", "1", "--epochs", "1", "--augment", "awgn", "--random-crop", "--cache",
                cache.toString(), "--out", tmp.resolve("awgn-crop").toString()));
        assertTrue(err.toString().contains("augmentation none or speed"), output());
    }

    @Test
    void splitSeedKeepsTheFoldsWhileTheTrainingSeedChanges() throws IOException {
        Path a = tmp.resolve("seed-a");
        Path b = tmp.resolve("seed-b");
        for (String[] r : List.of(new String[] {a.toString(), "1"}, new String[] {b.toString(), "2"})) {
            assertEquals(0, run("train", "--data", corpus.toString(), "--model", "compact-cnn", "--protocol", "kfold",
                    "--folds", "3", "--fold", "1", "--epochs", "1", "--batch", "4", "--limit-batches", "1", "--augment",
                    "none", "--random-crop", "--seed", r[1], "--split-seed", "42", "--cache", cache.toString(),
                    "--out", r[0]), output());
        }
        assertEquals(Files.readString(a.resolve("fold-1/split.json")), Files.readString(b.resolve("fold-1/split.json")));
        assertNotEquals(Files.readString(a.resolve("fold-1/config.json")).replace(a.toString(), ""),
                Files.readString(b.resolve("fold-1/config.json")).replace(b.toString(), ""));
        assertTrue(Files.readString(a.resolve("fold-1/config.json")).contains("\"random_crop\" : true"));
        assertEquals(42, ModelBundle.json().readTree(b.resolve("kfold.json").toFile()).get("split_seed").asLong());

        assertNotEquals(0, run("train", "--data", corpus.toString(), "--model", "compact-cnn", "--protocol", "kfold",
                "--folds", "3", "--fold", "2", "--epochs", "1", "--batch", "4", "--limit-batches", "1", "--augment",
                "none", "--seed", "1", "--split-seed", "7", "--cache", cache.toString(), "--out", a.toString()));
        assertTrue(err.toString().contains("split seed 42"), output());
    }
}
