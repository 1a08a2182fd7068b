package org.ser4j.server;

import org.ser4j.predict.PitchClassifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.testing.BadAudioFiles;
import org.ser4j.testing.FlacTestWriter;

/**
 * The bad-file corpus of issue 5 ({@link BadAudioFiles}) uploaded to {@code POST /api/predict} of a
 * server with the default limits: every bad file gets a 4xx JSON answer whose message names it and
 * the problem, never a 5xx; an hour of silent FLAC (0.5 MB) is refused by the duration limit and a
 * many-channel high-rate FLAC by the memory limit, both before decoding.
 */
class BadUploadCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> CLIENT_ERRORS = Set.of(400, 413, 415);
    private static EmotionRecognizer recognizer;
    private static EmotionServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        recognizer = EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD);
        server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0)).start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
        recognizer.close();
    }

    static Stream<BadAudioFiles.Case> corpus() {
        return BadAudioFiles.corpus().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadFileGets4xxJsonNamingItAndTheProblem(BadAudioFiles.Case c) throws Exception {
        JsonNode raw = refused(post(c.fileName(), c.data()));
        assertTrue(raw.get("message").asText().startsWith(c.fileName() + ": " + c.problem()), raw.toString());
    }

    @Test
    void anHourOfSilenceIsRefusedByTheDurationLimitBeforeDecoding() throws Exception {
        byte[] hour = BadAudioFiles.hourOfSilentFlac();
        assertTrue(hour.length < ServerSettings.DEFAULT_MAX_UPLOAD_BYTES);
        HttpResponse<String> r = post("hour.flac", hour);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("hour.flac: is 3600.0 s long, longer than the limit of 600 s; cut it into shorter recordings",
                JSON.readTree(r.body()).get("message").asText());
    }

    @Test
    void manyChannelsAtAHighRateAreRefusedByTheMemoryLimit() throws Exception {
        // 100 s of 8 channels at 192 kHz: under the duration limit, 153.6 M samples (585 MiB) decoded
        int block = 4096;
        int frames = 100 * 192_000 / block;
        byte[] flac = FlacTestWriter.encodeConstant(8, 192_000, 16, block, frames, (long) frames * block);
        HttpResponse<String> r = post("octo.flac", flac);
        assertEquals(413, r.statusCode(), r.body());
        String message = JSON.readTree(r.body()).get("message").asText();
        assertTrue(message.startsWith("octo.flac: decodes to 153583616 samples (8 channels") && message.contains("limit of 57600000 samples"),
                message);
    }

    @Test
    void silenceAndTenMillisecondsAreAnsweredNotRefused() throws Exception {
        HttpResponse<String> silence = post("silence.wav", TestAudio.wav(new float[16_000], 16_000));
        assertEquals(200, silence.statusCode(), silence.body());
        assertTrue(JSON.readTree(silence.body()).get("silent").asBoolean());
        HttpResponse<String> tenMs = post("10ms.wav", TestAudio.toneWav(450, 0.01, 16_000));
        assertEquals(200, tenMs.statusCode(), tenMs.body());
        assertEquals("angry", JSON.readTree(tenMs.body()).get("emotion").asText()); // one zero-padded window
        HttpResponse<String> good = post("good.wav", BadAudioFiles.goodWav());
        assertEquals(200, good.statusCode(), good.body());
    }

    private static JsonNode refused(HttpResponse<String> r) throws Exception {
        assertTrue(CLIENT_ERRORS.contains(r.statusCode()), r.statusCode() + " " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(r.statusCode(), j.get("status").asInt());
        return j;
    }

    private static HttpResponse<String> post(String name, byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(server.uri().resolve("/api/predict?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
