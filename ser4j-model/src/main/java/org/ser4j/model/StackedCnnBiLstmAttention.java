package org.ser4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ser4j.model.layers.AttentionPooling;
import org.ser4j.model.layers.BiLstm;
import org.ser4j.model.layers.ConvBlock;
import org.ser4j.model.layers.TimeDistributed;
import org.ser4j.model.layers.TorchLayers;

/**
 * Model 2 of SPEC.md, "stacked time-distributed CNN - BiLSTM with attention": three conv blocks
 * (1->16, pool 2), (16->32, 4), (32->64, 4), dropout 0.3, per chunk -> 7 steps of 64x4x4 = 1024 ->
 * BiLSTM(1024 -> 64 per direction) -> Dropout 0.4 -> attention pooling (Linear(128 -> 1), softmax
 * over the 7 chunks) -> Linear(128 -> classes).
 *
 * <p>Input {@code [B, 7, 1, 128, 128]}, output logits {@code [B, classes]}.
 */
public final class StackedCnnBiLstmAttention extends AbstractBlock implements AttentionModel {

    private static final byte VERSION = 1;
    static final float CONV_DROPOUT = 0.3f;
    static final float LSTM_DROPOUT = 0.4f;
    static final int HIDDEN = 64;

    private final TimeDistributed chunkCnn;
    private final BiLstm lstm;
    private final AttentionPooling attention;
    private final Linear classifier;

    /**
     * Creates the model.
     *
     * @param numClasses number of output classes
     */
    public StackedCnnBiLstmAttention(int numClasses) {
        super(VERSION);
        chunkCnn =
                addChildBlock(
                        "chunk_cnn",
                        new TimeDistributed(
                                ConvBlock.flattenedStack(
                                        new ConvBlock(1, 16, 2, CONV_DROPOUT),
                                        new ConvBlock(16, 32, 4, CONV_DROPOUT),
                                        new ConvBlock(32, 64, 4, CONV_DROPOUT))));
        lstm = addChildBlock("bilstm", new BiLstm(HIDDEN));
        attention = addChildBlock("attention", new AttentionPooling(2 * HIDDEN));
        classifier = addChildBlock("classifier", TorchLayers.linear(2 * HIDDEN, numClasses));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = run(ps, inputs, training, params);
        return new NDList(out.get(0));
    }

    @Override
    public NDList forwardWithAttention(ParameterStore ps, NDList inputs) {
        if (!isInitialized()) {
            throw new IllegalStateException("stacked-cnn-bilstm-attention: not initialised");
        }
        return run(ps, inputs, false, null);
    }

    @Override
    public int attentionSteps() {
        return Architecture.CHUNKS;
    }

    private NDList run(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        InputShapes.require(
                "stacked-cnn-bilstm-attention",
                Architecture.STACKED_CNN_BILSTM_ATTENTION.inputShape(1),
                x.getShape());
        NDArray steps = chunkCnn.forward(ps, new NDList(x), training, params).head();
        NDArray out = lstm.forward(ps, new NDList(steps), training, params).head();
        out = Dropout.dropout(out, LSTM_DROPOUT, training).head();
        NDList pooled = attention.forward(ps, new NDList(out), training, params);
        NDArray logits =
                classifier.forward(ps, new NDList(pooled.get(0)), training, params).head();
        return new NDList(logits, pooled.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long classes = classifier.getOutputShapes(new Shape[] {new Shape(1, 2 * HIDDEN)})[0].get(1);
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        chunkCnn.initialize(manager, dataType, in);
        Shape steps = chunkCnn.getOutputShapes(new Shape[] {in})[0];
        lstm.initialize(manager, dataType, steps);
        Shape seq = lstm.getOutputShapes(new Shape[] {steps})[0];
        attention.initialize(manager, dataType, seq);
        classifier.initialize(manager, dataType, new Shape(in.get(0), 2 * HIDDEN));
    }
}
