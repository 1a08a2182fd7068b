package org.ser4j.server;

import java.time.Duration;
import org.ser4j.audio.DecodeLimits;

/**
 * Where the server listens and what it accepts.
 *
 * @param host address to bind; {@link #DEFAULT_HOST} (loopback only) unless told otherwise
 * @param port TCP port; 0 picks a free one
 * @param maxUploadBytes larger uploads are refused with 413 before they are read
 * @param maxDurationSeconds longer recordings are refused with 400, before their samples are decoded
 *        ({@link #decodeLimits()})
 * @param maxStreamSeconds a live stream is closed after this much audio
 * @param maxConcurrentDecodes uploads decoded and analysed at once; others wait (bounds memory)
 * @param idleTimeout a connection that sends nothing for this long is closed (slow uploads, idle sockets)
 * @param maxPerAddress what one remote address may hold at once: this many uploads being read (one more
 *        is answered 429), this many live streams (one more is closed with 1013) and four times as many
 *        open connections (one more is closed at once). 0: no per-address limit. Behind a reverse proxy
 *        every client has the proxy's address, so there it should be raised or set to 0 (and the proxy
 *        limit its clients)
 * @param ffmpeg whether uploads in formats ser4j does not decode itself (M4A, Ogg Opus, WebM, ...) are
 *        handed to an installed ffmpeg ({@code DecodeLimits#external()}); off by default, since ffmpeg
 *        would then parse whatever strangers upload (the limits above still bound what it returns)
 */
public record ServerSettings(String host, int port, long maxUploadBytes, double maxDurationSeconds,
        double maxStreamSeconds, int maxConcurrentDecodes, Duration idleTimeout, int maxPerAddress, boolean ffmpeg) {

    /** Settings without ffmpeg ({@link #withFfmpeg} turns it on). */
    public ServerSettings(String host, int port, long maxUploadBytes, double maxDurationSeconds, double maxStreamSeconds,
            int maxConcurrentDecodes, Duration idleTimeout, int maxPerAddress) {
        this(host, port, maxUploadBytes, maxDurationSeconds, maxStreamSeconds, maxConcurrentDecodes, idleTimeout, maxPerAddress,
                false);
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 32 MiB: about 5.8 minutes of 48 kHz 16-bit stereo WAV, far more as FLAC or MP3. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 32L << 20;
    /** 10 minutes: about 400 windows at the default hop, a few seconds of CPU. */
    public static final double DEFAULT_MAX_DURATION_SECONDS = 600;
    /** One hour of live audio per WebSocket. */
    public static final double DEFAULT_MAX_STREAM_SECONDS = 3600;
    /** 30 s without a byte: generous for a slow network, short enough that stalled clients do not pile up. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A quarter of the server's 64 upload slots: one host that opens
     * slow uploads as fast as it can no longer keeps every other client at 429 (issue 20), and a script
     * sending many files at once still keeps 16 in flight, more than two decodes per core need on most
     * machines.
     */
    public static final int DEFAULT_MAX_PER_ADDRESS = 16;

    /**
     * Decoded samples one upload may take: {@code maxDurationSeconds} of 48 kHz stereo (600 s: 57.6 M
     * floats, 220 MiB). The duration limit alone does not bound memory (8 channels at 192 kHz take 16
     * times as much per second); uploads beyond this are refused with 413.
     */
    static final int MEMORY_REFERENCE_RATE = 48_000;
    static final int MEMORY_REFERENCE_CHANNELS = 2;
    /** Largest accepted duration limit, one day: larger ones would overflow the sample arithmetic. */
    static final double LARGEST_DURATION_LIMIT_SECONDS = 86_400;
    /** Largest accepted upload limit, 1 TiB: keeps {@code limit + multipart overhead} from overflowing. */
    static final long LARGEST_UPLOAD_LIMIT_BYTES = 1L << 40;

    public ServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be an address or name, got '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        if (maxUploadBytes <= 0 || !(maxDurationSeconds > 0) || !(maxStreamSeconds > 0) || maxConcurrentDecodes <= 0) {
            throw new IllegalArgumentException("limits must be positive: upload " + maxUploadBytes + " B, duration "
                    + maxDurationSeconds + " s, stream " + maxStreamSeconds + " s, concurrency " + maxConcurrentDecodes);
        }
        if (maxPerAddress < 0) {
            throw new IllegalArgumentException("the per-address limit must be 0 (none) or positive, got " + maxPerAddress);
        }
        if (maxUploadBytes > LARGEST_UPLOAD_LIMIT_BYTES || !(maxDurationSeconds <= LARGEST_DURATION_LIMIT_SECONDS)
                || !(maxStreamSeconds <= LARGEST_DURATION_LIMIT_SECONDS)) {
            throw new IllegalArgumentException("limits too large: upload " + maxUploadBytes + " B (at most "
                    + LARGEST_UPLOAD_LIMIT_BYTES + "), duration " + maxDurationSeconds + " s and stream "
                    + maxStreamSeconds + " s (at most " + LARGEST_DURATION_LIMIT_SECONDS + " s each)");
        }
    }

    /** Loopback, port 8080, default limits, two decodes per core. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_DURATION_SECONDS,
                DEFAULT_MAX_STREAM_SECONDS, 2 * Runtime.getRuntime().availableProcessors(), DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_PER_ADDRESS);
    }

    /** The decoder's limits for one upload: the duration limit and its memory (see {@link #MEMORY_REFERENCE_RATE}). */
    public DecodeLimits decodeLimits() {
        long samples = (long) Math.ceil(maxDurationSeconds * MEMORY_REFERENCE_RATE) * MEMORY_REFERENCE_CHANNELS;
        return DecodeLimits.ofSeconds(maxDurationSeconds).withMaxSamples(samples).withExternal(ffmpeg);
    }

    public ServerSettings withAddress(String newHost, int newPort) {
        return new ServerSettings(newHost, newPort, maxUploadBytes, maxDurationSeconds, maxStreamSeconds, maxConcurrentDecodes, idleTimeout, maxPerAddress, ffmpeg);
    }

    public ServerSettings withLimits(long uploadBytes, double durationSeconds, double streamSeconds) {
        return new ServerSettings(host, port, uploadBytes, durationSeconds, streamSeconds, maxConcurrentDecodes, idleTimeout, maxPerAddress, ffmpeg);
    }

    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(host, port, maxUploadBytes, maxDurationSeconds, maxStreamSeconds, maxConcurrentDecodes, timeout, maxPerAddress, ffmpeg);
    }

    /** The same with another per-address limit (0: none). */
    public ServerSettings withMaxPerAddress(int limit) {
        return new ServerSettings(host, port, maxUploadBytes, maxDurationSeconds, maxStreamSeconds, maxConcurrentDecodes, idleTimeout, limit, ffmpeg);
    }

    /** The same with uploads in other formats handed to ffmpeg ({@code true}) or refused with 415 ({@code false}). */
    public ServerSettings withFfmpeg(boolean allowed) {
        return new ServerSettings(host, port, maxUploadBytes, maxDurationSeconds, maxStreamSeconds, maxConcurrentDecodes, idleTimeout,
                maxPerAddress, allowed);
    }
}
