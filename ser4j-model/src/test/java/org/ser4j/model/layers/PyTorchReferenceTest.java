package org.ser4j.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ser4j.features.Npy;

/**
 * Compares {@link TransformerEncoderLayer} and {@link BiLstm} with PyTorch's {@code
 * nn.TransformerEncoderLayer(64, 4, 512, 0.4)} and {@code nn.LSTM(64, 128, bidirectional=True)}
 * on fixtures written by {@code tools/pytorch_reference.py} into {@code
 * src/test/resources/pytorch-reference/}. Skipped when the fixtures are absent.
 */
class PyTorchReferenceTest {

    private static final String DIR = "/pytorch-reference/";
    private static final double TOLERANCE = 1e-5;

    private static boolean present(String prefix) {
        return PyTorchReferenceTest.class.getResource(DIR + prefix + "output.npy") != null;
    }

    private static Npy.Array read(String name) throws IOException {
        try (InputStream in = PyTorchReferenceTest.class.getResourceAsStream(DIR + name + ".npy")) {
            if (in == null) {
                throw new IOException(DIR + name + ".npy: missing fixture (run tools/pytorch_reference.py)");
            }
            return Npy.read(in, name + ".npy");
        }
    }

    private static float[] floats(Npy.Array a) {
        float[] f = new float[a.data().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.data()[i];
        }
        return f;
    }

    private static Shape shape(Npy.Array a) {
        return new Shape(Arrays.stream(a.shape()).asLongStream().toArray());
    }

    /** The child of {@code block} whose name ends with {@code name} (DJL prefixes "01", "02"...). */
    private static Block child(Block block, String name) {
        for (Pair<String, Block> c : block.getChildren()) {
            if (c.getKey().endsWith(name)) {
                return c.getValue();
            }
        }
        throw new IllegalArgumentException("no child block " + name + " in " + block.getChildren().keys());
    }

    private static void load(Block block, String parameter, String fixture) throws IOException {
        Parameter p = block.getDirectParameters().get(parameter);
        if (p == null) {
            throw new IllegalArgumentException(
                    "no parameter " + parameter + " in " + block.getDirectParameters().keys());
        }
        Npy.Array a = read(fixture);
        assertEquals(p.getShape(), shape(a), fixture + " shape");
        p.getArray().set(FloatBuffer.wrap(floats(a)));
    }

    private static void assertClose(Npy.Array expected, NDArray actual, String what) {
        assertEquals(shape(expected), actual.getShape(), what + " shape");
        float[] got = actual.toFloatArray();
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected.data()[i]));
        }
        System.err.printf("%s: max |DJL - PyTorch| = %.3g over %d values%n", what, worst, got.length);
        assertEquals(0, worst, TOLERANCE, what + ": max abs difference to PyTorch");
    }

    @Test
    void transformerEncoderLayerMatchesPyTorch() throws IOException {
        assumeTrue(present("transformer_"),
                "no PyTorch fixtures in src/test/resources" + DIR + ": run tools/pytorch_reference.py");
        Npy.Array input = read("transformer_input");
        try (NDManager manager = NDManager.newBaseManager()) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(64, 4, 512, 0.4f);
            layer.initialize(manager, DataType.FLOAT32, shape(input));
            Block attention = child(layer, "self_attn");
            load(attention, "in_proj_weight", "transformer_in_proj_weight");
            load(attention, "in_proj_bias", "transformer_in_proj_bias");
            load(attention, "out_proj_weight", "transformer_out_proj_weight");
            load(attention, "out_proj_bias", "transformer_out_proj_bias");
            for (String linear : new String[] {"linear1", "linear2"}) {
                load(child(layer, linear), "weight", "transformer_" + linear + "_weight");
                load(child(layer, linear), "bias", "transformer_" + linear + "_bias");
            }
            for (String norm : new String[] {"norm1", "norm2"}) {
                load(child(layer, norm), "gamma", "transformer_" + norm + "_weight");
                load(child(layer, norm), "beta", "transformer_" + norm + "_bias");
            }
            NDArray x = manager.create(floats(input), shape(input));
            NDList out = layer.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertClose(read("transformer_output"), out.head(), "TransformerEncoderLayer");
        }
    }

    @Test
    void biLstmMatchesPyTorch() throws IOException {
        assumeTrue(present("bilstm_"),
                "no PyTorch fixtures in src/test/resources" + DIR + ": run tools/pytorch_reference.py");
        Npy.Array input = read("bilstm_input");
        try (NDManager manager = NDManager.newBaseManager()) {
            BiLstm lstm = new BiLstm(128);
            lstm.initialize(manager, DataType.FLOAT32, shape(input));
            String[][] directions = {{"forward", ""}, {"backward", "_reverse"}};
            for (String[] d : directions) {
                Block direction = child(lstm, d[0]);
                load(direction, "l_0_i2h_WEIGHT", "bilstm_weight_ih_l0" + d[1]);
                load(direction, "l_0_h2h_WEIGHT", "bilstm_weight_hh_l0" + d[1]);
                load(direction, "l_0_i2h_BIAS", "bilstm_bias_ih_l0" + d[1]);
                load(direction, "l_0_h2h_BIAS", "bilstm_bias_hh_l0" + d[1]);
            }
            NDArray x = manager.create(floats(input), shape(input));
            NDList out = lstm.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertArrayEquals(new long[] {2, 50, 256}, out.head().getShape().getShape());
            assertClose(read("bilstm_output"), out.head(), "BiLstm");
        }
    }
}
