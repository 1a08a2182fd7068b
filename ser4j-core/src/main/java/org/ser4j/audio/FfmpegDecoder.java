package org.ser4j.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The formats ser4j does not decode itself, handed to an installed ffmpeg: what phones, messengers and
 * browsers record (M4A/AAC and ALAC voice memos, Ogg Opus and Vorbis voice notes, WebM from a browser,
 * AMR, CAF, WMA). ffmpeg is the best-kept decoder of them there is, and no pure-Java AAC decoder is
 * kept up; so where {@code ffmpeg} is found, {@link AudioDecoder} passes it any input whose leading
 * bytes it does not recognise (only if the caller's {@link DecodeLimits#external()} allows it), reads
 * back 32-bit float WAV through {@link WavDecoder}, and applies the same limits.
 *
 * <p>Which ffmpeg: the system property {@value #PROPERTY} (a path to the executable, or {@code off}),
 * else the environment variable {@value #ENV} (the same), else {@code ffmpeg} on the {@code PATH}.
 *
 * <p>Bounds: ffmpeg reads the input from its file, or, for bytes held in memory, from a temporary
 * copy (MP4 needs to seek; the copy is deleted afterwards); the first audio stream is decoded; ffmpeg is killed when its output would pass the
 * caller's limits or {@link AudioDecoder#maxDecodedSamples(long)} for the input's size, or when it runs
 * longer than {@link #timeoutMillis(long)}. Errors name the source, what the leading bytes look like and
 * ffmpeg's own last line of complaint.
 */
final class FfmpegDecoder {

    /** System property naming the ffmpeg executable, or {@code off}. */
    static final String PROPERTY = "ser4j.ffmpeg";
    /** Environment variable naming the ffmpeg executable, or {@code off}. */
    static final String ENV = "SER4J_FFMPEG";
    /** Most bytes of ffmpeg's error output kept for the message. */
    private static final int STDERR_BYTES = 4096;
    /** Bytes of the WAV header read before the output is bounded by the stream's rate and channels. */
    private static final int HEADER_BYTES = 4096;

    private FfmpegDecoder() {}

    /** The ffmpeg executable to use, if any (looked up on each call: cheap, and tests change the property). */
    static Optional<Path> executable() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            if (configured.equalsIgnoreCase("off")) {
                return Optional.empty();
            }
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "ffmpeg");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** How long ffmpeg may take for an input of {@code bytes}: 30 s, plus 10 s per MiB (it decodes hundreds of times faster than real time). */
    static long timeoutMillis(long bytes) {
        return 30_000 + 10_000 * (bytes >> 20);
    }

    /**
     * Decodes {@code data} with ffmpeg.
     *
     * @param file the file {@code data} was read from, or null for bytes held only in memory
     * @param unknown what {@link AudioDecoder} says of the input's leading bytes, for the message when
     *     ffmpeg cannot decode it either
     */
    static AudioClip decode(byte[] data, Path file, String source, DecodeLimits limits, Path ffmpeg, String unknown)
            throws AudioDecodeException {
        Path copy = null;
        Process process = null;
        try {
            if (file == null) {
                copy = Files.createTempFile("ser4j-ffmpeg-", ".audio");
                Files.write(copy, data);
            }
            // "file:" and an absolute path: a name such as "-y.m4a" or "http:x" is not taken for an option or a protocol
            String input = (file == null ? copy : file).toAbsolutePath().toString();
            process = new ProcessBuilder(List.of(ffmpeg.toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-i", "file:" + input, "-map", "0:a:0", "-vn", "-sn", "-dn", "-c:a", "pcm_f32le", "-f", "wav", "pipe:1"))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            Process running = process;
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> drain(running.getErrorStream(), errors), "ser4j-ffmpeg-stderr");
            drain.setDaemon(true);
            drain.start();
            long timeout = timeoutMillis(data.length);
            Thread watchdog = new Thread(() -> {
                try {
                    if (!running.waitFor(timeout, TimeUnit.MILLISECONDS)) {
                        running.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ser4j-ffmpeg-watchdog");
            watchdog.setDaemon(true);
            long started = System.nanoTime();
            watchdog.start();
            byte[] wav = readBounded(process.getInputStream(), source, limits, data.length, process);
            process.waitFor();
            drain.join(1000);
            watchdog.interrupt();
            if (System.nanoTime() - started > timeout * 1_000_000L) {
                throw new AudioDecodeException(source, unknown + "; ffmpeg took longer than " + timeout / 1000
                        + " s to decode it and was stopped");
            }
            if (process.exitValue() != 0 || wav.length == 0) {
                throw new AudioDecodeException(source, unknown + "; ffmpeg could not decode it either: "
                        + complaint(errors).replace("file:" + input, "the input").replace(input, "the input")
                        + " (exit " + process.exitValue() + ")");
            }
            try {
                return WavDecoder.decode(wav, 0, source, limits);
            } catch (AudioLimitException e) {
                throw e;
            } catch (AudioDecodeException e) {
                String why = e.getMessage().startsWith(source + ": ") ? e.getMessage().substring(source.length() + 2) : e.getMessage();
                throw new AudioDecodeException(source, "ffmpeg's output could not be read: " + why, e);
            }
        } catch (AudioDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioDecodeException(source, unknown + "; running ffmpeg (" + ffmpeg + ") failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AudioDecodeException(source, "interrupted while ffmpeg decoded it", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a temporary file left behind is not worth failing the decode for
                }
            }
        }
    }

    /**
     * ffmpeg's WAV output, read until it ends or would pass the limits: the caller's (from the rate and
     * channels in its header) and the decoder's bound for the input's size.
     */
    private static byte[] readBounded(InputStream in, String source, DecodeLimits limits, long inputBytes, Process process)
            throws IOException, AudioDecodeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long maxBytes = -1;
        int channels = 0;
        int rate = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (maxBytes < 0 && out.size() >= 44) {
                byte[] head = out.toByteArray();
                int fmt = indexOf(head, "fmt ");
                if (fmt >= 0 && head.length >= fmt + 16) {
                    channels = (head[fmt + 10] & 0xFF) | (head[fmt + 11] & 0xFF) << 8;
                    rate = (head[fmt + 12] & 0xFF) | (head[fmt + 13] & 0xFF) << 8 | (head[fmt + 14] & 0xFF) << 16
                            | (head[fmt + 15] & 0xFF) << 24;
                    if (channels > 0 && rate > 0) {
                        long samples = Math.min(limits.maxFrames(rate, channels) * channels,
                                AudioDecoder.maxDecodedSamples(inputBytes));
                        maxBytes = HEADER_BYTES + Float.BYTES * Math.min(samples + channels, Long.MAX_VALUE / 8);
                    }
                }
            }
            if (maxBytes < 0 && out.size() > HEADER_BYTES) {
                process.destroyForcibly();
                throw new AudioDecodeException(source, "ffmpeg's output has no WAV format chunk in its first " + HEADER_BYTES + " bytes");
            }
            if (maxBytes >= 0 && out.size() > maxBytes) {
                process.destroyForcibly();
                long frames = (out.size() - HEADER_BYTES) / Float.BYTES / channels;
                limits.check(source, frames, channels, rate, false);
                throw new AudioDecodeException(source, String.format(Locale.ROOT,
                        "decodes to more than %d samples, too many for an input of %d bytes", AudioDecoder.maxDecodedSamples(inputBytes),
                        inputBytes));
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] d, String id) {
        byte[] b = id.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + b.length <= d.length; i++) {
            for (int k = 0; k < b.length; k++) {
                if (d[i + k] != b[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void drain(InputStream err, ByteArrayOutputStream kept) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = err.read(buffer)) > 0) {
                synchronized (kept) {
                    if (kept.size() < STDERR_BYTES) {
                        kept.write(buffer, 0, Math.min(n, STDERR_BYTES - kept.size()));
                    }
                }
            }
        } catch (IOException ignored) {
            // the process was stopped
        }
    }

    /** ffmpeg's last non-blank line of error output (its conclusion), at most 200 characters. */
    private static String complaint(ByteArrayOutputStream errors) {
        String text;
        synchronized (errors) {
            text = errors.toString(StandardCharsets.UTF_8).strip();
        }
        if (text.isEmpty()) {
            return "no message";
        }
        String line = text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(text);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
