package org.ser4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.server.EmotionServer;
import org.ser4j.server.ServerSettings;

/**
 * A soak and abuse run against the server (issue 20), bounded in count and time, loopback only: the
 * server starts in this JVM with the shipped model; then
 * <ol>
 *   <li>long uploads: N recordings of 60 s (default 120) from 4 clients, resident memory before and
 *       after (the multi-window leak grew it by gigabytes);</li>
 *   <li>abuse: K
 *       rounds (default 20) of malformed requests, 8 at a time: multipart without boundary, with a
 *       wrong boundary, truncated; a Content-Length that lies; hop 1e-9; text named audio; an empty
 *       body;</li>
 *   <li>S slow clients (default 100) from one host ({@value #SLOW_HOST}) that send one body byte every
 *       2 s for at least 30 s, with K ordinary uploads among them from 127.0.0.1;</li>
 * </ol>
 * while {@code GET /api/health} is asked every 100 ms. Prints the status codes per case, the number
 * of 5xx answers, resident memory and the Java heap (of this JVM, which runs server and clients: the
 * clients' share is the 60 s WAV and HTTP buffers) and the health latencies. The heap is sampled every
 * second (its peak per phase) and measured live, after a full collection ({@code System.gc()}), before
 * and after each phase: a leak shows as live heap that grows with the uploads.
 *
 * <p>Run: {@code java -Dser4j.home=. -cp ser4j-bench/target/ser4j-bench.jar org.ser4j.bench.ServerSoak
 * [--long 120] [--slow 100] [--rounds 20]}
 */
public final class ServerSoak {

    private static final String BOUNDARY = "ser4jsoakboundary";
    /** The slow clients' source address: one host, not the ordinary clients' 127.0.0.1 (Linux routes all of 127/8 to lo). */
    private static final String SLOW_HOST = "127.0.0.2";
    /** The slow clients keep trickling at least this long. */
    private static final long ATTACK_MIN_NANOS = 30_000_000_000L;

    private ServerSoak() {}

    public static void main(String[] args) throws Exception {
        int longUploads = 120;
        int slow = 100;
        int rounds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--long" -> longUploads = Integer.parseInt(args[++i]);
                case "--slow" -> slow = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --long N, --slow N, --rounds N)");
            }
        }
        Path model = BenchModel.resolve();
        System.out.println("model: " + model);
        try (EmotionRecognizer recognizer = EmotionRecognizer.load(model);
                EmotionServer server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0)).start()) {
            URI base = server.uri();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            byte[] clip = BenchModel.clipWav(1);
            for (int i = 0; i < 8; i++) {
                post(http, base, "/api/predict", "audio/wav", clip); // warm-up
            }
            Health health = new Health(http, base.resolve("/api/health"));
            Thread probe = new Thread(health, "health-probe");
            probe.setDaemon(true);
            probe.start();

            byte[] minute = minuteWav(); // before the first live heap, so that every measurement holds it
            Heap heap = new Heap();
            Thread heapProbe = new Thread(heap, "heap-probe");
            heapProbe.setDaemon(true);
            heapProbe.start();
            List<Long> live = new ArrayList<>(List.of(Heap.liveMiB()));
            heap.drainPeakMiB();
            long rss0 = rssKb();
            Map<String, Map<Integer, Integer>> codes = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            ExecutorService four = Executors.newFixedThreadPool(4);
            long rss1 = 0;
            for (int quarter = 1; quarter <= 4; quarter++) { // the live heap after each quarter: a leak grows with the uploads
                List<Future<?>> jobs = new ArrayList<>();
                for (int i = longUploads * (quarter - 1) / 4; i < longUploads * quarter / 4; i++) {
                    jobs.add(four.submit(() -> count(codes, "60 s upload", post(http, base, "/api/predict", "audio/wav", minute))));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
                rss1 = rssKb(); // before the collection, which may give heap back to the system
                live.add(Heap.liveMiB());
            }
            four.shutdown();
            long peak1 = heap.drainPeakMiB();
            System.out.printf(Locale.ROOT, "long uploads: %d x 60 s in %.1f s; resident memory %d MiB before, %d MiB after;"
                    + " heap live before and after each quarter %s MiB, peak %d MiB (max %d MiB)%n",
                    longUploads, (System.nanoTime() - t0) / 1e9, rss0 >> 10, rss1 >> 10, live, peak1, Heap.maxMiB());
            long[] calm = health.drain();

            // malformed requests first, alone, so that each is answered on its own merits
            ExecutorService abusers = Executors.newFixedThreadPool(8);
            List<Future<?>> abuse = new ArrayList<>();
            InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
            for (int r = 0; r < rounds; r++) {
                abuse.add(abusers.submit(() -> count(codes, "multipart, no boundary",
                        post(http, base, "/api/predict", "multipart/form-data", multipart(clip, BOUNDARY)))));
                abuse.add(abusers.submit(() -> count(codes, "multipart, wrong boundary", post(http, base, "/api/predict",
                        "multipart/form-data; boundary=other", multipart(clip, BOUNDARY)))));
                abuse.add(abusers.submit(() -> count(codes, "multipart, truncated", post(http, base, "/api/predict",
                        "multipart/form-data; boundary=" + BOUNDARY, Arrays.copyOf(multipart(clip, BOUNDARY), clip.length / 2)))));
                abuse.add(abusers.submit(() -> count(codes, "Content-Length 32 MiB, 1 KiB sent", lyingLength(address))));
                abuse.add(abusers.submit(() -> count(codes, "hop=1e-9", post(http, base, "/api/predict?hop=1e-9", "audio/wav", clip))));
                abuse.add(abusers.submit(() -> count(codes, "text named audio", post(http, base, "/api/predict", "audio/wav",
                        "not audio at all".getBytes(StandardCharsets.UTF_8)))));
                abuse.add(abusers.submit(() -> count(codes, "empty body", post(http, base, "/api/predict", "audio/wav", new byte[0]))));
            }
            for (Future<?> f : abuse) {
                f.get();
            }
            health.drain();

            // then slow clients, with real uploads among them
            AtomicBoolean attacking = new AtomicBoolean(true);
            long attackStart = System.nanoTime();
            ExecutorService slowPool = Executors.newFixedThreadPool(slow);
            for (int i = 0; i < slow; i++) {
                slowPool.submit(() -> count(codes, "slow upload (1 byte / 2 s)", slowUpload(address, attacking)));
            }
            for (int at : new int[] {5, 15}) { // inside the 10 s grace the slow clients hold, and after it
                Thread.sleep(Math.max(0, at * 1000L - (System.nanoTime() - attackStart) / 1_000_000));
                List<Future<?>> real = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    real.add(abusers.submit(() -> count(codes, "3.5 s upload beside the slow clients, at " + at + " s",
                            post(http, base, "/api/predict", "audio/wav", clip))));
                }
                for (Future<?> f : real) {
                    f.get();
                }
            }
            long left = ATTACK_MIN_NANOS - (System.nanoTime() - attackStart);
            if (left > 0) {
                Thread.sleep(left / 1_000_000); // the slow clients hold their connections at least this long
            }
            attacking.set(false);
            abusers.shutdown();
            slowPool.shutdown();
            slowPool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            long[] attacked = health.drain();
            health.stop();
            long rss2 = rssKb();
            long peak2 = heap.drainPeakMiB();
            long live2 = Heap.liveMiB();
            heap.stop();

            int fivexx = 0;
            for (var e : new TreeMap<>(codes).entrySet()) {
                System.out.println("  " + e.getKey() + ": " + new TreeMap<>(e.getValue()));
                for (var c : e.getValue().entrySet()) {
                    if (c.getKey() >= 500) {
                        fivexx += c.getValue();
                    }
                }
            }
            System.out.printf(Locale.ROOT, "5xx answers: %d; resident memory after the abuse: %d MiB; heap live %d MiB, peak %d MiB%n",
                    fivexx, rss2 >> 10, live2, peak2);
            System.out.printf(Locale.ROOT, "GET /api/health during long uploads: %s; beside the slow clients: %s%n",
                    summary(calm, health.failuresBefore), summary(attacked, health.failures.get() - health.failuresBefore));
        }
    }

    /** Status code of one request, or 0 when the connection failed. */
    private static int post(HttpClient http, URI base, String path, String type, byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(180))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void count(Map<String, Map<Integer, Integer>> codes, String what, int code) {
        codes.computeIfAbsent(what, k -> new ConcurrentHashMap<>()).merge(code, 1, Integer::sum);
    }

    private static byte[] multipart(byte[] audio, String boundary) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + audio.length + tail.length);
        System.arraycopy(audio, 0, all, head.length, audio.length);
        System.arraycopy(tail, 0, all, head.length + audio.length, tail.length);
        return all;
    }

    /** A body that trickles in one byte every 2 s while the attack lasts; the status the server answers (0: none). */
    private static int slowUpload(InetSocketAddress address, AtomicBoolean attacking) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(SLOW_HOST, 0));
            s.connect(address, 10_000);
            s.setSoTimeout(180_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (attacking.get()) {
                out.write('R');
                out.flush();
                Thread.sleep(2000);
            }
            s.shutdownOutput();
            return status(s.getInputStream());
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Declares 32 MiB, sends 1 KiB, closes its side. */
    private static int lyingLength(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.setSoTimeout(180_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\nContent-Length: 33554432\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();
            s.shutdownOutput();
            return status(s.getInputStream());
        } catch (IOException e) {
            return 0;
        }
    }

    private static int status(InputStream in) throws IOException {
        byte[] line = new byte[12];
        int n = in.readNBytes(line, 0, line.length);
        String head = new String(line, 0, n, StandardCharsets.US_ASCII);
        return head.startsWith("HTTP/1.1 ") && n >= 12 ? Integer.parseInt(head.substring(9, 12)) : 0;
    }

    /** 60 s of speech: shared RAVDESS clips end to end when they are there, else the bench's voice-like clip repeated. */
    private static byte[] minuteWav() throws IOException {
        int rate = BenchModel.CLIP_RATE;
        float[] x = new float[60 * rate];
        Path actor = Path.of("../shared/data/ravdess/Actor_01");
        List<float[]> parts = new ArrayList<>();
        if (Files.isDirectory(actor)) {
            try (var files = Files.list(actor)) {
                for (Path f : files.sorted().limit(20).toList()) {
                    parts.add(AudioDecoder.decode(f).monoAt(rate));
                }
            }
        }
        if (parts.isEmpty()) {
            parts.add(AudioDecoder.decode(BenchModel.clipWav(1), "bench clip").monoAt(rate));
        }
        for (int at = 0, k = 0; at < x.length; k++) {
            float[] p = parts.get(k % parts.size());
            int n = Math.min(p.length, x.length - at);
            System.arraycopy(p, 0, x, at, n);
            at += n;
        }
        return WavEncoder.encode(AudioClip.mono(x, rate), WavFormat.PCM_16);
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String summary(long[] nanos, int failures) {
        if (nanos.length == 0) {
            return "no answers, " + failures + " failures";
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%d answers, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failures", s.length,
                s[s.length / 2] / 1e6, s[Math.min(s.length - 1, (int) Math.ceil(0.99 * s.length) - 1)] / 1e6,
                s[s.length - 1] / 1e6, failures);
    }

    /** Samples the heap in use every second and keeps its peak. */
    private static final class Heap implements Runnable {
        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        private long peak;
        private volatile boolean running = true;

        @Override
        public void run() {
            while (running) {
                long used = MEMORY.getHeapMemoryUsage().getUsed();
                synchronized (this) {
                    peak = Math.max(peak, used);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The peak since the last call, in MiB. */
        synchronized long drainPeakMiB() {
            long p = Math.max(peak, MEMORY.getHeapMemoryUsage().getUsed());
            peak = 0;
            return p >> 20;
        }

        /** Heap in use after a full collection, in MiB: what is still reachable. */
        static long liveMiB() {
            System.gc();
            return MEMORY.getHeapMemoryUsage().getUsed() >> 20;
        }

        static long maxMiB() {
            return MEMORY.getHeapMemoryUsage().getMax() >> 20;
        }

        void stop() {
            running = false;
        }
    }

    /** Asks for the health every 100 ms and keeps the latencies of the answers. */
    private static final class Health implements Runnable {
        private final HttpClient http;
        private final URI uri;
        private final List<Long> latencies = new ArrayList<>();
        private final AtomicInteger failures = new AtomicInteger();
        private int failuresBefore = -1; // failures when the first phase was drained
        private volatile boolean running = true;

        Health(HttpClient http, URI uri) {
            this.http = http;
            this.uri = uri;
        }

        @Override
        public void run() {
            while (running) {
                long t0 = System.nanoTime();
                try {
                    int code = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (code == 200) {
                        synchronized (latencies) {
                            latencies.add(System.nanoTime() - t0);
                        }
                    } else {
                        failures.incrementAndGet();
                    }
                } catch (IOException e) {
                    failures.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long[] drain() {
            synchronized (latencies) {
                long[] out = latencies.stream().mapToLong(Long::longValue).toArray();
                latencies.clear();
                if (failuresBefore < 0) {
                    failuresBefore = failures.get();
                }
                return out;
            }
        }

        void stop() {
            running = false;
        }
    }
}
