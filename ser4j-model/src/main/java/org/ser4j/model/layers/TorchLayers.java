package org.ser4j.model.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * Factories for DJL layers initialised as PyTorch initialises the same layers (DJL's default is
 * Xavier/Glorot, PyTorch's is not). Source: PyTorch 2.5 {@code torch.nn.Linear.reset_parameters},
 * {@code _ConvNd.reset_parameters}, {@code RNNBase.reset_parameters}, {@code _NormBase} and {@code
 * MultiheadAttention._reset_parameters}.
 *
 * <ul>
 *   <li>Linear and Conv2d: weight {@code kaiming_uniform_(a=sqrt(5))}, which is {@code U(-b, b)}
 *       with {@code b = 1/sqrt(fan_in)}; bias {@code U(-b, b)} with the same bound.
 *   <li>LSTM: every weight and bias {@code U(-1/sqrt(hidden), 1/sqrt(hidden))}.
 *   <li>BatchNorm and LayerNorm: gamma 1, beta 0 (DJL's defaults for those parameter types).
 *   <li>Multi-head attention: see {@link MultiHeadSelfAttention}.
 * </ul>
 */
public final class TorchLayers {

    /** PyTorch's BatchNorm2d/LayerNorm epsilon. */
    public static final float NORM_EPSILON = 1e-5f;

    /** DJL's momentum convention is {@code 1 - PyTorch momentum}; PyTorch's default is 0.1. */
    private static final float BATCH_NORM_DJL_MOMENTUM = 0.9f;

    private TorchLayers() {}

    /**
     * {@code U(-bound, bound)}.
     *
     * @param bound the half width, positive
     * @return the initialiser
     */
    public static Initializer uniform(double bound) {
        if (!(bound > 0)) {
            throw new IllegalArgumentException("uniform bound must be positive, found " + bound);
        }
        return new UniformInitializer((float) bound);
    }

    /**
     * {@code nn.Linear(in, out)}.
     *
     * @param in input features (fan in)
     * @param out output features
     * @return the block; input {@code [..., in]}, output {@code [..., out]}
     */
    public static Linear linear(long in, int out) {
        Linear linear = Linear.builder().setUnits(out).build();
        Initializer init = uniform(1.0 / Math.sqrt(in));
        linear.setInitializer(init, Parameter.Type.WEIGHT);
        linear.setInitializer(init, Parameter.Type.BIAS);
        return linear;
    }

    /**
     * {@code nn.Conv2d(in, out, kernel_size=3, stride=1, padding=1)}.
     *
     * @param in input channels
     * @param out output channels
     * @return the block; {@code [B, in, H, W] -> [B, out, H, W]}
     */
    public static Conv2d conv3x3(int in, int out) {
        Conv2d conv =
                Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optStride(new Shape(1, 1))
                        .optPadding(new Shape(1, 1))
                        .setFilters(out)
                        .build();
        Initializer init = uniform(1.0 / Math.sqrt(in * 9.0));
        conv.setInitializer(init, Parameter.Type.WEIGHT);
        conv.setInitializer(init, Parameter.Type.BIAS);
        return conv;
    }

    /**
     * {@code nn.BatchNorm2d(c)}: eps 1e-5, momentum 0.1 (PyTorch convention), gamma 1, beta 0.
     *
     * @return the block, normalising axis 1
     */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder()
                .optAxis(1)
                .optEpsilon(NORM_EPSILON)
                .optMomentum(BATCH_NORM_DJL_MOMENTUM)
                .build();
    }

    /**
     * {@code nn.LayerNorm(d)} over the last axis of a {@code [B, T, d]} input.
     *
     * @return the block
     */
    public static LayerNorm layerNormLastOf3d() {
        return LayerNorm.builder().axis(2).optEpsilon(NORM_EPSILON).build();
    }

    /**
     * One-directional single-layer {@code nn.LSTM(in, hidden, batch_first=True)}. DJL's LSTM has,
     * like PyTorch, two bias vectors ({@code i2h} and {@code h2h}) and the gate order i, f, g, o.
     *
     * @param hidden hidden size
     * @return the block; {@code [B, T, in] -> [B, T, hidden]}
     */
    public static LSTM lstm(int hidden) {
        LSTM lstm =
                LSTM.builder()
                        .setStateSize(hidden)
                        .setNumLayers(1)
                        .optBatchFirst(true)
                        .optHasBiases(true)
                        .build();
        lstm.setInitializer(uniform(1.0 / Math.sqrt(hidden)), p -> true);
        return lstm;
    }
}
