package org.ser4j.train;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Model inputs with their class indices, held as one float row per sample (row-major in the
 * model's input layout, e.g. {@code [7, 1, 128, 128]} or {@code [1, 128, 563]}).
 *
 * @param ids one id per sample (the utterance file name; noisy copies add {@code #awgn1}, ...)
 * @param rows the samples; every row has {@code sampleShape.size()} values
 * @param labels class index per sample
 * @param sampleShape the shape of one sample, without the batch axis
 */
public record LabelledSamples(List<String> ids, float[][] rows, int[] labels, Shape sampleShape) {

    public LabelledSamples {
        ids = List.copyOf(ids);
        if (rows.length != labels.length || rows.length != ids.size()) {
            throw new IllegalArgumentException("samples, labels and ids differ in count: " + rows.length + ", "
                    + labels.length + ", " + ids.size());
        }
        long size = sampleShape.size();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != size) {
                throw new IllegalArgumentException("sample " + ids.get(i) + " has " + rows[i].length
                        + " values, expected " + size + " for shape " + sampleShape);
            }
        }
    }

    public int size() {
        return rows.length;
    }

    public static LabelledSamples empty(Shape sampleShape) {
        return new LabelledSamples(List.of(), new float[0][], new int[0], sampleShape);
    }
}
