package org.ser4j.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.ser4j.model.layers.BiLstm;
import org.ser4j.model.layers.ConvBlock;
import org.ser4j.model.layers.TimeDistributed;
import org.ser4j.model.layers.TransformerEncoderLayer;

/** The branches of the four architectures, each with its batch-32 input, for timing. */
enum Branch {
    /** First conv block of models 3-4 alone (the largest activation: 16 x 128 x 563). */
    CONV1_128X563("conv1-128x563", new Shape(32, 1, 128, 563)),
    /** Conv branch of models 3-4. */
    CONV4_128X563("conv4-128x563", new Shape(32, 1, 128, 563)),
    /** Transformer branch of model 4 (after the [2, 4] pooling). */
    TRANSFORMER4_140X64("transformer4-140x64", new Shape(32, 140, 64)),
    /** BiLSTM of model 3. */
    BILSTM_140X64("bilstm-140x64", new Shape(32, 140, 64)),
    /** Chunk CNN of model 1. */
    CHUNKCONV4_7X128X128("chunkconv4-7x128x128", new Shape(32, 7, 1, 128, 128)),
    /** Chunk CNN of model 2. */
    CHUNKCONV3_7X128X128("chunkconv3-7x128x128", new Shape(32, 7, 1, 128, 128)),
    /** BiLSTM of model 2. */
    BILSTM_7X1024("bilstm-7x1024", new Shape(32, 7, 1024));

    private final String id;
    private final Shape input;

    Branch(String id, Shape input) {
        this.id = id;
        this.input = input;
    }

    String id() {
        return id;
    }

    Shape input() {
        return input;
    }

    static Branch fromId(String id) {
        for (Branch b : values()) {
            if (b.id.equals(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown branch " + id);
    }

    Block build() {
        return switch (this) {
            case CONV1_128X563 -> new ConvBlock(1, 16, 2, 0.3f);
            case CONV4_128X563 -> ConvBlock.flattenedStack(
                    new ConvBlock(1, 16, 2, 0.3f), new ConvBlock(16, 32, 4, 0.3f),
                    new ConvBlock(32, 64, 4, 0.3f), new ConvBlock(64, 64, 4, 0.3f));
            case TRANSFORMER4_140X64 -> {
                SequentialBlock encoder = new SequentialBlock();
                for (int i = 0; i < 4; i++) {
                    encoder.add(new TransformerEncoderLayer(64, 4, 512, 0.4f));
                }
                yield encoder;
            }
            case BILSTM_140X64 -> new BiLstm(128);
            case CHUNKCONV4_7X128X128 -> new TimeDistributed(ConvBlock.flattenedStack(
                    new ConvBlock(1, 16, 2, 0.4f), new ConvBlock(16, 32, 4, 0.4f),
                    new ConvBlock(32, 64, 4, 0.4f), new ConvBlock(64, 128, 4, 0.4f)));
            case CHUNKCONV3_7X128X128 -> new TimeDistributed(ConvBlock.flattenedStack(
                    new ConvBlock(1, 16, 2, 0.3f), new ConvBlock(16, 32, 4, 0.3f),
                    new ConvBlock(32, 64, 4, 0.3f)));
            case BILSTM_7X1024 -> new BiLstm(64);
        };
    }
}
