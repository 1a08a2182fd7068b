package org.ser4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * The sequence branch input of the parallel models: MaxPool2d(kernel [2, 4], stride [2, 4]) on the
 * mel image, then the frames as steps: {@code [B, 1, 128, F] -> [B, 1, 64, F/4] -> [B, F/4, 64]}.
 */
final class SpectrogramSequence {

    /** Pool kernel (and stride) over mel bands. */
    static final int POOL_MELS = 2;

    /** Pool kernel (and stride) over frames. */
    static final int POOL_FRAMES = 4;

    private SpectrogramSequence() {}

    static NDArray of(NDArray image) {
        Shape shape = new Shape(POOL_MELS, POOL_FRAMES);
        NDArray pooled = Pool.maxPool2d(image, shape, shape, new Shape(0, 0), false);
        return pooled.squeeze(1).transpose(0, 2, 1);
    }

    static long steps(long frames) {
        return frames / POOL_FRAMES;
    }

    static long features(long mels) {
        return mels / POOL_MELS;
    }
}
