package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * G.711 expansion against the values ITU-T G.711's tables give, and mu-law / A-law WAV and AIFF-C read
 * through {@link AudioDecoder} (DecoderDifferentialTest compares whole files with FFmpeg's decoding).
 */
class G711Test {

    @AfterEach
    void ffmpegAsConfigured() {
        System.clearProperty(FfmpegDecoder.PROPERTY);
    }

    @Test
    void muLawCodesExpandToTheStandardsValues() {
        assertEquals(0, G711.muLawLinear(0xFF)); // codes are stored inverted: 0xFF is +0
        assertEquals(0, G711.muLawLinear(0x7F)); // and 0x7F is -0
        assertEquals(32_124, G711.muLawLinear(0x80)); // the largest magnitude, 8031 x 4
        assertEquals(-32_124, G711.muLawLinear(0x00));
        assertEquals(8, G711.muLawLinear(0xFE)); // first step of segment 0: 2 x 4
        assertEquals(-8, G711.muLawLinear(0x7E));
        assertEquals(120, G711.muLawLinear(0xF0)); // top of segment 0: 30 x 4
        assertEquals(132, G711.muLawLinear(0xEF)); // segment 1 starts at 33 x 4 (the bias)
        for (int code = 0x80; code < 0xFF; code++) {
            assertTrue(G711.muLawLinear(code) > G711.muLawLinear(code + 1), "mu-law is monotonic at " + code);
            assertEquals(-G711.muLawLinear(code), G711.muLawLinear(code & 0x7F), "mu-law is symmetric at " + code);
        }
    }

    @Test
    void aLawCodesExpandToTheStandardsValues() {
        assertEquals(8, G711.aLawLinear(0xD5)); // even bits stored inverted: 0xD5 is the smallest positive step
        assertEquals(-8, G711.aLawLinear(0x55));
        assertEquals(32_256, G711.aLawLinear(0xAA)); // the largest magnitude, 4032 x 8
        assertEquals(-32_256, G711.aLawLinear(0x2A));
        assertEquals(248, G711.aLawLinear(0xDA)); // top of segment 0: 31 x 8
        assertEquals(264, G711.aLawLinear(0xC5)); // segment 1 continues with the same step: 33 x 8
        for (int stored = 0x80; stored < 0xFF; stored++) {
            int code = stored ^ 0x55;
            int next = (stored + 1) ^ 0x55;
            assertTrue(G711.aLawLinear(next) > G711.aLawLinear(code), "A-law is monotonic at " + code);
            assertEquals(-G711.aLawLinear(code), G711.aLawLinear(code & 0x7F), "A-law is symmetric at " + code);
        }
    }

    @Test
    void muLawWavIsReadOneByteASampleChannelsInterleaved() throws IOException {
        byte[] data = {(byte) 0x80, 0x00, (byte) 0xFF, (byte) 0xFE, (byte) 0xEF, 0x7F};
        byte[] wav = AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(7, 2, 8000, 8)),
                AudioDecoderTest.chunk("data", data));
        AudioClip clip = AudioDecoder.decode(wav, "call.wav");
        assertEquals(8000, clip.sampleRate());
        assertEquals(2, clip.channelCount());
        assertArrayEquals(new float[] {32_124 / 32768f, 0f, 132 / 32768f}, clip.channels()[0]);
        assertArrayEquals(new float[] {-32_124 / 32768f, 8 / 32768f, 0f}, clip.channels()[1]);
    }

    @Test
    void aLawWavAndExtensibleSubFormatsAreRead() throws IOException {
        byte[] wav = AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(6, 1, 8000, 8)),
                AudioDecoderTest.chunk("data", new byte[] {(byte) 0xD5, 0x2A}));
        assertArrayEquals(new float[] {8 / 32768f, -32_256 / 32768f}, AudioDecoder.decode(wav, "a.wav").channels()[0]);
        for (int tag : new int[] {6, 7}) {
            byte[] ext = WavEncoder.encode(AudioClip.mono(new float[] {0.5f, -0.5f}, 8000), WavFormat.PCM_U8,
                    WavEncoder.Header.EXTENSIBLE);
            ext[44] = (byte) tag; // the sub-format GUID's first two bytes: KSDATAFORMAT_SUBTYPE_ALAW / _MULAW
            float[] x = AudioDecoder.decode(ext, "ext.wav").channels()[0];
            for (int i = 0; i < 2; i++) {
                int code = ext[ext.length - 2 + i] & 0xFF;
                assertEquals(tag == 6 ? G711.aLaw(code) : G711.muLaw(code), x[i], "tag " + tag + " sample " + i);
            }
        }
    }

    @Test
    void aiffCUlawIsOneByteASampleWhateverTheSampleSizeSays() throws IOException {
        // Apple writes 16 (the expanded size) in 'ulaw' files; FFmpeg writes 8
        for (int bits : new int[] {8, 16}) {
            byte[] aiff = AiffDecoderTest.form("AIFC",
                    AiffDecoderTest.chunk("COMM", AiffDecoderTest.commC(1, 3, bits, 8000, "ulaw", "\u00b5Law 2:1")),
                    AiffDecoderTest.chunk("SSND", AiffDecoderTest.ssnd(new byte[] {(byte) 0x80, (byte) 0xFF, 0x00, 0})));
            assertArrayEquals(new float[] {32_124 / 32768f, 0f, -32_124 / 32768f},
                    AudioDecoder.decode(aiff, "memo.aifc").channels()[0], "sample size " + bits);
        }
    }

    @Test
    void anEncodingNoDecoderHereReadsSaysHowToReadIt() {
        byte[] adpcm = AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(0x11, 1, 8000, 4)),
                AudioDecoderTest.chunk("data", new byte[256]));
        System.setProperty(FfmpegDecoder.PROPERTY, "off");
        AudioDecodeException allowed = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(adpcm, "ima.wav"));
        assertEquals("ima.wav: unsupported WAV encoding IMA ADPCM (format tag 0x0011), expected PCM (8/16/24/32-bit),"
                + " IEEE float (32/64-bit), mu-law or A-law, or install ffmpeg (ser4j then decodes it through ffmpeg)",
                allowed.getMessage());
        AudioDecodeException notAllowed = assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.decode(adpcm, "ima.wav", DecodeLimits.NONE.withExternal(false)));
        assertEquals("ima.wav: unsupported WAV encoding IMA ADPCM (format tag 0x0011), expected PCM (8/16/24/32-bit),"
                + " IEEE float (32/64-bit), mu-law or A-law", notAllowed.getMessage());
    }
}
