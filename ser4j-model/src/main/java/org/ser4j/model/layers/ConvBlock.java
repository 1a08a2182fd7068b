package org.ser4j.model.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The seed's convolution block: Conv2d 3x3 (stride 1, padding 1) -> BatchNorm2d -> ReLU ->
 * MaxPool2d(p, stride p) -> Dropout(d). Input {@code [B, in, H, W]}, output {@code [B, out, H/p,
 * W/p]} (floor).
 *
 * <p>Computed as Conv2d -> BatchNorm2d -> MaxPool2d -> ReLU -> Dropout: ReLU is monotone, so
 * {@code maxpool(relu(x)) = relu(maxpool(x))} exactly, and the gradients agree (where the window
 * maximum is positive both route it to the same element, elsewhere both are zero). The ReLU then
 * runs on {@code p*p} times fewer values, which matters for the first block (16 x 128 x 563 values
 * per clip).
 */
public final class ConvBlock extends SequentialBlock {

    private final int in;
    private final int out;
    private final int pool;
    private final float dropout;

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
