package org.ser4j.augment.condition;

import java.util.Objects;

/**
 * The recordings conditions draw from: noise files, room impulse responses and other speakers' clips
 * for babble. Training gets the training part of each pool, evaluation the validation or test part
 * ({@link ConditionPools}); babble takes training speakers only.
 *
 * @param noise noise recordings, kind = noise class ({@code drilling}, {@code factory1}, ...)
 * @param rooms room impulse responses, kind = room name
 * @param babble speech of training speakers, kind = speaker
 * @param description where the pools came from, for error messages (e.g. "the training pools of ../shared/data")
 */
public record ConditionSources(SoundPool noise, SoundPool rooms, SoundPool babble, String description) {

    public ConditionSources {
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(babble, "babble");
        Objects.requireNonNull(description, "description");
    }

    /** No recordings: only generated noise, simulated rooms, channels, codecs and gain can be used. */
    public static ConditionSources none() {
        return new ConditionSources(SoundPool.empty(), SoundPool.empty(), SoundPool.empty(), "no recordings");
    }

    /** The same pools with {@code speakers} as the babble pool. */
    public ConditionSources withBabble(SoundPool speakers) {
        return new ConditionSources(noise, rooms, speakers, description);
    }
}
