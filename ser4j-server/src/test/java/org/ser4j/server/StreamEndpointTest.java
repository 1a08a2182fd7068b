package org.ser4j.server;

import org.ser4j.predict.PitchClassifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
}
