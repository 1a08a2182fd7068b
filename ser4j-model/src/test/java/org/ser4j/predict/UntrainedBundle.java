package org.ser4j.predict;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.Labels;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

/**
 * A real bundle for plumbing tests: an untrained (freshly initialised) model and a scaler fitted on
 * random dB images. Its predictions are meaningless but deterministic; what is tested is the path
 * from audio through features, scaler, layout and DJL batch inference to probabilities.
 */
public final class UntrainedBundle {

    private UntrainedBundle() {}

    public static Path write(Architecture architecture, Path dir) throws IOException {
        return write(architecture, architecture.defaultPreset(), dir);
    }

    /** An untrained bundle of {@code architecture} on {@code preset}'s features. */
    public static Path write(Architecture architecture, FeaturePreset preset, Path dir) throws IOException {
        Random rng = new Random(3);
        List<float[][]> images = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            float[][] img = new float[preset.imageRows()][preset.frames()];
            for (float[] band : img) {
                for (int t = 0; t < band.length; t++) {
                    band[t] = -80f * rng.nextFloat();
                }
            }
            images.add(img);
        }
        StandardScaler scaler = StandardScaler.fit(StandardScaler.Kind.PER_CELL, images);
        try (Model model = Model.newInstance("untrained")) {
            Block block = architecture.build(8);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
            ModelBundle.create(architecture, preset, scaler, Labels.ravdess(), block, ModelBundle.Provenance.NONE).save(dir);
        }
        return dir;
    }
}
