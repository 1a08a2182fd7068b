package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;

/**
 * Coverage-guided fuzzing of the four decoding paths with Jazzer (issue 5): every input must end in
 * samples (at least one frame, a plausible rate, finite values) or in an {@link AudioDecodeException}
 * naming the source; any other exception, an {@link OutOfMemoryError} or a hang is a finding.
 *
 * <p>{@code mvn verify} runs these as regression tests only: the empty input and every file under
 * {@code src/test/resources/org/ser4j/audio/AudioDecoderFuzzTestInputs/<method>/} (valid seeds made by
 * {@link WavEncoder}, {@code FlacTestWriter}, the {@code flac} and {@code lame} tools from generated
 * sines and noise, FFmpeg's AIFF and AIFF-C of a generated sine, plus the crashers fuzzing found). To fuzz one target for real:
 * <pre>
 * JAZZER_FUZZ=1 _JAVA_OPTIONS="-Xmx1g -Djazzer.instrument=org.ser4j.**,javazoom.**" \
 *   mvn -o -pl ser4j-core test -Dtest='AudioDecoderFuzzTest#flac' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -Xmx1g} so that an oversized allocation is a finding; {@code jazzer.instrument} adds
 * JLayer, the MP3 decoder, to the coverage-instrumented classes.) New crashers land in the inputs
 * directory and become regression tests; the generated corpus stays in the ignored
 * {@code ser4j-core/.cifuzz-corpus}.
 * (A first 5-minute FLAC session against jflac-codec hung after about 1500 inputs in jflac's
 * {@code FLACDecoder.readNextFrame}, which retries a frame it cannot decode forever; the 68-byte
 * input is kept as {@code flac/regression-jflac-hang-1c378e5e.flac}. That, jflac's prints to
 * {@code System.out} and its silent CRC handling are why {@link FlacDecoder} exists.)
 * Sessions of 46 s per target with the command above (maxDuration set to 45s, Jazzer 0.30.0, JDK 17,
 * niced on a shared 2-core machine, 2026-11-27): WAV 3,193,598 inputs (69,426/s), FLAC (own decoder)
 * 2,647,303 (57,550/s), MP3 with JLayer instrumented 327,331 in two sessions (3,087 and 4,028/s);
 * no finding.
 * The WAV, AIFF and FLAC targets overwrite the first four bytes with the format's magic (AIFF also the
 * form type) so that mutations stay inside that decoder; the MP3 target keeps the input as is (ID3v2 tag or frame sync).
 */
class AudioDecoderFuzzTest {

    private static final String SOURCE = "fuzz-input";
    /** Our decoders alone: an input none of them reads is refused, not handed to ffmpeg (FfmpegDecoderTest covers that path). */
    static final DecodeLimits DECODERS_OF_OUR_OWN = DecodeLimits.NONE.withExternal(false);
    /** Longest time one input may take before it counts as a hang. */
    private static final Duration INPUT_TIMEOUT = Duration.ofSeconds(10);
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();

    @FuzzTest(maxDuration = "5m")
    void wav(byte[] data) {
        check(withMagic(data, "RIFF"));
    }

    @FuzzTest(maxDuration = "5m")
    void flac(byte[] data) {
        check(withMagic(data, "fLaC"));
    }

    @FuzzTest(maxDuration = "5m")
    void aiff(byte[] data) {
        byte[] d = withMagic(data, "FORM");
        if (d.length >= 12) { // the form type too: AIFF or AIFF-C by the last bit of its last letter ('F' or 'C')
            System.arraycopy((d[11] & 1) == 0 ? "AIFF".getBytes(StandardCharsets.US_ASCII)
                    : "AIFC".getBytes(StandardCharsets.US_ASCII), 0, d, 8, 4);
        }
        check(d);
    }

    @FuzzTest(maxDuration = "5m")
    void mp3(byte[] data) {
        check(data);
    }

    private static byte[] withMagic(byte[] data, String magic) {
        if (data.length >= 4) {
            System.arraycopy(magic.getBytes(StandardCharsets.US_ASCII), 0, data, 0, 4);
        }
        return data;
    }

    private static void check(byte[] data) {
        if (FUZZING) {
            HangWatchdog.watch(data);
            decodeOrRefuse(data);
            HangWatchdog.done();
        } else {
            Assertions.assertTimeoutPreemptively(INPUT_TIMEOUT, () -> decodeOrRefuse(data), "decoding hangs");
        }
    }

    /**
     * Hang detection while fuzzing: JUnit's {@code @Timeout} would fail the whole fuzzing run, and
     * libFuzzer's own timeout is 20 minutes. A daemon thread saves an input that runs longer than
     * {@link #INPUT_TIMEOUT} to {@code target/fuzz-hang-*.bin} and stops the JVM.
     */
    private static final class HangWatchdog {
        private static volatile byte[] current;
        private static volatile long since;

        static {
            Thread t = new Thread(HangWatchdog::run, "fuzz-hang-watchdog");
            t.setDaemon(true);
            t.start();
        }

        static void watch(byte[] data) {
            since = System.nanoTime();
            current = data;
        }

        static void done() {
            current = null;
        }

        private static void run() {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                byte[] input = current;
                if (input != null && System.nanoTime() - since > INPUT_TIMEOUT.toNanos()) {
                    try {
                        Path out = Path.of("target", "fuzz-hang-" + System.currentTimeMillis() + ".bin");
                        Files.write(out, input);
                        System.err.println("HANG: input of " + input.length + " bytes saved to " + out.toAbsolutePath());
                    } catch (IOException e) {
                        System.err.println("HANG: input could not be saved: " + e);
                    }
                    Runtime.getRuntime().halt(3);
                }
            }
        }
    }

    static void decodeOrRefuse(byte[] data) {
        AudioClip clip;
        try {
            clip = AudioDecoder.decode(data, SOURCE, DECODERS_OF_OUR_OWN);
        } catch (AudioDecodeException e) {
            assertEquals(SOURCE, e.source());
            assertTrue(e.getMessage().startsWith(SOURCE + ": ") && e.getMessage().length() > SOURCE.length() + 10,
                    "message names the source and the problem: " + e.getMessage());
            // at the start: other messages may quote text from the input (an AIFF-C compression name)
            if (e.getMessage().startsWith(SOURCE + ": internal FLAC decoder error")) {
                throw new AssertionError("a bug in our FLAC decoder", e);
            }
            return;
        }
        assertTrue(clip.frames() > 0, "a decoded clip has samples");
        assertTrue(clip.sampleRate() >= AudioDecoder.MIN_SAMPLE_RATE && clip.sampleRate() <= AudioDecoder.MAX_SAMPLE_RATE);
        long samples = (long) clip.frames() * clip.channelCount();
        assertTrue(samples <= AudioDecoder.maxDecodedSamples(data.length), "output bounded by the input size");
        for (float[] ch : clip.channels()) {
            for (float v : ch) {
                if (!Float.isFinite(v)) {
                    throw new AssertionError("non-finite sample " + v);
                }
            }
        }
    }
}
