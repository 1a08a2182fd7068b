package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.testing.FlacTestWriter;

/**
 * FLAC mixed (or one channel kept) while it is decoded gives the samples of decoding it whole and
 * calling {@link AudioClip#downmix()} (or taking the channel), to the bit, with the whole decoder's
 * errors and limits; {@link AudioDecoder#decodeDownmixed} and {@link AudioDecoder#forEachChannel} take
 * that path for a FLAC file over {@link AudioDecoder#STREAM_BYTES}.
 */
class FlacDownmixTest {

    @TempDir
    Path dir;

    private static int[][] samples(int channels, int frames, int bits, long seed, boolean inverted) {
        Random rng = new Random(seed);
        int max = (1 << (bits - 1)) - 1;
        int[][] x = new int[channels][frames];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                double v = 0.3 * Math.sin(0.01 * i * (c + 1)) + 0.1 * rng.nextGaussian();
                x[c][i] = (int) Math.max(-max, Math.min(max, Math.round(v * max)));
            }
            if (inverted) {
                x[1][i] = -x[0][i] + (i % 7 == 0 ? 1 : 0); // the mean cancels: the loudest channel is heard
            }
        }
        return x;
    }

    @Test
    void mixedAndSingleChannelsAreTheWholeDecodersSamples() throws IOException {
        for (int channels : new int[] {1, 2, 6}) {
            for (int bits : new int[] {8, 16, 24}) {
                for (boolean inverted : channels == 1 ? new boolean[] {false} : new boolean[] {false, true}) {
                    byte[] flac = FlacTestWriter.encode(samples(channels, 5_003, bits, channels * 7L + bits, inverted), 16_000,
                            bits, 1152);
                    String what = channels + " channels, " + bits + " bits" + (inverted ? ", inverted" : "");
                    AudioClip whole = AudioDecoder.decode(flac, "a.flac");
                    assertArrayEquals(whole.downmix(), FlacDecoder.downmixed(flac, 0, "a.flac", DecodeLimits.NONE).channels()[0], what);
                    assertEquals(channels, FlacDecoder.channels(flac, 0, "a.flac", DecodeLimits.NONE));
                    for (int c = 0; c < channels; c++) {
                        assertArrayEquals(whole.channels()[c], FlacDecoder.channel(flac, 0, "a.flac", DecodeLimits.NONE, c).channels()[0],
                                what + ", channel " + c);
                    }
                }
            }
        }
    }

    @Test
    void errorsAndLimitsCountEveryChannelAsTheWholeDecoderDoes() {
        byte[] flac = FlacTestWriter.encode(samples(2, 40_000, 16, 3, false), 8_000, 16, 4096); // 5 s
        AudioLimitException whole = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(flac, "a.flac", DecodeLimits.ofSeconds(2)));
        AudioLimitException mixed = assertThrows(AudioLimitException.class,
                () -> FlacDecoder.downmixed(flac, 0, "a.flac", DecodeLimits.ofSeconds(2)));
        assertEquals(whole.getMessage(), mixed.getMessage());
        // 70,000 samples in all: over the limit for the two channels together, though one channel is kept
        DecodeLimits samples = DecodeLimits.NONE.withMaxSamples(70_000);
        assertThrows(AudioLimitException.class, () -> AudioDecoder.decode(flac, "a.flac", samples));
        assertThrows(AudioLimitException.class, () -> FlacDecoder.channel(flac, 0, "a.flac", samples, 1));
        byte[] cut = java.util.Arrays.copyOf(flac, flac.length - 500);
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> FlacDecoder.downmixed(cut, 0, "cut.flac", DecodeLimits.NONE));
        assertEquals(assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(cut, "cut.flac")).getMessage(), e.getMessage());
    }

    @Test
    void aFlacFileOverTheThresholdIsMixedWhileDecoded() throws IOException {
        // VERBATIM frames: 16-bit stereo takes 4 bytes a frame, so this is just over the threshold
        int frames = (int) (AudioDecoder.STREAM_BYTES / 4) + 5_000;
        Path f = dir.resolve("long.flac");
        Files.write(f, FlacTestWriter.encode(samples(2, frames, 16, 5, false), 48_000, 16, 4096));
        LongFileAssertions.assertMixedAndSplitAsWhole(f, 2);
    }
}
