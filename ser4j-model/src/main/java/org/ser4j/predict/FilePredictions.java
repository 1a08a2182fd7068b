package org.ser4j.predict;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.DecodeLimits;

/**
 * The predictions of many recordings, in their order, computed on worker threads (issue 17): each
 * worker decodes a file and computes its features while the recognizer's one inference thread runs
 * the forward passes of the others, so decoding, features and the model overlap.
 *
 * <p>At most {@code 2 x threads} files are in flight, so memory stays bounded for any number of files
 * (each file within the caller's {@link DecodeLimits}). A file that fails does not stop the others:
 * its {@link Result} carries the error. A file that runs out of memory while others were analysed
 * beside it is tried once more alone, after everything in flight has finished, so a large recording
 * is not refused for the memory its neighbours held (nor a small one for a large neighbour's).
 * With one thread everything runs on the caller's thread. Iterate from one thread; close to stop the
 * workers early.
 */
public final class FilePredictions implements Iterator<FilePredictions.Result>, AutoCloseable {

    /**
     * One file's outcome (or one channel's, when each channel is predicted on its own): exactly one of
     * {@code prediction} and {@code error} is non-null.
     *
     * @param file the recording
     * @param channel 0 for the recording as a whole (channels mixed); 1, 2, ... for one channel alone
     * @param prediction its prediction, or null
     * @param error why there is none: an {@link java.io.IOException} (unreadable, undecodable, over
     *     the limits), a runtime exception, or an {@link OutOfMemoryError} that also happened alone
     */
    public record Result(Path file, int channel, Prediction prediction, Throwable error) {

        /** The outcome of a whole recording (channel 0). */
        public Result(Path file, Prediction prediction, Throwable error) {
            this(file, 0, prediction, error);
        }
    }

    /**
     * The one line that reports a recording that could not be analysed: its name, a colon and the
     * problem ({@code "a.wav: no such file"}), the decoder's message without the name repeated.
     * Shared by {@code ser4j predict} and the Spark job's error column.
     *
     * @param name the recording as the user named it (a path or a URI)
     * @param fileName its last component, which a decoder's message may start with instead of the whole name
     */
    public static String failureLine(String name, String fileName, Throwable e) {
        String message;
        if (e instanceof NoSuchFileException) {
            message = "no such file";
        } else if (e instanceof AccessDeniedException) {
            message = "permission denied";
        } else if (e instanceof AudioDecodeException && e.getMessage() != null) {
            message = e.getMessage();
            if (message.startsWith(name + ": ")) {
                return message;
            }
            if (fileName != null && message.startsWith(fileName + ": ")) {
                message = message.substring(fileName.length() + 2);
            }
        } else {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return name + ": " + message;
    }

    private final EmotionRecognizer recognizer;
    private final List<Path> files;
    private final PredictionSettings settings;
    private final DecodeLimits limits;
    private final int threads;
    private final boolean eachChannel;
    private final ExecutorService pool;
    private final Deque<Future<List<Result>>> inFlight = new ArrayDeque<>();
    private final Deque<Result> ready = new ArrayDeque<>();
    private int submitted;
    private int returned;

    /**
     * @param threads worker threads, at least 1
     */
    public FilePredictions(EmotionRecognizer recognizer, List<Path> files, PredictionSettings settings,
            DecodeLimits limits, int threads) {
        this(recognizer, files, settings, limits, threads, false);
    }

    /**
     * @param threads worker threads, at least 1
     * @param eachChannel predict each channel of a recording on its own ({@link EmotionRecognizer#predictChannels}):
     *     one result per channel (a file that fails: one result, channel 0)
     */
    public FilePredictions(EmotionRecognizer recognizer, List<Path> files, PredictionSettings settings,
            DecodeLimits limits, int threads, boolean eachChannel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.recognizer = recognizer;
        this.files = List.copyOf(files);
        this.settings = settings;
        this.limits = limits;
        this.threads = threads;
        this.eachChannel = eachChannel;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ser4j-predict-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean hasNext() {
        return !ready.isEmpty() || returned < files.size();
    }

    @Override
    public Result next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (ready.isEmpty()) {
            ready.addAll(nextFile());
        }
        return ready.removeFirst();
    }

    /** The results of the next file in order. */
    private List<Result> nextFile() {
        Path file = files.get(returned++);
        if (pool == null) {
            return run(file);
        }
        while (submitted < files.size() && inFlight.size() < 2 * threads) {
            Path f = files.get(submitted++);
            inFlight.addLast(pool.submit(() -> run(f)));
        }
        List<Result> r = await(inFlight.removeFirst());
        if (r.get(0).error() instanceof OutOfMemoryError) {
            for (Future<List<Result>> other : inFlight) {
                await(other); // let the neighbours finish and free their memory; their results are kept
            }
            r = run(file);
        }
        return r;
    }

    private List<Result> run(Path f) {
        try {
            if (!eachChannel) {
                return List.of(new Result(f, recognizer.predict(f, settings, limits), null));
            }
            List<Prediction> channels = recognizer.predictChannels(f, settings, limits);
            List<Result> out = new ArrayList<>(channels.size());
            for (int c = 0; c < channels.size(); c++) {
                out.add(new Result(f, c + 1, channels.get(c), null));
            }
            return out;
        } catch (Exception | OutOfMemoryError e) {
            return List.of(new Result(f, null, e));
        }
    }

    private static List<Result> await(Future<List<Result>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a prediction", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a prediction task failed outside its own handling", e.getCause());
        }
    }

    /** Stops the workers; files not yet returned are not analysed. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
