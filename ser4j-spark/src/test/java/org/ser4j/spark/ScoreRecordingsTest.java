package org.ser4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.predict.FilePredictions;
import org.ser4j.spark.ScoreRecordings.Arguments;
import org.ser4j.spark.ScoreRecordings.UsageException;

/** The job: its command line, and a run on a small folder with {@code local[2]}. */
class ScoreRecordingsTest {

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> Arguments.parse(args)).getMessage();
    }

    @Test
    void aCommandLineThatCannotRunSaysWhy() {
        assertEquals("--model is required", usageError("--input", "in", "--output", "out"));
        assertEquals("--format must be parquet or json, got csv", usageError("--input", "in", "--output", "out", "--model", "m", "--format", "csv"));
        assertEquals("--window must be a number of seconds, got abc", usageError("--input", "in", "--output", "out", "--model", "m", "--window", "abc"));
        assertEquals("unknown argument: --jobs", usageError("--input", "in", "--output", "out", "--model", "m", "--jobs", "4"));
        assertEquals("--hop needs a value", usageError("--input", "in", "--output", "out", "--model", "m", "--hop"));
        assertTrue(usageError("--input", "in", "--output", "out", "--model", "m", "--window", "2", "--hop", "3")
                .contains("must not exceed the window"));
    }

    @Test
    void defaultsAreParquetTheAudioGlobAndTheModelsWindow() throws UsageException {
        Arguments a = Arguments.parse(new String[] {"--input", "in", "--output", "out", "--model", "m"});
        assertEquals("parquet", a.format());
        assertEquals(ScoreRecordings.DEFAULT_GLOB, a.glob());
        assertEquals(ScoringOptions.of("m"), a.options());
        Arguments b = Arguments.parse(new String[] {"--input", "in", "--output", "out", "--model", "m", "--format", "JSON",
            "--window", "2", "--hop", "0.5", "--max-duration", "600", "--no-vad", "--glob", "*.wav", "--overwrite"});
        assertEquals(new Arguments("in", "out", "json", "*.wav", true, new ScoringOptions("m", 2.0, 0.5, 600.0, false)), b);
    }

    @Test
    void aRunWritesOneRowPerRecordingAndCountsTheErrors(@TempDir Path in, @TempDir Path out) throws Exception {
        Path nested = Files.createDirectories(in.resolve("day1"));
        TestRecordings.write(nested, TestRecordings.CLIPS.subList(0, 2), false, true);
        Files.writeString(in.resolve("README.txt"), "not a recording, not matched by the glob");
        Path empty = Files.createFile(nested.resolve("empty.mp3")); // Spark's file sources skip 0-byte files
        String output = out.resolve("emotions").toString();
        Arguments a = Arguments.parse(new String[] {"--input", in.toString(), "--output", output, "--model", TestRecordings.MODEL,
            "--format", "json"});
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ScoreRecordings.Summary s = ScoreRecordings.run(TestRecordings.spark(), a, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(5, s.rows(), "two clips, two broken files and an empty one, found in a subfolder; README.txt is not audio");
        assertEquals(3, s.errors());
        String line = printed.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("ser4j-spark: scored 5 recordings (3 errors) from " + in), line);
        Dataset<Row> back = TestRecordings.spark().read().schema(EmotionScoring.SCHEMA).json(output);
        List<Row> emptyRow = back.filter(back.col("path").endsWith("/empty.mp3")).collectAsList();
        assertEquals(1, emptyRow.size());
        String path = emptyRow.get(0).getAs("path");
        assertEquals("file:" + empty.toAbsolutePath(), path);
        String cliLine = FilePredictions.failureLine(empty.toString(), "empty.mp3",
                assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(empty)));
        assertEquals(path + cliLine.substring(empty.toString().length()), emptyRow.get(0).getAs("error"));
        List<Row> good = back.filter(back.col("error").isNull()).collectAsList();
        assertEquals(2, good.size());
        for (Row r : good) {
            assertEquals("speech", r.getAs("status"), r.toString());
            assertNull(r.getAs("error"));
        }
        Arguments again = Arguments.parse(new String[] {"--input", in.toString(), "--output", output, "--model", TestRecordings.MODEL});
        Exception exists = assertThrows(Exception.class, () -> ScoreRecordings.run(TestRecordings.spark(), again, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(String.valueOf(exists.getMessage()).contains("already exists"), exists.getMessage());
    }
}
