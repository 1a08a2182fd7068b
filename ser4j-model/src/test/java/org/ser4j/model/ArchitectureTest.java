package org.ser4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchitectureTest {

    private static final int CLASSES = 8;

    /** PyTorch: Conv2d(in, out, 3) weight + bias, BatchNorm2d(out) weight + bias. */
    private static long convBlock(long in, long out) {
        return out * in * 3 * 3 + out + 2 * out;
    }

    /** PyTorch: one direction of nn.LSTM(in, h): weight_ih [4h, in], weight_hh [4h, h], two biases. */
    private static long lstm(long in, long h) {
        return 4 * h * in + 4 * h * h + 4 * h + 4 * h;
    }

    private static long linear(long in, long out) {
        return in * out + out;
    }

    /** PyTorch: nn.TransformerEncoderLayer(d, nhead, ff): MHA in/out projections, 2 linears, 2 LayerNorms. */
    private static long encoderLayer(long d, long ff) {
        long attention = 3 * d * d + 3 * d + d * d + d;
        return attention + linear(d, ff) + linear(ff, d) + 2 * (2 * d);
    }

    /** Trainable parameters PyTorch reports, computed by hand from SPEC.md. */
    static long torchParameters(Architecture a) {
        return switch (a) {
            case STACKED_CNN_LSTM -> convBlock(1, 16) + convBlock(16, 32) + convBlock(32, 64)
                    + convBlock(64, 128) + lstm(128, 64) + linear(64, CLASSES);
            case STACKED_CNN_BILSTM_ATTENTION -> convBlock(1, 16) + convBlock(16, 32)
                    + convBlock(32, 64) + 2 * lstm(1024, 64) + linear(128, 1)
                    + linear(128, CLASSES);
            case PARALLEL_CNN_BILSTM_ATTENTION -> convBlock(1, 16) + convBlock(16, 32)
                    + convBlock(32, 64) + convBlock(64, 64) + 2 * lstm(64, 128)
                    + linear(256, 1) + linear(512, CLASSES);
            case PARALLEL_CNN_TRANSFORMER -> convBlock(1, 16) + convBlock(16, 32)
                    + convBlock(32, 64) + convBlock(64, 64) + 4 * encoderLayer(64, 512)
                    + linear(320, CLASSES);
            case COMPACT_CNN -> convBlock(1, 16) + convBlock(16, 32) + convBlock(32, 64)
                    + convBlock(64, 128) + linear(128 * 4 * 2, CLASSES);
            // two input channels: the image and its time delta
            case COMPACT_CNN_WIDE -> convBlock(2, 32) + convBlock(32, 64) + convBlock(64, 128)
                    + convBlock(128, 256) + linear(256 * 4 * 2, CLASSES);
            case COMPACT_CNN_WIDER -> convBlock(2, 48) + convBlock(48, 96) + convBlock(96, 192)
                    + convBlock(192, 384) + linear(384 * 4 * 2, CLASSES);
            // a fifth block: two frequency rows are left of 64 bands
            case COMPACT_CNN_DEEP -> convBlock(2, 32) + convBlock(32, 64) + convBlock(64, 128)
                    + convBlock(128, 256) + convBlock(256, 512) + linear(512 * 2 * 2, CLASSES);
            // two images (dB and PCEN) and their two deltas
            case COMPACT_CNN_DEEP_DUAL -> convBlock(4, 32) + convBlock(32, 64) + convBlock(64, 128)
                    + convBlock(128, 256) + convBlock(256, 512) + linear(512 * 2 * 2, CLASSES);
            // compact-cnn's channels, the delta and a fifth block
            case COMPACT_CNN_DEEP_SLIM -> convBlock(2, 16) + convBlock(16, 32) + convBlock(32, 64)
                    + convBlock(64, 128) + convBlock(128, 256) + linear(256 * 2 * 2, CLASSES);
        };
    }

    static long trainableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }

    /**
     * The counts PyTorch 2.11 itself printed for the SEC-PyTorch models built by
     * {@code tools/pytorch_reference.py} (log: src/test/resources/pytorch-reference/pytorch_reference.log),
     * so the hand computation above is checked against the real library too.
     */
    @ParameterizedTest
    @EnumSource(value = Architecture.class, mode = EnumSource.Mode.EXCLUDE, names = {"COMPACT_CNN", "COMPACT_CNN_WIDE", "COMPACT_CNN_WIDER", "COMPACT_CNN_DEEP",
            "COMPACT_CNN_DEEP_DUAL", "COMPACT_CNN_DEEP_SLIM"})
    void handCountEqualsTheCountPyTorchPrinted(Architecture a) {
        long printed = switch (a) {
            case STACKED_CNN_LSTM -> 147_816;
            case STACKED_CNN_BILSTM_ATTENTION -> 582_761;
            case PARALLEL_CNN_BILSTM_ATTENTION -> 263_593;
            case PARALLEL_CNN_TRANSFORMER -> 395_176;
            case COMPACT_CNN, COMPACT_CNN_WIDE, COMPACT_CNN_WIDER, COMPACT_CNN_DEEP, COMPACT_CNN_DEEP_DUAL, COMPACT_CNN_DEEP_SLIM -> throw new IllegalStateException("not a seed model: PyTorch printed no count");
        };
        assertEquals(printed, torchParameters(a), a.id());
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void outputIsBatchByClassesAndParameterCountMatchesPyTorch(Architecture a) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = a.build(CLASSES);
            Shape in = a.inputShape(2);
            block.initialize(manager, DataType.FLOAT32, in);
            long ours = trainableParameters(block);
            long torch = torchParameters(a);
            System.err.printf("%-30s parameters: DJL %,d  PyTorch (by hand) %,d%n", a.id(), ours, torch);
            assertEquals(torch, ours, a.id() + " parameter count");

            NDArray x = manager.randomNormal(in);
            ParameterStore ps = new ParameterStore(manager, false);
            NDList eval = block.forward(ps, new NDList(x), false);
            assertEquals(1, eval.size());
            assertEquals(new Shape(2, CLASSES), eval.head().getShape());
            NDList train = block.forward(ps, new NDList(x), true);
            assertEquals(new Shape(2, CLASSES), train.head().getShape());
            assertArrayEquals(
                    new Shape[] {new Shape(2, CLASSES)}, block.getOutputShapes(new Shape[] {in}));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Architecture.class,
            names = {"STACKED_CNN_BILSTM_ATTENTION", "PARALLEL_CNN_BILSTM_ATTENTION"})
    void attentionWeightsSumToOneOverSteps(Architecture a) {
        assertTrue(a.hasAttention());
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionModel model = (AttentionModel) a.build(CLASSES);
            Shape in = a.inputShape(3);
            model.initialize(manager, DataType.FLOAT32, in);
            NDList out =
                    model.forwardWithAttention(
                            new ParameterStore(manager, false),
                            new NDList(manager.randomNormal(in)));
            assertEquals(new Shape(3, CLASSES), out.get(0).getShape());
            NDArray weights = out.get(1);
            assertEquals(new Shape(3, model.attentionSteps()), weights.getShape());
            float[] sums = weights.sum(new int[] {1}).toFloatArray();
            for (float s : sums) {
                assertEquals(1.0, s, 1e-5);
            }
            assertTrue(weights.gte(0).all().getBoolean());
        }
    }

    @Test
    void idsRoundTripAndUnknownIdIsNamed() {
        for (Architecture a : Architecture.values()) {
            assertEquals(a, Architecture.fromId(a.id()));
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Architecture.fromId("cnn"));
        assertTrue(e.getMessage().contains("'cnn'") && e.getMessage().contains("stacked-cnn-lstm"));
    }

    @Test
    void wrongInputShapeNamesExpectedAndFound() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Architecture.PARALLEL_CNN_TRANSFORMER.build(CLASSES);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 128, 563));
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> block.forward(
                                    new ParameterStore(manager, false),
                                    new NDList(manager.zeros(new Shape(1, 1, 128, 500))),
                                    false));
            assertTrue(e.getMessage().contains("563") && e.getMessage().contains("500"), e.getMessage());
        }
    }
}
