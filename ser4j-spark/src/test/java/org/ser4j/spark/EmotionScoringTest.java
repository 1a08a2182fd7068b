package org.ser4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.FilePredictions;
import org.ser4j.predict.Prediction;
import org.ser4j.predict.PredictionJson;
import org.ser4j.predict.PredictionSettings;

/**
 * {@link EmotionScoring} with {@code local[2]}, the shipped model and real recordings, against what
 * {@code ser4j predict --json} computes for the same files: {@link FilePredictions} (the CLI's loop),
 * {@link PredictionJson} (its JSON) and {@link FilePredictions#failureLine} (its error line).
 */
class EmotionScoringTest {

    private static final double EPS = 1e-6;

    @TempDir
    static Path dir;
    private static List<Path> files;
    private static Dataset<Row> scored;
    private static List<Row> rows;
    /** What the CLI's library path gives for each file, by file name. */
    private static final Map<String, FilePredictions.Result> expected = new HashMap<>();
    private static EmotionRecognizer recognizer;

    @BeforeAll
    static void score() throws Exception {
        files = TestRecordings.write(dir, TestRecordings.CLIPS, true, true);
        SparkSession spark = TestRecordings.spark();
        Dataset<Row> recordings = spark.read().format("binaryFile").load(dir.toString()).repartition(3);
        scored = EmotionScoring.score(recordings, TestRecordings.MODEL).cache();
        rows = scored.collectAsList();

        recognizer = EmotionRecognizer.load(Path.of(TestRecordings.MODEL));
        try (FilePredictions cli = new FilePredictions(recognizer, files, PredictionSettings.DEFAULT, DecodeLimits.NONE, 1)) {
            while (cli.hasNext()) {
                FilePredictions.Result r = cli.next();
                expected.put(r.file().getFileName().toString(), r);
            }
        }
    }

    @AfterAll
    static void close() {
        if (recognizer != null) {
            recognizer.close();
        }
    }

    private static String name(Row r) {
        return EmotionScoring.fileName(r.getString(r.fieldIndex("path")));
    }

    @Test
    void everyFileYieldsExactlyOneRow() {
        assertEquals(files.size(), rows.size(), "rows: " + rows);
        List<String> names = rows.stream().map(EmotionScoringTest::name).sorted().toList();
        List<String> written = files.stream().map(f -> f.getFileName().toString()).sorted().toList();
        assertEquals(written, names);
    }

    @Test
    void goodRowsEqualWhatPredictJsonGivesForTheSameFiles() {
        int good = 0;
        int checked = 0;
        for (Row r : rows) {
            FilePredictions.Result cli = expected.get(name(r));
            if (cli.prediction() == null) {
                continue;
            }
            good++;
            JsonNode json = PredictionJson.toJson(cli.prediction());
            String what = name(r) + ": " + r;
            assertNull(r.getAs("error"), what);
            assertEquals(json.get("status").asText(), r.getAs("status"), what);
            assertEquals(json.get("emotion").isNull() ? null : json.get("emotion").asText(), r.getAs("emotion"), what);
            assertEquals(json.get("confidence").asDouble(), (double) r.getAs("confidence"), EPS, what);
            assertEquals(json.get("duration").asDouble(), (double) r.getAs("duration"), EPS, what);
            Map<String, Double> probabilities = r.getJavaMap(r.fieldIndex("probabilities"));
            assertEquals(json.get("probabilities").size(), probabilities.size(), what);
            json.get("probabilities").fields().forEachRemaining(e ->
                    assertEquals(e.getValue().asDouble(), probabilities.get(e.getKey()), EPS, what + " " + e.getKey()));
            List<Row> segments = r.getList(r.fieldIndex("segments"));
            JsonNode jsonSegments = json.get("segments");
            assertEquals(jsonSegments.size(), segments.size(), what);
            for (int i = 0; i < segments.size(); i++) {
                Row s = segments.get(i);
                JsonNode j = jsonSegments.get(i);
                assertEquals(j.get("start").asDouble(), s.getDouble(0), EPS, what);
                assertEquals(j.get("end").asDouble(), s.getDouble(1), EPS, what);
                assertEquals(j.get("status").asText(), s.getString(2), what);
                assertEquals(j.get("emotion").isNull() ? null : j.get("emotion").asText(), s.getString(3), what);
                assertEquals(j.get("confidence").asDouble(), s.getDouble(4), EPS, what);
            }
            JsonNode check = json.get("recording");
            Row rec = r.getAs("recording");
            assertEquals(check == null, rec == null, what);
            if (rec != null) {
                for (String field : List.of("speech_level_dbfs", "snr_db", "clipped_share", "reverberation_s", "speech_share",
                        "speech_over_floor_db")) {
                    Object v = rec.getAs(field);
                    if (check.get(field).isNull()) {
                        assertNull(v, what + " " + field);
                    } else {
                        assertEquals(check.get(field).asDouble(), (double) v, EPS, what + " " + field);
                    }
                }
                assertEquals(check.get("warnings").size(), rec.getList(rec.fieldIndex("warnings")).size(), what);
                checked++;
            }
        }
        assertTrue(checked > 0, "the scored recordings carry their recording check");
        assertEquals(TestRecordings.CLIPS.size() + 1, good, "every clip and the long recording are scored");
        assertTrue(expected.get(TestRecordings.LONG).prediction().segments().size() > 2,
                "the long recording is scored in several windows");
    }

    @Test
    void badRowsCarryTheLinePredictPrintsNamingTheFile() {
        for (String bad : List.of(TestRecordings.TRUNCATED, TestRecordings.NOT_AUDIO)) {
            Row r = rows.stream().filter(x -> name(x).equals(bad)).findFirst().orElseThrow();
            String path = r.getAs("path");
            FilePredictions.Result cli = expected.get(bad);
            assertNotNull(cli.error(), bad + " is refused by the CLI's path too");
            String local = cli.file().toString();
            String cliLine = FilePredictions.failureLine(local, bad, cli.error());
            assertTrue(cliLine.startsWith(local + ": "), cliLine);
            assertEquals(path + cliLine.substring(local.length()), r.getAs("error"));
            assertTrue(path.endsWith("/" + bad), path);
            for (String empty : List.of("status", "emotion", "confidence", "probabilities", "duration", "segments", "recording")) {
                assertTrue(r.isNullAt(r.fieldIndex(empty)), empty + " of " + r);
            }
        }
    }

    @Test
    void parquetRoundTrips(@TempDir Path out) {
        String table = out.resolve("emotions.parquet").toString();
        scored.write().parquet(table);
        Dataset<Row> back = TestRecordings.spark().read().parquet(table);
        assertEquals(EmotionScoring.SCHEMA.simpleString(), back.schema().simpleString());
        Comparator<Row> byPath = Comparator.comparing(r -> r.getString(0));
        List<Row> written = new ArrayList<>(rows);
        written.sort(byPath);
        List<Row> read = new ArrayList<>(back.collectAsList());
        read.sort(byPath);
        assertEquals(written, read);
    }

    @Test
    void oneRecognizerServesEveryPartitionAndTask() {
        assertTrue(scored.rdd().getNumPartitions() >= 2, "the scoring ran in several partitions");
        EmotionScoring.score(TestRecordings.spark().read().format("binaryFile").load(dir.toString()).repartition(2),
                TestRecordings.MODEL).collectAsList();
        assertEquals(1, Recognizers.loads(TestRecordings.MODEL), "the model was loaded once in this JVM");
    }

    @Test
    void aBundleShippedWithFilesIsFoundByName() throws Exception {
        // kept until the JVM exits: the session's executor may fetch it again for later tasks
        Path zip = Files.createTempDirectory("ser4j-spark-shipped").resolve("shipped-model.zip");
        zip.getParent().toFile().deleteOnExit();
        zip.toFile().deleteOnExit();
        // one bundle as one zip (the shipped model may be an ensemble directory: its first member)
        ModelEnsemble.load(Path.of(TestRecordings.MODEL)).members().get(0).saveZip(zip);
        SparkSession spark = TestRecordings.spark();
        spark.sparkContext().addFile(zip.toString()); // what spark-submit --files shipped-model.zip does
        String clip = Path.of(TestRecordings.CLIPS.get(0)).getFileName().toString();
        List<Row> one = EmotionScoring.score(spark.read().format("binaryFile").option("pathGlobFilter", clip).load(dir.toString()),
                "shipped-model.zip").collectAsList();
        assertEquals(1, one.size());
        try (EmotionRecognizer alone = EmotionRecognizer.load(zip)) {
            assertEquals(alone.predict(dir.resolve(clip)).top(), one.get(0).getAs("emotion"));
        }
        assertEquals(1, Recognizers.loads("shipped-model.zip"));
    }

    @Test
    void eachChannelOfACallIsARowOfItsOwn() throws Exception {
        // two RAVDESS clips as the two channels of one call, scored per channel: the rows equal predictChannels
        Path calls = Files.createTempDirectory("ser4j-spark-calls");
        org.ser4j.audio.AudioClip a = org.ser4j.audio.AudioDecoder.decode(TestRecordings.ravdess().resolve(TestRecordings.CLIPS.get(0)));
        org.ser4j.audio.AudioClip b = org.ser4j.audio.AudioDecoder.decode(TestRecordings.ravdess().resolve(TestRecordings.CLIPS.get(1)));
        int n = Math.max(a.frames(), b.frames());
        Path call = calls.resolve("call.wav");
        Files.write(call, org.ser4j.audio.WavEncoder.encode(new org.ser4j.audio.AudioClip(new float[][] {
            java.util.Arrays.copyOf(a.channels()[0], n), java.util.Arrays.copyOf(b.channels()[0], n)}, a.sampleRate()),
                org.ser4j.audio.WavFormat.PCM_16));
        Files.writeString(calls.resolve("broken.wav"), "not audio");
        Dataset<Row> recordings = TestRecordings.spark().read().format("binaryFile").load(calls.toString());
        List<Row> rows = EmotionScoring.score(recordings, ScoringOptions.of(TestRecordings.MODEL).withEachChannel(true)).collectAsList()
                .stream().sorted(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> r.isNullAt(1) ? 0 : r.getInt(1)))
                .toList();
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(0).getString(0).endsWith("broken.wav") && rows.get(0).isNullAt(1) && rows.get(0).getAs("error") != null,
                rows.toString());
        List<Prediction> expected = recognizer.predictChannels(call, PredictionSettings.DEFAULT, DecodeLimits.NONE);
        for (int c = 0; c < 2; c++) {
            Row r = rows.get(1 + c);
            assertEquals(c + 1, r.getInt(1));
            assertNull(r.getAs("error"));
            assertEquals(expected.get(c).top(), r.getAs("emotion"));
            assertEquals(expected.get(c).confidence(), (double) r.getAs("confidence"), EPS);
        }
        List<Row> mixed = EmotionScoring.score(recordings, ScoringOptions.of(TestRecordings.MODEL)).collectAsList();
        assertEquals(2, mixed.size());
        assertTrue(mixed.stream().allMatch(r -> r.isNullAt(1)), "no channel when the channels are mixed");
    }

    @Test
    void aRecordingOverTheDurationLimitIsAnErrorRowNamingTheLimit() throws Exception {
        Dataset<Row> longOnly = TestRecordings.spark().read().format("binaryFile").option("pathGlobFilter", TestRecordings.LONG)
                .load(dir.toString());
        List<Row> limited = EmotionScoring.score(longOnly, ScoringOptions.of(TestRecordings.MODEL).withMaxDuration(5.0)).collectAsList();
        assertEquals(1, limited.size());
        Path local = dir.resolve(TestRecordings.LONG);
        FilePredictions.Result cli;
        try (FilePredictions p = new FilePredictions(recognizer, List.of(local), PredictionSettings.DEFAULT, DecodeLimits.ofSeconds(5), 1)) {
            cli = p.next();
        }
        String cliLine = FilePredictions.failureLine(local.toString(), TestRecordings.LONG, cli.error());
        String path = limited.get(0).getAs("path");
        assertEquals(path + cliLine.substring(local.toString().length()), limited.get(0).getAs("error"));
        assertTrue(cliLine.contains("longer than the limit of 5 s"), cliLine);
    }

    @Test
    void aWindowLongerThanTheModelsInputFailsTheJobNotTheRows() {
        Dataset<Row> recordings = TestRecordings.spark().read().format("binaryFile").load(dir.toString());
        Exception e = assertThrows(Exception.class, () ->
                EmotionScoring.score(recordings, ScoringOptions.of(TestRecordings.MODEL).withWindow(10.0, null)).collectAsList());
        assertTrue(messages(e).contains("longer than the model's input"), messages(e));
    }

    @Test
    void aModelNoExecutorCanFindFailsTheJobSayingWhereItLooked() {
        Dataset<Row> recordings = TestRecordings.spark().read().format("binaryFile").load(dir.toString());
        Exception e = assertThrows(Exception.class, () ->
                EmotionScoring.score(recordings, ScoringOptions.of("no-such-bundle")).collectAsList());
        assertTrue(messages(e).contains("model bundle no-such-bundle not found on this executor"), messages(e));
    }

    @Test
    void recordingsWithoutContentAreRefusedBeforeAnyJob() {
        Dataset<Row> paths = TestRecordings.spark().read().format("binaryFile").load(dir.toString()).select("path", "length");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmotionScoring.score(paths, TestRecordings.MODEL));
        assertTrue(e.getMessage().contains("path and content"), e.getMessage());
    }

    private static String messages(Throwable e) {
        List<String> all = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return all.stream().collect(Collectors.joining(" / "));
    }
}
