package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ser4j.features.Npy;
import org.ser4j.testing.FlacTestWriter;
import org.ser4j.testing.SharedData;
import org.ser4j.testing.TestSignals;

class AudioDecoderTest {

    /** A WAV file assembled chunk by chunk, for layouts our encoder never writes. */
    static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes());
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes()).putInt(body.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A chunk with its header and, for odd sizes, the pad byte. */
    static byte[] chunk(String id, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length + (payload.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes()).putInt(payload.length).put(payload);
        return b.array();
    }

    static byte[] fmt(int tag, int channels, int rate, int bits) {
        int block = channels * ((bits + 7) / 8);
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * block).putShort((short) block).putShort((short) bits).array();
    }

    static byte[] le16(int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    /**
     * JLayer fills its Huffman tables lazily and publishes them before they are full, so decoders
     * started at once on several threads could read a null table; Mp3Decoder fills them when it loads.
     */
    @Test
    void jlayersHuffmanTablesAreFullBeforeAnyMp3IsDecoded() throws ReflectiveOperationException {
        assertTrue(Mp3Decoder.HUFFMAN_TABLES_FILLED);
        java.lang.reflect.Field ht = Class.forName("javazoom.jl.decoder.huffcodetab").getField("ht");
        ht.setAccessible(true);
        Object[] tables = (Object[]) ht.get(null);
        assertEquals(34, tables.length);
        for (int i = 0; i < tables.length; i++) {
            assertTrue(tables[i] != null, "table " + i);
        }
    }

    @Test
    void int16UsesTheSeedScaleExactly() throws IOException {
        byte[] wav = riff(chunk("fmt ", fmt(1, 1, 16000, 16)), chunk("data", le16(-32768, -1, 0, 1, 16384, 32767)));
        AudioClip clip = AudioDecoder.decode(wav, "scale.wav");
        assertEquals(16000, clip.sampleRate());
        assertArrayEquals(new float[] {-1f, -1f / 32768, 0f, 1f / 32768, 0.5f, 32767f / 32768}, clip.channels()[0]);
    }

    @Test
    void eightBitIsUnsignedAroundOneHundredTwentyEight() throws IOException {
        byte[] wav = riff(chunk("fmt ", fmt(1, 1, 8000, 8)), chunk("data", new byte[] {0, (byte) 128, (byte) 255, 64}));
        // odd-sized data chunk (4 bytes here: even) and then an odd one below
        assertArrayEquals(new float[] {-1f, 0f, 127f / 128, -0.5f}, AudioDecoder.decode(wav, "u8.wav").channels()[0]);
    }

    @Test
    void twentyFourBitSignExtends() throws IOException {
        byte[] data = {0x00, 0x00, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] wav = riff(chunk("fmt ", fmt(1, 1, 48000, 24)), chunk("data", data));
        assertArrayEquals(new float[] {-1f, 8388607f / 8388608, -1f / 8388608},
                AudioDecoder.decode(wav, "s24.wav").channels()[0]);
    }

    @Test
    void unknownAndOddSizedChunksAreSkippedWithTheirPadByte() throws IOException {
        byte[] wav = riff(chunk("LIST", new byte[] {1, 2, 3}), chunk("fmt ", fmt(1, 2, 22050, 16)),
                chunk("junk", new byte[7]), chunk("data", le16(100, -100, 200, -200)), chunk("id3 ", new byte[5]));
        AudioClip clip = AudioDecoder.decode(wav, "chunks.wav");
        assertEquals(2, clip.channelCount());
        assertArrayEquals(new float[] {100f / 32768, 200f / 32768}, clip.channels()[0]);
        assertArrayEquals(new float[] {-100f / 32768, -200f / 32768}, clip.channels()[1]);
    }

    @Test
    void dataBeforeFmtIsAccepted() throws IOException {
        byte[] wav = riff(chunk("data", le16(1, 2, 3)), chunk("fmt ", fmt(1, 1, 8000, 16)));
        assertArrayEquals(new float[] {1f / 32768, 2f / 32768, 3f / 32768}, AudioDecoder.decode(wav, "late-fmt.wav").channels()[0]);
    }

    @Test
    void streamedWavWithUnknownDataSizeReadsToTheEnd() throws IOException {
        byte[] wav = WavEncoder.encode(TestSignals.quantisedClip(2, 16000, 100, 16), WavFormat.PCM_16);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFF_FFFF);
        assertEquals(100, AudioDecoder.decode(wav, "stream.wav").frames());
    }

    @Test
    void rf64TakesTheDataSizeFromItsDs64Chunk() throws IOException {
        byte[] samples = le16(1, -2, 3, -4);
        ByteBuffer ds64 = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        ds64.putLong(0).putLong(samples.length).putLong(4).putInt(0);
        byte[] data = chunk("data", samples);
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0xFFFF_FFFF);
        byte[] wav = riff(chunk("ds64", ds64.array()), chunk("fmt ", fmt(1, 1, 8000, 16)), data, chunk("LIST", new byte[6]));
        System.arraycopy("RF64".getBytes(), 0, wav, 0, 4);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0xFFFF_FFFF);
        assertArrayEquals(new float[] {1f / 32768, -2f / 32768, 3f / 32768, -4f / 32768},
                AudioDecoder.decode(wav, "big.rf64").channels()[0]);
    }

    @Test
    void manyChannelsAreKept() throws IOException {
        AudioClip clip = TestSignals.quantisedClip(7, 16000, 50, 16);
        assertEquals(clip, AudioDecoder.decode(WavEncoder.encode(clip, WavFormat.PCM_16), "seven.wav"));
    }

    @Test
    void formatIsChosenByMagicNotByName(@TempDir Path dir) throws IOException {
        AudioClip clip = TestSignals.quantisedClip(1, 16000, 300, 16);
        Path wavNamedMp3 = dir.resolve("really-a-wav.mp3");
        WavEncoder.write(clip, WavFormat.PCM_16, wavNamedMp3);
        assertEquals(clip, AudioDecoder.decode(wavNamedMp3));
        Path flacNamedWav = dir.resolve("really-a-flac.wav");
        Files.write(flacNamedWav, FlacTestWriter.encode(new int[][] {{1, 2, 3}}, 16000, 16, 4096));
        assertArrayEquals(new float[] {1f / 32768, 2f / 32768, 3f / 32768}, AudioDecoder.decode(flacNamedWav).channels()[0]);
    }

    @Test
    void streamsDecodeLikeArrays() throws IOException {
        AudioClip clip = TestSignals.quantisedClip(2, 44100, 1000, 24);
        byte[] wav = WavEncoder.encode(clip, WavFormat.PCM_24);
        try (InputStream in = new ByteArrayInputStream(wav)) {
            assertEquals(clip, AudioDecoder.decode(in, "upload"));
        }
    }

    @ParameterizedTest(name = "{0}-bit FLAC, {1} channels, block {2}")
    @CsvSource({"16, 2, 4096", "24, 1, 1152", "8, 1, 100", "12, 3, 333", "20, 2, 4608", "16, 1, 16"})
    void flacDecodesIntegersExactly(int bits, int channels, int block) throws IOException {
        int n = 10_000;
        int[][] pcm = new int[channels][n];
        java.util.Random rng = new java.util.Random(bits * 31L + channels);
        int full = 1 << (bits - 1);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                pcm[c][i] = i < 4 ? new int[] {-full, full - 1, 0, -1}[i] : rng.nextInt(2 * full) - full;
            }
        }
        AudioClip clip = AudioDecoder.decode(FlacTestWriter.encode(pcm, 32000, bits, block), "gen.flac");
        assertEquals(32000, clip.sampleRate());
        assertEquals(channels, clip.channelCount());
        assertEquals(n, clip.frames());
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                assertEquals((float) pcm[c][i] / full, clip.channels()[c][i], "channel " + c + " sample " + i);
            }
        }
    }

    @Test
    void ravdessFlacMatchesTheSeedSignalExactly() throws IOException {
        Path golden = SharedData.golden();
        Path ravdess = SharedData.ravdess();
        JsonNode cases = new ObjectMapper().readTree(golden.resolve("cases.json").toFile());
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue();
            if (!"ravdess".equals(c.path("kind").asText())) {
                continue;
            }
            AudioClip clip = AudioDecoder.decode(ravdess.resolve(c.get("source").asText()));
            assertEquals(c.get("sr").asInt(), clip.sampleRate(), e.getKey());
            float[] signal = Signals.window(clip.mono(), clip.sampleRate(), c.get("offset").asDouble(),
                    c.get("duration").asDouble(), true);
            double[] expected = Npy.read(golden.resolve(e.getKey() + ".signal.npy")).data();
            assertEquals(expected.length, signal.length, e.getKey());
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] != signal[i]) {
                    throw new AssertionError(e.getKey() + ": sample " + i + " is " + signal[i] + ", librosa " + expected[i]);
                }
            }
            checked.add(e.getKey());
        }
        assertEquals(6, checked.size(), "RAVDESS golden cases checked: " + checked);
    }

    @Test
    void mp3SineKeepsItsFrequencyAndLevel() throws IOException {
        byte[] mp3;
        try (InputStream in = getClass().getResourceAsStream("sine-1khz-44100-mono.mp3")) {
            mp3 = in.readAllBytes();
        }
        // made with: lame -b 64 --resample 44.1 -m m --add-id3v2 (0.5 s, 1 kHz, amplitude 0.5); starts with an ID3v2 tag
        AudioClip clip = AudioDecoder.decode(mp3, "sine.mp3");
        assertEquals(44100, clip.sampleRate());
        assertEquals(1, clip.channelCount());
        assertTrue(clip.frames() >= 22050 && clip.frames() < 22050 + 3 * 1152, "frames " + clip.frames());
        float[] x = clip.channels()[0];
        int from = 4000;
        int to = 20000;
        double sumSq = 0;
        int crossings = 0;
        for (int i = from; i < to; i++) {
            sumSq += x[i] * x[i];
            if (x[i - 1] < 0 && x[i] >= 0) {
                crossings++;
            }
        }
        double rms = Math.sqrt(sumSq / (to - from));
        assertEquals(0.5 / Math.sqrt(2), rms, 0.02, "RMS of a 0.5 sine");
        double frequency = crossings * 44100.0 / (to - from);
        assertEquals(1000, frequency, 5, "upward zero crossings per second");
    }
}
