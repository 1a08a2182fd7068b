/**
 * Data augmentation for training, never for validation or test. Copies of training signals behind
 * one interface, {@link org.ser4j.augment.Augmentation}: additive white Gaussian noise as SEC-PyTorch
 * does it ({@link org.ser4j.augment.AwgnAugmentation}) and speed perturbation
 * ({@link org.ser4j.augment.SpeedPerturbation}). Applied to feature images, drawn anew for every
 * batch: SpecAugment-style masking ({@link org.ser4j.augment.SpecAugment}) and mixup
 * ({@link org.ser4j.augment.Mixup}). All are pure: they never modify their input (the masking
 * works in place on a copy the caller makes) and draw all randomness from the
 * {@link java.util.Random} they are given, so a seeded generator reproduces them exactly.
 */
package org.ser4j.augment;
