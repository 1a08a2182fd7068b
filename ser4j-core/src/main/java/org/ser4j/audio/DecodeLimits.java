package org.ser4j.audio;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How much audio a caller accepts from one input, checked by {@link AudioDecoder} <em>before</em> the
 * samples are allocated: from the header where it states the length (WAV, FLAC with a sample count in
 * STREAMINFO), otherwise as the frames are decoded (MP3, FLAC of unknown length), so that a small but
 * highly compressed input (an hour of digital silence is a few hundred kilobytes of FLAC) cannot
 * expand into gigabytes. Exceeding a limit throws {@link AudioLimitException}.
 *
 * @param maxSeconds longest accepted duration in seconds; {@code +Infinity} for none
 * @param maxSamples most decoded samples (frames x channels, 4 bytes each) accepted; {@link Long#MAX_VALUE}
 *        for none. The duration alone does not bound memory: 8 channels at 192 kHz take 32 times the
 *        memory of mono 48 kHz for the same duration
 * @param external whether a format ser4j does not decode itself (M4A, Ogg Opus or Vorbis, WebM, AMR, ...)
 *        may be handed to an installed ffmpeg ({@link FfmpegDecoder}: system property {@code ser4j.ffmpeg},
 *        environment variable {@code SER4J_FFMPEG}, or {@code ffmpeg} on the {@code PATH}). True unless
 *        turned off: a server taking uploads from strangers turns it off unless told otherwise
 */
public record DecodeLimits(double maxSeconds, long maxSamples, boolean external) {

    /**
     * No limit beyond the decoder's own bound by input size ({@link AudioDecoder#MAX_SAMPLES_PER_INPUT_BYTE});
     * other formats through ffmpeg where one is installed.
     */
    public static final DecodeLimits NONE = new DecodeLimits(Double.POSITIVE_INFINITY, Long.MAX_VALUE, true);

    /** Duration and sample limits; other formats through ffmpeg where one is installed. */
    public DecodeLimits(double maxSeconds, long maxSamples) {
        this(maxSeconds, maxSamples, true);
    }

    public DecodeLimits {
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("maximum duration must be positive seconds, got " + maxSeconds);
        }
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("maximum sample count must be positive, got " + maxSamples);
        }
    }

    /** A duration limit only. */
    public static DecodeLimits ofSeconds(double seconds) {
        return new DecodeLimits(seconds, Long.MAX_VALUE);
    }

    public DecodeLimits withMaxSeconds(double seconds) {
        return new DecodeLimits(seconds, maxSamples, external);
    }

    public DecodeLimits withMaxSamples(long samples) {
        return new DecodeLimits(maxSeconds, samples, external);
    }

    /** The same limits, with other formats handed to ffmpeg ({@code true}) or refused ({@code false}). */
    public DecodeLimits withExternal(boolean allowed) {
        return new DecodeLimits(maxSeconds, maxSamples, allowed);
    }

    /** A sample limit of {@code bytes} of decoded float samples. */
    public DecodeLimits withMaxBytes(long bytes) {
        return withMaxSamples(Math.max(1, bytes / Float.BYTES));
    }

    /** Most frames per channel accepted at {@code sampleRate} and {@code channels}, by both limits. */
    long maxFrames(int sampleRate, int channels) {
        double byDuration = Math.floor(maxSeconds * sampleRate);
        long frames = byDuration >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) byDuration;
        return Math.min(frames, maxSamples / channels);
    }

    /**
     * Throws if {@code frames} frames exceed a limit.
     *
     * @param known whether {@code frames} is the whole input's length (from its header), or only what
     *        was decoded so far
     */
    void check(String source, long frames, int channels, int sampleRate, boolean known) throws AudioLimitException {
        double seconds = (double) frames / sampleRate;
        if (frames > Math.floor(maxSeconds * sampleRate)) {
            String found = known
                    ? String.format(Locale.ROOT, "is %.1f s long, longer than the limit of %s s", seconds, plain(maxSeconds))
                    : "is longer than the limit of " + plain(maxSeconds) + " s (decoding stopped there)";
            throw new AudioLimitException(source, found + "; cut it into shorter recordings", AudioLimitException.Limit.DURATION);
        }
        if (frames > maxSamples / channels) {
            String found = known
                    ? String.format(Locale.ROOT, "decodes to %d samples (%d channels x %d at %d Hz, %d MiB)", frames * channels,
                            channels, frames, sampleRate, frames * channels * Float.BYTES >> 20)
                    : String.format(Locale.ROOT, "decodes to more than %d samples (%d channels at %d Hz; decoding stopped there)",
                            maxSamples, channels, sampleRate);
            throw new AudioLimitException(source, String.format(Locale.ROOT,
                    "%s, more than the limit of %d samples (%d MiB); downmix, resample or shorten it", found, maxSamples,
                    maxSamples * Float.BYTES >> 20), AudioLimitException.Limit.SIZE);
        }
    }

    /** 600 as "600", 0.5 as "0.5". */
    private static String plain(double seconds) {
        return BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
    }
}
