package org.ser4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The wide compact CNN's second input channel. */
class CompactCnnTest {

    @Test
    void deltaChannelIsTheCentralDifferenceOverTimeAndZeroAtTheEdges() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 4, 8, 0, 3, 3, 9}, new Shape(1, 1, 2, 4));
            NDArray both = CompactCnn.withDelta(x);
            assertEquals(new Shape(1, 2, 2, 4), both.getShape());
            assertArrayEquals(new float[] {1, 2, 4, 8, 0, 3, 3, 9, 0, 1.5f, 3, 0, 0, 1.5f, 3, 0},
                    both.toFloatArray());
        }
    }
}
