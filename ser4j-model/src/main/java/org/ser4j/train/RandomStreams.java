package org.ser4j.train;

/**
 * The independent random streams of a training run, all in one place so that no two share an id
 * (issue 19: the augmented copies' noise and the SpecAugment masks both used stream 3). Each draw's
 * seed is {@link #seedFor(long, Stream, long)} of the run's seed, the stream and an index (an epoch
 * or a clip's id), so a resumed run repeats the uninterrupted one exactly.
 */
public final class RandomStreams {

    /** What a stream draws. The ids are part of a run's reproducibility: never reuse or renumber one. */
    public enum Stream {
        /** Initial weights (index 0). */
        INIT(0),
        /** Order of the training clips in an epoch. */
        ORDER(1),
        /** Dropout masks in an epoch. */
        DROPOUT(2),
        /** SpecAugment masks in an epoch. */
        MASK(3),
        /** Mixup partners and weights in an epoch. */
        MIXUP(4),
        /** Random crops, frequency warps and recording conditions of an epoch. */
        CROP(5),
        /** Noise of the augmented copies of a clip (index: the clip's id); was 3 until the eleventh session. */
        AUGMENT(6),
        /** Conditions of the fixed degraded copy of a validation clip (index: the clip's id). */
        VALIDATION_CONDITION(9);

        private final long id;

        Stream(long id) {
            this.id = id;
        }

        public long id() {
            return id;
        }
    }

    private RandomStreams() {}

    /** A well-mixed 31-bit seed from (seed, stream, index) (SplitMix64 finalizer). */
    public static int seedFor(long seed, Stream stream, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + stream.id() * 0xD1B54A32D192ED03L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z & Integer.MAX_VALUE);
    }
}
