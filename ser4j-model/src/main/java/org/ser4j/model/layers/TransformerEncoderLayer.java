package org.ser4j.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout,
 * activation='relu', norm_first=False)}: post-norm,
 *
 * <pre>
 * x = norm1(x + dropout1(self_attn(x)))
 * x = norm2(x + dropout2(linear2(dropout(relu(linear1(x))))))
 * </pre>
 *
 * with the attention dropout inside {@link MultiHeadSelfAttention}. DJL's {@code
 * TransformerEncoderBlock} is a different layer. Input and output {@code [B, T, d]} (batch first;
 * PyTorch's default layout {@code [T, B, d]} gives the same numbers per sequence).
 */
public final class TransformerEncoderLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dModel;
    private final int feedForward;
    private final float dropout;
    private final MultiHeadSelfAttention selfAttention;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;

    /**
     * Creates the layer.
     *
     * @param dModel model width
     * @param heads attention heads
     * @param feedForward hidden width of the feed-forward part
     * @param dropout dropout rate (attention weights, both residual branches, feed-forward)
     */
    public TransformerEncoderLayer(int dModel, int heads, int feedForward, float dropout) {
        super(VERSION);
        this.dModel = dModel;
        this.feedForward = feedForward;
        this.dropout = dropout;
        selfAttention =
                addChildBlock("self_attn", new MultiHeadSelfAttention(dModel, heads, dropout));
        linear1 = addChildBlock("linear1", TorchLayers.linear(dModel, feedForward));
        linear2 = addChildBlock("linear2", TorchLayers.linear(feedForward, dModel));
        norm1 = addChildBlock("norm1", TorchLayers.layerNormLastOf3d());
        norm2 = addChildBlock("norm2", TorchLayers.layerNormLastOf3d());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray attended = selfAttention.forward(ps, new NDList(x), training, params).head();
        x = norm1.forward(ps, new NDList(x.add(drop(attended, training))), training, params).head();
        NDArray hidden = linear1.forward(ps, new NDList(x), training, params).head();
        hidden = drop(Activation.relu(hidden), training);
        NDArray ff = linear2.forward(ps, new NDList(hidden), training, params).head();
        x = norm2.forward(ps, new NDList(x.add(drop(ff, training))), training, params).head();
        return new NDList(x);
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, dropout, true).head() : x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        selfAttention.initialize(manager, dataType, in);
        linear1.initialize(manager, dataType, in);
        linear2.initialize(manager, dataType, new Shape(in.get(0), in.get(1), feedForward));
        norm1.initialize(manager, dataType, in);
        norm2.initialize(manager, dataType, in);
    }

    /**
     * The model width.
     *
     * @return {@code d}
     */
    public int dModel() {
        return dModel;
    }
}
