/**
 * Data augmentation of training signals behind one interface, {@link org.ser4j.augment.Augmentation}:
 * additive white Gaussian noise as the seed does it ({@link org.ser4j.augment.AwgnAugmentation}).
 * Augmentations are pure: they never modify their input and draw all randomness from the
 * {@link java.util.Random} they are given, so a seeded generator reproduces the copies exactly.
 */
package org.ser4j.augment;
