package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Growth of the decoders' sample buffers: from what was decoded, up to a declared length, within the limits. */
class SampleAccumulatorTest {

    private static int fill(SampleAccumulator acc, int frames, int block) throws AudioDecodeException {
        int capacityGrowths = 0;
        float[] seen = acc.channel(0);
        while (acc.frames() < frames) {
            int n = Math.min(block, frames - acc.frames());
            int first = acc.reserve(n);
            for (int i = 0; i < n; i++) {
                acc.channel(0)[first + i] = first + i;
                acc.channel(1)[first + i] = -(first + i);
            }
            if (acc.channel(0) != seen) {
                capacityGrowths++;
                seen = acc.channel(0);
            }
        }
        return capacityGrowths;
    }

    @Test
    void aDeclaredLengthEndsTheArraysAtItsLengthSoNoTrimmingCopyIsMade() throws AudioDecodeException {
        SampleAccumulator acc = new SampleAccumulator("a.flac", 2, 8000, Long.MAX_VALUE, DecodeLimits.NONE);
        acc.expect(1_000_000);
        fill(acc, 1_000_000, 4096);
        float[] last = acc.channel(0);
        assertEquals(1_000_000, last.length, "capacity stopped at the declared length");
        AudioClip clip = acc.toClip(8000);
        assertSame(last, clip.channels()[0]);
        assertEquals(999_999f, clip.channels()[0][999_999]);
        assertEquals(-999_999f, clip.channels()[1][999_999]);
    }

    @Test
    void withoutADeclaredLengthCapacityDoublesAndIsTrimmedAtTheEnd() throws AudioDecodeException {
        SampleAccumulator acc = new SampleAccumulator("a.mp3", 2, 8000, Long.MAX_VALUE, DecodeLimits.NONE);
        int growths = fill(acc, 1_000_000, 4096);
        assertTrue(growths <= 11, growths + " growths from 1,024 frames: doubling");
        float[] last = acc.channel(0);
        assertTrue(last.length > 1_000_000);
        AudioClip clip = acc.toClip(8000);
        assertNotSame(last, clip.channels()[0]);
        assertEquals(1_000_000, clip.frames());
    }

    @Test
    void aDeclaredLengthAllocatesNothingAheadOfWhatIsDecoded() throws AudioDecodeException {
        SampleAccumulator acc = new SampleAccumulator("bomb.flac", 2, 8000, Long.MAX_VALUE, DecodeLimits.NONE);
        acc.expect(1L << 40); // a header's claim
        fill(acc, 5_000, 4096);
        assertTrue(acc.channel(0).length <= 2 * 8192, "capacity " + acc.channel(0).length + " for 5,000 frames decoded");
        // and beyond the input's own bound, decoding stops whatever the header says
        SampleAccumulator small = new SampleAccumulator("bomb.flac", 2, 8000, 10_000, DecodeLimits.NONE);
        small.expect(1L << 40);
        assertThrows(AudioDecodeException.class, () -> fill(small, 6_000, 4096));
    }

    @Test
    void aCountedLengthIsAllocatedAtOnceWithinTheLimitsAndTheInputsBound() throws AudioDecodeException {
        SampleAccumulator acc = new SampleAccumulator("a.mp3", 2, 8000, Long.MAX_VALUE, DecodeLimits.NONE);
        acc.presize(1_000_000);
        assertEquals(0, fill(acc, 1_000_000, 1152), "never grown");
        float[] last = acc.channel(0);
        assertSame(last, acc.toClip(8000).channels()[0], "no trimming copy");
        // beyond the limits (10 s at 8 kHz) or the input's bound: not allocated, and decoding fails where it would have
        SampleAccumulator limited = new SampleAccumulator("a.mp3", 2, 8000, Long.MAX_VALUE, DecodeLimits.ofSeconds(10));
        limited.presize(1_000_000);
        assertTrue(limited.channel(0).length <= 1024);
        assertThrows(AudioLimitException.class, () -> fill(limited, 1_000_000, 1152));
        SampleAccumulator bounded = new SampleAccumulator("a.mp3", 2, 8000, 100_000, DecodeLimits.NONE);
        bounded.presize(1_000_000);
        assertTrue(bounded.channel(0).length <= 1024);
    }
}
