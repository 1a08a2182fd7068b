package org.ser4j.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SEC-PyTorch's convolution block: Conv2d 3x3 (stride 1, padding 1) -> BatchNorm2d -> ReLU ->
 * MaxPool2d(p, stride p) -> Dropout(d). Input {@code [B, in, H, W]}, output {@code [B, out, H/p,
 * W/p]} (floor).
 *
 * <p>Computed as Conv2d -> BatchNorm2d -> MaxPool2d -> ReLU -> Dropout: ReLU is monotone, so
 * {@code maxpool(relu(x)) = relu(maxpool(x))} exactly, and the gradients agree (where the window
 * maximum is positive both route it to the same element, elsewhere both are zero). The ReLU then
 * runs on {@code p*p} times fewer values, which matters for the first block (16 x 128 x 563 values
 * per clip).
 *
 * <p>For inference, {@link #foldForInference} folds the batch norm's running statistics into the
 * convolution's weights and bias, once, after the weights are loaded: the block then computes
 * convolution, pooling and ReLU only (dropout is the identity at inference). The result equals the
 * unfolded block to float rounding (logits within about 1e-5), not bit for bit.
 */
public final class ConvBlock extends SequentialBlock {


    private final int in;
    private final int out;
    private final int pool;
    private final float dropout;
    /** The folded convolution weight and bias, or null while the block is trainable. */
    private NDArray foldedWeight;
    private NDArray foldedBias;

    /**
     * Creates the block.
     *
     * @param in input channels
     * @param out output channels
     * @param pool max-pool kernel and stride (both axes)
     * @param dropout dropout rate after pooling
     */
    public ConvBlock(int in, int out, int pool, float dropout) {
        if (in <= 0 || out <= 0 || pool <= 0 || dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException(
                    "conv block: expected positive channels and pool, dropout in [0, 1), found in="
                            + in + " out=" + out + " pool=" + pool + " dropout=" + dropout);
        }
        this.in = in;
        this.out = out;
        this.pool = pool;
        this.dropout = dropout;
        add(TorchLayers.conv3x3(in, out));
        add(TorchLayers.batchNorm());
        add(Pool.maxPool2dBlock(new Shape(pool, pool), new Shape(pool, pool)));
        add(Activation.reluBlock());
        add(Dropout.builder().optRate(dropout).build());
    }

    /**
     * Folds the batch norm into the convolution, for a block whose weights are loaded and that will
     * only run inference from now on (a forward pass in training mode is refused afterwards).
     * {@code w' = w * g / sqrt(v + eps)}, {@code b' = (b - m) * g / sqrt(v + eps) + beta}.
     */
    public void foldForInference() {
        if (foldedWeight != null) {
            return;
        }
        Block conv = getChildren().get(0).getValue();
        Block norm = getChildren().get(1).getValue();
        NDArray w = param(conv, "weight");
        NDArray b = param(conv, "bias");
        NDArray scale = param(norm, "gamma").div(param(norm, "runningVar").add(TorchLayers.NORM_EPSILON).sqrt());
        foldedWeight = w.mul(scale.reshape(-1, 1, 1, 1));
        foldedBias = b.sub(param(norm, "runningMean")).mul(scale).add(param(norm, "beta"));
        foldedWeight.attach(w.getManager());
        foldedBias.attach(w.getManager());
        scale.close();
    }

    /**
     * Folds every conv block in {@code root}'s tree ({@link #foldForInference}).
     *
     * @return how many were folded
     */
    public static int foldAll(Block root) {
        int n = 0;
        if (root instanceof ConvBlock c) {
            c.foldForInference();
            n++;
        }
        for (var child : root.getChildren()) {
            n += foldAll(child.getValue());
        }
        return n;
    }

    private static NDArray param(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("conv block: parameter " + name + " is missing or not loaded");
        }
        return p.getArray();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (foldedWeight == null) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        if (training) {
            throw new IllegalStateException("conv block: folded for inference, cannot train");
        }
        // the convolution with the folded weights and the block's own stride, padding and dilation; then
        // its own pooling and ReLU blocks (children 2 and 3); the batch norm is in the weights, dropout is off
        Conv2d conv = (Conv2d) getChildren().get(0).getValue();
        NDList y = Conv2d.conv2d(inputs.singletonOrThrow(), foldedWeight, foldedBias, conv.getStride(),
                conv.getPadding(), conv.getDilation(), conv.getGroups());
        for (int i = 2; i <= 3; i++) {
            y = getChildren().get(i).getValue().forward(ps, y, false, params);
        }
        return y;
    }

    /**
     * Conv blocks in sequence followed by a flatten: {@code [B, C, H, W] -> [B, C'*H'*W']}.
     *
     * @param blocks the blocks, in order
     * @return the stack
     */
    public static SequentialBlock flattenedStack(ConvBlock... blocks) {
        SequentialBlock stack = new SequentialBlock();
        for (ConvBlock block : blocks) {
            stack.add(block);
        }
        stack.add(Blocks.batchFlattenBlock());
        return stack;
    }

    /**
     * The pooling factor.
     *
     * @return pool kernel and stride
     */
    public int pool() {
        return pool;
    }
}
