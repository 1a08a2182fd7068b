package org.ser4j.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SEC-PyTorch's attention pooling: {@code Linear(H -> 1)} gives one score per step, softmax over the
 * steps, weighted sum of the step vectors.
 *
 * <p>Input {@code [B, T, H]}. Output: two arrays, the pooled vectors {@code [B, H]} and the
 * attention weights {@code [B, T]} (each row sums to 1).
 */
public final class AttentionPooling extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear score;

    /**
     * Creates the layer.
     *
     * @param features {@code H}, the size of a step vector
     */
    public AttentionPooling(int features) {
        super(VERSION);
        this.score = addChildBlock("score", TorchLayers.linear(features, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        long steps = x.getShape().get(1);
        NDArray scores = score.forward(parameterStore, new NDList(x), training, params).head();
        NDArray weights = scores.reshape(batch, 1, steps).softmax(2); // [B, 1, T]
        NDArray pooled = weights.matMul(x).reshape(batch, -1); // [B, 1, T] x [B, T, H]
        return new NDList(pooled, weights.reshape(batch, steps));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(2)), new Shape(in.get(0), in.get(1))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        score.initialize(manager, dataType, inputShapes[0]);
    }
}
