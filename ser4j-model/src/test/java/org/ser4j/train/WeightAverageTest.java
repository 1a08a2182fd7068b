package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ser4j.model.layers.ConvBlock;
import org.ser4j.model.layers.TorchLayers;

/** The moving average of the weights: its arithmetic, the swap in and out, and its saved form. */
class WeightAverageTest {

    /** A conv block (with batch-norm running statistics) and a linear layer, initialised. */
    private static List<Pair<String, Parameter>> parameters(NDManager m) {
        ai.djl.nn.SequentialBlock block = new ai.djl.nn.SequentialBlock();
        block.add(new ConvBlock(1, 2, 1, 0f));
        block.add(ai.djl.nn.Blocks.batchFlattenBlock());
        block.add(TorchLayers.linear(2 * 3 * 3, 4));
        block.initialize(m, DataType.FLOAT32, new Shape(2, 1, 3, 3));
        return ((Block) block).getParameters().stream().toList();
    }

    private static List<float[]> values(List<Pair<String, Parameter>> ps) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : ps) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /** Adds {@code delta} to every parameter, as an optimizer step would. */
    private static void step(List<Pair<String, Parameter>> ps, float delta) {
        for (Pair<String, Parameter> p : ps) {
            p.getValue().getArray().addi(delta);
        }
    }

    @Test
    void theDecayWarmsUpToTheConfiguredOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            WeightAverage a = new WeightAverage(0.995, parameters(m), m);
            assertEquals(2.0 / 11, a.decayAt(1), 1e-15);
            assertEquals(11.0 / 20, a.decayAt(10), 1e-15);
            assertEquals(0.995, a.decayAt(100_000), 0);
            assertThrows(IllegalArgumentException.class, () -> new WeightAverage(1.0, List.of(), m));
            assertThrows(IllegalArgumentException.class, () -> new WeightAverage(0.0, List.of(), m));
        }
    }

    @Test
    void averagesEveryParameterIncludingTheRunningStatisticsAndSwapsExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Pair<String, Parameter>> ps = parameters(m);
            assertTrue(ps.stream().anyMatch(p -> !p.getValue().requiresGradient()), "expected running statistics");
            List<float[]> start = values(ps);
            WeightAverage a = new WeightAverage(0.5, ps, m);
            step(ps, 1f);
            a.update(ps); // d = min(0.5, 2/11) = 2/11: a = w0 + 9/11
            step(ps, 1f);
            a.update(ps); // d = min(0.5, 3/12) = 1/4: a = 1/4 (w0 + 9/11) + 3/4 (w0 + 2)
            assertEquals(2, a.steps());
            List<float[]> trained = values(ps);
            float expected = 0.25f * (9f / 11) + 0.75f * 2f;

            a.swapIn(ps);
            List<float[]> averaged = values(ps);
            for (int i = 0; i < ps.size(); i++) {
                for (int j = 0; j < start.get(i).length; j++) {
                    assertEquals(start.get(i)[j] + expected, averaged.get(i)[j], 1e-5, ps.get(i).getKey());
                }
            }
            assertThrows(IllegalStateException.class, () -> a.swapIn(ps));
            a.swapOut(ps);
            List<float[]> back = values(ps);
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(trained.get(i), back.get(i), ps.get(i).getKey());
            }
        }
    }

    @Test
    void savedAverageLoadsBackAndAForeignOneIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Pair<String, Parameter>> ps = parameters(m);
            WeightAverage a = new WeightAverage(0.9, ps, m);
            step(ps, 0.5f);
            a.update(ps);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.save(new DataOutputStream(bytes));

            List<Pair<String, Parameter>> other = parameters(m);
            WeightAverage b = new WeightAverage(0.9, other, m);
            b.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "average.bin");
            assertEquals(1, b.steps());
            a.swapIn(ps);
            b.swapIn(other);
            List<float[]> x = values(ps);
            List<float[]> y = values(other);
            for (int i = 0; i < x.size(); i++) {
                assertArrayEquals(x.get(i), y.get(i));
            }

            WeightAverage otherDecay = new WeightAverage(0.99, parameters(m), m);
            IOException e = assertThrows(IOException.class, () -> otherDecay.load(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "average.bin"));
            assertTrue(e.getMessage().startsWith("average.bin: ") && e.getMessage().contains("decay"), e.getMessage());
            IOException junk = assertThrows(IOException.class, () -> otherDecay.load(
                    new DataInputStream(new ByteArrayInputStream(new byte[16])), "average.bin"));
            assertTrue(junk.getMessage().contains("not a ser4j weight average"), junk.getMessage());
        }
    }
}
