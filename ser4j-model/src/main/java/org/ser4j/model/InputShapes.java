package org.ser4j.model;

import ai.djl.ndarray.types.Shape;

/** Checks of model inputs with messages that name the expected and the found shape. */
final class InputShapes {

    private InputShapes() {}

    /**
     * Requires {@code found} to equal {@code expected} except in the batch axis.
     *
     * @param model the model name for the message
     * @param expected expected shape with any batch size
     * @param found the input shape
     */
    static void require(String model, Shape expected, Shape found) {
        boolean ok = found.dimension() == expected.dimension();
        for (int i = 1; ok && i < expected.dimension(); i++) {
            ok = found.get(i) == expected.get(i);
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    model
                            + ": expected input [batch, "
                            + expected.slice(1).toString().replaceAll("[()]", "")
                            + "], found "
                            + found);
        }
    }
}
