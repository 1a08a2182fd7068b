package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.eval.TrainingHistory;

/**
 * Training under recording conditions and scoring under them, through the CLI, on a generated corpus
 * and generated noise and room recordings laid out like the shared pools.
 */
class RobustnessCommandTest {

    @TempDir
    static Path shared;
    static Path corpus;
    static Path cache;
    static Path noise;
    static Path rooms;
    static Path model;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    /** A conditions spec that needs no recordings but babble (made of the run's training clips). */
    static final String TRAIN_CONDITIONS = "noise=babble:snr=0..20,p=0.5;noise=pink:snr=0..20,p=0.5;"
            + "reverb=room:p=0.5;telephone:p=0.3;mp3:kbps=16..32,p=0.3;gain=-35..0";

    @BeforeAll
    static void data() throws IOException {
        corpus = TinyCorpus.write(shared.resolve("ravdess"), 1, 2, 3);
        cache = shared.resolve("cache");
        noise = shared.resolve("noise");
        rooms = shared.resolve("rir");
        Random rng = new Random(3);
        float[] hum = new float[22_050];
        for (int i = 0; i < hum.length; i++) {
            hum[i] = (float) (0.2 * Math.sin(2 * Math.PI * 100 * i / 22_050.0) + 0.05 * rng.nextGaussian());
        }
        // class 5 of UrbanSound8K (engine_idling) is a test-part kind; small_room a test-part room
        Files.createDirectories(noise.resolve("urbansound8k"));
        WavEncoder.write(AudioClip.mono(hum, 22_050), WavFormat.PCM_16, noise.resolve("urbansound8k/100-5-0-0.wav"));
        float[] response = new float[4_410];
        for (int i = 0; i < response.length; i++) {
            response[i] = (float) (rng.nextGaussian() * Math.exp(-i / 600.0) * 0.3);
        }
        response[0] = 1;
        Files.createDirectories(rooms.resolve("openair"));
        WavEncoder.write(AudioClip.mono(response, 44_100), WavFormat.PCM_16, rooms.resolve("openair/small_room.wav"));
        model = shared.resolve("run");
        var cl = Main.commandLine();
        StringWriter log = new StringWriter();
        cl.setOut(new PrintWriter(log, true));
        cl.setErr(new PrintWriter(log, true));
        int rc = cl.execute(trainArgs(model, 1, "--conditions", TRAIN_CONDITIONS).toArray(String[]::new));
        assertEquals(0, rc, log.toString());
    }

    /** kfold over 3 actors, fold 1: compact-cnn on random windows, two batches of 4 per epoch. */
    static List<String> trainArgs(Path runDir, int epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", corpus.toString(), "--model", "compact-cnn",
                "--protocol", "speaker", "--test-speakers", "3", "--validation-speakers", "2", "--epochs",
                String.valueOf(epochs), "--batch", "4", "--limit-batches", "2", "--augment", "none", "--random-crop",
                "--seed", "7", "--cache", cache.toString(), "--noise", noise.toString(), "--rooms", rooms.toString(),
                "--out", runDir.toString()));
        a.addAll(List.of(extra));
        return a;
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

    @Test
    void conditionsReachTheConfigAndAResumedRunEqualsAnUninterruptedOne() throws IOException {
        Path straight = tmp.resolve("straight");
        String[] extra = {"--conditions", TRAIN_CONDITIONS, "--validation-conditions", "noise=pink:snr=5..15"};
        assertEquals(0, run(trainArgs(straight, 2, extra).toArray(String[]::new)), output());
        String config = Files.readString(straight.resolve("config.json"));
        assertTrue(config.contains("noise=babble") && config.contains("validation_conditions"), config);
        Path resumed = tmp.resolve("resumed");
        assertEquals(0, run(trainArgs(resumed, 1, extra).toArray(String[]::new)), output());
        assertEquals(0, run("train", "--resume", resumed.toString(), "--epochs", "2", "--cache", cache.toString()), output());
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(resumed.resolve("last/weights.params")));
        TrainingHistory a = TrainingHistory.load(straight.resolve("history.json"));
        TrainingHistory b = TrainingHistory.load(resumed.resolve("history.json"));
        for (int i = 0; i < 2; i++) {
            assertEquals(a.epochs().get(i).trainLoss(), b.epochs().get(i).trainLoss());
            assertEquals(a.epochs().get(i).validationLoss(), b.epochs().get(i).validationLoss());
        }
        // the clean run draws the same order and windows: its training loss differs only through the conditions
        Path clean = tmp.resolve("clean");
        assertEquals(0, run(trainArgs(clean, 1).toArray(String[]::new)), output());
        assertNotEquals(a.epochs().get(0).trainLoss(), TrainingHistory.load(clean.resolve("history.json"))
                .epochs().get(0).trainLoss());
    }

    @Test
    void badConditionsAreRefusedBeforeTraining() {
        assertNotEquals(0, run(trainArgs(tmp.resolve("bad"), 1, "--conditions", "noise=pink:snr=0..20;echo=3")
                .toArray(String[]::new)));
        assertTrue(err.toString().contains("'echo=3'") && err.toString().contains("unknown condition"), output());
        err.getBuffer().setLength(0);
        assertNotEquals(0, run(trainArgs(tmp.resolve("nofiles"), 1, "--conditions", "noise=street_music:snr=10")
                .toArray(String[]::new)));
        assertTrue(err.toString().contains("street_music"), output());
    }

    @Test
    void evaluateScoresOneCondition() throws IOException {
        Path eval = tmp.resolve("eval");
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", corpus.toString(), "--split", "test",
                "--condition", "noise=engine_idling:snr=10;reverb=small_room", "--noise", noise.toString(), "--rooms",
                rooms.toString(), "--out", eval.toString()), output());
        JsonNode metrics = new ObjectMapper().readTree(eval.resolve("metrics.json").toFile());
        assertEquals(8, metrics.path("n").asInt(), metrics.toString());
        assertTrue(Files.readString(eval.resolve("report.html")).contains("noise=files:kinds=engine_idling,snr=10"));
        err.getBuffer().setLength(0);
        assertNotEquals(0, run("evaluate", "--model", model.toString(), "--data", corpus.toString(), "--split", "test",
                "--condition", "noise=drilling:snr=10", "--noise", noise.toString(), "--out", tmp.resolve("e2").toString()));
        assertTrue(err.toString().contains("drilling") && err.toString().contains("test part"), output());
    }

    @Test
    void robustnessWritesJsonChartAndReport() throws IOException {
        Path dir = tmp.resolve("robustness");
        assertEquals(0, run("robustness", "--model", model.toString(), "--data", corpus.toString(), "--split", "test",
                "--noise", noise.toString(), "--rooms", rooms.toString(), "--cache", cache.toString(), "--out",
                dir.toString()), output());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("robustness.json").toFile());
        JsonNode rows = json.path("conditions");
        // clean; engine_idling and babble at 0/10/20/30 dB; small_room; telephone; mp3 16/32/64; gain -30/-40
        assertEquals(16, rows.size(), json.toPrettyString());
        Set<String> groups = new TreeSet<>();
        for (JsonNode r : rows) {
            groups.add(r.path("group").asText());
            assertEquals(8, r.path("n").asInt(), r.toString());
            double ua = r.path("unweighted_accuracy").asDouble(-1);
            assertTrue(ua >= 0 && ua <= 1, r.toString());
        }
        assertEquals(Set.of("clean", "noise", "reverb", "telephone", "mp3", "gain"), groups);
        // the recording check of predict, on every degraded clip the detector hears speech in (the tiny
        // corpus is tones, which it does not: CorpusScorerCheckTest checks figures on real speech)
        for (JsonNode r : rows) {
            JsonNode check = r.path("recording_check");
            assertTrue(check.isObject(), r.toString());
            int checked = check.path("checked").asInt(-1);
            assertTrue(checked >= 0 && checked <= 8, r.toString());
            assertTrue(check.path("warned").asInt(-1) >= 0 && check.path("warned").asInt() <= checked, r.toString());
            assertTrue(check.has("median_snr_db") && check.has("accuracy_warned"), r.toString());
        }
        assertTrue(json.path("summary").has("noise_10db_mean_ua"), json.path("summary").toString());
        byte[] png = Files.readAllBytes(dir.resolve("robustness-snr.png"));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        String html = Files.readString(dir.resolve("report.html"));
        for (String s : List.of("robustness-snr.png", "engine_idling", "small_room", "babble", "telephone", "mp3=16")) {
            assertTrue(html.contains(s), s);
        }
    }
}
