package org.ser4j.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The layers are initialised as PyTorch initialises them, not with DJL's Xavier default. */
class TorchLayersTest {

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(42);
    }

    /**
     * All values in [-bound, bound], and the extremes and the mean as a uniform draw of that size
     * gives them: the thresholds are set so that a correct initialiser fails with probability below
     * 1e-6 (max of n uniforms below (1 - t) * bound has probability (1 - t)^n; the mean's standard
     * deviation is bound / sqrt(3n), allowed 5 of them), while a normal or a wrongly scaled
     * initialiser still fails.
     */
    private static void assertUniform(NDArray a, double bound, String what) {
        long n = a.size();
        float max = a.abs().max().getFloat();
        assertTrue(max <= bound * (1 + 1e-6), what + ": max |w| " + max + " exceeds " + bound);
        double t = 1 - Math.exp(Math.log(1e-6) / n);
        assertTrue(max > (1 - t) * bound, what + ": max |w| " + max + " of " + n + " values far below bound " + bound);
        double mean = a.mean().getFloat();
        assertEquals(0, mean, 5 * bound / Math.sqrt(3.0 * n), what + " mean");
    }

    private static NDArray param(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException(name + " not in " + block.getParameters().keys());
        }
        return p.getArray();
    }

    @Test
    void linearAndConvUseKaimingUniformWithAsqrt5() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block linear = TorchLayers.linear(400, 300);
            linear.initialize(m, DataType.FLOAT32, new Shape(1, 400));
            assertUniform(param(linear, "weight"), 1 / Math.sqrt(400), "linear weight");
            assertUniform(param(linear, "bias"), 1 / Math.sqrt(400), "linear bias");

            Block conv = TorchLayers.conv3x3(16, 32);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 16, 8, 8));
            assertEquals(new Shape(32, 16, 3, 3), param(conv, "weight").getShape());
            assertUniform(param(conv, "weight"), 1 / Math.sqrt(16 * 9), "conv weight");
            assertUniform(param(conv, "bias"), 1 / Math.sqrt(16 * 9), "conv bias");
        }
    }

    @Test
    void lstmWeightsAndBothBiasesAreUniformOverSqrtHidden() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block lstm = TorchLayers.lstm(128);
            lstm.initialize(m, DataType.FLOAT32, new Shape(2, 5, 64));
            double bound = 1 / Math.sqrt(128);
            assertEquals(new Shape(512, 64), param(lstm, "l_0_i2h_WEIGHT").getShape());
            assertEquals(new Shape(512, 128), param(lstm, "l_0_h2h_WEIGHT").getShape());
            for (String name : new String[] {"l_0_i2h_WEIGHT", "l_0_h2h_WEIGHT", "l_0_i2h_BIAS", "l_0_h2h_BIAS"}) {
                assertUniform(param(lstm, name), bound, "lstm " + name);
            }
        }
    }

    @Test
    void attentionAndNormsFollowPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(64, 4, 512, 0.4f);
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 10, 64));
            for (var p : layer.getParameters()) {
                String name = p.getKey();
                NDArray a = p.getValue().getArray();
                if (name.endsWith("in_proj_weight")) {
                    assertUniform(a, Math.sqrt(6.0 / (64 + 192)), name + " (xavier uniform)");
                } else if (name.endsWith("in_proj_bias") || name.endsWith("out_proj_bias")
                        || name.endsWith("beta")) {
                    assertEquals(0f, a.abs().max().getFloat(), name + " zero");
                } else if (name.endsWith("gamma")) {
                    assertEquals(1f, a.min().getFloat(), name);
                    assertEquals(1f, a.max().getFloat(), name);
                } else if (name.endsWith("out_proj_weight")) {
                    assertUniform(a, 1 / 8.0, name);
                } else if (name.contains("linear1")) {
                    assertUniform(a, 1 / 8.0, name);
                } else if (name.contains("linear2")) {
                    assertUniform(a, 1 / Math.sqrt(512), name);
                } else {
                    throw new AssertionError("unexpected parameter " + name);
                }
            }
        }
    }

    @Test
    void batchNormStartsAtIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvBlock block = new ConvBlock(1, 16, 2, 0.3f);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            int seen = 0;
            for (var p : block.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.GAMMA) {
                    assertEquals(1f, p.getValue().getArray().min().getFloat());
                    seen++;
                } else if (p.getValue().getType() == Parameter.Type.BETA) {
                    assertEquals(0f, p.getValue().getArray().abs().max().getFloat());
                    seen++;
                }
            }
            assertEquals(2, seen);
        }
    }
}
