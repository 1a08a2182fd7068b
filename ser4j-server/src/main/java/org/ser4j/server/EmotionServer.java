package org.ser4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.AudioLimitException;
import org.ser4j.data.Json;
import org.ser4j.predict.AnalysisCancelledException;
import org.ser4j.predict.AnalysisTimeoutException;
import org.ser4j.predict.ChannelMode;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.Prediction;
import org.ser4j.predict.PredictionJson;
import org.ser4j.predict.PredictionSettings;

/**
 * The ser4j HTTP server (Javalin):
 *
 * <ul>
 *   <li>{@code POST /api/predict}: audio (WAV, AIFF, FLAC, MP3; other formats through ffmpeg with
 *       {@link ServerSettings#ffmpeg()}) as the raw request body or as the multipart field {@code audio};
 *       optional query parameters {@code window} and {@code hop} in seconds; answers the JSON of
 *       {@link PredictionJson} plus {@code file}. With {@code channels=each}, each channel is analysed on
 *       its own (a call with one speaker per channel): {@code {"file":..,"channels":[{"channel":1,...},...]}}.
 *   <li>{@code GET /api/health}, {@code GET /api/model} (labels, preset, windowing, limits, training metrics).
 *   <li>WebSocket {@code /api/stream}: live prediction, see {@link StreamEndpoint}.
 *   <li>The web page at {@code /}, served from the classpath folder {@code /web} only.
 * </ul>
 *
 * Every refusal is JSON {@code {"status":.., "error":.., "message":..}}: 413 for an upload over the
 * size limit or one that decodes to more samples than {@link ServerSettings#decodeLimits()} allow,
 * 400 for a recording over the duration limit (both found before the samples are allocated), an empty or malformed upload or bad
 * parameters, 415 for content that is not a supported audio format, 429 (with {@code Retry-After})
 * when the server or the client's address already has as many uploads arriving as it may, 503 (with
 * {@code Retry-After}) when the analysis takes longer than {@link #ANALYSIS_BUDGET} (a busy server); other
 * 5xx only for faults of the server itself. An analysis still running after {@link #HEARTBEAT_AFTER}
 * commits a 200 and writes a space a second before its JSON, so that a client that has gone stops the
 * work ({@link ClientWatch}); an error after that is its error object in the body. One address may
 * send {@link #REQUESTS_PER_SECOND_FACTOR} x {@link ServerSettings#maxPerAddress()} requests a second
 * (429 and the connection closed beyond). Binds to {@link ServerSettings#DEFAULT_HOST} unless told
 * otherwise. The recognizer stays owned by the caller.
 */
public final class EmotionServer implements AutoCloseable {

    static final ObjectMapper JSON = Json.MAPPER;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmotionServer.class);
    private static final String JSON_TYPE = "application/json";
    /**
     * Windows one request may analyse: 600 s (the default duration limit) at a hop of 0.5 s. A hop of
     * 0.1 s over 10 minutes would be 6,000 forward passes, a minute of the server's CPU (issue 20).
     */
    static final int MAX_WINDOWS_PER_REQUEST = 1200;

    /** Room for multipart boundaries and headers on top of the audio itself. */
    private static final long MULTIPART_OVERHEAD_BYTES = 64 << 10;

    private final EmotionRecognizer recognizer;
    private final ServerSettings settings;
    private final Semaphore decodes;
    private final long startedAt = System.nanoTime();
    private Javalin app;
    private StreamEndpoint stream;

    public EmotionServer(EmotionRecognizer recognizer, ServerSettings settings) {
        this.recognizer = recognizer;
        this.settings = settings;
        this.decodes = new Semaphore(settings.maxConcurrentDecodes(), true);
        this.uploadsPerAddress = new PerAddressLimit(settings.maxPerAddress());
        this.connectionsPerAddress = new PerAddressConnections(
                (int) Math.min(Integer.MAX_VALUE, (long) CONNECTIONS_PER_ADDRESS_FACTOR * settings.maxPerAddress()));
        this.requestsPerAddress = new PerAddressRate((double) REQUESTS_PER_SECOND_FACTOR * settings.maxPerAddress(),
                Math.max(1.0, (double) REQUEST_BURST_FACTOR * settings.maxPerAddress()), System::nanoTime);
    }

    /**
     * Uploads read at once at most; one more is answered 429 at once. Each upload holds a server
     * thread while its body arrives, so without a bound a few hundred clients sending a byte every
     * few seconds took every thread and /api/health stopped answering (issue 20).
     */
    static final int MAX_CONCURRENT_UPLOADS = 64;

    /** The longest an upload's body may take to arrive in total, however steadily it trickles in. */
    static final Duration UPLOAD_DEADLINE = Duration.ofSeconds(120);
    /**
     * After {@link #MIN_RATE_GRACE}, an upload must have arrived at this many bytes per second on
     * average, or it is cut off with 408: without it, 64 clients trickling one byte every few seconds
     * held every upload slot for the whole deadline and everyone else got 429 (ServerSoak). 4 KiB/s is
     * far below any working network (a 3.5 s 48 kHz WAV still arrives within the deadline at 3 KiB/s).
     */
    static final long MIN_BYTES_PER_SECOND = 4096;
    static final Duration MIN_RATE_GRACE = Duration.ofSeconds(10);

    /**
     * The longest one request's analysis may take before it is abandoned with 503 (issue 20): the
     * bound on one request's work on a busy server, whether its client waits or not.
     * The largest request (1,200 windows) takes about 25 s of one core with the shipped pair.
     */
    static final Duration ANALYSIS_BUDGET = Duration.ofSeconds(120);
    private volatile Duration analysisBudget = ANALYSIS_BUDGET;

    /**
     * An analysis still running after this long starts its response with heartbeats, so that the
     * server finds out when the client has gone and stops the work ({@link ClientWatch}).
     */
    static final Duration HEARTBEAT_AFTER = Duration.ofSeconds(5);
    /** Heartbeats (one space each) at most this often. */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);
    private volatile Duration heartbeatAfter = HEARTBEAT_AFTER;
    private volatile Duration heartbeatEvery = HEARTBEAT_EVERY;
    private final AtomicInteger cancelledAnalyses = new AtomicInteger();

    private final Semaphore uploads = new Semaphore(MAX_CONCURRENT_UPLOADS);
    /** Uploads being read per remote address ({@link ServerSettings#maxPerAddress()}). */
    private final PerAddressLimit uploadsPerAddress;

    /**
     * Open connections one address may hold, as a multiple of {@link ServerSettings#maxPerAddress()}
     * (16 -> 64): room for its uploads, a browser's six connections per site and keep-alive connections
     * that linger until the idle timeout. A connection whose client does not read its responses holds a
     * server thread in a blocking write until the idle timeout: 300 such connections (pipelined GETs of
     * the page's script) held all of Jetty's 250 threads and /api/health stopped answering (issue 20);
     * one address now holds at most this many of them.
     */
    static final int CONNECTIONS_PER_ADDRESS_FACTOR = 4;
    private final PerAddressConnections connectionsPerAddress;

    /**
     * Requests a second one address may send, sustained, as a multiple of {@link ServerSettings#maxPerAddress()}
     * (16 -> 64 a second), and at once after a quiet spell ({@link #REQUEST_BURST_FACTOR}: 256). A page load
     * is about six requests; 300 connections pipelining 1,000 {@code GET /api/model} each kept both cores
     * busy for half a minute and health waited 26-34 s (issue 20). A request over the rate is answered 429
     * with {@code Retry-After} and its connection is closed, so the rest of a pipelined flood is never read.
     */
    static final int REQUESTS_PER_SECOND_FACTOR = 4;
    static final int REQUEST_BURST_FACTOR = 16;
    private final PerAddressRate requestsPerAddress;

    /** Binds and starts serving; returns this. */
    public EmotionServer start() {
        stream = new StreamEndpoint(recognizer, settings.maxStreamSeconds(), settings.maxPerAddress());
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxUploadBytes();
            config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes() + MULTIPART_OVERHEAD_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, settings.maxUploadBytes()), SizeUnit.BYTES);
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxBinaryMessageSize(StreamEndpoint.MAX_MESSAGE_BYTES);
                ws.setMaxTextMessageSize(StreamEndpoint.MAX_TEXT_BYTES);
                ws.setIdleTimeout(settings.idleTimeout());
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            config.router.mount(router -> {
                router.before(this::limitRate);
                router.get("/api/health", this::health);
                router.get("/api/model", this::model);
                router.post("/api/predict", this::predict);
                router.ws("/api/stream", stream::configure);
            });
        });
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on " + ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (!isJson(ctx)) {
                error(ctx, 404, "no such page or endpoint: " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (!isJson(ctx)) {
                error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path());
            }
        });
        app.start(settings.host(), settings.port());
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof AbstractConnector c) {
                c.setIdleTimeout(settings.idleTimeout().toMillis());
                c.addBean(connectionsPerAddress); // a Connection.Listener: told of every connection opened from now on
            }
        }
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** The address to open in a browser. */
    public URI uri() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("uptimeSeconds", (System.nanoTime() - startedAt) / 1e9);
        body.put("labels", recognizer.labels());
        json(ctx, 200, body);
    }

    private void model(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("labels", recognizer.labels());
        body.put("sampleRate", recognizer.sampleRate());
        body.put("window", recognizer.windowSeconds());
        body.put("hop", recognizer.hopSeconds());
        body.put("silenceThresholdDbfs", recognizer.settings().silenceThresholdDbfs());
        body.put("voiceActivity", recognizer.settings().voiceActivity());
        body.put("minSpeechFraction", recognizer.settings().minSpeechFraction());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxUploadBytes", settings.maxUploadBytes());
        limits.put("maxDurationSeconds", settings.maxDurationSeconds());
        limits.put("maxStreamSeconds", settings.maxStreamSeconds());
        limits.put("maxPerAddress", settings.maxPerAddress());
        body.put("limits", limits);
        body.put("model", recognizer.describe());
        json(ctx, 200, body);
    }

    /** Refuses a request over its address's rate ({@link #REQUESTS_PER_SECOND_FACTOR}) and closes its connection. */
    private void limitRate(Context ctx) {
        String address = ctx.req().getRemoteAddr();
        double wait = requestsPerAddress.tryAcquire(address);
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf((long) Math.ceil(wait)));
            ctx.header("Connection", "close");
            throw new ApiException(429, String.format(Locale.ROOT, "%s is sending more than %.0f requests a second,"
                    + " the most one client address may send; wait %.2f s", address, requestsPerAddress.perSecond(), wait));
        }
    }

    private void predict(Context ctx) throws IOException, InterruptedException {
        PredictionSettings ps = predictionSettings(ctx);
        boolean eachChannel;
        try {
            eachChannel = ChannelMode.parse(ctx.queryParam("channels")) == ChannelMode.EACH;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "channels " + e.getMessage(), e);
        }
        String address = ctx.req().getRemoteAddr();
        if (!uploadsPerAddress.tryAcquire(address)) {
            // one host must not take every upload slot (64 slow clients from one address kept everyone else
            // at 429, issue 20); behind a reverse proxy every client has the proxy's address
            ctx.header("Retry-After", "5");
            throw new ApiException(429, address + " is already sending " + uploadsPerAddress.limit()
                    + " uploads, the most one client address may send at once; wait for one to finish");
        }
        try {
            if (!uploads.tryAcquire()) {
                ctx.header("Retry-After", "5");
                throw new ApiException(429, "the server is reading " + MAX_CONCURRENT_UPLOADS
                        + " uploads already; try again in a few seconds");
            }
            try {
                predictHeld(ctx, ps, eachChannel);
            } finally {
                uploads.release();
            }
        } finally {
            uploadsPerAddress.release(address);
        }
    }

    /** Sets the analysis budget (for tests). */
    void analysisBudget(Duration budget) {
        this.analysisBudget = budget;
    }

    /** Sets when heartbeats start and how often they go (for tests). */
    void heartbeats(Duration after, Duration every) {
        this.heartbeatAfter = after;
        this.heartbeatEvery = every;
    }

    /** Analyses stopped because their client had gone, since the start. */
    int cancelledAnalyses() {
        return cancelledAnalyses.get();
    }

    /** Uploads being read or analysed now, from every address (for tests). */
    int uploadsInFlight() {
        return MAX_CONCURRENT_UPLOADS - uploads.availablePermits();
    }

    /** Uploads the address is sending now (for tests). */
    int uploadsFrom(String address) {
        return uploadsPerAddress.held(address);
    }

    /** Live streams the address holds now (for tests). */
    int streamsFrom(String address) {
        return stream.streamsFrom(address);
    }

    /** Connections the address holds open now (for tests). */
    int connectionsFrom(String address) {
        return connectionsPerAddress.held(address);
    }

    private void predictHeld(Context ctx, PredictionSettings ps, boolean eachChannel) throws IOException, InterruptedException {
        String name;
        byte[] audio;
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        long declared = ctx.req().getContentLengthLong();
        if (contentType.startsWith("multipart/")) {
            if (declared > settings.maxUploadBytes() + MULTIPART_OVERHEAD_BYTES) {
                throw tooLarge(declared);
            }
            UploadedFile file;
            try {
                file = ctx.uploadedFile("audio");
            } catch (Exception e) {
                // Jetty's parser throws IOException and ServletException undeclared (no boundary, a wrong one,
                // a truncated body): the client's fault, never a 500
                String m = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
                if (m.contains("Form is larger than max length")) {
                    // a part without a filename is a text field, and Jetty caps text fields at 200 kB
                    throw new ApiException(400, "multipart upload: a text field is too long; send the audio as a file part"
                            + " named 'audio' with a filename (curl -F audio=@recording.wav)", e);
                }
                if (m.toLowerCase(Locale.ROOT).contains("exceed")) {
                    if (declared > 0 && declared <= settings.maxUploadBytes()) {
                        throw new ApiException(400, "malformed multipart upload: a part's headers are too long (" + m.trim() + ")", e);
                    }
                    throw tooLarge(-1);
                }
                throw new ApiException(400, "malformed multipart upload: " + m, e);
            }
            if (file == null) {
                throw new ApiException(400, "multipart upload needs the audio in a field named 'audio'");
            }
            name = file.filename() == null || file.filename().isBlank() ? "upload" : file.filename();
            try (InputStream in = file.content()) {
                audio = readBounded(in, -1);
            }
        } else {
            if (declared > settings.maxUploadBytes()) {
                throw tooLarge(declared);
            }
            name = ctx.queryParam("name") == null ? "upload" : ctx.queryParam("name");
            try (InputStream in = ctx.req().getInputStream()) {
                audio = readBounded(in, declared);
            }
        }
        if (audio.length == 0) {
            throw new ApiException(400, name + ": empty upload; send WAV, AIFF, FLAC or MP3 audio as the body or as multipart field 'audio'");
        }
        decodes.acquire();
        try {
            AudioClip clip;
            try {
                // the limits are checked before the samples are allocated: a small, highly compressed upload
                // (an hour of FLAC silence is ~0.5 MB) is refused without expanding it
                clip = AudioDecoder.decode(audio, name, settings.decodeLimits());
            } catch (AudioLimitException e) {
                throw new ApiException(switch (e.limit()) {
                    case DURATION -> 400;
                    case SIZE -> 413;
                }, e.getMessage(), e);
            } catch (AudioDecodeException e) {
                throw new ApiException(AudioSniffer.looksLikeAudio(audio) ? 400 : 415, e.getMessage(), e);
            } catch (OutOfMemoryError e) {
                // last resort when concurrent uploads within their limits still exhaust the heap: the failed
                // allocation is released with this request, the server keeps serving
                throw new ApiException(413, name + ": the server has no memory left to decode it now; try again later"
                        + " or send a shorter recording (limit " + settings.maxDurationSeconds() + " s)");
            }
            ClientWatch watch = new ClientWatch(ctx.res(), JSON_TYPE, heartbeatAfter, heartbeatEvery);
            byte[] body;
            try {
                body = Json.LINE.writeValueAsBytes(eachChannel ? analyseChannels(ctx, name, clip, ps, watch)
                        : analyse(ctx, name, clip, ps, watch));
            } catch (AnalysisCancelledException e) {
                cancelledAnalyses.incrementAndGet();
                LOG.info("{} from {}: client gone, {}", name,
                        ctx.req().getRemoteAddr(), e.getMessage());
                return;
            } catch (ApiException e) {
                if (!watch.committed()) {
                    throw e;
                }
                body = Json.LINE.writeValueAsBytes(errorBody(e.status(), e.getMessage()));
            }
            if (watch.committed()) {
                watch.finish(body);
            } else {
                ctx.status(200).contentType(JSON_TYPE).result(body);
            }
        } finally {
            decodes.release();
        }
    }

    /** The JSON of the prediction of a decoded upload; {@code watch} tells whether its client is still there. */
    private ObjectNode analyse(Context ctx, String name, AudioClip clip, PredictionSettings ps, ClientWatch watch) {
        checkWindows(name, clip, ps, 1);
        ObjectNode body = JSON.createObjectNode();
        body.put("file", name);
        body.setAll(PredictionJson.toJson(predict(ctx, name, clip, ps, watch, analysisBudget)));
        return body;
    }

    /**
     * As {@link #analyse}, each channel on its own: {@code {"file":..,"channels":[{"channel":1,...},...]}}.
     * The channels share one request's budget: each gets what the ones before it left.
     */
    private ObjectNode analyseChannels(Context ctx, String name, AudioClip clip, PredictionSettings ps, ClientWatch watch) {
        checkWindows(name, clip, ps, clip.channelCount());
        Duration budget = analysisBudget;
        long start = System.nanoTime();
        ObjectNode body = JSON.createObjectNode();
        body.put("file", name);
        var list = body.putArray("channels");
        for (int c = 0; c < clip.channelCount(); c++) {
            ObjectNode one = JSON.createObjectNode();
            one.put("channel", c + 1);
            Duration left = budget.minusNanos(System.nanoTime() - start);
            if (c > 0 && (left.isNegative() || left.isZero())) {
                throw busy(ctx, String.format(Locale.ROOT, "%s: the analysis took longer than the %.1f s allowed (%d of %d"
                        + " channels done)", name, budget.toMillis() / 1000.0, c, clip.channelCount()), null);
            }
            one.setAll(PredictionJson.toJson(predict(ctx, name, AudioClip.mono(clip.channels()[c], clip.sampleRate()), ps, watch,
                    left.isNegative() ? Duration.ZERO : left)));
            list.add(one);
        }
        return body;
    }

    /** Refuses a request of more windows than {@link #MAX_WINDOWS_PER_REQUEST} ({@code times} analyses of the clip). */
    private void checkWindows(String name, AudioClip clip, PredictionSettings ps, int times) {
        int windows;
        try {
            windows = recognizer.windowCount(clip.durationSeconds(), ps) * times;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, name + ": " + e.getMessage(), e);
        }
        if (windows > MAX_WINDOWS_PER_REQUEST) {
            throw new ApiException(400, String.format(Locale.ROOT, "%s: %.1f s at this window and hop is %d windows%s,"
                    + " more than the %d one request may take; use a longer hop", name, clip.durationSeconds(),
                    windows, times > 1 ? " over its " + times + " channels" : "", MAX_WINDOWS_PER_REQUEST));
        }
    }

    /** One analysis within the time budget; a bad window or a busy server becomes the client's answer. */
    private Prediction predict(Context ctx, String name, AudioClip clip, PredictionSettings ps, ClientWatch watch, Duration budget) {
        try {
            return recognizer.predict(clip, ps, budget, watch);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, name + ": " + e.getMessage(), e);
        } catch (AnalysisTimeoutException e) {
            throw busy(ctx, name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The answer to an analysis over its budget: the server is too busy for this request now (an idle
     * server analyses the largest one in well under the budget), 503 with {@code Retry-After}.
     */
    private static ApiException busy(Context ctx, String what, Throwable cause) {
        ctx.header("Retry-After", "30");
        return new ApiException(503, what + "; the server is busy, try again later", cause);
    }

    private PredictionSettings predictionSettings(Context ctx) {
        Double window = seconds(ctx, "window");
        Double hop = seconds(ctx, "hop");
        if (window == null && hop == null) {
            return recognizer.settings();
        }
        try {
            PredictionSettings s = recognizer.settings().withWindow(window, hop);
            if (window != null && window > recognizer.windowSeconds() + 1e-9) {
                throw new IllegalArgumentException("window " + window + " s is longer than the model's input of " + recognizer.windowSeconds() + " s");
            }
            if (hop != null && window == null && hop > recognizer.windowSeconds()) {
                throw new IllegalArgumentException("hop " + hop + " s must not exceed the window of " + recognizer.windowSeconds() + " s");
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage(), e);
        }
    }

    private static Double seconds(Context ctx, String param) {
        String v = ctx.queryParam(param);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter " + param + " must be a positive number of seconds, got '" + v + "'");
        }
    }

    /** Reads at most the upload limit; one byte more is a 413 (for bodies without a length). */
    private byte[] readBounded(InputStream in, long declared) throws IOException {
        long limit = settings.maxUploadBytes();
        // grows with the bytes received: a declared length is a claim, not memory to set aside (issue 20)
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        byte[] buf = new byte[1 << 16];
        long total = 0;
        long started = System.nanoTime();
        long deadline = started + UPLOAD_DEADLINE.toNanos();
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw tooLarge(-1);
                }
                out.write(buf, 0, n);
                long elapsed = System.nanoTime() - started;
                if (elapsed > MIN_RATE_GRACE.toNanos() && total * 1_000_000_000L < MIN_BYTES_PER_SECOND * elapsed) {
                    throw new ApiException(408, String.format(Locale.ROOT, "upload arriving at %.0f bytes/s after %.0f s (%d bytes"
                            + " so far), below the minimum of %d bytes/s; send it faster", total / (elapsed / 1e9), elapsed / 1e9,
                            total, MIN_BYTES_PER_SECOND));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new ApiException(408, "upload still arriving after " + UPLOAD_DEADLINE.toSeconds() + " s ("
                            + total + " bytes so far); send it faster or shorter");
                }
            }
        } catch (IOException e) {
            if (timedOut(e)) {
                // the client stalled past the idle timeout
                throw new ApiException(408, "upload stopped after " + total + " bytes: " + e.getMessage(), e);
            }
            // a body that ends before its length or its last chunk, or a malformed chunk (Jetty says "Early
            // EOF" for both; a client that went away mid-upload reads no answer anyway): the request's fault
            throw new ApiException(400, "the upload body is broken after " + total + " bytes (" + e.getMessage()
                    + "): it ended before its Content-Length, or its chunked encoding is malformed", e);
        }
        return out.toByteArray();
    }

    /** Whether reading failed because the client was idle too long (a timeout anywhere in the causes). */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    private ApiException tooLarge(long declared) {
        String size = declared > 0 ? String.format(Locale.ROOT, "%.1f MiB", declared / 1048576.0) : "larger than the limit";
        return new ApiException(413, String.format(Locale.ROOT, "upload is %s; the limit is %.1f MiB", size, settings.maxUploadBytes() / 1048576.0));
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(JSON_TYPE);
    }

    static void error(Context ctx, int status, String message) {
        json(ctx, status, errorBody(status, message));
    }

    static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", HttpStatus.getMessage(status));
        body.put("message", message);
        return body;
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(JSON_TYPE).result(Json.LINE.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Jetty's own error pages (malformed requests it rejects before routing) as JSON too. */
    private static final class JsonErrorHandler extends ErrorHandler {

        @Override
        protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                int code, String message) throws IOException {
            baseRequest.setHandled(true);
            response.setContentType(JSON_TYPE);
            Writer w = response.getWriter();
            w.write(Json.LINE.writeValueAsString(errorBody(code, message == null ? HttpStatus.getMessage(code) : message)));
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
            try {
                return ByteBuffer.wrap(Json.LINE.writeValueAsString(errorBody(status, reason == null ? HttpStatus.getMessage(status) : reason))
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return ByteBuffer.allocate(0);
            }
        }
    }
}
