package org.ser4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
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
import org.ser4j.model.layers.BiLstm;
import org.ser4j.model.layers.ConvBlock;
import org.ser4j.model.layers.TimeDistributed;
import org.ser4j.model.layers.TransformerEncoderLayer;

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
        switch (branch) {
            case "conv1-128x563" -> {
                block = new ConvBlock(1, 16, 2, 0.3f);
                shape = new Shape(BATCH, 1, 128, 563);
            }
            case "conv4-128x563" -> {
                block = ConvBlock.flattenedStack(
                        new ConvBlock(1, 16, 2, 0.3f), new ConvBlock(16, 32, 4, 0.3f),
                        new ConvBlock(32, 64, 4, 0.3f), new ConvBlock(64, 64, 4, 0.3f));
                shape = new Shape(BATCH, 1, 128, 563);
            }
            case "transformer4-140x64" -> {
                SequentialBlock encoder = new SequentialBlock();
                for (int i = 0; i < 4; i++) {
                    encoder.add(new TransformerEncoderLayer(64, 4, 512, 0.4f));
                }
                block = encoder;
                shape = new Shape(BATCH, 140, 64);
            }
            case "bilstm-140x64" -> {
                block = new BiLstm(128);
                shape = new Shape(BATCH, 140, 64);
            }
            case "chunkconv4-7x128x128" -> {
                block = new TimeDistributed(ConvBlock.flattenedStack(
                        new ConvBlock(1, 16, 2, 0.4f), new ConvBlock(16, 32, 4, 0.4f),
                        new ConvBlock(32, 64, 4, 0.4f), new ConvBlock(64, 128, 4, 0.4f)));
                shape = new Shape(BATCH, 7, 1, 128, 128);
            }
            case "chunkconv3-7x128x128" -> {
                block = new TimeDistributed(ConvBlock.flattenedStack(
                        new ConvBlock(1, 16, 2, 0.3f), new ConvBlock(16, 32, 4, 0.3f),
                        new ConvBlock(32, 64, 4, 0.3f)));
                shape = new Shape(BATCH, 7, 1, 128, 128);
            }
            case "bilstm-7x1024" -> {
                block = new BiLstm(64);
                shape = new Shape(BATCH, 7, 1024);
            }
            default -> throw new IllegalArgumentException("unknown branch " + branch);
        }
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
