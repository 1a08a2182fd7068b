package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MP3 mixed while it is decoded gives the samples of decoding it whole and calling
 * {@link AudioClip#downmix()}, to the bit, and the whole decoder's errors and limits;
 * {@link AudioDecoder#decodeDownmixed} and {@link AudioDecoder#forEachChannel} (one channel kept a decoding)
 * take that path for an MP3 file over {@link AudioDecoder#STREAM_BYTES}, ID3 tag in front or not.
 */
class Mp3DownmixTest {

    @TempDir
    Path dir;

    /** {@code seconds} of 16-bit stereo (or mono) noise and tones as MP3 by jump3r (a Java LAME port). */
    private static byte[] mp3(int channels, double seconds, int rate, int kbps, boolean inverted, long seed) {
        Random rng = new Random(seed);
        int frames = (int) (seconds * rate);
        byte[] pcm = new byte[2 * channels * frames];
        for (int i = 0; i < frames; i++) {
            int left = (int) Math.round(8000 * Math.sin(0.02 * i) + 3000 * rng.nextGaussian());
            int right = inverted ? -left : (int) Math.round(6000 * Math.sin(0.031 * i) + 2000 * rng.nextGaussian());
            for (int c = 0; c < channels; c++) {
                int v = Math.max(-32768, Math.min(32767, c == 0 ? left : right));
                pcm[2 * (channels * i + c)] = (byte) v;
                pcm[2 * (channels * i + c) + 1] = (byte) (v >> 8);
            }
        }
        AudioFormat format = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, 2 * channels, rate, false);
        LameEncoder encoder = new LameEncoder(format, kbps, channels == 1 ? LameEncoder.CHANNEL_MODE_MONO
                : LameEncoder.CHANNEL_MODE_STEREO, LameEncoder.QUALITY_MIDDLE, false);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[encoder.getMP3BufferSize()];
            int chunk = encoder.getPCMBufferSize();
            for (int at = 0; at < pcm.length; at += chunk) {
                out.write(buffer, 0, encoder.encodeBuffer(pcm, at, Math.min(chunk, pcm.length - at), buffer));
            }
            out.write(buffer, 0, encoder.encodeFinish(buffer));
            return out.toByteArray();
        } finally {
            encoder.close();
        }
    }

    @Test
    void monoStereoAndAnInvertedChannelMixAsTheWholeDecoderMixes() throws AudioDecodeException {
        for (int channels : new int[] {1, 2}) {
            for (boolean inverted : channels == 1 ? new boolean[] {false} : new boolean[] {false, true}) {
                byte[] mp3 = mp3(channels, 2.0, 22_050, 64, inverted, channels * 3L);
                String what = channels + " channels" + (inverted ? ", inverted" : "");
                AudioClip whole = AudioDecoder.decode(mp3, "a.mp3");
                assertEquals(channels, whole.channelCount(), what);
                assertArrayEquals(whole.downmix(), Mp3Decoder.downmixed(mp3, 0, "a.mp3", DecodeLimits.NONE).channels()[0], what);
                assertEquals(channels, Mp3Decoder.channels(mp3, 0), what);
                for (int c = 0; c < channels; c++) {
                    assertArrayEquals(whole.channels()[c], Mp3Decoder.channel(mp3, 0, "a.mp3", DecodeLimits.NONE, c).channels()[0],
                            what + ", channel " + c);
                }
            }
        }
    }

    @Test
    void theFramesCountedFromHeadersAreTheFramesDecodedSoNoTrimmingCopyIsMade() throws AudioDecodeException {
        // MPEG-1 (44.1, 48 kHz: 1,152 samples a frame), MPEG-2 (16, 22.05 kHz: 576), MPEG-2.5 (8 kHz: 576)
        for (int rate : new int[] {8_000, 16_000, 22_050, 44_100, 48_000}) {
            for (int channels : new int[] {1, 2}) {
                byte[] mp3 = mp3(channels, 1.3, rate, 64, false, rate + channels);
                AudioClip whole = AudioDecoder.decode(mp3, "a.mp3");
                assertEquals(whole.frames(), Mp3Decoder.countFrames(mp3, 0), rate + " Hz, " + channels + " channels");
            }
        }
        assertEquals(0, Mp3Decoder.countFrames(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0}, 0)); // a header cut short
    }

    @Test
    void limitsCountBothChannelsAndCorruptStreamsFailAsWhole() {
        byte[] mp3 = mp3(2, 3.0, 16_000, 32, false, 5);
        AudioLimitException whole = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(mp3, "a.mp3", DecodeLimits.ofSeconds(1)));
        AudioLimitException mixed = assertThrows(AudioLimitException.class,
                () -> Mp3Decoder.downmixed(mp3, 0, "a.mp3", DecodeLimits.ofSeconds(1)));
        assertEquals(whole.getMessage(), mixed.getMessage());
        DecodeLimits samples = DecodeLimits.NONE.withMaxSamples(60_000); // 3 s x 16 kHz = 48,000 a channel
        assertThrows(AudioLimitException.class, () -> Mp3Decoder.downmixed(mp3, 0, "a.mp3", samples));
        byte[] none = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0};
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> Mp3Decoder.downmixed(none, 0, "n.mp3", DecodeLimits.NONE));
        assertEquals(assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(none, "n.mp3")).getMessage(), e.getMessage());
    }

    @Test
    void anMp3FileOverTheThresholdWithAnId3TagIsMixedWhileDecoded() throws IOException {
        byte[] audio = mp3(2, 540, 16_000, 128, false, 7); // 9 minutes at 128 kbit/s: about 8.6 MB
        byte[] tag = new byte[10 + 300]; // ID3v2.4 header with a synchsafe size of 300, then padding
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[8] = (byte) (300 >> 7);
        tag[9] = (byte) (300 & 0x7F);
        Path f = dir.resolve("podcast.mp3");
        try (var out = Files.newOutputStream(f)) {
            out.write(tag);
            out.write(audio);
        }
        LongFileAssertions.assertMixedAndSplitAsWhole(f, 2);
    }
}
