/**
 * Recording conditions: what a microphone, a room, a telephone line or a codec does to a clip. Each
 * is a {@link org.ser4j.augment.condition.RecordingCondition}, a value that turns a mono signal into
 * a degraded copy, drawing every random choice from the {@link java.util.Random} it is given (the
 * same generator state gives the same clip) and never modifying its input.
 *
 * <p>One spec language ({@link org.ser4j.augment.condition.ConditionChain#parse}) describes a chain of
 * them for training ({@code train --conditions}) and evaluation ({@code evaluate --condition},
 * {@code robustness}) alike, e.g. {@code noise=babble:snr=0..20,p=0.5;reverb=files:p=0.3;telephone:p=0.1;gain=-35..0}.
 * Conditions that need recordings (noise files, room impulse responses, other speakers for babble)
 * take them from {@link org.ser4j.augment.condition.ConditionSources}, whose pools are split by kind
 * and room into training, validation and test parts ({@link org.ser4j.augment.condition.ConditionPools}).
 */
package org.ser4j.augment.condition;
