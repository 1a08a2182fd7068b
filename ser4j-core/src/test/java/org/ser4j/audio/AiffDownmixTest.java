package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AIFF mixed (or one channel kept) while read from the file block by block gives the samples of decoding it
 * whole and calling {@link AudioClip#downmix()} (or taking the channel), to the bit, with the whole
 * decoder's errors and limits; {@link AudioDecoder#decodeDownmixed} and {@link AudioDecoder#forEachChannel}
 * take that path for an AIFF file over {@link AudioDecoder#STREAM_BYTES}, and leave an encoding ser4j
 * does not decode itself to the whole decoder.
 */
class AiffDownmixTest {

    @TempDir
    Path dir;

    /** Sample frames of {@code channels} channels, big-endian 16-bit; channel 1 inverts channel 0 where {@code inverted}. */
    private static byte[] pcm16(int channels, int frames, long seed, boolean inverted) {
        Random rng = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(2 * channels * frames);
        for (int i = 0; i < frames; i++) {
            int first = 0;
            for (int c = 0; c < channels; c++) {
                int v = (int) Math.round(9_000 * Math.sin(0.01 * i * (c + 1)) + 3_000 * rng.nextGaussian());
                v = Math.max(-32_768, Math.min(32_767, v));
                if (c == 0) {
                    first = v;
                } else if (c == 1 && inverted) {
                    v = Math.max(-32_768, -first + (i % 7 == 0 ? 1 : 0)); // the mean cancels: the louder channel is heard
                }
                b.putShort((short) v);
            }
        }
        return b.array();
    }

    /** Big-endian 32-bit floats, frame by frame; NaN at the given (frame, channel) pairs. */
    private static byte[] float32(int channels, int frames, int... nanAt) {
        ByteBuffer b = ByteBuffer.allocate(4 * channels * frames);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                b.putFloat((float) (0.4 * Math.sin(0.02 * i + c)));
            }
        }
        for (int k = 0; k < nanAt.length; k += 2) {
            b.putFloat(4 * (nanAt[k] * channels + nanAt[k + 1]), Float.NaN);
        }
        return b.array();
    }

    private static byte[] aiff(int channels, int frames, int bits, byte[] samples) {
        return AiffDecoderTest.form("AIFF", AiffDecoderTest.chunk("COMM", AiffDecoderTest.comm(channels, frames, bits, 16_000)),
                AiffDecoderTest.chunk("SSND", AiffDecoderTest.ssnd(samples)));
    }

    private static byte[] aifc(int channels, int frames, int bits, String type, byte[] samples) {
        return AiffDecoderTest.form("AIFC", AiffDecoderTest.chunk("COMM", AiffDecoderTest.commC(channels, frames, bits, 8_000, type, "")),
                AiffDecoderTest.chunk("SSND", AiffDecoderTest.ssnd(samples)));
    }

    /** Frames read at once here: small, so that every file crosses block boundaries. */
    private static final int BLOCK = 1_000;

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private void assertSameAsWhole(byte[] bytes, String what) throws IOException {
        Path f = write("a.aiff", bytes);
        AudioClip whole = AudioDecoder.decode(f);
        AudioClip mixed = AiffDecoder.downmixed(f, "a.aiff", DecodeLimits.NONE, BLOCK);
        assertArrayEquals(whole.downmix(), mixed.channels()[0], what); // exact: the same arithmetic in the same order
        assertEquals(whole.sampleRate(), mixed.sampleRate(), what);
        assertEquals(whole.channelCount(), AiffDecoder.channels(f, "a.aiff"), what);
        for (int c = 0; c < whole.channelCount(); c++) {
            assertArrayEquals(whole.channels()[c], AiffDecoder.channel(f, "a.aiff", DecodeLimits.NONE, BLOCK, c).channels()[0],
                    what + ", channel " + c);
        }
    }

    @Test
    void everyEncodingAndChannelCountMixesAsTheWholeDecoderDoes() throws IOException {
        Random rng = new Random(3);
        for (int channels : new int[] {1, 2, 6}) {
            for (boolean inverted : channels == 1 ? new boolean[] {false} : new boolean[] {false, true}) {
                String what = channels + " channels" + (inverted ? ", inverted" : "");
                assertSameAsWhole(aiff(channels, 3_001, 16, pcm16(channels, 3_001, channels, inverted)), "16-bit " + what);
                byte[] bytes = pcm16(channels, 1_000, channels + 1, inverted);
                assertSameAsWhole(aifc(channels, 1_000, 16, "sowt", bytes), "sowt " + what); // read little-endian: other values
                assertSameAsWhole(aifc(channels, 1_000, 32, "fl32", float32(channels, 1_000)), "fl32 " + what);
                byte[] law = new byte[channels * 2_000];
                rng.nextBytes(law);
                assertSameAsWhole(aifc(channels, 2_000, 16, "ulaw", law), "ulaw " + what);
                assertSameAsWhole(aifc(channels, 2_000, 16, "alaw", law), "alaw " + what);
                byte[] wide = new byte[channels * 3 * 777];
                rng.nextBytes(wide);
                assertSameAsWhole(aiff(channels, 777, 24, wide), "24-bit " + what);
                assertSameAsWhole(aiff(channels, 500, 12, wide), "12-bit in 16 " + what);
            }
        }
        // chunks in another order, an odd-sized chunk with its pad byte, and an SSND data offset
        byte[] samples = pcm16(2, 999, 5, false);
        byte[] ssnd = ByteBuffer.allocate(8 + 6 + samples.length).putInt(6).putInt(0).put(new byte[6]).put(samples).array();
        assertSameAsWhole(AiffDecoderTest.form("AIFF", AiffDecoderTest.chunk("NAME", new byte[5]),
                AiffDecoderTest.chunk("SSND", ssnd), AiffDecoderTest.chunk("COMM", AiffDecoderTest.comm(2, 999, 16, 44_100))),
                "SSND first, offset 6");
        // where the mean cancels, the louder channel is what the mix gives, as the whole decoder's downmix
        Path f = write("inverted.aiff", aiff(2, 3_001, 16, pcm16(2, 3_001, 9, true)));
        AudioClip whole = AudioDecoder.decode(f);
        float[] mixed = AiffDecoder.downmixed(f, "i.aiff", DecodeLimits.NONE, BLOCK).channels()[0];
        assertTrue(java.util.Arrays.equals(whole.channels()[0], mixed) || java.util.Arrays.equals(whole.channels()[1], mixed),
                "a cancelling pair is heard through one channel");
    }

    @Test
    void badSamplesAndLimitsEndAsInTheWholeDecoder() throws IOException {
        // NaN in channel 1 at frame 10 and in channel 0 at frame 20: the first in the file is named, by every path
        Path nan = write("n.aiff", aifc(2, 1_500, 32, "fl32", float32(2, 1_500, 1_200, 0, 1_010, 1)));
        String expected = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(nan)).getMessage();
        assertTrue(expected.contains("float sample 1010 of channel 1 is NaN"), expected);
        assertEquals(expected, assertThrows(AudioDecodeException.class,
                () -> AiffDecoder.downmixed(nan, nan.toString(), DecodeLimits.NONE, BLOCK)).getMessage());
        for (int c = 0; c < 2; c++) {
            int channel = c;
            assertEquals(expected, assertThrows(AudioDecodeException.class,
                    () -> AiffDecoder.channel(nan, nan.toString(), DecodeLimits.NONE, BLOCK, channel)).getMessage());
        }
        Path good = write("g.aiff", aiff(2, 40_000, 16, pcm16(2, 40_000, 4, false))); // 2.5 s at 16 kHz
        String limit = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(good, DecodeLimits.ofSeconds(2))).getMessage();
        assertEquals(limit, assertThrows(AudioLimitException.class,
                () -> AiffDecoder.downmixed(good, good.toString(), DecodeLimits.ofSeconds(2), BLOCK)).getMessage());
        // 70,000 samples in all: over the limit for the two channels together, though one channel is kept
        DecodeLimits samples = DecodeLimits.NONE.withMaxSamples(70_000);
        assertThrows(AudioLimitException.class, () -> AudioDecoder.decode(good, samples));
        assertThrows(AudioLimitException.class, () -> AiffDecoder.channel(good, good.toString(), samples, BLOCK, 1));
    }

    @Test
    void whatItCannotReadSoGoesToTheWholeDecoder() throws IOException {
        byte[] good = aiff(2, 2_000, 16, pcm16(2, 2_000, 6, false));
        assertNull(AiffDecoder.downmixed(write("cut.aiff", java.util.Arrays.copyOf(good, good.length - 100)), "c",
                DecodeLimits.NONE, BLOCK)); // SSND claims more than the file holds
        byte[] twoComm = AiffDecoderTest.form("AIFF", AiffDecoderTest.chunk("COMM", AiffDecoderTest.comm(1, 4, 16, 8_000)),
                AiffDecoderTest.chunk("COMM", AiffDecoderTest.comm(1, 4, 16, 8_000)), AiffDecoderTest.chunk("SSND", AiffDecoderTest.ssnd(new byte[8])));
        assertNull(AiffDecoder.downmixed(write("two-comm.aiff", twoComm), "t", DecodeLimits.NONE, BLOCK));
        byte[] ima = aifc(1, 64, 16, "ima4", new byte[34]);
        assertNull(AiffDecoder.downmixed(write("ima.aifc", ima), "i", DecodeLimits.NONE, BLOCK)); // for ffmpeg, or refused
        assertEquals(0, AiffDecoder.channels(write("ima2.aifc", ima), "i"));
        byte[] noFrames = aiff(1, 0, 16, new byte[0]);
        assertNull(AiffDecoder.downmixed(write("empty.aiff", noFrames), "e", DecodeLimits.NONE, BLOCK));
        assertNull(AiffDecoder.downmixed(write("wav.aiff", WavEncoder.encode(new AudioClip(new float[][] {{0.5f, -0.5f}}, 8_000), WavFormat.PCM_16)),
                "w", DecodeLimits.NONE, BLOCK));
    }

    @Test
    void damagedHeadersNeverGiveOtherSamplesThanTheWholeDecoder() throws IOException {
        byte[] good = AiffDecoderTest.form("AIFC", AiffDecoderTest.chunk("COMM", AiffDecoderTest.commC(2, 700, 16, 8_000, "twos", "pcm")),
                AiffDecoderTest.chunk("SSND", AiffDecoderTest.ssnd(pcm16(2, 700, 17, false))));
        // the headers: FORM, COMM (8 + 28 bytes), SSND's
        int read = LongFileAssertions.assertDamagedHeadersNeverGiveOtherSamples(dir, ".aiff", good, 64,
                f -> AiffDecoder.downmixed(f, f.toString(), DecodeLimits.NONE, 64));
        assertTrue(read > 100, read + " damaged files still read block by block");
    }

    @Test
    void aFileOverTheThresholdIsMixedBlockByBlockToTheSameSamples() throws IOException {
        int frames = (int) (AudioDecoder.STREAM_BYTES / 4) + 12_345; // 16-bit stereo: just over the threshold
        Path f = write("long.aiff", aiff(2, frames, 16, pcm16(2, frames, 11, false)));
        LongFileAssertions.assertMixedAndSplitAsWhole(f, 2);
        AudioLimitException limit = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decodeDownmixed(f, DecodeLimits.ofSeconds(10)));
        assertTrue(limit.getMessage().contains("longer than the limit of 10 s"), limit.getMessage());
    }

    @Test
    void aLongFileInAnEncodingOfAnotherDecoderGetsTheWholeDecodersAnswer() throws IOException {
        // IMA ADPCM in AIFF-C: not decoded by ser4j itself; without ffmpeg allowed, refused by name, by each path
        byte[] body = new byte[(int) AudioDecoder.STREAM_BYTES + 1_000];
        Path f = write("long-ima.aifc", aifc(1, body.length / 34 * 64, 16, "ima4", body));
        assertTrue(Files.size(f) > AudioDecoder.STREAM_BYTES);
        String whole = assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.decode(f, AudioDecoderFuzzTest.DECODERS_OF_OUR_OWN)).getMessage();
        assertTrue(whole.contains("'ima4'") && whole.contains("IMA ADPCM"), whole);
        assertEquals(whole, assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.decodeDownmixed(f, AudioDecoderFuzzTest.DECODERS_OF_OUR_OWN)).getMessage());
        assertEquals(whole, assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.forEachChannel(f, AudioDecoderFuzzTest.DECODERS_OF_OUR_OWN, (c, channels, clip) -> { })).getMessage());
    }
}
