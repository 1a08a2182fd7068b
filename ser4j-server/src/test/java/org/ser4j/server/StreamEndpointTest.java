package org.ser4j.server;

import org.ser4j.predict.PitchClassifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ser4j.predict.EmotionRecognizer;

/** The live-stream WebSocket: protocol, one segment per hop, errors for bad clients. */
class StreamEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmotionRecognizer recognizer;
    private static EmotionServer server;

    @BeforeAll
    static void start() {
        recognizer = EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD);
        server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0).withLimits(1 << 20, 20, 8)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        recognizer.close();
    }

    /** Collects text messages and the close code. */
    private static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return m;
        }
    }

    private static WebSocket connect(Client c) {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/api/stream");
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).join();
    }

    private static ByteBuffer encode(float[] x, int from, int to, boolean int16) {
        ByteBuffer b = ByteBuffer.allocate((to - from) * (int16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            if (int16) {
                b.putShort((short) Math.round(x[i] * 32767));
            } else {
                b.putFloat(x[i]);
            }
        }
        // the JDK client masks 8 bytes at a time with getLong/putLong in the buffer's order, which
        // reverses each group of 8 bytes of a little-endian buffer: hand it a big-endian view
        return b.flip().order(ByteOrder.BIG_ENDIAN);
    }

    private static List<JsonNode> streamTone(String format, int rate) throws Exception {
        Client c = new Client();
        WebSocket ws = connect(c);
        ws.sendText("{\"sampleRate\":" + rate + ",\"format\":\"" + format + "\"}", true).join();
        JsonNode ready = c.next();
        assertEquals("ready", ready.get("type").asText());
        assertEquals(3.0, ready.get("window").asDouble());
        assertEquals(1.5, ready.get("hop").asDouble());
        float[] x = PitchClassifier.tone(450, 6.1, rate, 0.3);
        int chunk = rate / 20;
        for (int i = 0; i < x.length; i += chunk) {
            ws.sendBinary(encode(x, i, Math.min(x.length, i + chunk), format.equals("s16")), true).join();
        }
        List<JsonNode> segments = new ArrayList<>();
        for (int k = 0; k < 3; k++) { // windows ending at 3, 4.5, 6 s
            segments.add(c.next());
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        return segments;
    }

    @Test
    void float32StreamGetsASegmentPerHop() throws Exception {
        List<JsonNode> segments = streamTone("f32", 48_000);
        for (int k = 0; k < 3; k++) {
            JsonNode s = segments.get(k);
            assertEquals("segment", s.get("type").asText());
            assertEquals(1.5 * k, s.get("start").asDouble(), 1e-9);
            assertEquals(1.5 * k + 3, s.get("end").asDouble(), 1e-9);
            assertEquals("angry", s.get("emotion").asText());
        }
    }

    @Test
    void int16StreamWorksToo() throws Exception {
        assertEquals("angry", streamTone("s16", 16_000).get(2).get("emotion").asText());
    }

    @Test
    void samplesBeforeTheConfigurationAreRefused() throws Exception {
        Client c = new Client();
        WebSocket ws = connect(c);
        ws.sendBinary(ByteBuffer.allocate(400), true).join();
        JsonNode m = c.next();
        assertEquals("error", m.get("type").asText());
        assertTrue(m.get("message").asText().contains("sampleRate"));
        assertEquals(1008, c.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void badConfigurationAndRaggedMessagesAreRefused() throws Exception {
        Client c = new Client();
        connect(c).sendText("{\"sampleRate\": 5}", true).join();
        assertTrue(c.next().get("message").asText().contains("sampleRate must be"));
        assertEquals(1003, c.closed.get(10, TimeUnit.SECONDS));

        Client d = new Client();
        WebSocket ws = connect(d);
        ws.sendText("{\"sampleRate\":16000,\"format\":\"f32\"}", true).join();
        d.next();
        ws.sendBinary(ByteBuffer.allocate(7), true).join();
        assertTrue(d.next().get("message").asText().contains("7 bytes"));
        assertEquals(1003, d.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void streamsAreCutOffAtTheLimit() throws Exception {
        Client c = new Client();
        WebSocket ws = connect(c);
        ws.sendText("{\"sampleRate\":8000,\"format\":\"s16\"}", true).join();
        c.next();
        float[] x = PitchClassifier.tone(450, 1, 8000, 0.3);
        for (int i = 0; i < 9; i++) {
            ws.sendBinary(encode(x, 0, x.length, true), true).join();
        }
        JsonNode m;
        do {
            m = c.next();
        } while (!m.get("type").asText().equals("error"));
        assertTrue(m.get("message").asText().contains("limit"));
        assertEquals(1008, c.closed.get(10, TimeUnit.SECONDS));
    }

    /**
     * Issue 20: one host could hold all 64 live streams (configure, then send a few samples now and
     * then) and keep every other microphone out. Two streams from 127.0.0.6 (the limit here): a third
     * from there is refused with 1013, one from 127.0.0.7 is served, and closing one gives its place back.
     */
    @Test
    void oneAddressAtItsStreamLimitIsRefusedWhileAnotherIsServed() throws Exception {
        try (EmotionServer limited = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0)
                .withLimits(1 << 20, 20, 8).withMaxPerAddress(2)).start()) {
            String busy = "127.0.0.6";
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket s = rawStream(busy, limited.port());
                    held.add(s);
                    assertEquals("ready", readJson(s).get("type").asText());
                }
                try (Socket third = rawStream(busy, limited.port())) {
                    JsonNode m = readJson(third);
                    assertEquals("error", m.get("type").asText());
                    assertTrue(m.get("message").asText().startsWith(busy + " already has 2 live streams"), m.toString());
                    assertEquals(1013, readClose(third));
                }
                try (Socket other = rawStream("127.0.0.7", limited.port())) {
                    assertEquals("ready", readJson(other).get("type").asText());
                }
                held.remove(0).close();
                for (long end = System.nanoTime() + 10_000_000_000L; limited.streamsFrom(busy) > 1 && System.nanoTime() < end; ) {
                    Thread.sleep(20);
                }
                assertEquals(1, limited.streamsFrom(busy), "a closed stream gives its place back");
                try (Socket again = rawStream(busy, limited.port())) {
                    assertEquals("ready", readJson(again).get("type").asText());
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            // the connections of streams that ended are no longer counted against the address either
            for (long end = System.nanoTime() + 10_000_000_000L; limited.connectionsFrom(busy) > 0 && System.nanoTime() < end; ) {
                Thread.sleep(20);
            }
            assertEquals(0, limited.connectionsFrom(busy), "connections counted for " + busy + " after every stream closed");
        }
    }

    /**
     * Streams that send one frame of samples and then stall (reading nothing, sending nothing) hold no
     * server thread: with all 64 taken (8 addresses, 8 each) {@code /api/health} still answers, and
     * a 65th stream is refused by the server-wide limit.
     */
    @Test
    void streamsThatStallHoldNoThreadAndTheServerWideLimitHolds() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            byte[] samples = new byte[48_000]; // 3 s of s16 silence at 8 kHz: one window
            for (int i = 0; i < StreamEndpoint.MAX_STREAMS; i++) {
                Socket s = rawStream("127.0.5." + (1 + i % 8), server.port(), "{\"sampleRate\":8000,\"format\":\"s16\"}");
                stalled.add(s);
                assertEquals("ready", readJson(s).get("type").asText());
                sendFrame(s.getOutputStream(), 0x2, samples);
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/api/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            try (Socket extra = rawStream("127.0.5.9", server.port())) {
                JsonNode m = readJson(extra);
                assertTrue(m.path("message").asText().contains("already serves " + StreamEndpoint.MAX_STREAMS + " live streams"), m.toString());
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    private static Socket rawStream(String source, int port) throws IOException {
        return rawStream(source, port, "{\"sampleRate\":16000,\"format\":\"f32\"}");
    }

    /**
     * A WebSocket to {@code /api/stream} from a chosen loopback address (the JDK's client cannot bind
     * one), handshake done by hand, with the configuration message sent.
     */
    private static Socket rawStream(String source, int port, String config) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = s.getInputStream().read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        sendFrame(out, 0x1, config.getBytes(StandardCharsets.UTF_8));
        return s;
    }

    /** One final client frame (masked, as RFC 6455 requires of clients; the mask of zeros leaves the payload as it is). */
    private static void sendFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        out.write(0x80 | opcode);
        assertTrue(payload.length <= 0xffff, "frames of up to 64 KiB - 1 here");
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        out.write(new byte[4]);
        out.write(payload);
        out.flush();
    }

    /** The next text message (skipping nothing else): parsed as JSON. */
    private static JsonNode readJson(Socket s) throws IOException {
        byte[] payload = readFrame(s, 0x1);
        return JSON.readTree(new String(payload, StandardCharsets.UTF_8));
    }

    /** The status code of the server's close frame, which must come next. */
    private static int readClose(Socket s) throws IOException {
        byte[] payload = readFrame(s, 0x8);
        return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    private static byte[] readFrame(Socket s, int expectedOpcode) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        assertEquals(expectedOpcode, b0 & 0x0f, "opcode of a frame of " + len + " bytes: " + new String(payload, StandardCharsets.UTF_8));
        return payload;
    }
}
