package org.ser4j.model.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * Self-attention exactly like PyTorch's {@code nn.MultiheadAttention(d, heads, dropout)} called as
 * {@code attn(x, x, x)} without masks: a packed in-projection ({@code in_proj_weight [3d, d]},
 * {@code in_proj_bias [3d]}, rows q, k, v), scaled dot-product attention per head with dropout on
 * the attention weights while training, and an out-projection {@code [d, d]} with bias.
 *
 * <p>Initialisation as {@code MultiheadAttention._reset_parameters}: in-projection weight
 * Xavier-uniform, in-projection bias 0, out-projection weight as {@code nn.Linear} (U(+-1/sqrt(d))),
 * out-projection bias 0.
 *
 * <p>Input {@code [B, T, d]} (batch first), output {@code [B, T, d]}. All heads are computed with
 * one batched matrix product ({@code [B, h, T, d/h]}).
 */
public final class MultiHeadSelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Xavier-uniform: U(+-sqrt(6 / (fan_in + fan_out))) = magnitude 3 over the average fan. */
    private static final Initializer XAVIER_UNIFORM =
            new XavierInitializer(
                    XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

    private final int dModel;
    private final int heads;
    private final float dropout;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Parameter outProjWeight;
    private final Parameter outProjBias;

    /**
     * Creates the layer.
     *
     * @param dModel model width {@code d}
     * @param heads number of heads; must divide {@code d}
     * @param dropout dropout rate on the attention weights while training
     */
    public MultiHeadSelfAttention(int dModel, int heads, float dropout) {
        super(VERSION);
        if (dModel <= 0 || heads <= 0 || dModel % heads != 0) {
            throw new IllegalArgumentException(
                    "multi-head attention: d_model must be a positive multiple of heads, found d_model="
                            + dModel + " heads=" + heads);
        }
        this.dModel = dModel;
        this.heads = heads;
        this.dropout = dropout;
        inProjWeight =
                addParameter(
                        Parameter.builder()
                                .setName("in_proj_weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(3L * dModel, dModel))
                                .optInitializer(XAVIER_UNIFORM)
                                .build());
        inProjBias =
                addParameter(
                        Parameter.builder()
                                .setName("in_proj_bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(3L * dModel))
                                .optInitializer(Initializer.ZEROS)
                                .build());
        outProjWeight =
                addParameter(
                        Parameter.builder()
                                .setName("out_proj_weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(dModel, dModel))
                                .optInitializer(TorchLayers.uniform(1.0 / Math.sqrt(dModel)))
                                .build());
        outProjBias =
                addParameter(
                        Parameter.builder()
                                .setName("out_proj_bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(dModel))
                                .optInitializer(Initializer.ZEROS)
                                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        long batch = x.getShape().get(0);
        long steps = x.getShape().get(1);
        long headDim = dModel / heads;
        NDArray w = parameterStore.getValue(inProjWeight, device, training);
        NDArray b = parameterStore.getValue(inProjBias, device, training);
        // [B, T, 3d] -> [B, T, 3, h, dh] -> [3, B, h, T, dh]
        NDArray qkv =
                Linear.linear(x, w, b)
                        .head()
                        .reshape(batch, steps, 3, heads, headDim)
                        .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0).mul(1.0 / Math.sqrt(headDim));
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray attention = q.matMul(k.transpose(0, 1, 3, 2)).softmax(3); // [B, h, T, T]
        if (training && dropout > 0) {
            attention = Dropout.dropout(attention, dropout, true).head();
        }
        NDArray context =
                attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, steps, dModel);
        NDArray ow = parameterStore.getValue(outProjWeight, device, training);
        NDArray ob = parameterStore.getValue(outProjBias, device, training);
        return Linear.linear(context, ow, ob);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
