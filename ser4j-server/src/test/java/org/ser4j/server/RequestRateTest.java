package org.ser4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.PitchClassifier;

/**
 * Request floods (issue 20): one address may send {@link EmotionServer#REQUESTS_PER_SECOND_FACTOR} x N
 * requests a second after a burst of {@link EmotionServer#REQUEST_BURST_FACTOR} x N (N the per-address
 * limit); the next is answered 429 and its connection closed, so a pipelined flood is cut short.
 */
class RequestRateTest {

    /** N = 2: 8 requests a second, a burst of 32. */
    private static final int PER_ADDRESS = 2;
    private static EmotionRecognizer recognizer;
    private static EmotionServer server;

    @BeforeAll
    static void start() {
        recognizer = EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD);
        server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0)
                .withMaxPerAddress(PER_ADDRESS)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        recognizer.close();
    }

    /** Sends {@code requests} pipelined GETs of {@code path} from {@code source} and reads until the server closes. */
    private static String flood(String source, String path, int requests) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String get = "GET " + path + " HTTP/1.1\r\nHost: x\r\n";
            // the last asks for the connection to be closed, so that the reading below ends in any case
            out.write((get + "\r\n").repeat(requests - 1).concat(get + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aPipelinedFloodGetsItsBurstThenOne429AndIsCutOff() throws IOException {
        String answers = flood("127.0.0.21", "/api/health", 500);
        int ok = count(answers, "HTTP/1\\.1 200 ");
        int refused = count(answers, "HTTP/1\\.1 429 ");
        int burst = EmotionServer.REQUEST_BURST_FACTOR * PER_ADDRESS;
        assertTrue(ok >= burst && ok < burst + 16, ok + " answered; the burst is " + burst + " (plus what refills meanwhile)");
        assertEquals(1, refused, "one 429, then the connection is closed and the rest never read");
        assertTrue(answers.contains("Retry-After: 1"), answers.substring(answers.lastIndexOf("HTTP/1.1 429")));
        assertTrue(answers.contains("127.0.0.21 is sending more than 8 requests a second"), "names the address and the rate");
        assertTrue(answers.contains("Connection: close"));
        // another address is served meanwhile, and so is this one once it has waited
        assertEquals(1, count(flood("127.0.0.22", "/api/health", 1), "HTTP/1\\.1 200 "));
    }

    @Test
    void thePageAndItsScriptCountAsRequestsToo() throws IOException {
        String answers = flood("127.0.0.23", "/app.js", 100);
        assertEquals(1, count(answers, "HTTP/1\\.1 429 "), "static files are limited as the API is");
    }
}
