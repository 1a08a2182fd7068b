package org.ser4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.PitchClassifier;
import org.ser4j.predict.WindowClassifier;

/**
 * A long analysis stops when its client goes away (issue 20): Jetty 11 tells a handler nothing, so the
 * server writes heartbeats once an analysis has run a while and stops at the first write that fails
 * ({@link ClientWatch}). A client that stays gets its result after the heartbeats.
 */
class ClientDepartureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Per window: the request below would take 8 s to analyse in full. */
    private static final long MILLIS_PER_WINDOW = 20;

    private SlowClassifier classifier;
    private EmotionRecognizer recognizer;
    private EmotionServer server;

    /** {@link PitchClassifier}, slowed down and counting the windows it was given. */
    private static final class SlowClassifier implements WindowClassifier {
        final PitchClassifier inner = new PitchClassifier();
        final AtomicInteger windows = new AtomicInteger();

        @Override
        public List<float[]> classify(List<float[]> w) {
            try {
                Thread.sleep(MILLIS_PER_WINDOW * w.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            windows.addAndGet(w.size());
            return inner.classify(w);
        }

        @Override public int sampleRate() { return inner.sampleRate(); }
        @Override public int windowSamples() { return inner.windowSamples(); }
        @Override public int offsetSamples() { return inner.offsetSamples(); }
        @Override public List<String> labels() { return inner.labels(); }
        @Override public Map<String, Object> describe() { return inner.describe(); }
        @Override public void close() { inner.close(); }
    }

    @BeforeEach
    void start() {
        classifier = new SlowClassifier();
        recognizer = EmotionRecognizer.of(classifier, PitchClassifier.NO_VAD);
        server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0)
                .withLimits(8 << 20, 120, 30)).start();
        server.heartbeats(Duration.ZERO, Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        server.close();
        recognizer.close();
    }

    /** 43 s of a 250 Hz tone at 4 kHz with a 0.1 s hop: about 400 windows, 13 batches of up to 32. */
    private static final byte[] LONG = TestAudio.toneWav(250, 43, 4_000);
    private static final String QUERY = "/api/predict?name=long.wav&window=3&hop=0.1";

    @Test
    void aClientThatLeavesStopsItsAnalysisWithinAFewBatches() throws Exception {
        try (Socket s = new Socket(server.uri().getHost(), server.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST " + QUERY + " HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nContent-Length: "
                    + LONG.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(LONG);
            out.flush();
            InputStream in = s.getInputStream();
            assertTrue(in.read() >= 0, "the response starts (status line) once the analysis is under way");
        } // the client goes
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (server.cancelledAnalyses() == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(1, server.cancelledAnalyses(), "the analysis noticed that its client had gone");
        int done = classifier.windows.get();
        assertTrue(done < 200, done + " of 400 windows analysed for a client that left after the first batch");
        Thread.sleep(500);
        assertEquals(done, classifier.windows.get(), "no window is analysed after the stop");
        assertEquals(0, server.uploadsFrom("127.0.0.1"), "the upload slot is free again");
    }

    @Test
    void aClientThatStaysGetsItsResultAfterTheHeartbeats() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(QUERY))
                .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(LONG)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        assertTrue(r.body().startsWith(" "), "heartbeats come first");
        JsonNode j = JSON.readTree(r.body());
        assertEquals("long.wav", j.get("file").asText());
        assertEquals("happy", j.get("emotion").asText());
        int windows = j.get("segments").size();
        assertTrue(windows > 380, windows + " windows");
        assertEquals(windows, classifier.windows.get());
        assertEquals(0, server.cancelledAnalyses());
    }

    @Test
    void anErrorAfterTheHeartbeatsIsAnErrorObjectInTheBody() throws Exception {
        // spent at once; the client is asked first (a heartbeat, which commits the 200), then the budget
        server.analysisBudget(Duration.ZERO);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(QUERY))
                .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(LONG)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "committed by the heartbeats: " + r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(503, j.get("status").asInt(), j.toString());
        assertTrue(j.get("message").asText().startsWith("long.wav: the analysis took longer than"), j.toString());
        assertEquals(0, classifier.windows.get());
    }
}
