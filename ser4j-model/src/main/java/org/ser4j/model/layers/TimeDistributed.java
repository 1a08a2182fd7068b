package org.ser4j.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Applies one block (same weights) to every step of a sequence by folding the steps into the batch:
 * {@code [B, T, ...] -> [B*T, ...] -> inner -> [B*T, ...'] -> [B, T, prod(...')]}.
 */
public final class TimeDistributed extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block inner;

    /**
     * Wraps a block.
     *
     * @param inner the block applied to each step
     */
    public TimeDistributed(Block inner) {
        super(VERSION);
        this.inner = addChildBlock("inner", inner);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long steps = shape.get(1);
        NDArray folded = x.reshape(folded(shape));
        NDArray y = inner.forward(parameterStore, new NDList(folded), training, params).head();
        return new NDList(y.reshape(batch, steps, -1));
    }

    private static Shape folded(Shape shape) {
        return new Shape(shape.get(0) * shape.get(1)).addAll(shape.slice(2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = inner.getOutputShapes(new Shape[] {folded(in)})[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), out.slice(1).size())};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, folded(inputShapes[0]));
    }
}
