package org.ser4j.augment.condition;

import java.util.Random;

/**
 * One recording condition: noise, a room, a channel, a codec or a level. Implementations are
 * immutable values and thread-safe; {@link #apply} never modifies its input.
 */
public interface RecordingCondition {

    /**
     * The degraded copy of {@code signal}.
     *
     * @param signal mono samples, nominally in [-1, 1]
     * @param sampleRate samples per second of {@code signal}
     * @param rng the source of every random choice: the same state gives the same copy
     * @return a new array of the same length and rate
     */
    float[] apply(float[] signal, int sampleRate, Random rng);

    /** The condition in the spec language, e.g. {@code noise=pink:snr=0..20}, without its probability. */
    String spec();
}
