package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.testing.SharedData;

/**
 * AIFF and AIFF-C decoding from bytes written here chunk by chunk: every sample compared exactly with
 * what was written, the 80-bit sample rate, pad bytes, and the files we refuse (truncated,
 * compressed, absurd headers), each with a message naming the source.
 */
class AiffDecoderTest {

    // ---- writing AIFF -------------------------------------------------------------------------------

    /** A FORM of {@code type} ("AIFF", "AIFC") holding {@code chunks}. */
    static byte[] form(String type, byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii(type));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("FORM"));
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.size()).array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A big-endian chunk with its header and, for odd sizes, the pad byte. */
    static byte[] chunk(String id, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length + (payload.length & 1));
        b.put(ascii(id)).putInt(payload.length).put(payload);
        return b.array();
    }

    /** An AIFF COMM payload. */
    static byte[] comm(int channels, long frames, int bits, double rate) {
        return ByteBuffer.allocate(18).putShort((short) channels).putInt((int) frames).putShort((short) bits)
                .put(extended(rate)).array();
    }

    /** An AIFF-C COMM payload with compression {@code type} and its Pascal-string name (padded to even). */
    static byte[] commC(int channels, long frames, int bits, double rate, String type, String name) {
        int nameBytes = 1 + name.length();
        nameBytes += nameBytes & 1;
        ByteBuffer b = ByteBuffer.allocate(22 + nameBytes);
        b.put(comm(channels, frames, bits, rate)).put(ascii(type)).put((byte) name.length()).put(ascii(name));
        return b.array();
    }

    /** An SSND payload: offset 0, block size 0, then {@code samples}. */
    static byte[] ssnd(byte[] samples) {
        return ByteBuffer.allocate(8 + samples.length).putInt(0).putInt(0).put(samples).array();
    }

    /** A double as the 80-bit IEEE extended number of the COMM chunk (exact: 53 bits fit in 64). */
    static byte[] extended(double v) {
        ByteBuffer b = ByteBuffer.allocate(10);
        if (v == 0) {
            return b.array();
        }
        long bits = Double.doubleToLongBits(Math.abs(v));
        int exponent = (int) (bits >>> 52) - 1023;
        long mantissa = (bits & 0x000F_FFFF_FFFF_FFFFL | 0x0010_0000_0000_0000L) << 11;
        b.putShort((short) ((v < 0 ? 0x8000 : 0) | exponent + 16383)).putLong(mantissa);
        return b.array();
    }

    static byte[] be16(int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    static byte[] be24(int... v) {
        ByteBuffer b = ByteBuffer.allocate(3 * v.length);
        for (int x : v) {
            b.put((byte) (x >> 16)).put((byte) (x >> 8)).put((byte) x);
        }
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static AudioDecodeException refused(byte[] aiff, String expected) {
        // our decoder's own refusal: not handed to ffmpeg (DecoderDifferentialTest covers what ffmpeg makes of it)
        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.decode(aiff, "bad.aiff", AudioDecoderFuzzTest.DECODERS_OF_OUR_OWN));
        assertTrue(e.getMessage().startsWith("bad.aiff: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        return e;
    }

    // ---- samples ------------------------------------------------------------------------------------

    @Test
    void sixteenBitMonoIsBigEndianOverThirtyTwoThousand() throws IOException {
        byte[] aiff = form("AIFF", chunk("COMM", comm(1, 6, 16, 16000)), chunk("SSND", ssnd(be16(-32768, -1, 0, 1, 16384, 32767))));
        AudioClip clip = AudioDecoder.decode(aiff, "mono16.aiff");
        assertEquals(16000, clip.sampleRate());
        assertEquals(1, clip.channelCount());
        assertArrayEquals(new float[] {-1f, -1f / 32768, 0f, 1f / 32768, 0.5f, 32767f / 32768}, clip.channels()[0]);
    }

    @Test
    void sixteenBitStereoIsInterleaved() throws IOException {
        byte[] aiff = form("AIFF", chunk("COMM", comm(2, 3, 16, 44100)),
                chunk("SSND", ssnd(be16(100, -100, 200, -200, 32767, -32768))));
        AudioClip clip = AudioDecoder.decode(aiff, "stereo16.aiff");
        assertEquals(44100, clip.sampleRate());
        assertArrayEquals(new float[] {100f / 32768, 200f / 32768, 32767f / 32768}, clip.channels()[0]);
        assertArrayEquals(new float[] {-100f / 32768, -200f / 32768, -1f}, clip.channels()[1]);
    }

    @Test
    void twentyFourBitMonoAndStereo() throws IOException {
        int[] values = {-8388608, -1, 0, 1, 0x123456, 8388607};
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = values[i] / 8388608f;
        }
        AudioClip mono = AudioDecoder.decode(form("AIFF", chunk("COMM", comm(1, 6, 24, 48000)),
                chunk("SSND", ssnd(be24(values)))), "mono24.aiff");
        assertArrayEquals(expected, mono.channels()[0]);

        AudioClip stereo = AudioDecoder.decode(form("AIFF", chunk("COMM", comm(2, 3, 24, 96000)),
                chunk("SSND", ssnd(be24(values)))), "stereo24.aiff");
        assertEquals(96000, stereo.sampleRate());
        assertArrayEquals(new float[] {expected[0], expected[2], expected[4]}, stereo.channels()[0]);
        assertArrayEquals(new float[] {expected[1], expected[3], expected[5]}, stereo.channels()[1]);
    }

    @Test
    void eightBitIsSignedAndThirtyTwoBitUsesItsOwnScale() throws IOException {
        byte[] s8 = form("AIFF", chunk("COMM", comm(1, 4, 8, 8000)), chunk("SSND", ssnd(new byte[] {-128, -1, 0, 127})));
        assertArrayEquals(new float[] {-1f, -1f / 128, 0f, 127f / 128}, AudioDecoder.decode(s8, "s8.aiff").channels()[0]);

        byte[] s32 = form("AIFF", chunk("COMM", comm(1, 3, 32, 8000)),
                chunk("SSND", ssnd(ByteBuffer.allocate(12).putInt(Integer.MIN_VALUE).putInt(1 << 30).putInt(-1).array())));
        assertArrayEquals(new float[] {-1f, 0.5f, (float) (-1 / 2147483648.0)}, AudioDecoder.decode(s32, "s32.aiff").channels()[0]);
    }

    @Test
    void samplesNarrowerThanTheirContainerAreLeftJustified() throws IOException {
        // 12-bit samples in 2 bytes, shifted left by 4 as the AIFF standard stores them
        byte[] aiff = form("AIFF", chunk("COMM", comm(1, 3, 12, 8000)), chunk("SSND", ssnd(be16(-2048 << 4, 1 << 4, 2047 << 4))));
        assertArrayEquals(new float[] {-1f, 1f / 2048, 2047f / 2048}, AudioDecoder.decode(aiff, "s12.aiff").channels()[0]);
    }

    @Test
    void aiffCReadsNoneTwosSowtAndFloats() throws IOException {
        float[] expected = {-1f, 0.25f, 32767f / 32768};
        for (String type : new String[] {"NONE", "twos"}) {
            byte[] aiff = form("AIFC", chunk("FVER", ByteBuffer.allocate(4).putInt(0xA2805140).array()),
                    chunk("COMM", commC(1, 3, 16, 22050, type, "not compressed")), chunk("SSND", ssnd(be16(-32768, 8192, 32767))));
            assertArrayEquals(expected, AudioDecoder.decode(aiff, type + ".aifc").channels()[0], type);
        }
        ByteBuffer le = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -32768).putShort((short) 8192)
                .putShort((short) 32767);
        byte[] sowt = form("AIFC", chunk("COMM", commC(1, 3, 16, 22050, "sowt", "")), chunk("SSND", ssnd(le.array())));
        assertArrayEquals(expected, AudioDecoder.decode(sowt, "sowt.aifc").channels()[0]);

        ByteBuffer le24 = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        le24.put((byte) 0x56).put((byte) 0x34).put((byte) 0x12).put((byte) 0).put((byte) 0).put((byte) 0x80);
        byte[] sowt24 = form("AIFC", chunk("COMM", commC(1, 2, 24, 22050, "sowt", "")), chunk("SSND", ssnd(le24.array())));
        assertArrayEquals(new float[] {0x123456 / 8388608f, -1f}, AudioDecoder.decode(sowt24, "sowt24.aifc").channels()[0]);

        for (String type : new String[] {"fl32", "FL32"}) {
            byte[] fl32 = form("AIFC", chunk("COMM", commC(2, 2, 32, 48000, type, "32-bit floating point")),
                    chunk("SSND", ssnd(ByteBuffer.allocate(16).putFloat(0.125f).putFloat(-0.5f).putFloat(1.5f)
                            .putFloat(-1e-7f).array())));
            AudioClip clip = AudioDecoder.decode(fl32, type + ".aifc");
            assertArrayEquals(new float[] {0.125f, 1.5f}, clip.channels()[0], type + ": floats outside [-1, 1] are kept");
            assertArrayEquals(new float[] {-0.5f, -1e-7f}, clip.channels()[1], type);
        }
        byte[] fl64 = form("AIFC", chunk("COMM", commC(1, 2, 64, 48000, "fl64", "")),
                chunk("SSND", ssnd(ByteBuffer.allocate(16).putDouble(0.1).putDouble(-0.75).array())));
        assertArrayEquals(new float[] {(float) 0.1, -0.75f}, AudioDecoder.decode(fl64, "fl64.aifc").channels()[0]);
    }

    @Test
    void oddChunksAreFollowedByTheirPadByteAndChunksMayComeInAnyOrder() throws IOException {
        // a 3-byte NAME chunk (pad byte follows), SSND before COMM, an odd SSND (5 one-byte frames and
        // its pad byte), then a 1-byte ANNO chunk whose pad byte the file leaves out at its end
        byte[] aiff = form("AIFF", chunk("NAME", ascii("abc")), chunk("SSND", ssnd(new byte[] {1, 2, 3, 4, 5})),
                chunk("COMM", comm(1, 5, 8, 8000)), chunk("ANNO", ascii("x")));
        assertEquals(0, aiff[8 + 4 + 8 + 3], "the writer put a pad byte after the odd NAME chunk");
        byte[] withoutLastPad = Arrays.copyOf(aiff, aiff.length - 1);
        for (byte[] bytes : new byte[][] {aiff, withoutLastPad}) {
            assertArrayEquals(new float[] {1f / 128, 2f / 128, 3f / 128, 4f / 128, 5f / 128},
                    AudioDecoder.decode(bytes, "odd.aiff").channels()[0]);
        }
        // an AIFF-C compression name of odd length: "ab" takes 1 + 2 bytes and a pad byte inside COMM
        byte[] named = form("AIFC", chunk("COMM", commC(1, 1, 16, 8000, "twos", "ab")), chunk("SSND", ssnd(be16(16384))));
        assertArrayEquals(new float[] {0.5f}, AudioDecoder.decode(named, "named.aifc").channels()[0]);
    }

    @Test
    void theSoundDataOffsetIsHonoured() throws IOException {
        ByteBuffer ssnd = ByteBuffer.allocate(8 + 4 + 4).putInt(4).putInt(0).putInt(0xDEADBEEF).put(be16(-16384, 16384));
        byte[] aiff = form("AIFF", chunk("COMM", comm(1, 2, 16, 8000)), chunk("SSND", ssnd.array()));
        assertArrayEquals(new float[] {-0.5f, 0.5f}, AudioDecoder.decode(aiff, "offset.aiff").channels()[0]);
    }

    // ---- the 80-bit sample rate ----------------------------------------------------------------------

    @Test
    void sampleRateIsTheExactExtendedNumber() throws IOException {
        // TESS's COMM chunk: 0x400D BEBC 0000 0000 0000 = 48828 * 2^-1 = 24414 Hz
        byte[] tess = {0x40, 0x0D, (byte) 0xBE, (byte) 0xBC, 0, 0, 0, 0, 0, 0};
        assertEquals(24414, AiffDecoder.sampleRate(tess, 0, "tess"));
        for (int rate : new int[] {1000, 8000, 11025, 16000, 22050, 44100, 48000, 96000, 192000, 1_536_000}) {
            assertEquals(rate, AiffDecoder.sampleRate(extended(rate), 0, "r"), "rate " + rate);
        }
        // the 22254.5454... Hz of early Macintosh sound, and halves, to the nearest hertz
        assertEquals(22255, AiffDecoder.sampleRate(extended(22254.545454545456), 0, "mac"));
        assertEquals(11026, AiffDecoder.sampleRate(extended(11025.5), 0, "half"));
        assertEquals(11025, AiffDecoder.sampleRate(extended(11025.4999999), 0, "below half"));
        // a fraction only the 64-bit mantissa holds (2^-49 Hz, beyond a double's 53 bits at this size): exact
        byte[] tiny = {0x40, 0x0D, (byte) 0xAC, 0x44, 0, 0, 0, 0, 0, 1};
        BigDecimal exact = AiffDecoder.exactSampleRate(tiny, 0, "tiny");
        assertEquals(0, new BigDecimal("22050.0000000000000017763568394002504646778106689453125").compareTo(exact), exact::toString);
        assertEquals(22050, AiffDecoder.sampleRate(tiny, 0, "tiny"));
        // an AIFF file carries it through
        byte[] aiff = form("AIFF", chunk("COMM", comm(1, 1, 16, 22254.545454545456)), chunk("SSND", ssnd(be16(1))));
        assertEquals(22255, AudioDecoder.decode(aiff, "mac.aiff").sampleRate());
    }

    @Test
    void absurdSampleRatesAreRefused() {
        assertRate(extended(0), "header declares a sample rate of 0 Hz");
        assertRate(extended(500), "header declares an absurd sample rate of 500 Hz, expected 1000 to 1536000 Hz");
        assertRate(extended(0.25), "header declares an absurd sample rate below 1 Hz");
        assertRate(extended(3e6), "absurd sample rate of 3000000 Hz");
        assertRate(extended(1e300), "absurd sample rate of at least 2^933 Hz");
        assertRate(extended(-44100), "header declares a negative sample rate of -44100 Hz");
        assertRate(new byte[] {0x7F, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}, "sample rate that is infinity");
        assertRate(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}, "sample rate that is minus infinity");
        assertRate(new byte[] {0x7F, (byte) 0xFF, (byte) 0xC0, 0, 0, 0, 0, 0, 0, 0}, "sample rate that is not a number (NaN)");
    }

    private static void assertRate(byte[] extended, String expected) {
        byte[] c = comm(1, 1, 16, 8000);
        System.arraycopy(extended, 0, c, 8, 10);
        refused(form("AIFF", chunk("COMM", c), chunk("SSND", ssnd(be16(1)))), expected);
    }

    // ---- refused files -------------------------------------------------------------------------------

    @Test
    void truncatedFilesAreRefusedWithTheReason() {
        byte[] good = form("AIFF", chunk("COMM", comm(2, 4, 16, 16000)), chunk("SSND", ssnd(be16(1, 2, 3, 4, 5, 6, 7, 8))));
        // FORM(12) | COMM(8+18) at 12 | SSND(8+8+16) at 38
        refused(Arrays.copyOf(good, 8), "truncated AIFF: 8 bytes, expected at least 12 for the FORM header");
        refused(Arrays.copyOf(good, 12), "AIFF file ends without a COMM chunk (truncated file?)");
        refused(Arrays.copyOf(good, 20), "chunk 'COMM' at offset 12 declares 18 bytes but only 0 follow (truncated file?)");
        refused(Arrays.copyOf(good, 38), "AIFF file ends without an SSND chunk (truncated file?)");
        refused(Arrays.copyOf(good, 42), "truncated AIFF: 4 stray bytes at offset 38 where a chunk header (8 bytes) was expected"
                + " (no SSND chunk yet)");
        refused(Arrays.copyOf(good, good.length - 3), "chunk 'SSND' at offset 38 declares 24 bytes but only 21 follow"
                + " (truncated file?)");
        // a consistent SSND chunk that holds fewer frames than COMM declares
        byte[] short4 = form("AIFF", chunk("COMM", comm(2, 4, 16, 16000)), chunk("SSND", ssnd(be16(1, 2, 3, 4, 5, 6))));
        refused(short4, "SSND chunk holds 12 bytes of samples but COMM declares 4 frames of 2 x 2 bytes = 16 bytes (truncated file?)");
    }

    @Test
    void brokenHeadersAreRefusedWithTheReason() {
        byte[] ssnd = chunk("SSND", ssnd(be16(1, 2)));
        refused(form("AIFF", chunk("COMM", comm(0, 2, 16, 8000)), ssnd), "AIFF header declares 0 channels, expected at least 1");
        refused(form("AIFF", chunk("COMM", comm(1, 2, 0, 8000)), ssnd), "unsupported AIFF sample size of 0 bits, expected 1 to 32");
        refused(form("AIFF", chunk("COMM", comm(1, 2, 40, 8000)), ssnd), "unsupported AIFF sample size of 40 bits");
        refused(form("AIFF", chunk("COMM", comm(1, 0, 16, 8000)), ssnd),
                "AIFF COMM chunk declares 0 sample frames: the file holds no samples");
        refused(form("AIFF", chunk("COMM", Arrays.copyOf(comm(1, 2, 16, 8000), 16)), ssnd),
                "AIFF COMM chunk of 16 bytes, expected at least 18");
        refused(form("AIFC", chunk("COMM", comm(1, 2, 16, 8000)), ssnd), "AIFF-C COMM chunk of 18 bytes, expected at least 22");
        refused(form("AIFF", chunk("COMM", comm(1, 2, 16, 8000)), ssnd, chunk("COMM", comm(1, 2, 16, 8000))),
                "second COMM chunk at offset 58; an AIFF file has exactly one");
        refused(form("AIFF", chunk("COMM", comm(1, 2, 16, 8000)), ssnd, ssnd), "second SSND chunk at offset 58");
        refused(form("AIFF", chunk("COMM", comm(1, 2, 16, 8000)), chunk("SSND", new byte[4])),
                "SSND chunk of 4 bytes, expected at least 8 (offset and block size)");
        refused(form("AIFF", chunk("COMM", comm(1, 2, 16, 8000)),
                chunk("SSND", ByteBuffer.allocate(12).putInt(8).putInt(0).putInt(0).array())),
                "SSND chunk at offset 38 declares a data offset of 8 bytes but holds only 4");
        refused(form("8SVX", chunk("VHDR", new byte[20])), "IFF file of type '8SVX', expected AIFF or AIFC");
        refused(form("AIFC", chunk("COMM", commC(1, 1, 32, 8000, "fl32", "")),
                chunk("SSND", ssnd(ByteBuffer.allocate(4).putFloat(Float.NaN).array()))), "float sample 0 of channel 0 is NaN");
    }

    @Test
    void compressedAiffCWeDoNotDecodeIsRefusedByName() {
        byte[] ssnd = chunk("SSND", ssnd(new byte[4]));
        refused(form("AIFC", chunk("COMM", commC(1, 4, 16, 8000, "ima4", "IMA 4:1")), ssnd),
                "unsupported AIFF-C compression 'ima4' (IMA ADPCM, \"IMA 4:1\"), expected 'NONE', 'twos' or 'sowt' (PCM,"
                        + " 1 to 32 bits), 'fl32'/'fl64' (float) or 'ulaw'/'alaw'; convert it to WAV or FLAC");
        refused(form("AIFC", chunk("COMM", commC(1, 4, 16, 8000, "GSM ", "")), ssnd),
                "unsupported AIFF-C compression 'GSM ' (GSM 6.10)");
        refused(form("AIFC", chunk("COMM", commC(1, 4, 16, 8000, "ABCD", "Mystery")), ssnd),
                "unsupported AIFF-C compression 'ABCD' (\"Mystery\"), expected");
        refused(form("AIFC", chunk("COMM", commC(1, 4, 16, 8000, "ABCD", "")), ssnd),
                "unsupported AIFF-C compression 'ABCD', expected");
    }

    @Test
    void limitsApplyBeforeTheSamplesAreAllocated() {
        byte[] aiff = form("AIFF", chunk("COMM", comm(1, 16000, 16, 8000)), chunk("SSND", ssnd(new byte[32000])));
        AudioLimitException e = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(aiff, "long.aiff", DecodeLimits.ofSeconds(1)));
        assertEquals(AudioLimitException.Limit.DURATION, e.limit());
        assertTrue(e.getMessage().startsWith("long.aiff: is 2.0 s long, longer than the limit of 1 s"), e.getMessage());
    }

    // ---- by content, not by name -----------------------------------------------------------------------

    @Test
    void anAiffFileNamedWavDecodesAsAiff(@TempDir Path dir) throws IOException {
        Path x = dir.resolve("x.wav");
        Files.write(x, form("AIFF", chunk("COMM", comm(2, 2, 16, 24414)), chunk("SSND", ssnd(be16(1, -1, 16384, -16384)))));
        AudioClip clip = AudioDecoder.decode(x);
        assertEquals(24414, clip.sampleRate());
        assertArrayEquals(new float[] {1f / 32768, 0.5f}, clip.channels()[0]);
        assertArrayEquals(new float[] {-1f / 32768, -0.5f}, clip.channels()[1]);
    }

    @Test
    void theTessFilesThatAreAiffDecode() throws IOException {
        Path tess = SharedData.tess();
        // frame counts from the files' COMM chunks; FFmpeg 6 decodes the same samples (checked by hand)
        Object[][] files = {{"YAF_angry/YAF_germ_angry.wav", 53847}, {"YAF_fear/YAF_neat_fear.wav", 40156}};
        for (Object[] f : files) {
            Path file = tess.resolve((String) f[0]);
            byte[] head = Arrays.copyOf(Files.readAllBytes(file), 12);
            assertEquals("FORM", new String(head, 0, 4, StandardCharsets.ISO_8859_1), f[0] + " is AIFF");
            AudioClip clip = AudioDecoder.decode(file);
            assertEquals(24414, clip.sampleRate(), (String) f[0]);
            assertEquals(1, clip.channelCount(), (String) f[0]);
            assertEquals(f[1], clip.frames(), (String) f[0]);
        }
    }
}
