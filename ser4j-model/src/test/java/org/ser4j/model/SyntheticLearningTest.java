package org.ser4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each architecture learns a small synthetic task: 4 classes, each marked by a brighter band of 32
 * mel rows and an overall level in Gaussian noise (the level survives the global pooling of model
 * 1, whose chunk CNN ends at 1 x 1 and so cannot see where a band is). Training loss must fall and the trained model (inference mode) must
 * classify every training sample correctly.
 */
class SyntheticLearningTest {

    private static final int CLASSES = 4;
    private static final int PER_CLASS = 4;
    private static final int BATCH = 8;
    private static final int STEPS = 30;
    /**
     * Steps for {@code stacked-cnn-lstm}, the slowest to fit (its last loss at 30 steps was 0.46-0.54,
     * against 0.18 or less for the others): with PyTorch 2.7.1's dropout masks (no longer MKL's Bernoulli
     * draws) it had 12 of 16 samples right after 30 steps and all 16 after 50 and 60 (seed 7), and at 30
     * steps engine seeds 3 and 7 failed where 1 and 2 passed. The check stays all 16.
     */
    private static final int LSTM_STEPS = 60;
    /** Added to the class's band of rows (a cue that needs the position). */
    private static final float BAND_LEVEL = 3f;
    /** Class-dependent offset of the whole image (a cue that survives global pooling). */
    private static final float LEVEL_STEP = 1f;

    /** Samples [n, ...input]: noise, the band of class c = i % 4 raised, everything offset by c. */
    private static float[] samples(Architecture a, int n, Random rng) {
        Shape one = a.inputShape(1);
        int size = (int) one.size();
        int width = (int) one.get(one.dimension() - 1);
        int mels = (int) one.get(one.dimension() - 2);
        int band = mels / CLASSES;
        float[] data = new float[n * size];
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES;
            for (int j = 0; j < size; j++) {
                int row = (j / width) % mels;
                float signal = (row / band == label ? BAND_LEVEL : 0f) + LEVEL_STEP * (label - (CLASSES - 1) / 2f);
                data[i * size + j] = signal + (float) rng.nextGaussian();
            }
        }
        return data;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void learnsSyntheticClasses(Architecture a) {
        Engine.getInstance().setRandomSeed(7);
        int n = CLASSES * PER_CLASS;
        float[] data = samples(a, n, new Random(11));
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
        }
        Shape one = a.inputShape(1);
        int size = (int) one.size();
        try (Model model = Model.newInstance(a.id())) {
            model.setBlock(a.build(CLASSES));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(Tracker.fixed(3e-3f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(a.inputShape(BATCH));
                float first = Float.NaN;
                float last = Float.NaN;
                Random order = new Random(3);
                int steps = a == Architecture.STACKED_CNN_LSTM ? LSTM_STEPS : STEPS;
                for (int step = 0; step < steps; step++) {
                    float[] x = new float[BATCH * size];
                    float[] y = new float[BATCH];
                    for (int b = 0; b < BATCH; b++) {
                        int i = order.nextInt(n);
                        System.arraycopy(data, i * size, x, b * size, size);
                        y[b] = labels[i];
                    }
                    try (NDManager step0 = trainer.getManager().newSubManager()) {
                        NDArray input = step0.create(x, a.inputShape(BATCH));
                        NDArray target = step0.create(y);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(input));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(target), pred);
                            gc.backward(loss);
                            last = loss.getFloat();
                        }
                        trainer.step();
                    }
                    if (step == 0) {
                        first = last;
                    }
                }
                int correct = 0;
                try (NDManager eval = trainer.getManager().newSubManager()) {
                    NDArray input = eval.create(data, a.inputShape(n));
                    NDArray logits = trainer.evaluate(new NDList(input)).head();
                    long[] predicted = logits.argMax(1).toLongArray();
                    for (int i = 0; i < n; i++) {
                        correct += predicted[i] == (long) labels[i] ? 1 : 0;
                    }
                }
                System.err.printf(
                        "%-30s loss %.3f -> %.3f, training accuracy %d/%d%n",
                        a.id(), first, last, correct, n);
                assertTrue(last < first / 2, a.id() + ": loss fell from " + first + " to " + last);
                assertEquals(n, correct, a.id() + ": training samples classified correctly");
            }
        }
    }
}
