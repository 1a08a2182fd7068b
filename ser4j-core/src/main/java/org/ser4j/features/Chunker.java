package org.ser4j.features;

/**
 * Cuts a spectrogram into overlapping chunks along time, keeping only full chunks, as SEC-PyTorch does
 * for models 1-2 (SPEC.md "Features": 128 frames, stride 64, so a 563-frame image gives 7 chunks
 * starting at 0, 64, ..., 384).
 */
public final class Chunker {

    private Chunker() {}

    /** Number of full chunks of {@code chunkFrames} frames with {@code stride} in {@code frames} frames. */
    public static int chunkCount(int frames, int chunkFrames, int stride) {
        if (chunkFrames < 1 || stride < 1) {
            throw new IllegalArgumentException("chunkFrames and stride must be positive, got " + chunkFrames + " and " + stride);
        }
        return frames < chunkFrames ? 0 : (frames - chunkFrames) / stride + 1;
    }

    /**
     * Returns {@code [chunks][n_mels][chunkFrames]}, new arrays; chunk {@code c} holds frames
     * {@code [c * stride, c * stride + chunkFrames)} of {@code image [n_mels][frames]}.
     *
     * @throws IllegalArgumentException if the image has fewer than {@code chunkFrames} frames
     */
    public static float[][][] chunk(float[][] image, int chunkFrames, int stride) {
        if (image.length == 0) {
            throw new IllegalArgumentException("empty image (no mel bands)");
        }
        int frames = image[0].length;
        int count = chunkCount(frames, chunkFrames, stride);
        if (count == 0) {
            throw new IllegalArgumentException("image of " + frames + " frames is shorter than one chunk of " + chunkFrames + " frames");
        }
        float[][][] out = new float[count][image.length][chunkFrames];
        for (int c = 0; c < count; c++) {
            for (int m = 0; m < image.length; m++) {
                if (image[m].length != frames) {
                    throw new IllegalArgumentException("ragged image: band " + m + " has " + image[m].length + " frames, expected " + frames);
                }
                System.arraycopy(image[m], c * stride, out[c][m], 0, chunkFrames);
            }
        }
        return out;
    }
}
