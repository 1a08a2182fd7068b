package org.ser4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ser4j.data.Json;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.EmotionStream;
import org.ser4j.predict.PredictionJson;
import org.ser4j.predict.Segment;

/**
 * WebSocket {@code /api/stream}: live prediction for a browser microphone.
 *
 * <p>Protocol. The client first sends a text message {@code {"sampleRate": 48000, "format": "f32"}}
 * ({@code format}: {@code "f32"} little-endian float32 or {@code "s16"} little-endian int16; mono).
 * The server answers {@code {"type":"ready","sampleRate":..,"window":..,"hop":..}}. The client then
 * sends binary messages of samples; once a full window has arrived the server sends, per hop,
 * {@code {"type":"segment", ...}} with the fields of {@link PredictionJson#toJson(Segment)}. A
 * protocol error is answered by {@code {"type":"error","message":..}} and the socket is closed
 * (1003 for bad data, 1008 for a limit, 1013 when the server or the client's address already has as
 * many live streams as it may).
 */
final class StreamEndpoint {

    /** One binary message: 1 MiB is over 5 s of 48 kHz float32; browsers send about 20-100 ms at a time. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    static final int MAX_TEXT_BYTES = 4 << 10;
    /** Live streams at once; each holds up to a window and a hop of samples (at most 3.5 MB at 192 kHz). */
    static final int MAX_STREAMS = 64;
    private static final int MIN_RATE = 8_000;
    private static final int MAX_RATE = 192_000;

    private final EmotionRecognizer recognizer;
    private final double maxStreamSeconds;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /**
     * Live streams per remote address: without it one host that configured 64 streams and sent a few
     * samples now and then kept every other client's microphone out (issue 20).
     */
    private final PerAddressLimit streamsPerAddress;

    private record Session(EmotionStream stream, boolean int16, String address) {}

    StreamEndpoint(EmotionRecognizer recognizer, double maxStreamSeconds, int maxPerAddress) {
        this.recognizer = recognizer;
        this.maxStreamSeconds = maxStreamSeconds;
        this.streamsPerAddress = new PerAddressLimit(maxPerAddress);
    }

    void configure(WsConfig ws) {
        ws.onMessage(this::onText);
        ws.onBinaryMessage(this::onBinary);
        ws.onClose(ctx -> forget(ctx.sessionId()));
        ws.onError(ctx -> forget(ctx.sessionId()));
    }

    /** Live streams the address holds now (for tests). */
    int streamsFrom(String address) {
        return streamsPerAddress.held(address);
    }

    private void forget(String sessionId) {
        Session s = sessions.remove(sessionId);
        if (s != null) {
            streamsPerAddress.release(s.address());
        }
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    private void onText(WsMessageContext ctx) throws IOException {
        JsonNode msg;
        try {
            msg = EmotionServer.JSON.readTree(ctx.message());
        } catch (IOException e) {
            fail(ctx, WsCloseStatus.UNSUPPORTED_DATA, "the first message must be JSON like {\"sampleRate\":48000,\"format\":\"f32\"}");
            return;
        }
        if (sessions.containsKey(ctx.sessionId())) {
            fail(ctx, WsCloseStatus.POLICY_VIOLATION, "the stream is already configured; send binary samples");
            return;
        }
        JsonNode rate = msg.get("sampleRate");
        if (rate == null || !rate.canConvertToInt() || rate.asInt() < MIN_RATE || rate.asInt() > MAX_RATE) {
            fail(ctx, WsCloseStatus.UNSUPPORTED_DATA, "sampleRate must be an integer in " + MIN_RATE + ".." + MAX_RATE + ", got " + rate);
            return;
        }
        String format = msg.path("format").asText("f32").toLowerCase(Locale.ROOT);
        if (!format.equals("f32") && !format.equals("s16")) {
            fail(ctx, WsCloseStatus.UNSUPPORTED_DATA, "format must be \"f32\" or \"s16\", got \"" + format + "\"");
            return;
        }
        // check and register in one step: handshakes of different sessions run on different threads
        String address = address(ctx.session.getRemoteAddress());
        boolean full;
        boolean addressFull = false;
        synchronized (sessions) {
            full = sessions.size() >= MAX_STREAMS;
            if (!full) {
                addressFull = !streamsPerAddress.tryAcquire(address);
                if (!addressFull) {
                    sessions.put(ctx.sessionId(), new Session(recognizer.stream(rate.asInt()), format.equals("s16"), address));
                }
            }
        }
        if (full) {
            fail(ctx, WsCloseStatus.TRY_AGAIN_LATER, "the server already serves " + MAX_STREAMS + " live streams; try again later");
            return;
        }
        if (addressFull) {
            fail(ctx, WsCloseStatus.TRY_AGAIN_LATER, address + " already has " + streamsPerAddress.limit()
                    + " live streams, the most one client address may have at once; close one first");
            return;
        }
        ObjectNode ready = EmotionServer.JSON.createObjectNode();
        ready.put("type", "ready");
        ready.put("sampleRate", rate.asInt());
        ready.put("window", recognizer.windowSeconds());
        ready.put("hop", recognizer.hopSeconds());
        ctx.send(Json.LINE.writeValueAsString(ready));
    }

    private void onBinary(WsBinaryMessageContext ctx) throws IOException {
        Session s = sessions.get(ctx.sessionId());
        if (s == null) {
            fail(ctx, WsCloseStatus.POLICY_VIOLATION, "send {\"sampleRate\":..,\"format\":..} before any samples");
            return;
        }
        int bytesPerSample = s.int16() ? 2 : 4;
        if (ctx.length() % bytesPerSample != 0) {
            fail(ctx, WsCloseStatus.UNSUPPORTED_DATA, "a message of " + ctx.length() + " bytes is not a whole number of "
                    + bytesPerSample + "-byte samples");
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(ctx.data(), ctx.offset(), ctx.length()).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = new float[ctx.length() / bytesPerSample];
        for (int i = 0; i < x.length; i++) {
            x[i] = s.int16() ? b.getShort() / 32768f : b.getFloat();
        }
        if (s.stream().seconds() + (double) x.length / s.stream().sampleRate() > maxStreamSeconds) {
            fail(ctx, WsCloseStatus.POLICY_VIOLATION, "stream limit of " + maxStreamSeconds + " s reached");
            return;
        }
        List<Segment> segments;
        try {
            segments = s.stream().push(x);
        } catch (IllegalArgumentException e) {
            fail(ctx, WsCloseStatus.UNSUPPORTED_DATA, e.getMessage());
            return;
        }
        for (Segment seg : segments) {
            ObjectNode o = EmotionServer.JSON.createObjectNode();
            o.put("type", "segment");
            o.setAll(PredictionJson.toJson(seg));
            ctx.send(Json.LINE.writeValueAsString(o));
        }
    }

    private void fail(WsContext ctx, WsCloseStatus status, String message) throws IOException {
        forget(ctx.sessionId());
        ObjectNode o = EmotionServer.JSON.createObjectNode();
        o.put("type", "error");
        o.put("message", message);
        ctx.send(Json.LINE.writeValueAsString(o));
        ctx.closeSession(status, message.length() > 120 ? message.substring(0, 120) : message);
    }
}
