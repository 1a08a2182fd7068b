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

    /**
     * As {@link #apply(float[], int, Random)} for a clip spoken by {@code voice}: babble leaves that
     * voice out (the other conditions ignore it). A voice absent from the babble pool, or null, draws
     * exactly as the three-argument form.
     *
     * @param voice the kind under which the clip's speaker is in the babble pool, or null
     */
    default float[] apply(float[] signal, int sampleRate, Random rng, String voice) {
        return apply(signal, sampleRate, rng);
    }

    /** The condition in the spec language, e.g. {@code noise=pink:snr=0..20}, without its probability. */
    String spec();
}
