package org.ser4j.bench;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.Labels;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

/**
 * The model and the clip the prediction benchmarks use. The model is {@code -Dser4j.model=BUNDLE}
 * if given, else {@code models/default} (under {@code -Dser4j.home} or the working directory) if
 * it exists, else an untrained bundle of {@code -Dser4j.bench.architecture} (default
 * parallel-cnn-bilstm-attention) written to a temporary directory: the same amount of work per
 * prediction as a trained model of that architecture.
 */
final class BenchModel {

    static final int CLIP_RATE = 48_000;
    static final double CLIP_SECONDS = 3.5;

    private BenchModel() {}

    static Path resolve() throws IOException {
        String given = System.getProperty("ser4j.model");
        if (given != null) {
            return Path.of(given);
        }
        String home = System.getProperty("ser4j.home", ".");
        Path shipped = Path.of(home, "models", "default");
        if (Files.exists(shipped)) {
            return shipped;
        }
        Architecture a = Architecture.fromId(System.getProperty("ser4j.bench.architecture", Architecture.PARALLEL_CNN_BILSTM_ATTENTION.id()));
        return untrained(a, Files.createTempDirectory("ser4j-bench-model").resolve("bundle"));
    }

    /** An untrained bundle: freshly initialised weights, a scaler fitted on random dB images. */
    static Path untrained(Architecture architecture, Path dir) throws IOException {
        FeaturePreset preset = architecture.defaultPreset();
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
            Block block = architecture.build(Labels.ravdess().size());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
            ModelBundle.create(architecture, preset, scaler, Labels.ravdess(), block, ModelBundle.Provenance.NONE).save(dir);
        }
        return dir;
    }

    /** A 3.5 s 48 kHz 16-bit mono WAV (a RAVDESS-sized clip) of a voice-like signal, in memory. */
    static byte[] clipWav(long seed) {
        return clipWav(seed, CLIP_RATE);
    }

    /** The same voice-like clip at {@code rate} Hz. */
    static byte[] clipWav(long seed, int rate) {
        Random rng = new Random(seed);
        float[] x = new float[(int) (CLIP_SECONDS * rate)];
        double f0 = 140 + rng.nextInt(120);
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            double v = env * (0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(2 * Math.PI * 2 * f0 * t)) + 0.02 * rng.nextGaussian();
            x[i] = (float) Math.max(-1, Math.min(1, v));
        }
        return WavEncoder.encode(AudioClip.mono(x, rate), WavFormat.PCM_16);
    }
}
