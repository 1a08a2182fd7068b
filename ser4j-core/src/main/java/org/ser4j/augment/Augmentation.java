package org.ser4j.augment;

import java.util.List;
import java.util.Random;

/**
 * Makes extra training examples from one signal. An augmented copy keeps the label of its source
 * signal; augment only training signals, after the split (SEC-PyTorch's defect 1 in SPEC.md was to
 * augment before splitting).
 */
public interface Augmentation {

    /**
     * Returns the augmented copies of {@code signal} (not the signal itself). The input is not modified.
     * All randomness comes from {@code rng}: the same generator state gives the same copies.
     *
     * @param signal mono samples
     * @param sampleRate samples per second of {@code signal}
     * @param rng the source of randomness
     * @return new arrays, one per copy
     */
    List<float[]> augment(float[] signal, int sampleRate, Random rng);
}
