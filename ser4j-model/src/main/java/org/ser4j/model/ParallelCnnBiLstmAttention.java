package org.ser4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ser4j.model.layers.AttentionPooling;
import org.ser4j.model.layers.BiLstm;
import org.ser4j.model.layers.TorchLayers;

/**
 * Model 3 of SPEC.md, "parallel 2D CNN - BiLSTM with attention". Conv branch: four conv blocks
 * (1->16, pool 2), (16->32, 4), (32->64, 4), (64->64, 4), dropout 0.3 -> 64x1x4 -> 256. Recurrent
 * branch: MaxPool2d([2, 4]) -> 140 steps of 64 -> BiLSTM(64 -> 128 per direction) -> Dropout 0.1 ->
 * attention pooling (Linear(256 -> 1), softmax over 140 steps) -> 256. Concatenate (conv, then
 * recurrent) -> Linear(512 -> classes).
 *
 * <p>Input {@code [B, 1, 128, 563]}, output logits {@code [B, classes]}.
 */
public final class ParallelCnnBiLstmAttention extends AbstractBlock implements AttentionModel {

    private static final byte VERSION = 1;
    static final float LSTM_DROPOUT = 0.1f;
    static final int HIDDEN = 128;

    private final SequentialBlock cnn;
    private final BiLstm lstm;
    private final AttentionPooling attention;
    private final Linear classifier;

    /**
     * Creates the model.
     *
     * @param numClasses number of output classes
     */
    public ParallelCnnBiLstmAttention(int numClasses) {
        super(VERSION);
        cnn = addChildBlock("cnn", ParallelCnnTransformer.convBranch());
        lstm = addChildBlock("bilstm", new BiLstm(HIDDEN));
        attention = addChildBlock("attention", new AttentionPooling(2 * HIDDEN));
        classifier =
                addChildBlock(
                        "classifier",
                        TorchLayers.linear(
                                ParallelCnnTransformer.CONV_FEATURES + 2L * HIDDEN, numClasses));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(run(ps, inputs, training, params).get(0));
    }

    @Override
    public NDList forwardWithAttention(ParameterStore ps, NDList inputs) {
        if (!isInitialized()) {
            throw new IllegalStateException("parallel-cnn-bilstm-attention: not initialised");
        }
        return run(ps, inputs, false, null);
    }

    @Override
    public int attentionSteps() {
        return (int) SpectrogramSequence.steps(Architecture.FRAMES);
    }

    private NDList run(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        InputShapes.require(
                "parallel-cnn-bilstm-attention",
                Architecture.PARALLEL_CNN_BILSTM_ATTENTION.inputShape(1),
                x.getShape());
        NDArray conv = cnn.forward(ps, new NDList(x), training, params).head();
        NDArray seq = SpectrogramSequence.of(x);
        NDArray out = lstm.forward(ps, new NDList(seq), training, params).head();
        out = Dropout.dropout(out, LSTM_DROPOUT, training).head();
        NDList pooled = attention.forward(ps, new NDList(out), training, params);
        NDArray joined = conv.concat(pooled.get(0), 1);
        NDArray logits = classifier.forward(ps, new NDList(joined), training, params).head();
        return new NDList(logits, pooled.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long classes = classifier.getOutputShapes(new Shape[] {new Shape(1, 1)})[0].get(1);
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long batch = in.get(0);
        cnn.initialize(manager, dataType, in);
        Shape seq =
                new Shape(
                        batch,
                        SpectrogramSequence.steps(in.get(3)),
                        SpectrogramSequence.features(in.get(2)));
        lstm.initialize(manager, dataType, seq);
        attention.initialize(manager, dataType, lstm.getOutputShapes(new Shape[] {seq})[0]);
        classifier.initialize(
                manager,
                dataType,
                new Shape(batch, ParallelCnnTransformer.CONV_FEATURES + 2L * HIDDEN));
    }
}
