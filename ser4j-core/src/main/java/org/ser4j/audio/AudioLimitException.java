package org.ser4j.audio;

/**
 * Valid audio that exceeds the caller's {@link DecodeLimits}: longer than the duration limit, or more
 * samples than the memory limit. Thrown before the samples are allocated. A subclass of the audio
 * layer's one documented exception, so callers that do not care need not distinguish it.
 */
public final class AudioLimitException extends AudioDecodeException {

    private static final long serialVersionUID = 1L;

    /** Which limit was exceeded. */
    public enum Limit {
        /** {@link DecodeLimits#maxSeconds()}. */
        DURATION,
        /** {@link DecodeLimits#maxSamples()}. */
        SIZE
    }

    private final Limit limit;

    public AudioLimitException(String source, String problem, Limit limit) {
        super(source, problem);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
