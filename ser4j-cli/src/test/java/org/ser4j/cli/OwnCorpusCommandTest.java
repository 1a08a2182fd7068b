package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.Json;
import org.ser4j.split.Split;
import org.ser4j.train.RunDirectory;

/**
 * Issue 16: a user's own labelled clips, listed in a CSV manifest with labels of their own, go
 * through train, evaluate, predict and datasets summary; several corpora train together and leave
 * one out; a bundle is fine-tuned.
 */
class OwnCorpusCommandTest {

    static final int RATE = 16_000;

    @TempDir
    static Path shared;
    static Path manifest;
    static Path ravdess;
    static Path cache;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Clips of four speakers, "yes" a low tone, "no" a high one, listed in calls.csv with a header. */
    @BeforeAll
    static void corpora() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("mine/audio"));
        StringBuilder csv = new StringBuilder("path,label,speaker\n");
        String[] speakers = {"alice", "bob", "carol", "dave"};
        for (int s = 0; s < speakers.length; s++) {
            Random rng = new Random(s);
            for (int k = 0; k < 4; k++) {
                for (String label : List.of("yes", "no")) {
                    float[] x = new float[RATE];
                    double f = (label.equals("yes") ? 220 : 660) + 20 * s + 5 * k;
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f * i / RATE) + 0.01 * rng.nextGaussian());
                    }
                    String name = String.format(Locale.ROOT, "%s-%s-%d.wav", speakers[s], label, k);
                    WavEncoder.write(AudioClip.mono(x, RATE), WavFormat.PCM_16, dir.resolve(name));
                    csv.append("audio/").append(name).append(',').append(label).append(',').append(speakers[s]).append('\n');
                }
            }
        }
        manifest = Files.writeString(shared.resolve("mine/calls.csv"), csv.toString());
        ravdess = TinyCorpus.write(shared.resolve("ravdess"), 1, 2, 3);
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

    private List<String> train(Path runDir, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--architecture", "compact-cnn", "--augment", "none",
                "--epochs", "1", "--batch", "4", "--limit-batches", "2", "--cache", cache.toString(),
                "--out", runDir.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void aManifestWithItsOwnLabelsTrainsEvaluatesAndPredicts() throws IOException {
        Path runDir = tmp.resolve("run");
        assertEquals(0, run(train(runDir, "--data", "csv:" + manifest, "--protocol", "speaker", "--test-speakers", "dave",
                "--validation-speakers", "carol").toArray(String[]::new)), output());
        ModelBundle bundle = ModelBundle.load(runDir.resolve("model"));
        assertEquals(List.of("no", "yes"), bundle.labels());
        assertEquals(List.of("dave"), bundle.info().split().testSpeakers());
        JsonNode metrics = Json.MAPPER.readTree(runDir.resolve("evaluation/metrics.json").toFile());
        assertEquals("[\"no\",\"yes\"]", metrics.get("labels").toString());
        assertEquals(8, metrics.get("n").asInt());
        assertEquals(8, metrics.get("corpora").get("calls").get("total").asInt());
        assertTrue(Files.readString(runDir.resolve("evaluation/report.html")).contains("<th>yes</th>"));
        JsonNode config = Json.MAPPER.readTree(runDir.resolve("config.json").toFile());
        assertEquals("csv:" + manifest, config.get("data").get(0).asText());

        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", "--model", runDir.toString(), "--json",
                manifest.getParent().resolve("audio/dave-yes-0.wav").toString()), output());
        JsonNode p = Json.MAPPER.readTree(out.toString().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(2, p.get("probabilities").size(), out.toString());
        assertTrue(p.get("probabilities").has("yes") && p.get("probabilities").has("no"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run("evaluate", "--model", runDir.toString(), "--data", "csv:" + manifest, "--speakers", "dave",
                "--cache", cache.toString(), "--out", tmp.resolve("eval").toString()), output());
        assertTrue(out.toString().contains("on 8 clips"), output());

        out.getBuffer().setLength(0);
        assertEquals(0, run("datasets", "summary", "csv:" + manifest), output());
        assertTrue(out.toString().contains("utterances: 32 from 4 speakers"), output());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("yes\\s+16")), output());

        // a resumed run reads its corpus again from config.json
        assertEquals(0, run("train", "--resume", runDir.toString(), "--epochs", "2"), output());
        assertEquals(2, RunDirectory.of(runDir).readConfig().stopping().epochs());
    }

    @Test
    void fineTuningStartsFromABundleAndKeepsItsLabels() throws IOException {
        Path start = tmp.resolve("start");
        assertEquals(0, run(train(start, "--data", "csv:" + manifest, "--protocol", "speaker", "--test-speakers", "dave",
                "--validation-speakers", "carol").toArray(String[]::new)), output());
        Path tuned = tmp.resolve("tuned");
        assertEquals(0, run(train(tuned, "--data", "csv:" + manifest, "--protocol", "speaker", "--test-speakers", "dave",
                "--validation-speakers", "bob", "--init", start.resolve("model").toString(), "--freeze-epochs", "1",
                "--lr", "0.0003").toArray(String[]::new)), output());
        var config = RunDirectory.of(tuned).readConfig();
        assertEquals(start.resolve("model").toAbsolutePath().normalize(), config.optimisation().init());
        assertEquals(1, config.optimisation().freezeEpochs());
        assertEquals(List.of("no", "yes"), ModelBundle.load(tuned.resolve("model")).labels());

        err.getBuffer().setLength(0);
        assertEquals(2, run(train(tmp.resolve("bad"), "--data", "csv:" + manifest, "--freeze-epochs", "2")
                .toArray(String[]::new)), output());
        assertTrue(err.toString().contains("--freeze-epochs needs --init"), output());
    }

    @Test
    void aTeacherTrainedOnTheSameSplitTeachesOneThatHeardTheHeldOutVoiceIsRefused() throws IOException {
        Path teacher = tmp.resolve("teacher");
        assertEquals(0, run(train(teacher, "--data", "csv:" + manifest, "--protocol", "speaker", "--test-speakers", "dave",
                "--validation-speakers", "carol").toArray(String[]::new)), output());
        Path student = tmp.resolve("student");
        assertEquals(0, run(train(student, "--data", "csv:" + manifest, "--protocol", "speaker", "--test-speakers", "dave",
                "--validation-speakers", "carol", "--random-crop", "--teacher", teacher.resolve("model").toString(),
                "--distillation", "0.7").toArray(String[]::new)), output());
        var distillation = RunDirectory.of(student).readConfig().optimisation().distillation();
        assertEquals(teacher.resolve("model").toAbsolutePath().normalize(), distillation.teacher());
        assertEquals(0.7, distillation.weight());
        assertEquals(2.0, distillation.temperature());

        // bob's clips trained the teacher: a run that validates on bob must not learn from it
        err.getBuffer().setLength(0);
        assertEquals(1, run(train(tmp.resolve("leaky"), "--data", "csv:" + manifest, "--protocol", "speaker",
                "--test-speakers", "dave", "--validation-speakers", "bob", "--random-crop", "--teacher",
                teacher.resolve("model").toString()).toArray(String[]::new)), output());
        assertTrue(err.toString().contains("was trained on") && err.toString().contains("holds out for validation or test"),
                output());
        err.getBuffer().setLength(0);
        assertEquals(2, run(train(tmp.resolve("no-teacher"), "--data", "csv:" + manifest, "--temperature", "3")
                .toArray(String[]::new)), output());
        assertTrue(err.toString().contains("--distillation and --temperature need --teacher"), output());
    }

    @Test
    void leaveOneCorpusOutTrainsOnOneAndTestsOnTheOtherOverSharedLabels() throws IOException {
        // the manifest relabelled: yes -> angry, no -> sad, which RAVDESS has too
        Path map = Files.writeString(tmp.resolve("map.json"), "{\"yes\": \"angry\", \"no\": \"sad\"}");
        Path root = tmp.resolve("loco");
        assertEquals(0, run(train(root, "--data", ravdess.toString(), "--data", "csv:" + manifest, "--labels", map.toString(),
                "--protocol", "leave-one-corpus-out").toArray(String[]::new)), output());
        for (String test : List.of("calls", "ravdess")) {
            JsonNode m = Json.MAPPER.readTree(root.resolve("test-" + test + "/evaluation/metrics.json").toFile());
            assertEquals("[\"sad\",\"angry\"]", m.get("labels").toString(), test);
            assertEquals(1, m.get("corpora").size(), test);
            assertTrue(m.get("corpora").has(test), test);
        }
        assertTrue(out.toString().contains("leave-one-corpus-out: trained on the others, tested on"), output());
        JsonNode summary = Json.MAPPER.readTree(root.resolve("summary.json").toFile());
        assertEquals(2, summary.get("test_corpora").size());
        assertEquals(32, summary.get("test_corpora").get("calls").get("n").asInt());

        // evaluate maps the labels as the model was trained (the mapping file), unless told otherwise
        out.getBuffer().setLength(0);
        assertEquals(0, run("evaluate", "--model", root.resolve("test-ravdess").toString(), "--data", "csv:" + manifest,
                "--cache", cache.toString(), "--out", tmp.resolve("eval-mapped").toString()), output());
        assertTrue(out.toString().contains("on 32 clips"), output());
        err.getBuffer().setLength(0);
        assertEquals(1, run("evaluate", "--model", root.resolve("test-ravdess").toString(), "--data", "csv:" + manifest,
                "--labels", "none", "--cache", cache.toString(), "--out", tmp.resolve("eval-none").toString()), output());
        assertTrue(err.toString().contains("left out clips of labels the model does not have {no=16, yes=16}"), output());

        err.getBuffer().setLength(0);
        assertEquals(2, run(train(tmp.resolve("one"), "--data", ravdess.toString(), "--protocol", "leave-one-corpus-out")
                .toArray(String[]::new)), output());
        assertTrue(err.toString().contains("needs at least two corpora"), output());
    }

    /**
     * Issue 15: {@code part=train} adds a corpus to every fold's training part and leaves the folds of the
     * other corpus as they are without it (the RAVDESS folds with all of TESS added).
     */
    @Test
    void aCorpusThatOnlyTrainsJoinsEachFoldsTrainingPartAndLeavesTheFoldsAsTheyWere() throws IOException {
        Path map = Files.writeString(tmp.resolve("map.json"), "{\"yes\": \"angry\", \"no\": \"sad\"}");
        Path alone = tmp.resolve("alone");
        Path with = tmp.resolve("with");
        assertEquals(0, run(train(alone, "--data", ravdess.toString(), "--labels", map.toString(), "--protocol", "kfold",
                "--folds", "3", "--fold", "2").toArray(String[]::new)), output());
        assertEquals(0, run(train(with, "--data", ravdess.toString(), "--data", "csv:" + manifest + "?part=train",
                "--labels", map.toString(), "--protocol", "kfold", "--folds", "3", "--fold", "2").toArray(String[]::new)),
                output());
        Split.Ids a = Split.Ids.read(alone.resolve("fold-2/split.json"));
        Split.Ids b = Split.Ids.read(with.resolve("fold-2/split.json"));
        // ids are relative to the directory that holds every corpus: the RAVDESS folder alone, its parent with both
        assertEquals(a.test().stream().map(id -> "ravdess/" + id).toList(), b.test());
        assertEquals(a.validation().stream().map(id -> "ravdess/" + id).toList(), b.validation());
        assertEquals(a.train().size() + 32, b.train().size(), "every clip of the manifest trains");
        assertTrue(b.train().containsAll(a.train().stream().map(id -> "ravdess/" + id).toList()));
        assertEquals(32, b.train().stream().filter(id -> id.startsWith("mine/audio/")).count());
        JsonNode config = Json.MAPPER.readTree(with.resolve("fold-2/config.json").toFile());
        assertEquals("csv:" + manifest + "?part=train", config.get("data").get(1).asText());
        JsonNode metrics = Json.MAPPER.readTree(with.resolve("fold-2/evaluation/metrics.json").toFile());
        assertEquals(1, metrics.get("corpora").size(), "only RAVDESS tests: " + metrics.get("corpora"));

        // a resumed fold reads both corpora again and keeps its split
        assertEquals(0, run("train", "--resume", with.toString(), "--fold", "2", "--epochs", "2"), output());
        assertEquals(b, Split.Ids.read(with.resolve("fold-2/split.json")));

        err.getBuffer().setLength(0);
        assertEquals(2, run(train(tmp.resolve("only"), "--data", "csv:" + manifest + "?part=train", "--protocol", "random")
                .toArray(String[]::new)), output());
        assertTrue(err.toString().contains("at least one must give the validation and test clips"), output());
    }
}
