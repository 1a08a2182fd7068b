package org.ser4j.audio;

import java.util.Arrays;

/**
 * Growable per-channel float buffers for decoders that learn the length only by decoding (FLAC, MP3).
 * Capacity grows geometrically from what was actually decoded, never from a header's claim (but for
 * {@link #presize}, which the long-file paths use on the caller's own files), and the total is capped
 * so that a small input cannot expand into gigabytes: by the input size, and by the caller's
 * {@link DecodeLimits} (checked before each growth, so capacity never exceeds them).
 */
final class SampleAccumulator {

    /** Largest Java array length that VMs reliably allocate. */
    private static final int MAX_FRAMES = Integer.MAX_VALUE - 8;

    private final String source;
    private final long maxSamples;
    private final int sampleRate;
    private final DecodeLimits limits;
    /** Most frames the limits allow: capacity never grows beyond it. */
    private final long limitFrames;
    /** Channels of the stream, counted by the limits. */
    private final int counted;
    private float[][] channels;
    private int frames;
    /** Frames the stream's header declares (0: unknown): growth stops there, so the arrays end at their length. */
    private long declaredFrames;

    /**
     * @param maxSamples most samples (frames x channels) the input may produce; exceeding it is an error
     * @param limits the caller's limits; exceeding them is an {@link AudioLimitException}
     */
    SampleAccumulator(String source, int channelCount, int sampleRate, long maxSamples, DecodeLimits limits) {
        this(source, channelCount, channelCount, sampleRate, maxSamples, limits);
    }

    /**
     * @param kept channels held (one for a decoder that mixes or picks a channel as it goes)
     * @param counted channels of the stream, which the limits and {@code maxSamples} count
     */
    SampleAccumulator(String source, int kept, int counted, int sampleRate, long maxSamples, DecodeLimits limits) {
        this.source = source;
        this.maxSamples = maxSamples;
        this.sampleRate = sampleRate;
        this.limits = limits;
        this.counted = counted;
        this.limitFrames = limits.maxFrames(sampleRate, counted);
        this.channels = new float[kept][1024];
    }

    int frames() {
        return frames;
    }

    /**
     * The frames the stream's header declares (FLAC's STREAMINFO), already checked against the limits:
     * capacity then grows no further than that, so that the arrays need no trimming copy at the end.
     * Growth still never runs ahead of what was decoded by more than it did (a header's claim alone
     * allocates nothing).
     */
    void expect(long frames) {
        this.declaredFrames = frames;
    }

    /**
     * The frames the stream holds, counted from the stream itself (MP3's frame headers) or declared by a
     * length decoding never goes past (FLAC's STREAMINFO): capacity is set to that length at once, so that
     * the arrays never grow and need no trimming copy. Ignored where it is beyond the limits or the input's
     * bound (decoding then fails where it would have). For the long-file paths, which read the caller's
     * own files; a decoder of uploads uses {@link #expect}, which allocates nothing ahead of decoding.
     */
    void presize(long frames) {
        if (frames > channels[0].length && frames <= Math.min(MAX_FRAMES, limitFrames) && frames * counted <= maxSamples) {
            for (int c = 0; c < channels.length; c++) {
                channels[c] = new float[(int) frames];
            }
            declaredFrames = frames;
        }
    }

    /** Makes room for {@code n} more frames and returns the index of the first new frame. */
    int reserve(int n) throws AudioDecodeException {
        long needed = (long) frames + n;
        limits.check(source, needed, counted, sampleRate, false);
        if (needed * counted > maxSamples) {
            throw new AudioDecodeException(source, "decodes to more than " + maxSamples
                    + " samples, far more than its size can hold in real audio (corrupt or hostile stream)");
        }
        if (needed > MAX_FRAMES) {
            throw new AudioDecodeException(source, "decodes to more than " + MAX_FRAMES
                    + " samples per channel, more than one Java array holds; split the file");
        }
        if (needed > channels[0].length) {
            long grown = Math.max(needed, 2L * channels[0].length);
            if (declaredFrames >= needed) {
                grown = Math.min(grown, declaredFrames);
            }
            int capacity = (int) Math.min(Math.min(MAX_FRAMES, limitFrames), grown);
            for (int c = 0; c < channels.length; c++) {
                channels[c] = Arrays.copyOf(channels[c], capacity);
            }
        }
        int first = frames;
        frames += n;
        return first;
    }

    float[] channel(int c) {
        return channels[c];
    }

    AudioClip toClip(int sampleRate) {
        float[][] out = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            out[c] = channels[c].length == frames ? channels[c] : Arrays.copyOf(channels[c], frames);
        }
        channels = null;
        return new AudioClip(out, sampleRate);
    }
}
