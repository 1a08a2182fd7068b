package org.ser4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ser4j.model.layers.ConvBlock;
import org.ser4j.model.layers.TimeDistributed;
import org.ser4j.model.layers.TorchLayers;

/**
 * Model 1 of SPEC.md, "stacked time-distributed CNN - LSTM": four conv blocks (1->16, pool 2),
 * (16->32, 4), (32->64, 4), (64->128, 4), dropout 0.4, applied to each of the 7 chunks -> 7 steps
 * of 128 -> LSTM(128 -> 64) -> Dropout 0.3 -> output at the last chunk -> Linear(64 -> classes).
 *
 * <p>Input {@code [B, 7, 1, 128, 128]}, output logits {@code [B, classes]}.
 */
public final class StackedCnnLstm extends AbstractBlock {

    private static final byte VERSION = 1;
    static final float CONV_DROPOUT = 0.4f;
    static final float LSTM_DROPOUT = 0.3f;
    static final int HIDDEN = 64;

    private final TimeDistributed chunkCnn;
    private final LSTM lstm;
    private final Linear classifier;

    /**
     * Creates the model.
     *
     * @param numClasses number of output classes
     */
    public StackedCnnLstm(int numClasses) {
        super(VERSION);
        chunkCnn =
                addChildBlock(
                        "chunk_cnn",
                        new TimeDistributed(
                                ConvBlock.flattenedStack(
                                        new ConvBlock(1, 16, 2, CONV_DROPOUT),
                                        new ConvBlock(16, 32, 4, CONV_DROPOUT),
                                        new ConvBlock(32, 64, 4, CONV_DROPOUT),
                                        new ConvBlock(64, 128, 4, CONV_DROPOUT))));
        lstm = addChildBlock("lstm", TorchLayers.lstm(HIDDEN));
        classifier = addChildBlock("classifier", TorchLayers.linear(HIDDEN, numClasses));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        InputShapes.require(
                "stacked-cnn-lstm", Architecture.STACKED_CNN_LSTM.inputShape(1), x.getShape());
        NDArray steps = chunkCnn.forward(ps, new NDList(x), training, params).head();
        NDArray out = lstm.forward(ps, new NDList(steps), training, params).head();
        out = Dropout.dropout(out, LSTM_DROPOUT, training).head();
        NDArray last = out.get(":, -1, :");
        return classifier.forward(ps, new NDList(last), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[0].get(0), classifier.getOutputShapes(
                    new Shape[] {new Shape(1, HIDDEN)})[0].get(1))
        };
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        chunkCnn.initialize(manager, dataType, in);
        Shape steps = chunkCnn.getOutputShapes(new Shape[] {in})[0];
        lstm.initialize(manager, dataType, steps);
        classifier.initialize(manager, dataType, new Shape(in.get(0), HIDDEN));
    }
}
