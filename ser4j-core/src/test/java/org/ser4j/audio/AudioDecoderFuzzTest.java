package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the three decoding paths with Jazzer (issue 5): every input must end in
 * samples (at least one frame, a plausible rate, finite values) or in an {@link AudioDecodeException}
 * naming the source; any other exception, an {@link OutOfMemoryError} or a hang is a finding.
 *
 * <p>{@code mvn verify} runs these as regression tests only: the empty input and every file under
 * {@code src/test/resources/org/ser4j/audio/AudioDecoderFuzzTestInputs/<method>/} (valid seeds made by
 * {@link WavEncoder}, {@code FlacTestWriter}, the {@code flac} and {@code lame} tools from generated
 * sines and noise, plus the crashers fuzzing found). To fuzz one target for real:
 * <pre>
 * JAZZER_FUZZ=1 _JAVA_OPTIONS="-Xmx1g -Djazzer.instrument=org.ser4j.**,javazoom.**" \
 *   mvn -o -pl ser4j-core test -Dtest='AudioDecoderFuzzTest#flac' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -Xmx1g} so that an oversized allocation is a finding; {@code jazzer.instrument} adds
 * JLayer, the MP3 decoder, to the coverage-instrumented classes.) New crashers land in the inputs
 * directory and become regression tests; the generated corpus stays in the ignored
 * {@code ser4j-core/.cifuzz-corpus}.
 * (A first 5-minute FLAC session against jflac-codec hung after about 1500 inputs in jflac's
 * {@code FLACDecoder.readNextFrame}, which retries a frame it cannot decode forever; that, its
 * prints to {@code System.out} and its silent CRC handling are why {@link FlacDecoder} exists.)
 * The WAV and FLAC targets overwrite the first four bytes with the format's magic so that mutations
 * stay inside that decoder; the MP3 target keeps the input as is (ID3v2 tag or frame sync).
 */
class AudioDecoderFuzzTest {

    private static final String SOURCE = "fuzz-input";
    /** Per input; Jazzer turns it into libFuzzer's -timeout, so a hang becomes a saved finding. */
    private static final long INPUT_TIMEOUT_SECONDS = 10;

    @FuzzTest(maxDuration = "5m")
    @Timeout(INPUT_TIMEOUT_SECONDS)
    void wav(byte[] data) {
        decodeOrRefuse(withMagic(data, "RIFF"));
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(INPUT_TIMEOUT_SECONDS)
    void flac(byte[] data) {
        decodeOrRefuse(withMagic(data, "fLaC"));
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(INPUT_TIMEOUT_SECONDS)
    void mp3(byte[] data) {
        decodeOrRefuse(data);
    }

    private static byte[] withMagic(byte[] data, String magic) {
        if (data.length >= 4) {
            System.arraycopy(magic.getBytes(StandardCharsets.US_ASCII), 0, data, 0, 4);
        }
        return data;
    }

    static void decodeOrRefuse(byte[] data) {
        AudioClip clip;
        try {
            clip = AudioDecoder.decode(data, SOURCE);
        } catch (AudioDecodeException e) {
            assertEquals(SOURCE, e.source());
            assertTrue(e.getMessage().startsWith(SOURCE + ": ") && e.getMessage().length() > SOURCE.length() + 10,
                    "message names the source and the problem: " + e.getMessage());
            if (e.getMessage().contains("internal FLAC decoder error")) {
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
