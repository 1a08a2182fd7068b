package org.ser4j.augment;

import java.util.Arrays;
import java.util.Random;

/**
 * SpecAugment-style masking of a (scaled) feature image, after Park et al. 2019 without time
 * warping: {@code frequencyMasks} bands of random width in [0, {@code maxBands}] and
 * {@code timeMasks} spans of random width in [0, {@code maxFrames}] are set to {@code value}, at
 * uniformly random positions. Applied to standardised images, a value of 0 is the training mean.
 *
 * <p>Random draws per image, in order: for each frequency mask {@code nextInt(maxBands + 1)} (width)
 * then {@code nextInt(bands - width + 1)} (first band); then the same for each time mask over frames.
 *
 * @param frequencyMasks frequency masks per image
 * @param maxBands widest frequency mask, in bands
 * @param timeMasks time masks per image
 * @param maxFrames widest time mask, in frames
 * @param value the value masked cells get
 */
public record SpecAugment(int frequencyMasks, int maxBands, int timeMasks, int maxFrames, float value) {

    public SpecAugment {
        if (frequencyMasks < 0 || maxBands < 0 || timeMasks < 0 || maxFrames < 0) {
            throw new IllegalArgumentException("SpecAugment: mask counts and widths must be non-negative, found "
                    + frequencyMasks + ", " + maxBands + ", " + timeMasks + ", " + maxFrames);
        }
    }

    /**
     * ser4j's training default for an image of {@code bands x frames}: two frequency masks of up to an
     * eighth of the bands and two time masks of up to a tenth of the frames (64 x 301: 8 bands, 30
     * frames = 0.3 s), masked to 0.
     *
     * @param bands mel bands of the image
     * @param frames frames of the image
     * @return the masking
     */
    public static SpecAugment forImage(int bands, int frames) {
        return new SpecAugment(2, Math.max(1, bands / 8), 2, Math.max(1, frames / 10), 0f);
    }

    /**
     * Masks, in place, each of the {@code image.length / (bands * frames)} images stored row-major
     * ({@code [..][bands][frames]}) in {@code image}.
     *
     * @param image values, a whole number of {@code bands x frames} images
     * @param bands rows of one image
     * @param frames columns of one image
     * @param rng the source of the draws
     */
    public void applyInPlace(float[] image, int bands, int frames, Random rng) {
        int size = bands * frames;
        if (bands <= 0 || frames <= 0 || image.length % size != 0) {
            throw new IllegalArgumentException("SpecAugment: " + image.length + " values are not whole images of "
                    + bands + " x " + frames);
        }
        for (int base = 0; base < image.length; base += size) {
            for (int m = 0; m < frequencyMasks; m++) {
                int width = rng.nextInt(Math.min(maxBands, bands) + 1);
                int first = rng.nextInt(bands - width + 1);
                Arrays.fill(image, base + first * frames, base + (first + width) * frames, value);
            }
            for (int m = 0; m < timeMasks; m++) {
                int width = rng.nextInt(Math.min(maxFrames, frames) + 1);
                int first = rng.nextInt(frames - width + 1);
                for (int b = 0; b < bands; b++) {
                    int row = base + b * frames;
                    Arrays.fill(image, row + first, row + first + width, value);
                }
            }
        }
    }
}
