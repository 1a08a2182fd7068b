package org.ser4j.model.layers;

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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ser4j.model.Architecture;

/** Batch norm folded into the convolution for inference gives the same outputs to float rounding. */
class ConvBlockFoldTest {

    @Test
    void aFoldedModelGivesTheUnfoldedLogitsAndRefusesToTrain() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = Architecture.COMPACT_CNN_DEEP.build(8);
            Shape in = Architecture.COMPACT_CNN_DEEP.inputShape(2);
            model.initialize(m, DataType.FLOAT32, in);
            // running statistics and affine terms far from the identity, so that the fold has work to do
            Random r = new Random(7);
            for (Pair<String, Parameter> p : model.getParameters()) {
                String name = p.getKey();
                if (name.endsWith("runningMean") || name.endsWith("beta")) {
                    fill(p.getValue().getArray(), r, -0.5f, 0.5f);
                } else if (name.endsWith("runningVar") || name.endsWith("gamma")) {
                    fill(p.getValue().getArray(), r, 0.3f, 2.0f);
                }
            }
            ParameterStore ps = new ParameterStore(m, false);
            float[] x = new float[(int) in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            NDArray input = m.create(x, in);
            float[] before = model.forward(ps, new NDList(input), false).singletonOrThrow().toFloatArray();

            assertEquals(5, ConvBlock.foldAll(model), "compact-cnn-deep has five conv blocks");
            float[] after = model.forward(ps, new NDList(input), false).singletonOrThrow().toFloatArray();
            assertEquals(before.length, after.length);
            double largest = 0;
            double diff = 0;
            for (int i = 0; i < before.length; i++) {
                largest = Math.max(largest, Math.abs(before[i]));
                diff = Math.max(diff, Math.abs(before[i] - after[i]));
            }
            assertTrue(largest > 0.01, "logits that say something: " + largest);
            assertTrue(diff <= 1e-5 * Math.max(1, largest), "largest difference " + diff + " (logits up to " + largest + ")");
            assertEquals(5, ConvBlock.foldAll(model), "folding again changes nothing");
            float[] again = model.forward(ps, new NDList(input), false).singletonOrThrow().toFloatArray();
            assertEquals(after[0], again[0]);
            assertThrows(IllegalStateException.class, () -> model.forward(ps, new NDList(input), true));
        }
    }

    private static void fill(NDArray a, Random r, float lo, float hi) {
        float[] v = new float[(int) a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        a.set(v);
    }
}
