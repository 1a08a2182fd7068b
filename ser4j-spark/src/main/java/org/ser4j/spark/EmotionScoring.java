package org.ser4j.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.FilePredictions;
import org.ser4j.predict.Prediction;
import org.ser4j.predict.PredictionSettings;

/**
 * Adds emotions to a table of recordings: rows of Spark's {@code binaryFile} source in (at least its
 * {@code path} and {@code content} columns), one row per recording (or per channel) out, in the schema
 * {@link #SCHEMA} (path, channel, status, emotion, confidence, probabilities, duration, segments,
 * recording, error).
 *
 * <pre>{@code
 * Dataset<Row> calls = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
 *         .option("pathGlobFilter", "*.wav").load("s3a://bucket/calls/");
 * Dataset<Row> emotions = EmotionScoring.score(calls, ScoringOptions.of("/mnt/models/default"));
 * }</pre>
 *
 * <p>Each executor JVM loads the model once, on its first task, and shares it between its tasks and
 * partitions; each partition fetches it once. Every recording goes through
 * {@link EmotionRecognizer#predict(byte[], String, PredictionSettings, DecodeLimits)}, the same decoding,
 * windowing and model as {@code ser4j predict}: a recording longer than the model's window is scored in
 * overlapping windows, which go to the model in batches of bounded size. A recording that cannot be
 * scored (undecodable, over the limits, too large for the memory left) becomes a row whose
 * {@code error} is the line {@code ser4j predict} prints for it, named by its path; it never fails the
 * task. A model that cannot be
 * loaded, or a window that does not fit it, fails the job: that is no recording's fault.
 *
 * <p>Spark's file sources skip 0-byte files (SPARK-26161): they are not rows of {@code binaryFile},
 * so they get no row here; {@link ScoreRecordings} adds their error rows from the listing.
 *
 * <p>Memory: {@code binaryFile} holds each recording's bytes in its row (Spark refuses files over
 * {@code spark.sql.sources.binaryFile.maxLength}, 2 GiB by default); decoded samples are limited to a
 * quarter of each task's share of the executor heap ({@link ScoringOptions#decodeLimits}).
 */
public final class EmotionScoring {

    /** The output schema; see {@link PredictionRows}. */
    public static final StructType SCHEMA = PredictionRows.SCHEMA;

    private EmotionScoring() {}

    /** {@code recordings} scored with the model {@code model} and its default window. */
    public static Dataset<Row> score(Dataset<Row> recordings, String model) {
        return score(recordings, ScoringOptions.of(model));
    }

    /**
     * One output row per input row of {@code recordings}, or one per channel of it with
     * {@link ScoringOptions#eachChannel()} ({@code recordings} needs {@code path: string} and
     * {@code content: binary} columns, as {@code binaryFile} gives); lazy, like any transformation.
     */
    public static Dataset<Row> score(Dataset<Row> recordings, ScoringOptions options) {
        List<String> columns = Arrays.asList(recordings.columns());
        if (!columns.contains("path") || !columns.contains("content")) {
            throw new IllegalArgumentException("recordings need the columns path and content, as spark.read().format(\"binaryFile\")"
                    + " gives; found " + columns);
        }
        return recordings.select("path", "content").mapPartitions(new ScorePartition(options), Encoders.row(SCHEMA));
    }

    /** Scores one partition with this JVM's recognizer. */
    static final class ScorePartition implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;
        private final ScoringOptions options;

        ScorePartition(ScoringOptions options) {
            this.options = options;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            EmotionRecognizer recognizer = Recognizers.get(options.model());
            PredictionSettings settings = options.settings();
            recognizer.windowCount(0, settings); // a window that does not fit the model fails here, before any row
            DecodeLimits limits = options.decodeLimits(Runtime.getRuntime().maxMemory(), taskSlots());
            boolean each = options.eachChannel();
            return new Iterator<>() {
                private final ArrayDeque<Row> ready = new ArrayDeque<>();

                @Override
                public boolean hasNext() {
                    return !ready.isEmpty() || input.hasNext();
                }

                @Override
                public Row next() {
                    if (ready.isEmpty()) {
                        Row in = input.next();
                        String path = in.getString(0);
                        byte[] content = in.isNullAt(1) ? null : (byte[]) in.get(1);
                        ready.addAll(each ? scoreChannels(recognizer, path, content, settings, limits)
                                : List.of(score(recognizer, path, content, settings, limits)));
                    }
                    return ready.removeFirst();
                }
            };
        }

        /** Tasks an executor runs at once: {@code spark.executor.cores}, or its processors where unset (local mode). */
        private static int taskSlots() {
            int processors = Runtime.getRuntime().availableProcessors();
            SparkEnv env = SparkEnv.get();
            return env == null ? processors : env.conf().getInt("spark.executor.cores", processors);
        }
    }

    /** The row for one recording: its prediction, or the one-line reason there is none. */
    static Row score(EmotionRecognizer recognizer, String path, byte[] content, PredictionSettings settings, DecodeLimits limits) {
        if (content == null) {
            return noContent(path);
        }
        try {
            return PredictionRows.of(path, recognizer.predict(content, path, settings, limits));
        } catch (Exception | OutOfMemoryError e) {
            return failure(path, e);
        }
    }

    /** The rows of one recording's channels, each scored on its own; one error row if it cannot be scored. */
    static List<Row> scoreChannels(EmotionRecognizer recognizer, String path, byte[] content, PredictionSettings settings,
            DecodeLimits limits) {
        if (content == null) {
            return List.of(noContent(path));
        }
        try {
            List<Prediction> channels = recognizer.predictChannels(content, path, settings, limits);
            List<Row> rows = new ArrayList<>(channels.size());
            for (int c = 0; c < channels.size(); c++) {
                rows.add(PredictionRows.of(path, c + 1, channels.get(c)));
            }
            return rows;
        } catch (Exception | OutOfMemoryError e) {
            return List.of(failure(path, e));
        }
    }

    private static Row noContent(String path) {
        return PredictionRows.failure(path, path + ": no content (the row's content column is null)");
    }

    /** The error row of a recording that could not be scored: the line {@code ser4j predict} prints for it. */
    private static Row failure(String path, Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return PredictionRows.failure(path, path + ": too large to analyse in the memory left ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB executor heap); give executors more memory"
                    + " (spark.executor.memory), fewer cores each, or cut the recording");
        }
        return PredictionRows.failure(path, FilePredictions.failureLine(path, fileName(path), e));
    }

    /** The last component of a path or URI. */
    static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
