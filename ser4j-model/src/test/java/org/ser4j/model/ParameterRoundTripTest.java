package org.ser4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saved parameters load into a fresh block of the same architecture and give the same logits. */
class ParameterRoundTripTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void savedParametersReproduceLogits(Architecture a) throws IOException, MalformedModelException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = a.inputShape(2);
            Block trained = a.build(8);
            trained.initialize(manager, DataType.FLOAT32, in);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            trained.saveParameters(new DataOutputStream(bytes));

            Block loaded = a.build(8);
            loaded.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

            NDArray x = manager.randomNormal(in);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] expected = trained.forward(ps, new NDList(x), false).head().toFloatArray();
            float[] actual = loaded.forward(ps, new NDList(x), false).head().toFloatArray();
            assertArrayEquals(expected, actual, 1e-6f, a.id());
        }
    }
}
