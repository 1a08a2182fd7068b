package org.ser4j.predict;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ser4j.bundle.Engines;
import org.ser4j.bundle.InvalidBundleException;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.features.FeaturePreset;
import org.ser4j.model.Architecture;

/**
 * The window classifier of a saved model bundle.
 *
 * <p>Features (mel dB image, the bundle's scaler, the preset's layout) are computed on the calling
 * threads, in parallel. The forward passes run on one inference thread that owns the DJL model, so
 * no DJL object is touched by two threads. On a GPU it takes every request waiting in its queue, up
 * to {@link #GPU_MAX_BATCH} windows, and runs them as one batch {@code [batch, 1, 128, 563]} (or
 * {@code [batch, 7, 1, 128, 128]} for the chunked models); on the CPU one window per pass is faster.
 */
final class BundleClassifier implements WindowClassifier {

    /**
     * Windows per forward pass at most on a GPU (bounds device memory; a sec-pytorch window is 288 KB of input).
     * On the CPU batching does not pay: 16 clients on 2 cores served 31-34 req/s with batches of up
     * to 32 and 35-53 req/s one window at a time (ServerThroughput, same machine, interleaved runs),
     * because the convolutions cost the same per window in a batch and big batches leave the caches.
     * {@code -Dser4j.predict.maxBatch=N} overrides the choice.
     */
    static final int GPU_MAX_BATCH = 32;

    /** Requests waiting for the inference thread at most; further callers block until there is room. */
    private static final int QUEUE_CAPACITY = 256;

    private record Request(float[][] rows, CompletableFuture<float[][]> result) {}

    private static final Request STOP = new Request(new float[0][], new CompletableFuture<>());

    private final ModelBundle bundle;
    private final FeaturePreset preset;
    private final Shape sampleShape;
    private final int windowSamples;
    private final int maxBatch;
    private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread worker;
    private final Model model;
    private final int intraOpThreads;
    private volatile boolean closed;

    private BundleClassifier(ModelBundle bundle, Model model, int intraOpThreads) {
        this.bundle = bundle;
        this.model = model;
        this.intraOpThreads = intraOpThreads;
        this.preset = bundle.preset();
        Shape full = bundle.architecture().inputShape(1);
        this.sampleShape = full.slice(1);
        this.windowSamples = preset.signalLength();
        Integer forced = Integer.getInteger("ser4j.predict.maxBatch");
        this.maxBatch = forced != null ? Math.max(1, forced) : Engines.get().getGpuCount() > 0 ? GPU_MAX_BATCH : 1;
        this.worker = new Thread(this::serve, "ser4j-inference");
        worker.setDaemon(true);
        worker.start();
    }

    /** The classifier of a bundle, or of an ensemble directory ({@link EnsembleClassifier}). */
    static WindowClassifier load(Path path) throws IOException {
        ModelEnsemble ensemble = ModelEnsemble.load(path);
        int engineThreads = EngineThreads.DEFAULT; // read before any member changes it
        if (ensemble.single() && ensemble.classWeights().isEmpty()) {
            return of(ensemble.members().get(0), path, engineThreads);
        }
        int threads = memberThreads(ensemble.members().size(), Runtime.getRuntime().availableProcessors(),
                Engines.get().getGpuCount() > 0, Integer.getInteger("ser4j.predict.threads"));
        List<BundleClassifier> members = new ArrayList<>();
        try {
            for (ModelBundle member : ensemble.members()) {
                members.add(of(member, path, threads));
            }
            return new EnsembleClassifier(ensemble, members);
        } catch (IOException | RuntimeException e) {
            members.forEach(BundleClassifier::close);
            throw e;
        }
    }

    /**
     * The PyTorch intra-op threads of each member's inference thread in an ensemble of {@code members}
     * on {@code cores} processors: the cores shared out, at least one each, so that the members' forward
     * passes, which run at once, do not crowd out each other. On 2 cores the shipped pair took about 4%
     * less a clip with one thread per member than with both members on two threads each (p50 18.9-20.3
     * against 20.0-20.9 ms, interleaved; docs/performance.md). 0 (the engine's default) on a GPU.
     *
     * @param members the ensemble's members, 2 or more
     * @param cores the processors available
     * @param gpu whether the forward passes run on a GPU
     * @param forced {@code -Dser4j.predict.threads=N}, or null
     * @return threads per member, or 0 for the engine's default ({@link EngineThreads#DEFAULT})
     */
    static int memberThreads(int members, int cores, boolean gpu, Integer forced) {
        if (forced != null) {
            return Math.max(0, forced);
        }
        return gpu ? 0 : Math.max(1, cores / members);
    }

    /**
     * PyTorch's intra-op thread count as the engine started with it. Setting the count on one thread
     * also becomes the count of every thread that runs its first operation afterwards, so a single
     * model's inference thread sets this one explicitly: an ensemble loaded earlier in the same process
     * would otherwise leave it with one thread (measured: 15.9 ms instead of 11.0 ms a clip).
     */
    private static final class EngineThreads {
        static final int DEFAULT = "PyTorch".equals(Engines.get().getEngineName())
                ? ai.djl.pytorch.jni.JniUtils.getNumThreads() : 0;
    }

    private static BundleClassifier of(ModelBundle bundle, Path path, int intraOpThreads) throws IOException {
        if (bundle.preset().signalLength() <= 0) {
            throw new InvalidBundleException(path, "preset " + bundle.preset().name()
                    + " keeps the whole clip; a model needs a fixed window (preset duration)");
        }
        Model model = bundle.newInferenceModel();
        try {
            return new BundleClassifier(bundle, model, intraOpThreads);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public int sampleRate() {
        return preset.sampleRate();
    }

    @Override
    public int windowSamples() {
        return windowSamples;
    }

    @Override
    public int offsetSamples() {
        return (int) (preset.offsetSeconds() * preset.sampleRate());
    }

    @Override
    public List<String> labels() {
        return bundle.labels();
    }

    /** Model input of one window, exactly as training builds it ({@link ModelBundle#modelInput}). */
    float[] input(float[] window) {
        return bundle.modelInput(preset.signalFeatures(window));
    }

    @Override
    public List<float[]> classify(List<float[]> windows) {
        if (windows.isEmpty()) {
            return List.of();
        }
        float[][] rows = new float[windows.size()][];
        for (int i = 0; i < rows.length; i++) {
            float[] w = windows.get(i);
            if (w.length != windowSamples) {
                throw new IllegalArgumentException("expected windows of " + windowSamples + " samples, found " + w.length);
            }
            rows[i] = input(w);
        }
        return List.of(await(submit(rows)));
    }

    /** The model input of a mel dB image of one window: the bundle's scaler and layout. */
    float[] row(float[][] melDb) {
        return bundle.modelInput(melDb);
    }

    /** Queues model inputs for the inference thread; {@link #await} gives their probabilities. */
    CompletableFuture<float[][]> submit(float[][] rows) {
        CompletableFuture<float[][]> result = new CompletableFuture<>();
        if (closed) {
            throw new IllegalStateException("classifier is closed");
        }
        try {
            queue.put(new Request(rows, result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
        return result;
    }

    /** The probabilities of a {@link #submit}ted request, one row per window in the bundle's label order. */
    float[][] await(CompletableFuture<float[][]> result) {
        try {
            float[][] probs = null;
            while (probs == null) {
                try {
                    probs = result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (closed && !worker.isAlive()) {
                        throw new IllegalStateException("classifier is closed", e);
                    }
                }
            }
            return probs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("inference failed: " + e.getCause(), e.getCause());
        }
    }

    /** The bundle. */
    ModelBundle bundle() {
        return bundle;
    }

    /** The inference thread: batches waiting requests into forward passes until closed. */
    private void serve() {
        if ("PyTorch".equals(Engines.get().getEngineName())) {
            // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread
            // that started the engine, so without this every forward pass here recorded an autograd graph
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            if (intraOpThreads > 0) {
                // with PyTorch's OpenMP build this sets the threads of this thread's parallel regions
                ai.djl.pytorch.jni.JniUtils.setNumThreads(intraOpThreads);
            }
        }
        Block block = model.getBlock();
        NDManager manager = model.getNDManager();
        ParameterStore store = new ParameterStore(manager, false);
        List<Request> batch = new ArrayList<>();
        while (true) {
            Request first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                failWaiting();
                return;
            }
            batch.clear();
            batch.add(first);
            int windows = first.rows().length;
            Request next;
            while (windows < maxBatch && (next = queue.peek()) != null && next != STOP
                    && windows + next.rows().length <= maxBatch) {
                batch.add(queue.poll());
                windows += next.rows().length;
            }
            try {
                run(block, manager, store, batch, windows);
            } catch (RuntimeException | Error e) {
                for (Request r : batch) {
                    r.result().completeExceptionally(e);
                }
            }
        }
    }

    private void run(Block block, NDManager manager, ParameterStore store, List<Request> batch, int windows) {
        int size = (int) sampleShape.size();
        float[] data = new float[windows * size];
        int pos = 0;
        for (Request r : batch) {
            for (float[] row : r.rows()) {
                System.arraycopy(row, 0, data, pos, size);
                pos += size;
            }
        }
        // a request larger than maxBatch windows runs alone in several passes
        float[][] probs = new float[windows][];
        for (int from = 0; from < windows; from += maxBatch) {
            int n = Math.min(maxBatch, windows - from);
            // one sub-manager per pass: every native array of a pass is freed before the next one
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(FloatBuffer.wrap(data, from * size, n * size).slice(), new Shape(n).addAll(sampleShape));
                NDArray p = block.forward(store, new NDList(x), false).singletonOrThrow().softmax(1);
                float[] flat = p.toFloatArray();
                int classes = flat.length / n;
                for (int i = 0; i < n; i++) {
                    float[] row = new float[classes];
                    System.arraycopy(flat, i * classes, row, 0, classes);
                    probs[from + i] = row;
                }
            }
        }
        int k = 0;
        for (Request r : batch) {
            float[][] mine = new float[r.rows().length][];
            for (int i = 0; i < mine.length; i++) {
                mine[i] = probs[k++];
            }
            r.result().complete(mine);
        }
    }

    private void failWaiting() {
        Request r;
        while ((r = queue.poll()) != null) {
            r.result().completeExceptionally(new IllegalStateException("classifier is closed"));
        }
    }

    @Override
    public Map<String, Object> describe() {
        var info = bundle.info();
        Map<String, Object> d = new LinkedHashMap<>();
        Architecture a = bundle.architecture();
        d.put("architecture", a.id());
        d.put("preset", preset.name());
        d.put("presetDescription", preset.describe());
        d.put("scaler", bundle.scaler().kind().name());
        d.put("created", info.created());
        d.put("parameterCount", info.hyperParameters().get("parameter_count"));
        d.put("metrics", info.metrics());
        if (info.split() != null) {
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("protocol", info.split().protocol());
            split.put("name", info.split().name());
            split.put("train", info.split().train().size());
            split.put("validation", info.split().validation().size());
            split.put("test", info.split().test().size());
            split.put("testSpeakers", info.split().testSpeakers());
            d.put("split", split);
        }
        d.put("training", info.training());
        d.put("versions", info.versions());
        return d;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failWaiting();
            // never free the weights under a forward pass still running: a worker that did not stop
            // in time keeps them (its pass ends and the thread exits on STOP; the engine frees them at exit)
            if (!worker.isAlive()) {
                model.close();
            }
        }
    }
}
