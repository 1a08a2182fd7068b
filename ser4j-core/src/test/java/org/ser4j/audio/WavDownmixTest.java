package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AudioDecoder#decodeDownmixed}: a large WAV file mixed block by block gives the samples of
 * decoding it whole and calling {@link AudioClip#downmix()}, to the bit, for every encoding, channel
 * count and header the whole decoder reads; anything else goes to the whole decoder and its errors.
 */
class WavDownmixTest {

    /** Blocks far smaller than the default, so that every file here crosses several block edges. */
    private static final int BLOCK = 1000;

    @TempDir
    Path dir;

    private static AudioClip signal(int channels, int frames, int rate, long seed) {
        Random rng = new Random(seed);
        float[][] x = new float[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                x[c][i] = (float) Math.max(-1, Math.min(0.999, 0.3 * Math.sin(0.01 * i * (c + 1)) + 0.2 * rng.nextGaussian()));
            }
        }
        return new AudioClip(x, rate);
    }

    private Path write(String name, byte[] wav) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, wav);
        return f;
    }

    private static void assertSameAsWhole(Path f) throws IOException {
        AudioClip decoded = AudioDecoder.decode(f);
        assertEquals(decoded.channelCount(), WavDecoder.channels(f, f.toString()), f.toString());
        for (int c = 0; c < decoded.channelCount(); c++) {
            assertArrayEquals(decoded.channels()[c], WavDecoder.channel(f, f.toString(), DecodeLimits.NONE, BLOCK, c).channels()[0],
                    f + " channel " + c);
        }
        float[] whole = AudioDecoder.decode(f).downmix();
        AudioClip mixed = WavDecoder.downmixed(f, f.toString(), DecodeLimits.NONE, BLOCK);
        assertEquals(1, mixed.channelCount(), f.toString());
        assertArrayEquals(whole, mixed.channels()[0], f.toString()); // exact: the same arithmetic in the same order
        assertEquals(AudioDecoder.decode(f).sampleRate(), mixed.sampleRate());
    }

    @Test
    void everyEncodingAndChannelCountMixesAsTheWholeDecoderDoes() throws IOException {
        for (WavFormat format : WavFormat.values()) {
            for (int channels : new int[] {1, 2, 6}) {
                for (WavEncoder.Header header : WavEncoder.Header.values()) {
                    AudioClip clip = signal(channels, 10_007, 16_000, channels * 31L + format.ordinal());
                    assertSameAsWhole(write(format + "-" + channels + "-" + header + ".wav", WavEncoder.encode(clip, format, header)));
                }
            }
        }
    }

    @Test
    void aFrameOfTensOfKilobytesIsReadInBlocksThatFitInMemory() throws IOException {
        // 4,200 channels of doubles: 33,600 bytes a frame, so 64 Ki frames a block would pass 2 GiB (an int overflows)
        Path f = write("wide.wav", WavEncoder.encode(signal(4_200, 300, 8_000, 19), WavFormat.FLOAT_64));
        float[] whole = AudioDecoder.decode(f).downmix();
        assertArrayEquals(whole, WavDecoder.downmixed(f, "wide", DecodeLimits.NONE, PcmFile.BLOCK_FRAMES).channels()[0]);
    }

    @Test
    void aPhaseInvertedChannelIsLeftOutAsTheWholeDecoderLeavesItOut() throws IOException {
        AudioClip clip = signal(2, 5_500, 8_000, 3);
        float[][] x = clip.channels();
        for (int i = 0; i < x[0].length; i++) {
            x[1][i] = -0.8f * x[0][i]; // the mean keeps 1% of the power: the louder channel is taken
        }
        Path f = write("inverted.wav", WavEncoder.encode(clip, WavFormat.PCM_16));
        assertSameAsWhole(f);
        assertArrayEquals(AudioDecoder.decode(f).channels()[0], WavDecoder.downmixed(f, "f", DecodeLimits.NONE, BLOCK).channels()[0]);
    }

    @Test
    void muLawAStreamedLengthAndATrailingPartialFrameAreReadAsWhole() throws IOException {
        byte[] codes = new byte[4_001]; // 2,000 stereo frames and one stray byte
        new Random(9).nextBytes(codes);
        byte[] fmt = AudioDecoderTest.fmt(7, 2, 8000, 8);
        assertSameAsWhole(write("mulaw.wav", AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", fmt),
                AudioDecoderTest.chunk("LIST", new byte[37]), AudioDecoderTest.chunk("data", codes))));
        byte[] streamed = AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", fmt), AudioDecoderTest.chunk("data", codes));
        ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN).putInt(40, -1); // 0xFFFFFFFF: "to the end"
        assertSameAsWhole(write("streamed.wav", streamed));
        // RF64: the data chunk's length in the ds64 chunk (here shorter than what follows: a LIST after it)
        byte[] samples = new byte[2 * 2_500];
        new Random(10).nextBytes(samples);
        ByteBuffer ds64 = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        ds64.putLong(0).putLong(samples.length).putLong(2_500).putInt(0);
        byte[] data = AudioDecoderTest.chunk("data", samples);
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1);
        byte[] rf64 = AudioDecoderTest.riff(AudioDecoderTest.chunk("ds64", ds64.array()),
                AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(1, 1, 8000, 16)), data, AudioDecoderTest.chunk("LIST", new byte[6]));
        System.arraycopy("RF64".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, rf64, 0, 4);
        Path rf = write("big.rf64.wav", rf64);
        assertSameAsWhole(rf);
        assertEquals(2_500, WavDecoder.downmixed(rf, "rf", DecodeLimits.NONE, BLOCK).frames());
    }

    @Test
    void whatItCannotReadSoGoesToTheWholeDecoder() throws IOException {
        byte[] good = WavEncoder.encode(signal(2, 3_000, 8_000, 5), WavFormat.PCM_16);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 100); // data claims more than the file holds
        Path t = write("truncated.wav", truncated);
        assertNull(WavDecoder.downmixed(t, "t", DecodeLimits.NONE, BLOCK));
        byte[] dataFirst = AudioDecoderTest.riff(AudioDecoderTest.chunk("data", new byte[8]),
                AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(1, 1, 8000, 16)));
        assertNull(WavDecoder.downmixed(write("data-first.wav", dataFirst), "d", DecodeLimits.NONE, BLOCK));
        byte[] secondFmt = AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(1, 1, 8000, 16)),
                AudioDecoderTest.chunk("data", new byte[8]), AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(1, 2, 8000, 16)));
        Path second = write("second-fmt.wav", secondFmt); // the whole decoder takes the later fmt: two channels
        assertNull(WavDecoder.downmixed(second, "s", DecodeLimits.NONE, BLOCK));
        assertEquals(2, AudioDecoder.decode(second).channelCount());
        byte[] avi = good.clone();
        avi[8] = 'A'; // RIFF of type "AVE ": not WAVE
        assertNull(WavDecoder.downmixed(write("avi.wav", avi), "a", DecodeLimits.NONE, BLOCK));
        byte[] adpcm = AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(0x11, 1, 8000, 4)),
                AudioDecoderTest.chunk("data", new byte[256]));
        assertNull(WavDecoder.downmixed(write("adpcm.wav", adpcm), "i", DecodeLimits.NONE, BLOCK)); // for ffmpeg, or refused
        // through the public entry, these get the whole decoder's answer
        assertArrayEquals(new float[] {0, 0, 0, 0}, AudioDecoder.decodeDownmixed(write("data-first2.wav", dataFirst),
                DecodeLimits.NONE).channels()[0]);
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decodeDownmixed(t, DecodeLimits.NONE));
        assertEquals(assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(t)).getMessage(), e.getMessage());
    }

    @Test
    void badSamplesAndLimitsEndAsInTheWholeDecoder() throws IOException {
        float[] x = new float[3_000];
        x[2_345] = Float.NaN;
        ByteBuffer floats = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            floats.putFloat(v);
        }
        Path nan = write("nan.wav", AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(3, 1, 8000, 32)),
                AudioDecoderTest.chunk("data", floats.array())));
        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> WavDecoder.downmixed(nan, nan.toString(), DecodeLimits.NONE, BLOCK));
        assertEquals(assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(nan)).getMessage(), e.getMessage());
        // two channels, NaN in channel 1 at frame 1,010 and in channel 0 at frame 1,200: every path names the first in the file
        ByteBuffer pair = ByteBuffer.allocate(4 * 2 * 1_500).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2 * 1_500; i++) {
            pair.putFloat(i == 2 * 1_010 + 1 || i == 2 * 1_200 ? Float.NaN : 0.25f);
        }
        Path nans = write("nans.wav", AudioDecoderTest.riff(AudioDecoderTest.chunk("fmt ", AudioDecoderTest.fmt(3, 2, 8000, 32)),
                AudioDecoderTest.chunk("data", pair.array())));
        String first = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(nans)).getMessage();
        assertTrue(first.contains("sample 1010 of channel 1"), first);
        assertEquals(first, assertThrows(AudioDecodeException.class,
                () -> WavDecoder.downmixed(nans, nans.toString(), DecodeLimits.NONE, BLOCK)).getMessage());
        for (int c = 0; c < 2; c++) {
            int channel = c;
            assertEquals(first, assertThrows(AudioDecodeException.class,
                    () -> WavDecoder.channel(nans, nans.toString(), DecodeLimits.NONE, BLOCK, channel)).getMessage(), "channel " + c);
        }
        Path ten = write("ten.wav", WavEncoder.encode(signal(2, 80_000, 8_000, 1), WavFormat.PCM_16));
        AudioLimitException limit = assertThrows(AudioLimitException.class,
                () -> WavDecoder.downmixed(ten, ten.toString(), DecodeLimits.ofSeconds(5), BLOCK));
        assertEquals(assertThrows(AudioLimitException.class, () -> AudioDecoder.decode(ten, DecodeLimits.ofSeconds(5))).getMessage(),
                limit.getMessage());
    }

    /**
     * Damaged headers: the block-by-block reader either leaves the file to the whole decoder (null), or
     * fails as the whole decoder fails, or gives the whole decoder's mix; nothing else escapes it.
     */
    @Test
    void damagedHeadersNeverGiveOtherSamplesThanTheWholeDecoder() throws IOException {
        byte[] good = WavEncoder.encode(signal(2, 700, 8_000, 17), WavFormat.PCM_16, WavEncoder.Header.EXTENSIBLE);
        // the headers: RIFF, fmt (40 bytes), data's
        int read = LongFileAssertions.assertDamagedHeadersNeverGiveOtherSamples(dir, ".wav", good, 80,
                f -> WavDecoder.downmixed(f, f.toString(), DecodeLimits.NONE, 64));
        assertTrue(read > 100, read + " damaged files still read block by block");
    }

    @Test
    void aSmallFileIsDecodedOnceAndHandedOverChannelByChannel() throws IOException {
        Path f = write("small.wav", WavEncoder.encode(signal(3, 2_000, 8_000, 13), WavFormat.PCM_24));
        AudioClip whole = AudioDecoder.decode(f);
        int[] count = {0};
        AudioDecoder.forEachChannel(f, DecodeLimits.NONE, (c, channels, clip) -> {
            assertEquals(3, channels);
            assertArrayEquals(whole.channels()[c], clip.channels()[0]);
            count[0]++;
        });
        assertEquals(3, count[0]);
        Path missing = dir.resolve("missing.wav");
        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.forEachChannel(missing, DecodeLimits.NONE, (c, channels, clip) -> { }));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void aFileOverTheThresholdIsMixedBlockByBlockToTheSameSamples() throws IOException {
        int frames = (int) (AudioDecoder.STREAM_BYTES / 4) + 12_345; // 16-bit stereo: just over the threshold
        Path f = write("long.wav", WavEncoder.encode(signal(2, frames, 48_000, 11), WavFormat.PCM_16));
        LongFileAssertions.assertMixedAndSplitAsWhole(f, 2);
        AudioLimitException limit = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.forEachChannel(f, DecodeLimits.ofSeconds(10), (c, channels, clip) -> { }));
        assertTrue(limit.getMessage().contains("longer than the limit of 10 s"), limit.getMessage());
    }
}
