package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.ser4j.audio.AudioDecoderTest.chunk;
import static org.ser4j.audio.AudioDecoderTest.fmt;
import static org.ser4j.audio.AudioDecoderTest.le16;
import static org.ser4j.audio.AudioDecoderTest.riff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ser4j.testing.BadAudioFiles;
import org.ser4j.testing.FlacTestWriter;
import org.ser4j.testing.TestSignals;

/**
 * The corpus of bad inputs of issue 5, generated here: each must end in an {@link AudioDecodeException}
 * whose message starts with the source name and says what is wrong, or, for the odd-but-valid ones
 * (silence, 10 ms, one hour), decode correctly.
 */
class BadAudioCorpusTest {

    private static final byte[] FLOAT_NAN = floats(0.5f, Float.NaN);

    static Stream<Arguments> badInputs() {
        byte[] good16 = WavEncoder.encode(TestSignals.quantisedClip(1, 16000, 8, 16), WavFormat.PCM_16);
        return Stream.of(
                bad("empty", new byte[0], "empty input (0 bytes), expected a WAV, AIFF, FLAC or MP3 stream"),
                bad("three bytes", new byte[] {1, 2, 3}, "too short to be audio: 3 bytes"),
                bad("text named .wav", "hello, this is not audio\n".getBytes(StandardCharsets.US_ASCII),
                        "not a WAV, AIFF, FLAC or MP3 stream: expected 'RIFF', 'FORM', 'fLaC', 'ID3' or an MPEG frame sync, found"
                                + " (68 65 6C 6C 6F 2C 20 74 \"hello, t\")"),
                bad("PNG named .wav", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0},
                        "not a WAV, AIFF, FLAC or MP3 stream"),
                bad("Ogg", "OggS\0\2\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                        "unsupported format: looks like an Ogg container (Vorbis/Opus); convert it to WAV, FLAC or MP3"),
                bad("AVI", riffOfType("AVI "), "RIFF file of type 'AVI ', expected WAVE"),
                bad("RIFX", withBytes(good16, 0, "RIFX"), "big-endian RIFX WAV is not supported"),
                bad("zero channels", riff(chunk("fmt ", fmt(1, 0, 16000, 16)), chunk("data", le16(1, 2))),
                        "WAV header declares 0 channels, expected at least 1"),
                bad("zero rate", riff(chunk("fmt ", fmt(1, 1, 0, 16)), chunk("data", le16(1, 2))),
                        "header declares a sample rate of 0 Hz"),
                bad("absurd rate", riff(chunk("fmt ", fmt(1, 1, -1, 16)), chunk("data", le16(1, 2))),
                        "header declares an absurd sample rate of 4294967295 Hz, expected 1000 to 1536000 Hz"),
                bad("1 Hz", riff(chunk("fmt ", fmt(1, 1, 1, 16)), chunk("data", le16(1, 2))),
                        "header declares an absurd sample rate of 1 Hz"),
                bad("A-law in 16 bits", riff(chunk("fmt ", fmt(6, 1, 8000, 16)), chunk("data", new byte[4])),
                        "unsupported WAV sample layout: A-law (format tag 0x0006), 16 bits in 2-byte samples; expected PCM"
                                + " 8/16/24/32-bit, float 32/64-bit or 8-bit mu-law / A-law"),
                bad("mu-law in 16 bits", riff(chunk("fmt ", fmt(7, 1, 8000, 16)), chunk("data", new byte[4])),
                        "unsupported WAV sample layout: mu-law (format tag 0x0007), 16 bits"),
                bad("MS ADPCM", riff(chunk("fmt ", fmt(2, 1, 8000, 4)), chunk("data", new byte[4])),
                        "unsupported WAV encoding Microsoft ADPCM (format tag 0x0002), expected PCM (8/16/24/32-bit),"
                                + " IEEE float (32/64-bit), mu-law or A-law"),
                bad("GSM 6.10", riff(chunk("fmt ", fmt(0x31, 1, 8000, 0)), chunk("data", new byte[65])),
                        "unsupported WAV encoding GSM 6.10 (format tag 0x0031)"),
                bad("IMA ADPCM", riff(chunk("fmt ", fmt(0x11, 1, 8000, 4)), chunk("data", new byte[4])),
                        "unsupported WAV encoding IMA ADPCM (format tag 0x0011)"),
                bad("extensible A-law in 16 bits", extensibleWithTag(6),
                        "unsupported WAV sample layout: A-law (format tag 0x0006), 16 bits in 2-byte samples"),
                bad("extensible IMA ADPCM", extensibleWithTag(0x11), "unsupported WAV encoding IMA ADPCM (format tag 0x0011)"),
                bad("extensible unknown GUID", extensibleWithGuidByte(),
                        "unsupported WAVE_FORMAT_EXTENSIBLE sub-format {00000001-0000-0010-8000-00AA00389B72}"),
                bad("16-bit float", riff(chunk("fmt ", fmt(3, 1, 8000, 16)), chunk("data", new byte[4])),
                        "unsupported WAV sample layout: IEEE float (format tag 0x0003), 16 bits in 2-byte samples"),
                bad("NaN float", riff(chunk("fmt ", fmt(3, 1, 8000, 32)), chunk("data", FLOAT_NAN)),
                        "float sample 1 of channel 0 is NaN; samples must be finite numbers"),
                bad("infinite float", riff(chunk("fmt ", fmt(3, 1, 8000, 32)), chunk("data", floats(Float.NEGATIVE_INFINITY))),
                        "float sample 0 of channel 0 is -Infinity"),
                bad("double beyond float range", riff(chunk("fmt ", fmt(3, 1, 8000, 64)), chunk("data", doubles(1e300))),
                        "float sample 0 of channel 0 is 1.0E300"),
                bad("data larger than file", withInt(good16, 40, 1000),
                        "data chunk at offset 36 declares 1000 bytes but only 16 follow (truncated file?)"),
                bad("data claims 4 GB", withInt(good16, 40, 0xFFFF_FFF0),
                        "data chunk at offset 36 declares 4294967280 bytes but only 16 follow"),
                bad("empty data chunk", riff(chunk("fmt ", fmt(1, 1, 8000, 16)), chunk("data", new byte[0])),
                        "WAV data chunk holds no samples (0 bytes)"),
                bad("no fmt", riff(chunk("data", le16(1, 2))), "WAV file ends without a fmt chunk (truncated file?)"),
                bad("ID3 tag and nothing", id3(100, 20), "truncated: ID3 tag declares 100 bytes but only 20 follow"),
                bad("FLAC claims 2^36 samples", flacWithTotal(0xF_FFFF_FFFFL),
                        "truncated FLAC: STREAMINFO declares 68719476735 samples per channel, the frames hold 100"),
                bad("FLAC bomb", FlacTestWriter.encodeConstant(8, 48000, 16, 65535, 40, 0),
                        "decodes to more than 16777216 samples, far more than its size can hold in real audio"),
                bad("FLAC CRC error", flipLastFrameBit(), "corrupt FLAC frame 1 after sample 64: frame CRC-16 mismatch"),
                bad("FLAC zero rate", flacWithRate(0), "header declares a sample rate of 0 Hz"),
                bad("FLAC 32-bit", flacWithBits(32), "FLAC with 32 bits per sample is not supported (expected 4 to 24)"),
                bad("FLAC without STREAMINFO", withByte(flac16(), 4, 0x81),
                        "FLAC stream must begin with a 34-byte STREAMINFO block, found type 1 of 34 bytes"),
                bad("MP3 sync then nothing", new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0},
                        "no decodable MPEG audio frame found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputEndsInTheDocumentedException(String name, byte[] data, String expected) {
        // our decoders' own refusals: not handed to ffmpeg (FfmpegDecoderTest covers what it says)
        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.decode(data, name + ".wav", AudioDecoderFuzzTest.DECODERS_OF_OUR_OWN));
        assertEquals(name + ".wav", e.source());
        assertTrue(e.getMessage().startsWith(name + ".wav: " + expected),
                "expected '" + name + ".wav: " + expected + "...', got '" + e.getMessage() + "'");
    }

    static Stream<BadAudioFiles.Case> endToEndCorpus() {
        return BadAudioFiles.corpus().stream();
    }

    /** The corpus the CLI and server tests use: its expected problems are what the library says. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("endToEndCorpus")
    void endToEndCorpusEndsInTheDocumentedException(BadAudioFiles.Case c) {
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(c.data(), c.fileName()));
        assertTrue(e.getMessage().startsWith(c.fileName() + ": " + c.problem()), e.getMessage());
    }

    @Test
    void endToEndCorpusGoodFilesDecode() throws IOException {
        assertEquals(24_000, AudioDecoder.decode(BadAudioFiles.goodWav(), "good.wav").frames());
        byte[] hour = BadAudioFiles.hourOfSilentFlac();
        AudioLimitException e = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(hour, "hour.flac", DecodeLimits.ofSeconds(3600)));
        assertTrue(e.getMessage().startsWith("hour.flac: is 3600.0 s long, longer than the limit of 3600 s"), e.getMessage());
    }

    @Test
    void wavTruncatedAtEveryByteBeforeTheEndOfItsDataIsRefused() throws IOException {
        byte[] wav = riff(chunk("fmt ", fmt(1, 2, 8000, 16)), chunk("LIST", new byte[5]),
                chunk("data", le16(1, 2, 3, 4, 5, 6)), chunk("cue ", new byte[4]));
        int dataEnd = wav.length - 12;
        for (int cut = 0; cut < dataEnd; cut++) {
            byte[] part = Arrays.copyOf(wav, cut);
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(part, "cut.wav"),
                    "cut at " + cut);
            assertTrue(e.getMessage().matches("cut\\.wav: .*(truncated|empty input|too short).*"),
                    "cut at " + cut + ": " + e.getMessage());
        }
        for (int cut = dataEnd; cut <= wav.length; cut++) {
            assertEquals(3, AudioDecoder.decode(Arrays.copyOf(wav, cut), "tail.wav").frames(),
                    "a cut in a chunk after the audio keeps the audio (cut at " + cut + ")");
        }
    }

    @Test
    void flacTruncatedAtEveryByteIsRefused() {
        int[][] pcm = {ints(300, 7)};
        byte[] flac = FlacTestWriter.encode(pcm, 8000, 16, 64);
        for (int cut = 0; cut < flac.length; cut++) {
            byte[] part = Arrays.copyOf(flac, cut);
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(part, "cut.flac"),
                    "cut at " + cut);
            assertTrue(e.getMessage().matches("cut\\.flac: .*(truncated|empty input|too short).*"),
                    "cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void silenceTenMillisecondsAndOneHourDecode() throws IOException {
        AudioClip silence = AudioDecoder.decode(WavEncoder.encode(AudioClip.mono(new float[16000], 16000), WavFormat.PCM_16),
                "silence.wav");
        assertEquals(16000, silence.frames());
        for (float v : silence.channels()[0]) {
            assertEquals(0f, v);
        }
        AudioClip tenMs = AudioDecoder.decode(WavEncoder.encode(AudioClip.mono(new float[480], 48000), WavFormat.PCM_16),
                "10ms.wav");
        assertEquals(0.01, tenMs.durationSeconds(), 1e-12);
        // one hour of 8 kHz 8-bit mono (28.8 MB): built directly, the decoder reads it all
        int frames = 3600 * 8000;
        byte[] hour = new byte[44 + frames];
        Arrays.fill(hour, 44, hour.length, (byte) 128);
        System.arraycopy(riff(chunk("fmt ", fmt(1, 1, 8000, 8))), 0, hour, 0, 36);
        ByteBuffer.wrap(hour).order(ByteOrder.LITTLE_ENDIAN).putInt(4, hour.length - 8).put(36, (byte) 'd')
                .put(37, (byte) 'a').put(38, (byte) 't').put(39, (byte) 'a').putInt(40, frames);
        AudioClip clip = AudioDecoder.decode(hour, "hour.wav");
        assertEquals(3600.0, clip.durationSeconds());
    }

    @Test
    void filesystemProblemsNameTheFile(@TempDir Path dir) throws IOException {
        Path directory = Files.createDirectory(dir.resolve("clip.wav"));
        assertMessage(directory, directory + ": is a directory, expected an audio file (WAV, AIFF, FLAC or MP3)");
        Path missing = dir.resolve("missing.wav");
        assertMessage(missing, missing + ": no such file");
        Path device = Path.of("/dev/zero");
        if (Files.exists(device)) {
            assertMessage(device, "/dev/zero: is not a regular file (a device, pipe or socket)");
        }
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio at all");
        assertMessage(text, text + ": not a WAV, AIFF, FLAC or MP3 stream");
    }

    @Test
    void unreadableFileNamesThePermissionProblem(@TempDir Path dir) throws IOException {
        Path locked = dir.resolve("locked.wav");
        Files.write(locked, WavEncoder.encode(AudioClip.mono(new float[10], 8000), WavFormat.PCM_16));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "skipped: running as root, permissions do not stop reading");
        assertMessage(locked, locked + ": cannot be read: permission denied");
    }

    private static void assertMessage(Path file, String expectedStart) {
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(file));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    private static Arguments bad(String name, byte[] data, String expected) {
        return Arguments.of(name, data, expected);
    }

    private static int[] ints(int n, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextInt(65536) - 32768;
        }
        return x;
    }

    private static byte[] flac16() {
        return FlacTestWriter.encode(new int[][] {ints(100, 1)}, 16000, 16, 64);
    }

    /** STREAMINFO fields live at file offset 8 + 10: rate (20 bits), channels-1 (3), bits-1 (5), total (36). */
    private static byte[] patchStreamInfo(byte[] flac, long rate, long bitsMinus1, long total) {
        long x = ByteBuffer.wrap(flac, 18, 8).getLong();
        long channels = x >>> 41 & 0x7;
        x = rate << 44 | channels << 41 | bitsMinus1 << 36 | total;
        byte[] out = flac.clone();
        ByteBuffer.wrap(out).putLong(18, x);
        return out;
    }

    private static byte[] flacWithTotal(long total) {
        return patchStreamInfo(flac16(), 16000, 15, total);
    }

    private static byte[] flacWithRate(long rate) {
        return patchStreamInfo(flac16(), rate, 15, 100);
    }

    private static byte[] flacWithBits(int bits) {
        return patchStreamInfo(flac16(), 16000, bits - 1, 100);
    }

    private static byte[] flipLastFrameBit() {
        byte[] flac = flac16();
        flac[flac.length - 10] ^= 0x10; // a sample bit in the second (last) frame
        return flac;
    }

    private static byte[] riffOfType(String type) {
        byte[] wav = riff(chunk("avih", new byte[8]));
        return withBytes(wav, 8, type);
    }

    private static byte[] extensibleWithTag(int tag) {
        byte[] wav = WavEncoder.encode(AudioClip.mono(new float[4], 8000), WavFormat.PCM_16, WavEncoder.Header.EXTENSIBLE);
        wav[44] = (byte) tag;
        wav[45] = (byte) (tag >> 8);
        return wav;
    }

    private static byte[] extensibleWithGuidByte() {
        byte[] wav = WavEncoder.encode(AudioClip.mono(new float[4], 8000), WavFormat.PCM_16, WavEncoder.Header.EXTENSIBLE);
        wav[59] = 0x72;
        return wav;
    }

    private static byte[] id3(int declared, int present) {
        byte[] tag = new byte[10 + present];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[9] = (byte) declared; // synchsafe, < 128
        return tag;
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    private static byte[] withInt(byte[] data, int offset, int value) {
        byte[] out = data.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return out;
    }

    private static byte[] withBytes(byte[] data, int offset, String ascii) {
        byte[] out = data.clone();
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, offset, b.length);
        return out;
    }

    private static byte[] withByte(byte[] data, int offset, int value) {
        byte[] out = data.clone();
        out[offset] = (byte) value;
        return out;
    }
}
