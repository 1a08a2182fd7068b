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
import org.ser4j.model.layers.ConvBlock;
import org.ser4j.model.layers.TorchLayers;

/**
 * ser4j's own model, not one of SEC-PyTorch's: a small 2D CNN for the {@code speech-16k} image,
 * chosen for unheard speakers and a fast forward pass.
 *
 * <p>Four conv blocks (Conv 3x3 -> BatchNorm -> MaxPool 2x2 -> ReLU -> Dropout) with 16, 32, 64 and
 * 128 channels turn {@code [B, 1, 64, 301]} into {@code [B, 128, 4, 18]}; the four remaining
 * frequency rows are kept as features ({@code 128 x 4 = 512} per step), then the mean and the
 * maximum over the 18 steps are concatenated ({@code 1024}) -> Dropout 0.3 -> Linear(1024 -> classes).
 * Pooling over time makes the verdict independent of where in the window the speech lies; keeping
 * the frequency rows keeps the coarse spectral shape. About 100 thousand parameters and 70 million
 * multiply-adds per window (SEC-PyTorch's parallel models: 264-395 thousand, about 130 million).
 *
 * <p>{@link #wide} ({@code compact-cnn-wide}) doubles every block's channels (32, 64, 128, 256) and
 * feeds the first block two channels: the image and its time delta {@code (x[t+1] - x[t-1]) / 2}
 * (0 at the first and last frame), computed inside the model so that the feature preset stays
 * {@code speech-16k}. About four times the multiply-adds; chosen by a validation-only recipe search
 * ({@code research/explore_recipes.py}). {@link #wider} ({@code compact-cnn-wider}) triples the channels
 * instead. {@link #deep} ({@code compact-cnn-deep}) is {@link #wide} with a fifth block of 512
 * channels, which turns the image into {@code [B, 512, 2, 9]}: features {@code 2 x 512 x 2 = 2048}.
 * {@link #deepDual} ({@code compact-cnn-deep-dual}) is {@link #deep} on two images of the same window
 * ({@code [B, 2, 64, 301]}: dB and PCEN), each with its time delta, so the first block takes four
 * channels; only that block grows (about 5 million more multiply-adds than {@link #deep}'s 360 million).
 * {@link #slim} ({@code compact-cnn-deep-slim}) is {@link #deep} with compact-cnn's channels (16 to 256):
 * a quarter of the multiply-adds (about 90 million), for ensembles within the predict time of one
 * {@link #deep}.
 */
public final class CompactCnn extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Mel bands of the input ({@code speech-16k}). */
    public static final int MELS = 64;
    /** Frames of the input: 1 + 48000 / 160. */
    public static final int FRAMES = 301;
    /** Channels of compact-cnn's blocks; the fifth is {@link #deep}'s alone. */
    static final int[] CHANNELS = {16, 32, 64, 128, 256};
    /** Blocks of every variant but {@link #deep}. */
    static final int BLOCKS = 4;
    /** Blocks of {@link #deep}. */
    static final int DEEP_BLOCKS = 5;
    /** Channel multiplier of {@link #wide}. */
    static final int WIDE = 2;
    /** Channel multiplier of {@link #wider}. */
    static final int WIDER = 3;
    static final float[] BLOCK_DROPOUT = {0f, 0.1f, 0.1f, 0.2f, 0.2f};
    static final float HEAD_DROPOUT = 0.3f;

    private final SequentialBlock cnn = new SequentialBlock();
    private final Linear classifier;
    private final boolean deltas;
    private final int features;
    private final Architecture architecture;

    /**
     * Creates the model ({@code compact-cnn}).
     *
     * @param numClasses number of output classes
     */
    public CompactCnn(int numClasses) {
        this(numClasses, 1, BLOCKS, false, Architecture.COMPACT_CNN);
    }

    private CompactCnn(int numClasses, int width, int blocks, boolean deltas, Architecture architecture) {
        super(VERSION);
        this.deltas = deltas;
        this.architecture = architecture;
        int images = (int) architecture.inputShape(1).get(1);
        int in = deltas ? 2 * images : images;
        for (int i = 0; i < blocks; i++) {
            cnn.add(new ConvBlock(in, width * CHANNELS[i], 2, BLOCK_DROPOUT[i]));
            in = width * CHANNELS[i];
        }
        features = 2 * in * (MELS >> blocks); // the frequency rows left after the 2x2 pools
        addChildBlock("cnn", cnn);
        classifier = addChildBlock("classifier", TorchLayers.linear(features, numClasses));
    }

    /**
     * The wide variant ({@code compact-cnn-wide}): twice the channels and the time delta as a
     * second input channel.
     *
     * @param numClasses number of output classes
     * @return the model
     */
    public static CompactCnn wide(int numClasses) {
        return new CompactCnn(numClasses, WIDE, BLOCKS, true, Architecture.COMPACT_CNN_WIDE);
    }

    /**
     * {@link #wide} with three times the channels of {@code compact-cnn} (48, 96, 192, 384) instead of
     * twice ({@code compact-cnn-wider}): about 2.25 times the multiply-adds of {@link #wide}.
     *
     * @param numClasses number of output classes
     * @return the model
     */
    public static CompactCnn wider(int numClasses) {
        return new CompactCnn(numClasses, WIDER, BLOCKS, true, Architecture.COMPACT_CNN_WIDER);
    }

    /**
     * {@link #wide} with a fifth block (256 -> 512 channels, dropout 0.2) before the pooling over
     * time ({@code compact-cnn-deep}): a wider view (the fifth block sees about 94 frames, 0.94 s, and
     * the whole band range) and 2048 features from two frequency rows; 1,586,664 parameters.
     *
     * @param numClasses number of output classes
     * @return the model
     */
    public static CompactCnn deep(int numClasses) {
        return new CompactCnn(numClasses, WIDE, DEEP_BLOCKS, true, Architecture.COMPACT_CNN_DEEP);
    }

    /**
     * {@link #deep} on the dB and the PCEN image of one window ({@code compact-cnn-deep-dual}, preset
     * {@code speech-16k-dual}): input {@code [B, 2, 64, 301]}, the first block's input channels the two
     * images and their two time deltas; 1,587,240 parameters.
     *
     * @param numClasses number of output classes
     * @return the model
     */
    public static CompactCnn deepDual(int numClasses) {
        return new CompactCnn(numClasses, WIDE, DEEP_BLOCKS, true, Architecture.COMPACT_CNN_DEEP_DUAL);
    }

    /**
     * {@link #deep} with half its channels in every block (16, 32, 64, 128, 256; {@code
     * compact-cnn-deep-slim}): the time delta as a second input channel, five blocks, 1024 features
     * from two frequency rows; a quarter of the multiply-adds, 401,656 parameters.
     *
     * @param numClasses number of output classes
     * @return the model
     */
    public static CompactCnn slim(int numClasses) {
        return new CompactCnn(numClasses, 1, DEEP_BLOCKS, true, Architecture.COMPACT_CNN_DEEP_SLIM);
    }

    /** The images {@code [B, C, F, T]} and their time deltas as {@code [B, 2C, F, T]} (the deltas after the images). */
    static NDArray withDelta(NDArray x) {
        Shape s = x.getShape();
        NDArray inner = x.get(":, :, :, 2:").sub(x.get(":, :, :, :-2")).div(2f);
        NDArray edge = x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), 1), x.getDataType());
        NDArray delta = edge.concat(inner, 3).concat(edge, 3);
        return x.concat(delta, 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        InputShapes.require(architecture.id(), architecture.inputShape(1), x.getShape());
        if (deltas) {
            x = withDelta(x);
        }
        NDArray maps = cnn.forward(ps, new NDList(x), training, params).head(); // [B, C, R, T]
        Shape s = maps.getShape();
        NDArray steps = maps.reshape(s.get(0), s.get(1) * s.get(2), s.get(3)); // [B, C*R, T]
        NDArray pooled = steps.mean(new int[] {2}).concat(steps.max(new int[] {2}), 1);
        pooled = Dropout.dropout(pooled, HEAD_DROPOUT, training).head();
        return classifier.forward(ps, new NDList(pooled), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long classes = classifier.getOutputShapes(new Shape[] {new Shape(1, features)})[0].get(1);
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        cnn.initialize(manager, dataType, deltas ? new Shape(in.get(0), 2 * in.get(1), in.get(2), in.get(3)) : in);
        classifier.initialize(manager, dataType, new Shape(in.get(0), features));
    }
}
