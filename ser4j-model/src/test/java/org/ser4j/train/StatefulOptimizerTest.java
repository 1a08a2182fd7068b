package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ser4j.model.Architecture;

/**
 * The update rules against values computed by hand from PyTorch's formulas, for two steps of the
 * loss {@code sum(c * w)} (gradient {@code c}), and exact save/restore of the state.
 */
class StatefulOptimizerTest {

    private static final float[] W0 = {1f, -2f};
    private static final float[] C = {0.5f, 3f};

    private static TrainingConfig config(OptimizerKind kind, double lr, double momentum, double wd) {
        return TrainingConfig.builder().setArchitecture(Architecture.STACKED_CNN_LSTM).setRunDir(Path.of("unused"))
                .optOptimizer(kind).optLearningRate(lr).optMomentum(momentum).optWeightDecay(wd).build();
    }

    private static float[] steps(NDManager manager, StatefulOptimizer optimizer, Parameter p, int n) {
        NDArray c = manager.create(C);
        for (int i = 0; i < n; i++) {
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                g.backward(p.getArray().mul(c).sum());
            }
            optimizer.step(List.of(new Pair<>("w", p)));
        }
        return p.getArray().toFloatArray();
    }

    private static Parameter parameter(NDManager manager) {
        NDArray w = manager.create(W0.clone());
        w.setRequiresGradient(true);
        return Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(w).build();
    }

    @Test
    void sgdWithMomentumAndWeightDecayFollowsPyTorch() {
        double lr = 0.1;
        double m = 0.8;
        double wd = 0.01;
        float[] expected = new float[2];
        for (int k = 0; k < 2; k++) {
            double w = W0[k];
            double d1 = C[k] + wd * w;
            double b = d1;
            w -= lr * b;
            double d2 = C[k] + wd * w;
            b = m * b + d2;
            w -= lr * b;
            expected[k] = (float) w;
        }
        try (NDManager manager = NDManager.newBaseManager();
                StatefulOptimizer sgd = new StatefulOptimizer(config(OptimizerKind.SGD, lr, m, wd), manager)) {
            assertArrayEquals(expected, steps(manager, sgd, parameter(manager), 2), 1e-6f);
            assertEquals(2, sgd.steps());
        }
    }

    @Test
    void adamWFollowsPyTorch() {
        double lr = 0.01;
        double wd = 0.1;
        double b1 = StatefulOptimizer.ADAM_BETA1;
        double b2 = StatefulOptimizer.ADAM_BETA2;
        float[] expected = new float[2];
        for (int k = 0; k < 2; k++) {
            double w = W0[k];
            double mom = 0;
            double v = 0;
            for (int t = 1; t <= 2; t++) {
                w *= 1 - lr * wd;
                mom = b1 * mom + (1 - b1) * C[k];
                v = b2 * v + (1 - b2) * C[k] * C[k];
                double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + StatefulOptimizer.ADAM_EPSILON;
                w -= lr / (1 - Math.pow(b1, t)) * mom / denominator;
            }
            expected[k] = (float) w;
        }
        try (NDManager manager = NDManager.newBaseManager();
                StatefulOptimizer adam = new StatefulOptimizer(config(OptimizerKind.ADAMW, lr, 0, wd), manager)) {
            assertArrayEquals(expected, steps(manager, adam, parameter(manager), 2), 1e-6f);
        }
    }

    @Test
    void restoredStateContinuesExactly() throws IOException {
        for (OptimizerKind kind : OptimizerKind.values()) {
            TrainingConfig config = config(kind, 0.05, 0.8, 0.01);
            try (NDManager manager = NDManager.newBaseManager();
                    StatefulOptimizer straight = new StatefulOptimizer(config, manager);
                    StatefulOptimizer first = new StatefulOptimizer(config, manager);
                    StatefulOptimizer second = new StatefulOptimizer(config, manager)) {
                float[] expected = steps(manager, straight, parameter(manager), 3);

                Parameter p = parameter(manager);
                steps(manager, first, p, 1);
                ByteArrayOutputStream saved = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(saved)) {
                    first.save(out);
                }
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved.toByteArray()))) {
                    second.load(in, "memory");
                }
                assertArrayEquals(expected, steps(manager, second, p, 2), 0f, kind.id());
            }
        }
    }
}
