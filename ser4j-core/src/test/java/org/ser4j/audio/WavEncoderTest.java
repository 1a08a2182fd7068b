package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ser4j.testing.TestSignals;

class WavEncoderTest {

    private static int bitsFor(WavFormat f) {
        return f.floatingPoint() ? 24 : f.bitsPerSample();
    }

    @ParameterizedTest
    @EnumSource(WavFormat.class)
    void everyFormatRoundTripsExactlyWithBothHeaders(WavFormat format) throws IOException {
        for (WavEncoder.Header header : WavEncoder.Header.values()) {
            for (int channels : new int[] {1, 2, 3}) {
                AudioClip clip = TestSignals.quantisedClip(channels, 22050, 501, bitsFor(format));
                byte[] wav = WavEncoder.encode(clip, format, header);
                assertEquals(clip, AudioDecoder.decode(wav, format + "/" + header + "/" + channels));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WavFormat.class)
    void headerFieldsFollowTheSpecification(WavFormat format) {
        AudioClip clip = TestSignals.quantisedClip(2, 48000, 11, bitsFor(format));
        ByteBuffer b = ByteBuffer.wrap(WavEncoder.encode(clip, format)).order(ByteOrder.LITTLE_ENDIAN);
        int dataBytes = 11 * 2 * format.bytesPerSample();
        int fmtBytes = format.floatingPoint() ? 18 : 16;
        assertEquals("RIFF", ascii(b, 0));
        assertEquals(b.capacity() - 8, b.getInt(4));
        assertEquals("WAVE", ascii(b, 8));
        assertEquals("fmt ", ascii(b, 12));
        assertEquals(fmtBytes, b.getInt(16));
        assertEquals(format.floatingPoint() ? 3 : 1, b.getShort(20));
        assertEquals(2, b.getShort(22));
        assertEquals(48000, b.getInt(24));
        assertEquals(48000 * 2 * format.bytesPerSample(), b.getInt(28));
        assertEquals(2 * format.bytesPerSample(), b.getShort(32));
        assertEquals(format.bitsPerSample(), b.getShort(34));
        int data = 20 + fmtBytes;
        assertEquals("data", ascii(b, data));
        assertEquals(dataBytes, b.getInt(data + 4));
        assertEquals(data + 8 + dataBytes + (dataBytes & 1), b.capacity());
    }

    @Test
    void extensibleHeaderCarriesTheSubFormatGuid() {
        byte[] wav = WavEncoder.encode(TestSignals.quantisedClip(1, 16000, 4, 24), WavFormat.FLOAT_32, WavEncoder.Header.EXTENSIBLE);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(40, b.getInt(16));
        assertEquals((short) 0xFFFE, b.getShort(20));
        assertEquals(22, b.getShort(36));
        assertEquals(32, b.getShort(38));
        assertEquals(0x4, b.getInt(40));
        assertEquals("00000003-0000-0010-8000-00AA00389B71", WaveGuids.toString(wav, 44));
    }

    @Test
    void oddDataIsPaddedToAWord() throws IOException {
        AudioClip clip = AudioClip.mono(new float[] {0f, 0.5f, -0.5f}, 8000);
        byte[] wav = WavEncoder.encode(clip, WavFormat.PCM_U8);
        assertEquals(44 + 3 + 1, wav.length);
        assertEquals(clip, AudioDecoder.decode(wav, "odd.wav"));
    }

    @Test
    void fullScaleClipsToTheLargestCode() throws IOException {
        AudioClip clip = AudioClip.mono(new float[] {1f, -1f, 1.5f, -1.5f}, 8000);
        float[] back = AudioDecoder.decode(WavEncoder.encode(clip, WavFormat.PCM_16), "clip.wav").channels()[0];
        assertArrayEquals(new float[] {32767f / 32768, -1f, 32767f / 32768, -1f}, back);
        float[] asFloat = AudioDecoder.decode(WavEncoder.encode(clip, WavFormat.FLOAT_32), "f.wav").channels()[0];
        assertArrayEquals(clip.channels()[0], asFloat, "float formats keep values outside [-1, 1]");
    }

    @Test
    void nonFiniteSamplesAreRefused() {
        AudioClip clip = AudioClip.mono(new float[] {0f, Float.NaN}, 8000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavEncoder.encode(clip, WavFormat.FLOAT_32));
        assertEquals("sample 1 of channel 0 is NaN; WAV samples must be finite", e.getMessage());
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] x = new byte[4];
        b.get(at, x);
        return new String(x, StandardCharsets.US_ASCII);
    }
}
