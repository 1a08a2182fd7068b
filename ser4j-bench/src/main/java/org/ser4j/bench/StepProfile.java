package org.ser4j.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.ser4j.model.Architecture;

/**
 * A quick profile of training on this machine, less sensitive to other processes than JMH's wall
 * time: for each architecture, and for each branch of them, wall seconds and process CPU seconds
 * (all threads, native ones included) per batch of 32, forward only and forward + backward (+ SGD
 * step for whole models).
 *
 * <p>Usage: {@code java -cp ser4j-bench.jar:lib/* org.ser4j.bench.StepProfile [steps] [ids...]}
 * where ids are architecture or branch ids (default: all). Run it with the environment the launcher gives
 * {@code train} ({@code LD_PRELOAD} jemalloc, {@code MALLOC_CONF=retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1},
 * {@code OMP_WAIT_POLICY=PASSIVE}); the first line says what it had.
 */
public final class StepProfile {

    private static final int WARMUP = 2;

    private StepProfile() {}

    /** Wall and CPU nanoseconds of one measured run. */
    private record Sample(long wallNanos, long cpuNanos) {}

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Sample time(Runnable r) {
        long w = System.nanoTime();
        long c = cpu();
        r.run();
        return new Sample(System.nanoTime() - w, cpu() - c);
    }

    private static String summary(List<Sample> samples) {
        double wall = samples.stream().mapToLong(Sample::wallNanos).average().orElse(0) / 1e9;
        double cpu = samples.stream().mapToLong(Sample::cpuNanos).average().orElse(0) / 1e9;
        return String.format("wall %7.3f s  cpu %7.3f s", wall, cpu);
    }

    /**
     * Runs the profile.
     *
     * @param args [steps] [ids...]
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            ids.add(args[i]);
        }
        // the launcher's MALLOC_CONF keeps jemalloc from returning large blocks to the kernel; without
        // it a step costs 1.7-1.9x the CPU (docs/performance.md), so say which one this run had
        out.printf("threads: intra-op %s, OMP_WAIT_POLICY %s, MALLOC_CONF %s, load %.1f%n",
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"),
                System.getenv().getOrDefault("MALLOC_CONF", "unset"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (Architecture a : Architecture.values()) {
            if (ids.isEmpty() || ids.contains(a.id())) {
                out.printf("%-30s train step : %s%n", a.id(), summary(trainSteps(a, steps)));
            }
        }
        for (Branch b : Branch.values()) {
            if (ids.isEmpty() || ids.contains(b.id())) {
                out.printf("%-30s forward    : %s%n", b.id(), summary(branch(b, steps, false)));
                out.printf("%-30s fwd+bwd    : %s%n", b.id(), summary(branch(b, steps, true)));
            }
        }
    }

    private static List<Sample> trainSteps(Architecture a, int steps) {
        Engine.getInstance().setRandomSeed(1);
        List<Sample> samples = new ArrayList<>();
        try (Model model = Model.newInstance(a.id())) {
            model.setBlock(a.build(8));
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f))
                    .optMomentum(0.8f).optWeightDecays(1e-3f).build();
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd))) {
                Shape shape = a.inputShape(32);
                trainer.initialize(shape);
                for (int i = 0; i < WARMUP + steps; i++) {
                    Sample s = time(() -> {
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            NDArray x = m.randomNormal(shape);
                            NDArray y = m.arange(32).toType(DataType.FLOAT32, false).mod(8);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList p = trainer.forward(new NDList(x));
                                NDArray l = trainer.getLoss().evaluate(new NDList(y), p);
                                gc.backward(l);
                            }
                            trainer.step();
                        }
                    });
                    if (i >= WARMUP) {
                        samples.add(s);
                    }
                }
            }
        }
        return samples;
    }

    private static List<Sample> branch(Branch b, int steps, boolean backward) {
        Engine.getInstance().setRandomSeed(1);
        List<Sample> samples = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = b.build();
            block.initialize(manager, DataType.FLOAT32, b.input());
            ParameterStore store = new ParameterStore(manager, false);
            for (int i = 0; i < WARMUP + steps; i++) {
                Sample s = time(() -> {
                    try (NDManager m = manager.newSubManager()) {
                        NDArray x = m.randomNormal(b.input());
                        if (!backward) {
                            block.forward(store, new NDList(x), true).head().mean().getFloat();
                            return;
                        }
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray o = block.forward(store, new NDList(x), true).head().mean();
                            gc.backward(o);
                        }
                    }
                });
                if (i >= WARMUP) {
                    samples.add(s);
                }
            }
        }
        return samples;
    }
}
