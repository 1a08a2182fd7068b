package org.ser4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;

/**
 * Runs a block in inference mode (dropout off, batch norm with running statistics) over many samples
 * in batches, each batch in its own sub-manager so native memory is freed as it goes.
 */
public final class BatchPredictor {

    /** Batch size of inference passes (memory only; results do not depend on it). */
    public static final int DEFAULT_BATCH = 32;

    private BatchPredictor() {}

    /**
     * Log-softmax of the block's logits for every row.
     *
     * @param block an initialized block taking {@code [batch, sampleShape...]}
     * @param manager the parent manager for the per-batch managers
     * @param rows samples, each {@code sampleShape.size()} values row-major
     * @param sampleShape the shape of one sample
     * @return {@code [rows.length][classes]} natural-log probabilities
     */
    public static float[][] logProbabilities(Block block, NDManager manager, float[][] rows, Shape sampleShape) {
        float[][] out = new float[rows.length][];
        ParameterStore store = new ParameterStore(manager, false);
        for (int start = 0; start < rows.length; start += DEFAULT_BATCH) {
            int n = Math.min(DEFAULT_BATCH, rows.length - start);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = batch(step, rows, null, start, n, sampleShape);
                NDArray logits = block.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray logp = logits.logSoftmax(1);
                int classes = (int) logp.getShape().get(1);
                float[] flat = logp.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float[] r = new float[classes];
                    System.arraycopy(flat, i * classes, r, 0, classes);
                    out[start + i] = r;
                }
            }
        }
        return out;
    }

    /**
     * A batch tensor {@code [n, sampleShape...]} of rows {@code order[start..start+n)} (or
     * {@code start..start+n} when {@code order} is null).
     */
    static NDArray batch(NDManager manager, float[][] rows, int[] order, int start, int n, Shape sampleShape) {
        int size = (int) sampleShape.size();
        float[] data = new float[n * size];
        for (int i = 0; i < n; i++) {
            int r = order == null ? start + i : order[start + i];
            System.arraycopy(rows[r], 0, data, i * size, size);
        }
        return manager.create(FloatBuffer.wrap(data), new Shape(n).addAll(sampleShape));
    }
}
