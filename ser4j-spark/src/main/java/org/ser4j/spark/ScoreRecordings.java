package org.ser4j.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.predict.ChannelMode;

/**
 * The {@code spark-submit} job: scores every recording under {@code --input} and writes one row per
 * recording to {@code --output} ({@link EmotionScoring#SCHEMA}).
 *
 * <pre>
 * spark-submit --class org.ser4j.spark.ScoreRecordings ser4j-spark.jar \
 *     --input s3a://bucket/calls/ --output s3a://bucket/emotions/ --model /mnt/models/default
 * </pre>
 *
 * Recordings that cannot be scored (0-byte files included, which Spark's file sources skip) are rows
 * with {@code error} set, not a failed job: the exit status
 * is 0 once the output is written, and the summary line counts the errors. Usage errors exit with 2.
 */
public final class ScoreRecordings {

    /** Exit status for a command line that cannot be run. */
    static final int USAGE = 2;
    /**
     * The audio files read by default ({@code binaryFile}'s glob filter is case-sensitive): the formats
     * ser4j reads and those it hands to ffmpeg where the executors have one (without it they become
     * error rows that name the format).
     */
    static final String DEFAULT_GLOB = "*.{" + String.join(",", AudioDecoder.FILE_EXTENSIONS.stream()
            .flatMap(x -> Stream.of(x, x.toUpperCase(Locale.ROOT))).toList()) + "}";

    static final String USAGE_TEXT = String.join("\n",
            "usage: spark-submit --class org.ser4j.spark.ScoreRecordings ser4j-spark.jar --input URI --output URI --model PATH",
            "         [--format parquet|json] [--window S] [--hop S] [--max-duration S] [--no-vad] [--channels mix|each]",
            "         [--glob PATTERN] [--overwrite]",
            "  --input URI         a folder of recordings (any filesystem Spark reads), walked recursively",
            "  --output URI        where to write one row per recording (a folder, as Spark writes tables)",
            "  --model PATH        the model bundle on every executor, or the name of one shipped with --files/--archives",
            "  --format F          parquet (default) or json",
            "  --window S, --hop S analysis window and hop in seconds (default: the model's input length and half of it)",
            "  --max-duration S    longer recordings become error rows (default: limited by executor memory only)",
            "  --no-vad            classify every window above the silence threshold (no voice activity detection)",
            "  --channels each     one row per channel (column channel 1, 2, ...): calls with each speaker on a channel",
            "  --glob PATTERN      which file names to read (default " + DEFAULT_GLOB + ")",
            "  --overwrite         replace --output if it exists (default: refuse)");

    /** A command line that cannot be run; its message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    record Arguments(String input, String output, String format, String glob, boolean overwrite, ScoringOptions options) {

        static Arguments parse(String[] args) throws UsageException {
            Map<String, String> values = new HashMap<>();
            boolean noVad = false;
            boolean overwrite = false;
            List<String> valued = List.of("--input", "--output", "--model", "--format", "--window", "--hop", "--max-duration", "--glob",
                    "--channels");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-vad")) {
                    noVad = true;
                } else if (a.equals("--overwrite")) {
                    overwrite = true;
                } else if (valued.contains(a)) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(a + " needs a value");
                    }
                    if (values.put(a, args[++i]) != null) {
                        throw new UsageException(a + " given twice");
                    }
                } else {
                    throw new UsageException("unknown argument: " + a);
                }
            }
            for (String required : List.of("--input", "--output", "--model")) {
                if (!values.containsKey(required)) {
                    throw new UsageException(required + " is required");
                }
            }
            String format = values.getOrDefault("--format", "parquet").toLowerCase(Locale.ROOT);
            if (!format.equals("parquet") && !format.equals("json")) {
                throw new UsageException("--format must be parquet or json, got " + values.get("--format"));
            }
            ChannelMode channels;
            try {
                channels = ChannelMode.parse(values.get("--channels"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--channels " + e.getMessage());
            }
            ScoringOptions options;
            try {
                options = new ScoringOptions(values.get("--model"), seconds(values, "--window"), seconds(values, "--hop"),
                        seconds(values, "--max-duration"), !noVad, channels == ChannelMode.EACH);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            return new Arguments(values.get("--input"), values.get("--output"), format,
                    values.getOrDefault("--glob", DEFAULT_GLOB), overwrite, options);
        }

        private static Double seconds(Map<String, String> values, String name) throws UsageException {
            String v = values.get(name);
            if (v == null) {
                return null;
            }
            try {
                return Double.valueOf(v);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " must be a number of seconds, got " + v);
            }
        }
    }

    private ScoreRecordings() {}

    public static void main(String[] args) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (UsageException e) {
            System.err.println("ser4j-spark: " + e.getMessage());
            System.err.println(USAGE_TEXT);
            System.exit(USAGE);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("ser4j score " + parsed.input()).getOrCreate();
        try {
            run(spark, parsed, System.out);
        } finally {
            spark.stop();
        }
    }

    /** Counts of a finished run. */
    record Summary(long rows, long errors, double seconds) {}

    /**
     * Reads, scores, writes, then reads the output back to count it; prints one summary line to
     * {@code out}. Spark's file sources never read 0-byte files (SPARK-26161), so a listed file
     * without a row is scored here as the empty input it is and appended: every listed file has a row.
     */
    static Summary run(SparkSession spark, Arguments a, PrintStream out) {
        long start = System.nanoTime();
        Dataset<Row> recordings = spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", a.glob())
                .load(a.input());
        String[] listed = recordings.inputFiles();
        EmotionScoring.score(recordings, a.options()).write()
                .mode(a.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists).format(a.format()).save(a.output());
        Dataset<Row> written = spark.read().schema(EmotionScoring.SCHEMA).format(a.format()).load(a.output());
        long rows = written.count();
        if (rows < listed.length) {
            List<String> paths = new ArrayList<>(listed.length);
            for (String f : listed) {
                paths.add(new org.apache.hadoop.fs.Path(f).toString()); // file:///x as the scan names it, file:/x
            }
            Dataset<Row> unread = spark.createDataset(paths, Encoders.STRING()).toDF("path")
                    .join(written.select("path"), "path", "left_anti")
                    .withColumn("content", functions.lit(new byte[0]));
            EmotionScoring.score(unread, a.options()).write().mode(SaveMode.Append).format(a.format()).save(a.output());
            written = spark.read().schema(EmotionScoring.SCHEMA).format(a.format()).load(a.output());
            rows = written.count();
        }
        long errors = written.filter(written.col("error").isNotNull()).count();
        Summary s = new Summary(rows, errors, (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "ser4j-spark: scored %d recordings (%d errors) from %s into %s (%s) in %.1f s%n",
                s.rows(), s.errors(), a.input(), a.output(), a.format(), s.seconds());
        return s;
    }
}
