package org.ser4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.PitchClassifier;

/**
 * Slow clients on the endpoints other than uploads (issue 20): 300 connections, more than Jetty's 250
 * threads, each doing one slow thing, and then {@code GET /api/health} from another address must be
 * answered within {@link #HEALTH_WITHIN}. Before the per-address connection limit, 300 connections
 * that did not read their responses held every thread in a blocking write until the idle timeout (30 s)
 * and health timed out; headers and bodies that trickle in hold no thread (Jetty parses them as they
 * arrive, and reads no body the handler does not ask for): those two are kept as guards.
 */
class SlowClientTest {

    private static final int CONNECTIONS = 300;
    /** Far above a healthy answer (milliseconds) and far below the idle timeout that frees a held thread (30 s). */
    private static final Duration HEALTH_WITHIN = Duration.ofSeconds(10);
    private static EmotionRecognizer recognizer;
    private static EmotionServer server;
    private final List<Socket> open = new ArrayList<>();

    @BeforeAll
    static void start() {
        recognizer = EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD);
        server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        recognizer.close();
    }

    @AfterEach
    void closeAll() throws IOException {
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    @Test
    void responsesThatOneHostDoesNotReadCannotTakeEveryThread() throws Exception {
        // each connection asks for the page's script 200 times in one go and reads nothing: once the socket
        // buffers are full, the server's thread waits in a blocking write
        byte[] pipelined = "GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
        String host = "127.0.0.5";
        int refused = 0;
        for (int i = 0; i < CONNECTIONS; i++) {
            try {
                OutputStream out = connectFrom(host).getOutputStream();
                out.write(pipelined);
                out.flush();
            } catch (IOException closedByTheServer) {
                refused++;
            }
        }
        int blocked = awaitBlockedWritesSettle();
        assertEquals(200, health(), "health answers while " + CONNECTIONS + " connections read nothing ("
                + blocked + " threads wait in a write)");
        int limit = EmotionServer.CONNECTIONS_PER_ADDRESS_FACTOR * ServerSettings.DEFAULT_MAX_PER_ADDRESS;
        assertTrue(server.connectionsFrom(host) <= limit, server.connectionsFrom(host) + " connections from " + host
                + " (" + refused + " refused as they wrote)");
        assertTrue(blocked <= limit, blocked + " threads wait in a write");
    }

    /**
     * Waits until no server thread is still working on a request other than by waiting in a blocking
     * write, and the number of those waiting has stayed the same for 1 s (at most 20 s): health is asked
     * once the slow readers hold all they can. Returns the threads waiting in a write.
     */
    private static int awaitBlockedWritesSettle() throws InterruptedException {
        int last = -1;
        long stableSince = System.nanoTime();
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
            int blocked = 0;
            int working = 0;
            for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                if (t.getThreadName().startsWith("JettyServerThreadPool")) {
                    boolean inRequest = false;
                    boolean inWrite = false;
                    for (StackTraceElement f : t.getStackTrace()) {
                        inWrite |= f.getClassName().startsWith("org.eclipse.jetty.util.SharedBlockingCallback") && f.getMethodName().equals("block");
                        inRequest |= f.getClassName().equals("org.eclipse.jetty.server.HttpChannel") && f.getMethodName().equals("handle");
                    }
                    blocked += inWrite ? 1 : 0;
                    working += inRequest && !inWrite ? 1 : 0;
                }
            }
            if (working > 0 || blocked != last) {
                last = blocked;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 1_000_000_000L) {
                break;
            }
        }
        return last;
    }

    @Test
    void headersThatTrickleInHoldNoThread() throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            OutputStream out = connectFrom("127.0.3." + (1 + i % 100)).getOutputStream();
            out.write("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertEquals(200, health());
    }

    @Test
    void aBodyThatTricklesToAnEndpointThatReadsNoneHoldsNoThread() throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            OutputStream out = connectFrom("127.0.4." + (1 + i % 100)).getOutputStream();
            out.write(("POST /api/model HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertEquals(200, health());
    }

    /** A connection to the server from a loopback source address (Linux routes all of 127/8 to lo), with a small receive buffer. */
    private Socket connectFrom(String source) throws IOException {
        Socket s = new Socket();
        open.add(s);
        s.setReceiveBufferSize(4096);
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        return s;
    }

    /** The status of one {@code GET /api/health} from 127.0.0.1, or 0 when no answer came within {@link #HEALTH_WITHIN}. */
    private static int health() throws Exception {
        try {
            return HttpClient.newBuilder().connectTimeout(HEALTH_WITHIN).build()
                    .send(HttpRequest.newBuilder(server.uri().resolve("/api/health")).timeout(HEALTH_WITHIN).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            return 0;
        }
    }
}
