package org.ser4j.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.server.EmotionServer;
import org.ser4j.server.ServerSettings;

/**
 * Server throughput with concurrent clients: C connections (default 16) send N requests (default
 * 1000) of different 3.5 s 48 kHz WAVs to {@code POST /api/predict} as fast as answers come, after
 * a warm-up; prints requests/s, latency percentiles and the count of non-200 answers. Starts the
 * server in this JVM on loopback (model: see {@link BenchModel}) unless {@code --url} names one.
 *
 * <p>Run: {@code java -Dser4j.home=. -cp ser4j-bench/target/ser4j-bench.jar org.ser4j.bench.ServerThroughput [--connections 16] [--requests 1000] [--url http://127.0.0.1:8080/]}
 * ({@code -Dser4j.predict.maxBatch=N} forces batches of up to N concurrent windows, for comparison; CPU default 1).
 */
public final class ServerThroughput {

    private ServerThroughput() {}

    public static void main(String[] args) throws Exception {
        int connections = 16;
        int requests = 1000;
        int warmup = 64;
        String url = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--url" -> url = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --connections N, --requests N, --warmup N, --url URL)");
            }
        }
        EmotionRecognizer recognizer = null;
        EmotionServer server = null;
        if (url == null) {
            Path model = BenchModel.resolve();
            System.out.println("model: " + model);
            recognizer = EmotionRecognizer.load(model);
            // every connection comes from 127.0.0.1: no per-address limit, or more than 16 connections would measure 429s
            server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0).withMaxPerAddress(0)).start();
            url = server.uri().toString();
        }
        try {
            run(URI.create(url).resolve("/api/predict"), connections, requests, warmup);
        } finally {
            if (server != null) {
                server.close();
                recognizer.close();
            }
        }
    }

    private static void run(URI endpoint, int connections, int requests, int warmup) throws Exception {
        List<byte[]> clips = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            clips.add(BenchModel.clipWav(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool).build();
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            send(http, clients, endpoint, clips, warmup, connections);
            long start = System.nanoTime();
            Result r = send(http, clients, endpoint, clips, requests, connections);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] lat = r.latenciesNanos();
            Arrays.sort(lat);
            System.out.printf(Locale.ROOT, "%d requests of 3.5 s 48 kHz WAV (%d KB) over %d connections in %.2f s%n",
                    requests, clips.get(0).length / 1024, connections, seconds);
            System.out.printf(Locale.ROOT, "throughput %.1f req/s; latency ms p50 %.1f  p90 %.1f  p99 %.1f  max %.1f; non-200 answers: %d%n",
                    requests / seconds, pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[lat.length - 1] / 1e6, r.errors());
        } finally {
            clients.shutdownNow();
            pool.shutdownNow();
        }
    }

    private record Result(long[] latenciesNanos, int errors) {}

    private static Result send(HttpClient http, ExecutorService clients, URI endpoint, List<byte[]> clips, int count, int connections)
            throws Exception {
        long[] lat = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(clients.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "audio/wav")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(clips.get(i % clips.size()))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    lat[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        return new Result(lat, errors.get());
    }

    private static double pct(long[] sorted, double p) {
        int k = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))] / 1e6;
    }
}
