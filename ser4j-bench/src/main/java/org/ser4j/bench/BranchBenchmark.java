package org.ser4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
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

/**
 * Where a training step's time goes: one branch of the architectures at batch 32, forward only or
 * forward + backward (gradient of the output mean), in training mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
public class BranchBenchmark {

    private static final int BATCH = 32;

    /** Branch names: what, and on which input. */
    @Param({
        "conv1-128x563",
        "conv4-128x563",
        "transformer4-140x64",
        "bilstm-140x64",
        "chunkconv4-7x128x128",
        "chunkconv3-7x128x128",
        "bilstm-7x1024"
    })
    public String branch;

    @Param({"forward", "forward-backward"})
    public String pass;

    private NDManager manager;
    private Block block;
    private Shape shape;
    private ParameterStore store;

    @Setup(Level.Trial)
    public void setUp() {
        Engine.getInstance().setRandomSeed(1);
        manager = NDManager.newBaseManager();
        Branch b = Branch.fromId(branch);
        block = b.build();
        shape = b.input();
        block.initialize(manager, DataType.FLOAT32, shape);
        store = new ParameterStore(manager, false);
    }

    @Benchmark
    public float run() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.randomNormal(shape);
            if (pass.equals("forward")) {
                return block.forward(store, new NDList(x), true).head().mean().getFloat();
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(store, new NDList(x), true).head().mean();
                gc.backward(out);
                return out.getFloat();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
