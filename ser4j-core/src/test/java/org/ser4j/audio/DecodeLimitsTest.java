package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.ser4j.audio.AudioDecoderTest.chunk;
import static org.ser4j.audio.AudioDecoderTest.fmt;
import static org.ser4j.audio.AudioDecoderTest.riff;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ser4j.testing.FlacTestWriter;

/**
 * {@link DecodeLimits}: a long but tiny input (an hour of constant FLAC is ~0.5 MB) is refused with
 * {@link AudioLimitException} before its samples are allocated. Memory is checked with the bytes the
 * test thread allocated (HotSpot's per-thread counter), not with timings.
 */
class DecodeLimitsTest {

    private static final int RATE = 48_000;
    private static final int BLOCK = 4096;
    private static final int HOUR_FRAMES = 3600 * RATE;
    private static final long MIB = 1 << 20;

    /** One hour of 48 kHz mono FLAC in constant subframes (a few bytes per 4096 samples). */
    private static byte[] hourOfFlac(boolean declareLength) {
        int frames = HOUR_FRAMES / BLOCK; // 42187 blocks = 3599.96 s
        return FlacTestWriter.encodeConstant(1, RATE, 16, BLOCK, frames, declareLength ? (long) frames * BLOCK : 0);
    }

    @Test
    void hourOfFlacWithDeclaredLengthIsRefusedFromItsHeader() {
        byte[] flac = hourOfFlac(true);
        assertTrue(flac.length < MIB, "the bomb is small: " + flac.length + " bytes");
        AudioLimitException e = refused(flac, DecodeLimits.ofSeconds(600));
        assertEquals(AudioLimitException.Limit.DURATION, e.limit());
        assertEquals("hour.flac: is 3600.0 s long, longer than the limit of 600 s; cut it into shorter recordings",
                e.getMessage());
        long allocated = allocatedBy(() -> refused(flac, DecodeLimits.ofSeconds(600)));
        assertTrue(allocated < MIB, "refused before decoding, allocated " + allocated + " bytes");
    }

    @Test
    void hourOfFlacOfUnknownLengthStopsAtTheLimit() {
        byte[] flac = hourOfFlac(false);
        double limit = 20;
        AudioLimitException e = refused(flac, DecodeLimits.ofSeconds(limit));
        assertEquals("hour.flac: is longer than the limit of 20 s (decoding stopped there); cut it into shorter recordings",
                e.getMessage());
        // without the limit the hour would take 691 MB of floats; with it the buffers never pass 20 s
        long limitBytes = (long) (limit * RATE * Float.BYTES);
        long allocated = allocatedBy(() -> refused(flac, DecodeLimits.ofSeconds(limit)));
        assertTrue(allocated < 3 * limitBytes, "allocated " + allocated + " bytes, limit " + limitBytes);
    }

    @Test
    void hourOfWavIsRefusedBeforeItsSamplesAreAllocated() {
        byte[] hour = hourOfWav8k();
        AudioLimitException e = refused(hour, DecodeLimits.ofSeconds(3599.5));
        assertEquals("hour.flac: is 3600.0 s long, longer than the limit of 3599.5 s; cut it into shorter recordings",
                e.getMessage());
        long allocated = allocatedBy(() -> refused(hour, DecodeLimits.ofSeconds(600)));
        assertTrue(allocated < MIB, "allocated " + allocated + " bytes for a 115 MB decode");
    }

    @Test
    void mp3IsCutOffWhileDecoding() throws IOException {
        byte[] mp3;
        try (InputStream in = DecodeLimitsTest.class.getResourceAsStream("sine-1khz-44100-mono.mp3")) {
            mp3 = in.readAllBytes();
        }
        double length = AudioDecoder.decode(mp3, "sine.mp3").durationSeconds();
        AudioLimitException e = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(mp3, "sine.mp3", DecodeLimits.ofSeconds(length / 2)));
        assertTrue(e.getMessage().startsWith("sine.mp3: is longer than the limit of "), e.getMessage());
        assertEquals(length, AudioDecoder.decode(mp3, "sine.mp3", DecodeLimits.ofSeconds(length)).durationSeconds());
    }

    @Test
    void sampleLimitBoundsManyChannelsAtHighRates() {
        byte[] flac = FlacTestWriter.encodeConstant(8, 192_000, 16, BLOCK, 100, 100L * BLOCK);
        AudioLimitException e = refused(flac, DecodeLimits.ofSeconds(600).withMaxBytes(2 * MIB));
        assertEquals(AudioLimitException.Limit.SIZE, e.limit());
        assertEquals("hour.flac: decodes to 3276800 samples (8 channels x 409600 at 192000 Hz, 12 MiB), more than the"
                + " limit of 524288 samples (2 MiB); downmix, resample or shorten it", e.getMessage());
        AudioLimitException streamed = refused(FlacTestWriter.encodeConstant(8, 192_000, 16, BLOCK, 100, 0),
                DecodeLimits.NONE.withMaxSamples(100_000));
        assertTrue(streamed.getMessage().startsWith("hour.flac: decodes to more than 100000 samples (8 channels at 192000 Hz;"
                + " decoding stopped there)"), streamed.getMessage());
    }

    @Test
    void inputsAtTheLimitDecode() throws AudioDecodeException {
        byte[] second = WavEncoder.encode(AudioClip.mono(new float[8000], 8000), WavFormat.PCM_16);
        assertEquals(8000, AudioDecoder.decode(second, "1s.wav", DecodeLimits.ofSeconds(1)).frames());
        assertEquals(8000, AudioDecoder.decode(second, "1s.wav", DecodeLimits.NONE.withMaxSamples(8000)).frames());
        byte[] more = WavEncoder.encode(AudioClip.mono(new float[8001], 8000), WavFormat.PCM_16);
        assertThrows(AudioLimitException.class, () -> AudioDecoder.decode(more, "1s.wav", DecodeLimits.ofSeconds(1)));
        byte[] flac = FlacTestWriter.encodeConstant(2, RATE, 16, BLOCK, 10, 0);
        assertEquals(10 * BLOCK, AudioDecoder.decode(flac, "x.flac", DecodeLimits.NONE.withMaxSamples(20L * BLOCK)).frames());
        assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(flac, "x.flac", DecodeLimits.NONE.withMaxSamples(20L * BLOCK - 1)));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.ofSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.ofSeconds(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.NONE.withMaxSamples(0));
        assertThrows(IllegalArgumentException.class, () -> AudioDecoder.decode(new byte[4], "x", null));
    }

    private static AudioLimitException refused(byte[] data, DecodeLimits limits) {
        return assertThrows(AudioLimitException.class, () -> AudioDecoder.decode(data, "hour.flac", limits));
    }

    /** One hour of 8 kHz 8-bit mono WAV (28.8 MB), built directly. */
    private static byte[] hourOfWav8k() {
        int frames = 3600 * 8000;
        byte[] hour = new byte[44 + frames];
        Arrays.fill(hour, 44, hour.length, (byte) 128);
        System.arraycopy(riff(chunk("fmt ", fmt(1, 1, 8000, 8))), 0, hour, 0, 36);
        ByteBuffer.wrap(hour).order(ByteOrder.LITTLE_ENDIAN).putInt(4, hour.length - 8).put(36, (byte) 'd')
                .put(37, (byte) 'a').put(38, (byte) 't').put(39, (byte) 'a').putInt(40, frames);
        return hour;
    }

    /** Bytes allocated by this thread while running {@code action}. */
    private static long allocatedBy(Executable action) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "skipped: this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "skipped: per-thread allocation counting is off");
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        try {
            action.execute();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }
}
