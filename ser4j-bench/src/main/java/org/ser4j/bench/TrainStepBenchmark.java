package org.ser4j.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.ser4j.model.Architecture;

/**
 * Seconds per training batch (forward, cross-entropy, backward, SGD step as SEC-PyTorch: lr 0.01,
 * momentum 0.8, weight decay 1e-3) for each architecture, batch 32 of random standardised input,
 * each step in its own sub-{@code NDManager}. Seconds per SEC-PyTorch epoch = this x floor(N/32) (e.g. 90
 * batches for the random split of actors 01-20: 3 x 960 training clips after augmentation).
 *
 * <p>Run with {@code OMP_WAIT_POLICY=PASSIVE} (as the launcher and the tests do): with PyTorch's
 * default spinning OpenMP threads a step is 3-6x slower on shared cores. Compare intra-op threads
 * with {@code -jvmArgsAppend -Dai.djl.pytorch.num_threads=1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class TrainStepBenchmark {

    private static final int CLASSES = 8;

    @Param({
        "stacked-cnn-lstm",
        "stacked-cnn-bilstm-attention",
        "parallel-cnn-bilstm-attention",
        "parallel-cnn-transformer",
        "compact-cnn"
    })
    public String model;

    @Param({"32"})
    public int batch;

    private Architecture architecture;
    private Model djlModel;
    private Trainer trainer;
    private float[] input;
    private float[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        Engine.getInstance().setRandomSeed(1);
        architecture = Architecture.fromId(model);
        djlModel = Model.newInstance(model);
        djlModel.setBlock(architecture.build(CLASSES));
        Optimizer sgd =
                Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(0.01f))
                        .optMomentum(0.8f)
                        .optWeightDecays(1e-3f)
                        .build();
        trainer =
                djlModel.newTrainer(
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd));
        trainer.initialize(architecture.inputShape(batch));
        Random rng = new Random(2);
        input = new float[(int) architecture.inputShape(batch).size()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) rng.nextGaussian();
        }
        labels = new float[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % CLASSES;
        }
    }

    @Benchmark
    public float trainStep() {
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.create(input, architecture.inputShape(batch));
            NDArray y = step.create(labels);
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x));
                NDArray l = trainer.getLoss().evaluate(new NDList(y), prediction);
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        djlModel.close();
    }
}
