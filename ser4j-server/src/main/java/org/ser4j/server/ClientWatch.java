package org.ser4j.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Whether the client of a running analysis is still there: the {@code stillWanted} check that
 * {@link org.ser4j.predict.EmotionRecognizer} asks before each batch of windows (issue 20).
 *
 * <p>Jetty 11 does not tell a handler that its client has closed the connection; it finds out only
 * when it writes. So once an analysis has run for {@code after}, the response is committed (200,
 * JSON) and one space, which JSON allows before a value, is written and flushed at most every
 * {@code every}. A write that fails means the client has gone: the check answers false and the
 * analysis stops. The closed socket shows on the second write after it at the latest (the first may
 * still be taken by the kernel), so a departed client costs about two heartbeats and two batches.
 * Short analyses (every request of an idle server but the longest) never reach {@code after} and keep
 * their status codes; a long one that fails after the commit gets its error object, with its
 * {@code "status"}, in the body of the 200.
 *
 * <p>Not thread-safe: used on the request's thread only.
 */
final class ClientWatch implements BooleanSupplier {

    private final HttpServletResponse response;
    private final String contentType;
    private final long start = System.nanoTime();
    private final long afterNanos;
    private final long everyNanos;
    private long lastBeat;
    private boolean committed;
    private boolean gone;

    ClientWatch(HttpServletResponse response, String contentType, Duration after, Duration every) {
        this.response = response;
        this.contentType = contentType;
        this.afterNanos = after.toNanos();
        this.everyNanos = every.toNanos();
    }

    @Override
    public boolean getAsBoolean() {
        if (gone) {
            return false;
        }
        long now = System.nanoTime();
        if (now - start < afterNanos || committed && now - lastBeat < everyNanos) {
            return true;
        }
        try {
            if (!committed) {
                response.setStatus(200);
                response.setContentType(contentType);
                committed = true;
            }
            OutputStream out = response.getOutputStream();
            out.write(' ');
            out.flush();
            lastBeat = now;
            return true;
        } catch (IOException e) {
            gone = true;
            return false;
        }
    }

    /** Whether the response has been committed by a heartbeat: the rest must follow in its body. */
    boolean committed() {
        return committed;
    }

    /** Writes the body after the heartbeats (the result, or an error object); a client gone by now is not an error. */
    void finish(byte[] body) {
        try {
            OutputStream out = response.getOutputStream();
            out.write(body);
            out.flush();
        } catch (IOException e) {
            gone = true;
        }
    }
}
