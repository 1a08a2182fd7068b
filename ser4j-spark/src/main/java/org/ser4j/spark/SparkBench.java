package org.ser4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Throughput of {@link EmotionScoring} on one machine:
 * {@code SparkBench FOLDER MODEL [THREADS]} scores every recording under {@code FOLDER} with
 * {@code local[THREADS]} twice, the first pass with the model still to load, and prints clips/s, wall
 * time and the process's peak resident memory (driver and executor are one JVM in local mode).
 */
public final class SparkBench {

    private SparkBench() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: SparkBench FOLDER MODEL [THREADS (default 2)]");
            System.exit(ScoreRecordings.USAGE);
            return;
        }
        int threads = args.length == 3 ? Integer.parseInt(args[2]) : 2;
        SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("ser4j SparkBench")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            for (String pass : List.of("cold (loads the model)", "warm")) {
                long start = System.nanoTime();
                Dataset<Row> recordings = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                        .option("pathGlobFilter", ScoreRecordings.DEFAULT_GLOB).load(args[0]);
                List<Row> byEmotion = EmotionScoring.score(recordings, ScoringOptions.of(args[1]))
                        .groupBy("emotion", "error").count().collectAsList();
                double seconds = (System.nanoTime() - start) / 1e9;
                long clips = byEmotion.stream().mapToLong(r -> r.getLong(2)).sum();
                long errors = byEmotion.stream().filter(r -> !r.isNullAt(1)).mapToLong(r -> r.getLong(2)).sum();
                System.out.printf(Locale.ROOT, "%s: %d clips (%d errors) with local[%d] in %.1f s: %.1f clips/s;"
                        + " peak resident memory %s%n", pass, clips, errors, threads, seconds, clips / seconds, peakRss());
            }
        } finally {
            spark.stop();
        }
    }

    /** VmHWM from /proc/self/status (Linux), or "unknown". */
    private static String peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "unknown";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring("VmHWM:".length()).trim()).findFirst().orElse("unknown");
    }
}
