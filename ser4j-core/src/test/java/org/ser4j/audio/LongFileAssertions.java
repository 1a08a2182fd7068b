package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** What the tests of the decoders that mix while reading (WAV, AIFF, FLAC, MP3) assert alike. */
final class LongFileAssertions {

    private LongFileAssertions() {}

    /**
     * {@code f}, a file over {@link AudioDecoder#STREAM_BYTES}, mixed by {@link AudioDecoder#decodeDownmixed}
     * and split by {@link AudioDecoder#forEachChannel} to the whole decoder's samples, channel by channel in order.
     */
    static AudioClip assertMixedAndSplitAsWhole(Path f, int channels) throws IOException {
        assertTrue(Files.size(f) > AudioDecoder.STREAM_BYTES, Files.size(f) + " bytes");
        AudioClip whole = AudioDecoder.decode(f);
        assertEquals(channels, whole.channelCount());
        AudioClip mixed = AudioDecoder.decodeDownmixed(f, DecodeLimits.NONE);
        assertArrayEquals(whole.downmix(), mixed.channels()[0]);
        assertEquals(whole.sampleRate(), mixed.sampleRate());
        List<Integer> seen = new ArrayList<>();
        AudioDecoder.forEachChannel(f, DecodeLimits.NONE, (c, count, clip) -> {
            assertEquals(channels, count);
            assertArrayEquals(whole.channels()[c], clip.channels()[0], "channel " + c);
            seen.add(c);
        });
        assertEquals(channels, seen.size());
        for (int c = 0; c < channels; c++) {
            assertEquals(c, seen.get(c));
        }
        return whole;
    }

    /** A reader that mixes a file while reading it, or answers null to leave it to the whole decoder. */
    @FunctionalInterface
    interface Streamed {
        AudioClip mixed(Path f) throws IOException;
    }

    /**
     * Damaged headers: 1,500 copies of {@code good} with 1-3 of its first {@code headerBytes} bytes changed.
     * The reader either leaves each to the whole decoder (null), or fails as the whole decoder fails, or gives
     * the whole decoder's mix; nothing else escapes it. Returns how many it read itself.
     */
    static int assertDamagedHeadersNeverGiveOtherSamples(Path dir, String ext, byte[] good, int headerBytes, Streamed reader)
            throws IOException {
        Random rng = new Random(2026);
        int read = 0;
        for (int trial = 0; trial < 1_500; trial++) {
            byte[] bad = good.clone();
            for (int k = 1 + rng.nextInt(3); k > 0; k--) {
                bad[rng.nextInt(headerBytes)] = (byte) rng.nextInt(256);
            }
            Path f = dir.resolve("bad-" + trial + ext);
            Files.write(f, bad);
            AudioClip whole;
            try {
                whole = AudioDecoder.decode(f, AudioDecoderFuzzTest.DECODERS_OF_OUR_OWN);
            } catch (AudioDecodeException e) {
                whole = null;
            }
            AudioClip mixed;
            try {
                mixed = reader.mixed(f);
            } catch (AudioDecodeException e) {
                assertNull(whole, "trial " + trial + ": refused while read but read whole: " + e.getMessage());
                Files.delete(f);
                continue;
            }
            if (mixed != null) {
                assertTrue(whole != null, "trial " + trial + ": read while streamed but not whole");
                assertArrayEquals(whole.downmix(), mixed.channels()[0], "trial " + trial);
                read++;
            }
            Files.delete(f);
        }
        return read;
    }
}
