package org.ser4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.ser4j.model.layers.ConvBlock;
import org.ser4j.model.layers.TorchLayers;
import org.ser4j.model.layers.TransformerEncoderLayer;

/**
 * Model 4 of SPEC.md, "parallel 2D CNN - Transformer encoder". Conv branch as in {@link
 * ParallelCnnBiLstmAttention} -> 256. Transformer branch: MaxPool2d([2, 4]) -> 140 steps of 64 ->
 * 4 post-norm encoder layers like {@code nn.TransformerEncoderLayer(64, 4, 512, 0.4, 'relu')} ->
 * mean over the steps -> 64. Concatenate (conv, then transformer) -> Linear(320 -> classes).
 *
 * <p>Input {@code [B, 1, 128, 563]}, output logits {@code [B, classes]}.
 */
public final class ParallelCnnTransformer extends AbstractBlock {

    private static final byte VERSION = 1;
    static final float CONV_DROPOUT = 0.3f;
    /** 64 channels x 1 x 4 after the conv branch on 128 x 563. */
    static final int CONV_FEATURES = 256;
    static final int D_MODEL = 64;
    static final int HEADS = 4;
    static final int FEED_FORWARD = 512;
    static final float DROPOUT = 0.4f;
    static final int LAYERS = 4;

    private final SequentialBlock cnn;
    private final List<TransformerEncoderLayer> encoder = new ArrayList<>();
    private final Linear classifier;

    /**
     * Creates the model.
     *
     * @param numClasses number of output classes
     */
    public ParallelCnnTransformer(int numClasses) {
        super(VERSION);
        cnn = addChildBlock("cnn", convBranch());
        for (int i = 0; i < LAYERS; i++) {
            encoder.add(
                    addChildBlock(
                            "encoder" + i,
                            new TransformerEncoderLayer(D_MODEL, HEADS, FEED_FORWARD, DROPOUT)));
        }
        classifier =
                addChildBlock("classifier", TorchLayers.linear(CONV_FEATURES + D_MODEL, numClasses));
    }

    /**
     * The conv branch of models 3 and 4: {@code [B, 1, 128, 563] -> [B, 256]}.
     *
     * @return a fresh branch
     */
    static SequentialBlock convBranch() {
        return ConvBlock.flattenedStack(
                new ConvBlock(1, 16, 2, CONV_DROPOUT),
                new ConvBlock(16, 32, 4, CONV_DROPOUT),
                new ConvBlock(32, 64, 4, CONV_DROPOUT),
                new ConvBlock(64, 64, 4, CONV_DROPOUT));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        InputShapes.require(
                "parallel-cnn-transformer",
                Architecture.PARALLEL_CNN_TRANSFORMER.inputShape(1),
                x.getShape());
        NDArray conv = cnn.forward(ps, new NDList(x), training, params).head();
        NDArray seq = SpectrogramSequence.of(x);
        for (TransformerEncoderLayer layer : encoder) {
            seq = layer.forward(ps, new NDList(seq), training, params).head();
        }
        NDArray joined = conv.concat(seq.mean(new int[] {1}), 1);
        return classifier.forward(ps, new NDList(joined), training, params);
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
        for (TransformerEncoderLayer layer : encoder) {
            layer.initialize(manager, dataType, seq);
        }
        classifier.initialize(manager, dataType, new Shape(batch, CONV_FEATURES + D_MODEL));
    }
}
