package org.ser4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.ser4j.features.FeaturePreset;

/** The four SEC-PyTorch architectures of SPEC.md and ser4j's compact CNN, by their command-line ids. */
public enum Architecture {
    /** Model 1: time-distributed CNN over 7 chunks, LSTM, last step. */
    STACKED_CNN_LSTM("stacked-cnn-lstm", true),
    /** Model 2: time-distributed CNN over 7 chunks, BiLSTM, attention over chunks. */
    STACKED_CNN_BILSTM_ATTENTION("stacked-cnn-bilstm-attention", true),
    /** Model 3: 2D CNN in parallel with a BiLSTM with attention over 140 pooled frames. */
    PARALLEL_CNN_BILSTM_ATTENTION("parallel-cnn-bilstm-attention", false),
    /** Model 4: 2D CNN in parallel with a 4-layer Transformer encoder over 140 pooled frames. */
    PARALLEL_CNN_TRANSFORMER("parallel-cnn-transformer", false),
    /**
     * Not SEC-PyTorch's: a small 2D CNN over the 64 x 301 {@code speech-16k} image with mean and max
     * pooling over time ({@link CompactCnn}); built for unheard speakers and a fast forward pass.
     */
    COMPACT_CNN("compact-cnn", false),
    /**
     * ser4j's wide compact CNN: {@link #COMPACT_CNN} with twice the channels and the time delta of
     * the image as a second input channel ({@link CompactCnn#wide}).
     */
    COMPACT_CNN_WIDE("compact-cnn-wide", false),
    /**
     * {@link #COMPACT_CNN_WIDE} with three times {@link #COMPACT_CNN}'s channels instead of twice
     * ({@link CompactCnn#wider}).
     */
    COMPACT_CNN_WIDER("compact-cnn-wider", false),
    /**
     * {@link #COMPACT_CNN_WIDE} with a fifth conv block of 512 channels ({@link CompactCnn#deep}).
     */
    COMPACT_CNN_DEEP("compact-cnn-deep", false),
    /**
     * {@link #COMPACT_CNN_DEEP} on two images at once, the dB and the PCEN image of preset
     * {@code speech-16k-dual}, each with its time delta: four input channels, one forward pass
     * ({@link CompactCnn#deepDual}).
     */
    COMPACT_CNN_DEEP_DUAL("compact-cnn-deep-dual", false),
    /**
     * {@link #COMPACT_CNN_DEEP} with {@link #COMPACT_CNN}'s channels (16 to 256) instead of twice them:
     * about a quarter of the multiply-adds ({@link CompactCnn#slim}).
     */
    COMPACT_CNN_DEEP_SLIM("compact-cnn-deep-slim", false);

    /** Chunks of the stacked models' input (SPEC.md: starts 0, 64, ..., 384). */
    public static final int CHUNKS = 7;
    /** Frames per chunk. */
    public static final int CHUNK_FRAMES = 128;
    /** Mel bands of every input. */
    public static final int MELS = 128;
    /** Frames of the parallel models' input: 1 + 144000/256. */
    public static final int FRAMES = 563;

    private final String id;
    private final boolean chunked;

    Architecture(String id, boolean chunked) {
        this.id = id;
        this.chunked = chunked;
    }

    /**
     * The command-line and bundle id.
     *
     * @return e.g. {@code parallel-cnn-transformer}
     */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Whether the model takes the chunked input {@code [B, 7, 1, 128, 128]} (otherwise the whole
     * image {@code [B, 1, 128, 563]}).
     *
     * @return true for models 1 and 2
     */
    public boolean chunked() {
        return chunked;
    }

    /**
     * Whether the built block is an {@link AttentionModel}.
     *
     * @return true for models 2 and 3
     */
    public boolean hasAttention() {
        return this == STACKED_CNN_BILSTM_ATTENTION || this == PARALLEL_CNN_BILSTM_ATTENTION;
    }

    /**
     * The input shape for a batch.
     *
     * @param batch batch size
     * @return {@code [batch, 7, 1, 128, 128]}, {@code [batch, 1, 128, 563]} or (compact CNN)
     *     {@code [batch, 1, 64, 301]} ({@code [batch, 2, 64, 301]} for the dual one)
     */
    public Shape inputShape(int batch) {
        if (compact()) {
            // one image per input channel: two for the dual model's stacked dB and PCEN images
            return new Shape(batch, defaultPreset().channels(), CompactCnn.MELS, CompactCnn.FRAMES);
        }
        return chunked
                ? new Shape(batch, CHUNKS, 1, MELS, CHUNK_FRAMES)
                : new Shape(batch, 1, MELS, FRAMES);
    }

    /**
     * Whether this is one of ser4j's own compact CNNs (input {@code [B, 1, 64, 301]}, preset
     * speech-16k; the dual one {@code [B, 2, 64, 301]}, preset speech-16k-dual).
     */
    public boolean compact() {
        return this == COMPACT_CNN || this == COMPACT_CNN_WIDE || this == COMPACT_CNN_WIDER
                || this == COMPACT_CNN_DEEP || this == COMPACT_CNN_DEEP_DUAL || this == COMPACT_CNN_DEEP_SLIM;
    }

    /**
     * The feature preset the architecture's input shape is made for: {@code sec-pytorch-chunked} for
     * models 1-2, {@code sec-pytorch} for 3-4, {@code speech-16k} for the compact CNNs
     * ({@code speech-16k-dual} for the dual one).
     *
     * @return the preset
     */
    public FeaturePreset defaultPreset() {
        if (this == COMPACT_CNN_DEEP_DUAL) {
            return FeaturePreset.SPEECH_16K_DUAL;
        }
        if (compact()) {
            return FeaturePreset.SPEECH_16K;
        }
        return chunked ? FeaturePreset.SEC_PYTORCH_CHUNKED : FeaturePreset.SEC_PYTORCH;
    }

    /**
     * Builds a fresh, uninitialised block with PyTorch's default initialisers attached.
     *
     * @param numClasses output classes (8 for RAVDESS)
     * @return the block; output logits {@code [B, numClasses]}
     */
    public Block build(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException(
                    id + ": expected at least 2 classes, found " + numClasses);
        }
        return switch (this) {
            case STACKED_CNN_LSTM -> new StackedCnnLstm(numClasses);
            case STACKED_CNN_BILSTM_ATTENTION -> new StackedCnnBiLstmAttention(numClasses);
            case PARALLEL_CNN_BILSTM_ATTENTION -> new ParallelCnnBiLstmAttention(numClasses);
            case PARALLEL_CNN_TRANSFORMER -> new ParallelCnnTransformer(numClasses);
            case COMPACT_CNN -> new CompactCnn(numClasses);
            case COMPACT_CNN_WIDE -> CompactCnn.wide(numClasses);
            case COMPACT_CNN_WIDER -> CompactCnn.wider(numClasses);
            case COMPACT_CNN_DEEP -> CompactCnn.deep(numClasses);
            case COMPACT_CNN_DEEP_DUAL -> CompactCnn.deepDual(numClasses);
            case COMPACT_CNN_DEEP_SLIM -> CompactCnn.slim(numClasses);
        };
    }

    /**
     * Looks an architecture up by id.
     *
     * @param id e.g. {@code stacked-cnn-lstm}
     * @return the architecture
     * @throws IllegalArgumentException naming the known ids
     */
    @JsonCreator
    public static Architecture fromId(String id) {
        for (Architecture a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown model '" + id + "', expected one of " + ids());
    }

    /**
     * All ids, comma separated, in declaration order.
     *
     * @return the ids
     */
    public static String ids() {
        return Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", "));
    }
}
