package org.ser4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.ser4j.predict.EmotionRecognizer;

/**
 * The recognizers of this JVM (an executor, or the driver in local mode), one per model bundle, loaded
 * on first use and kept for the JVM's life, so that every task and partition an executor runs shares
 * one model and its engine (the recognizer is safe for concurrent callers).
 */
final class Recognizers {

    private static final Map<String, EmotionRecognizer> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

    private Recognizers() {}

    /** The recognizer for {@code model}, loaded now if this JVM has none yet (other tasks wait for it). */
    static EmotionRecognizer get(String model) {
        return LOADED.computeIfAbsent(model, Recognizers::load);
    }

    /** How many times this JVM has loaded {@code model}: once, however many tasks used it. */
    static int loads(String model) {
        AtomicInteger n = LOADS.get(model);
        return n == null ? 0 : n.get();
    }

    private static EmotionRecognizer load(String model) {
        Path bundle = resolve(model);
        try {
            EmotionRecognizer r = EmotionRecognizer.load(bundle);
            LOADS.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model bundle " + bundle + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where {@code model} is on this machine: the path itself when it exists (absolute, or relative to
     * the working directory, where YARN and Kubernetes unpack {@code --archives x.zip#model}), otherwise
     * the file or archive of that name shipped with {@code --files}/{@code --archives}.
     */
    static Path resolve(String model) {
        Path direct = Path.of(model);
        if (Files.exists(direct)) {
            return direct;
        }
        String shipped = null;
        if (!direct.isAbsolute() && SparkEnv.get() != null) {
            Path p = Path.of(SparkFiles.get(model));
            if (Files.exists(p)) {
                return p;
            }
            shipped = p.toString();
        }
        throw new UncheckedIOException(new IOException("model bundle " + model + " not found on this executor: not at "
                + direct.toAbsolutePath() + (shipped == null ? "" : " nor at " + shipped + " (SparkFiles)")
                + "; put the bundle on a path every executor reads, or ship it with --files bundle.zip or --archives"));
    }
}
