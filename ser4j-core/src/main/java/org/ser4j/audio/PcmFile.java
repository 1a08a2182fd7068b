package org.ser4j.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Interleaved sample frames in one stretch of a file (a WAV data chunk, an AIFF SSND chunk), read block
 * by block: a long recording mixed to one channel, or one of its channels, without its bytes or its
 * other channels ever held. What the WAV and AIFF readers share; each says where the frames lie and how
 * a sample's bytes become a float ({@link Sample}), and the samples are theirs to the bit.
 *
 * <p>Samples are visited frame by frame, channel by channel, as the whole decoders visit them, so that
 * a sample that is not a number is reported as the whole decoder reports it (the first in the file).
 */
final class PcmFile {

    /** A sample's value from its bytes at {@code p} in {@code block}; {@code index} counts frames from the first. */
    @FunctionalInterface
    interface Sample {
        float at(byte[] block, int p, int channel, int index) throws AudioDecodeException;
    }

    /** Sample frames read at once, unless {@link #MAX_BLOCK_BYTES} allows fewer. */
    static final int BLOCK_FRAMES = 1 << 16;
    /** Most bytes read at once, whatever the frame size (a WAV header may claim 65,535 bytes a frame). */
    private static final int MAX_BLOCK_BYTES = 4 << 20;

    private final String format;
    private final String source;
    private final long offset;
    private final int frames;
    private final int channels;
    private final int frameBytes;
    private final int sampleBytes;
    private final Sample sample;

    /**
     * @param format the format's name for messages ("WAV", "AIFF")
     * @param offset where the first frame starts in the file
     * @param frames frames to read (at most an array's length)
     * @param frameBytes bytes a frame; each channel's sample takes {@code frameBytes / channels}, in channel order
     */
    PcmFile(String format, String source, long offset, int frames, int channels, int frameBytes, Sample sample) {
        this.format = format;
        this.source = source;
        this.offset = offset;
        this.frames = frames;
        this.channels = channels;
        this.frameBytes = frameBytes;
        this.sampleBytes = frameBytes / channels;
        this.sample = sample;
    }

    /**
     * The frames mixed as {@link AudioClip#downmix()} mixes them: the channels' mean, or where the mean
     * cancels them the loudest channel, read again alone.
     */
    float[] mixed(FileChannel in, int blockFrames) throws IOException {
        float[] out = new float[frames];
        Downmix mix = new Downmix(channels);
        forEachBlock(in, blockFrames, (block, first, n) -> {
            for (int i = 0, p = 0; i < n; i++) {
                for (int c = 0; c < channels; c++, p += sampleBytes) {
                    mix.add(c, sample.at(block, p, c, first + i));
                }
                out[first + i] = mix.endFrame();
            }
        });
        int loudest = mix.loudestIfCancelled(frames);
        if (loudest >= 0) {
            read(in, blockFrames, loudest, out);
        }
        return out;
    }

    /**
     * Channel {@code channel} alone. With {@code everySample}, every other channel's samples are converted
     * too (and dropped), so that one that is not a number fails as it fails the whole decoder: for encodings
     * where a sample can be invalid (floats).
     */
    float[] channel(FileChannel in, int blockFrames, int channel, boolean everySample) throws IOException {
        if (channel < 0 || channel >= channels) {
            throw new IllegalArgumentException("channel " + channel + " of " + channels);
        }
        if (everySample) {
            forEachBlock(in, blockFrames, (block, first, n) -> {
                for (int i = 0, p = 0; i < n; i++) {
                    for (int c = 0; c < channels; c++, p += sampleBytes) {
                        sample.at(block, p, c, first + i);
                    }
                }
            });
        }
        float[] out = new float[frames];
        read(in, blockFrames, channel, out);
        return out;
    }

    private void read(FileChannel in, int blockFrames, int channel, float[] out) throws IOException {
        int at = channel * sampleBytes;
        forEachBlock(in, blockFrames, (block, first, n) -> {
            for (int i = 0, p = at; i < n; i++, p += frameBytes) {
                out[first + i] = sample.at(block, p, channel, first + i);
            }
        });
    }

    /** What {@link #forEachBlock} hands over: the bytes of {@code n} frames from frame {@code first}. */
    @FunctionalInterface
    private interface BlockConsumer {
        void accept(byte[] block, int first, int n) throws AudioDecodeException;
    }

    /** The frames, in blocks of at most {@code blockFrames} (and {@link #MAX_BLOCK_BYTES}). */
    private void forEachBlock(FileChannel in, int blockFrames, BlockConsumer each) throws IOException {
        int perBlock = Math.max(1, Math.min(blockFrames, MAX_BLOCK_BYTES / frameBytes));
        byte[] block = new byte[perBlock * frameBytes];
        for (int first = 0; first < frames; first += perBlock) {
            int n = Math.min(perBlock, frames - first);
            readFully(in, ByteBuffer.wrap(block, 0, n * frameBytes), offset + (long) first * frameBytes, format, source);
            each.accept(block, first, n);
        }
    }

    /** Fills {@code into} from {@code position}; a file that ends first was cut short while being read. */
    static void readFully(FileChannel in, ByteBuffer into, long position, String format, String source) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = in.read(into, at);
            if (read < 0) {
                throw new AudioDecodeException(source, format + " file ended at byte " + at + " while its samples were read"
                        + " (was it cut short while being read?)");
            }
            at += read;
        }
    }
}
