package org.ser4j.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Labels;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

class ModelBundleTest {

    private static final Architecture ARCH = Architecture.PARALLEL_CNN_BILSTM_ATTENTION;
    private static final List<String> LABELS = Labels.ravdess();

    @TempDir
    Path tmp;

    private static StandardScaler scaler() {
        float[][] a = new float[128][563];
        float[][] b = new float[128][563];
        for (float[] row : b) {
            Arrays.fill(row, 2f);
        }
        return StandardScaler.fit(StandardScaler.Kind.PER_CELL, List.of(a, b));
    }

    /** A bundle of a freshly initialized block, with its output on a fixed input. */
    private record Made(ModelBundle bundle, float[] output) {}

    private static Made make(NDManager manager, long seed, Map<String, Double> metrics) throws IOException {
        Engine.getInstance().setRandomSeed((int) seed);
        Block block = ARCH.build(LABELS.size());
        block.initialize(manager, DataType.FLOAT32, ARCH.inputShape(1));
        ModelBundle bundle = ModelBundle.create(ARCH, FeaturePreset.SEC_PYTORCH, scaler(), LABELS, block,
                new ModelBundle.Provenance(
                        new BundleInfo.SplitSummary("random", "random", 1, List.of("a.wav"), List.of("b.wav"),
                                List.of("c.wav"), List.of()),
                        Map.of("seed", seed), Map.of("optimizer", "sgd", "epochs", 3), null, metrics));
        return new Made(bundle, forward(block, manager));
    }

    private static float[] forward(Block block, NDManager manager) {
        NDArray x = manager.ones(ARCH.inputShape(2)).mul(0.5f);
        NDList out = block.forward(new ParameterStore(manager, false), new NDList(x), false);
        return out.singletonOrThrow().toFloatArray();
    }

    @Test
    void savedBundleLoadsWithSameWeightsSettingsAndProvenance() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Made made = make(manager, 7, Map.of("validation_accuracy", 0.5));
            Path dir = tmp.resolve("model");
            made.bundle().save(dir);
            assertTrue(Files.isRegularFile(dir.resolve("bundle.json")));
            assertTrue(Files.isRegularFile(dir.resolve("weights.params")));
            assertTrue(Files.isRegularFile(dir.resolve("scaler.bin")));

            ModelBundle loaded = ModelBundle.load(dir);
            assertEquals(ARCH, loaded.architecture());
            assertEquals(LABELS, loaded.labels());
            assertEquals(FeaturePreset.SEC_PYTORCH, loaded.preset());
            assertEquals(StandardScaler.Kind.PER_CELL, loaded.scaler().kind());
            assertEquals(0.5, loaded.info().metrics().get("validation_accuracy"));
            assertEquals(List.of("c.wav"), loaded.info().split().test());
            assertEquals(7L, loaded.info().seeds().get("seed"));
            assertEquals(FeaturePreset.SEC_PYTORCH.name(), loaded.info().preset());
            assertTrue(loaded.info().versions().containsKey("djl"));
            float[][] probe = new float[128][563];
            probe[3][4] = 1f;
            assertArrayEquals(made.bundle().scaler().transform(probe)[3], loaded.scaler().transform(probe)[3]);

            try (Model model = loaded.newModel()) {
                assertArrayEquals(made.output(), forward(model.getBlock(), model.getNDManager()), 0f);
            }
            // A run directory loads its model/ bundle.
            assertEquals(ARCH, ModelBundle.load(tmp).architecture());
        }
    }

    /**
     * Issue 19: a bundle saved before the preset "seed" was renamed "sec-pytorch" records the old name
     * (as {@code preset} and in {@code preset_settings}) and still loads, with
     * the renamed preset, so that it can be fine-tuned by a run that names either.
     */
    @Test
    void bundleOfThePresetSeedLoadsAsSecPytorch() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path dir = tmp.resolve("old-model");
            make(manager, 3, Map.of()).bundle().save(dir);
            Path info = dir.resolve("bundle.json");
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) ModelBundle.json().readTree(info.toFile());
            json.put("preset", "seed");
            ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("preset_settings")).put("name", "seed");
            Files.writeString(info, ModelBundle.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            assertTrue(Files.readString(info).contains("\"name\" : \"seed\""), Files.readString(info));

            ModelBundle loaded = ModelBundle.load(dir);
            assertEquals(FeaturePreset.SEC_PYTORCH, loaded.preset());
            assertEquals("seed", loaded.info().preset()); // the record is kept as written
            assertEquals(FeaturePreset.SEC_PYTORCH.fingerprint(), loaded.preset().fingerprint());
        }
    }

    @Test
    void modelInputScalesAndLaysOutLikeTheArchitectureTakesIt() throws IOException {
        float[][] image = new float[128][563];
        for (int m = 0; m < 128; m++) {
            for (int t = 0; t < 563; t++) {
                image[m][t] = m * 1000 + t;
            }
        }
        StandardScaler s = scaler(); // mean 1, scale 1 everywhere
        float[] full = ModelBundle.modelInput(ARCH, FeaturePreset.SEC_PYTORCH, s, image);
        assertEquals(128 * 563, full.length);
        assertEquals(5 * 1000 + 7 - 1, full[5 * 563 + 7]);
        Architecture stacked = Architecture.STACKED_CNN_LSTM;
        float[] chunked = ModelBundle.modelInput(stacked, FeaturePreset.SEC_PYTORCH_CHUNKED, s, image);
        assertEquals(7 * 128 * 128, chunked.length);
        // chunk 2 starts at frame 128: element [2][5][7] is image[5][128 + 7]
        assertEquals(5 * 1000 + 128 + 7 - 1, chunked[2 * 128 * 128 + 5 * 128 + 7]);
        assertThrows(IllegalArgumentException.class, () -> ModelBundle.modelInput(stacked, FeaturePreset.SEC_PYTORCH, s, image));
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = stacked.build(8);
            block.initialize(manager, DataType.FLOAT32, stacked.inputShape(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.create(stacked,
                    FeaturePreset.SEC_PYTORCH, s, LABELS, block, ModelBundle.Provenance.NONE));
            assertTrue(e.getMessage().contains("CHUNKED"), e.getMessage());
        }
    }

    @Test
    void zipArchiveRoundTrips() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Made made = make(manager, 3, Map.of());
            Path zip = tmp.resolve("model.zip");
            made.bundle().saveZip(zip);
            ModelBundle loaded = ModelBundle.load(zip);
            try (Model model = loaded.newModel()) {
                assertArrayEquals(made.output(), forward(model.getBlock(), model.getNDManager()), 0f);
            }
        }
    }

    @Test
    void saveReplacesAnOldBundleAndLeavesNoTemporaryFiles() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path dir = tmp.resolve("model");
            make(manager, 1, Map.of("epoch", 1.0)).bundle().save(dir);
            make(manager, 2, Map.of("epoch", 2.0)).bundle().save(dir);
            assertEquals(2.0, ModelBundle.load(dir).info().metrics().get("epoch"));
            try (var files = Files.list(tmp)) {
                assertEquals(List.of("model"), files.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void interruptedReplacementLeavesACompleteVersion() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path dir = tmp.resolve("model");
            make(manager, 1, Map.of("epoch", 1.0)).bundle().save(dir);
            // Crash between "move old aside" and "move new in": only the previous copy exists.
            Files.move(dir, AtomicFiles.previousOf(dir));
            // ... and a half-written temporary directory of the new version lies beside it.
            Files.createDirectories(tmp.resolve(".model.tmp-crashed"));
            Files.writeString(tmp.resolve(".model.tmp-crashed/bundle.json"), "{\"format_ver");
            assertEquals(1.0, ModelBundle.load(dir).info().metrics().get("epoch"));

            make(manager, 2, Map.of("epoch", 2.0)).bundle().save(dir);
            assertEquals(2.0, ModelBundle.load(dir).info().metrics().get("epoch"));
            assertFalse(Files.exists(AtomicFiles.previousOf(dir)));
        }
    }

    @Test
    void labelsThatDoNotMatchTheOutputLayerFailAtLoad() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path dir = tmp.resolve("model");
            make(manager, 1, Map.of()).bundle().save(dir);
            Path info = dir.resolve("bundle.json");
            String json = Files.readString(info);
            String seven = json.replaceFirst("\"surprised\"\\s*", "").replaceFirst(",\\s*]", " ]");
            org.junit.jupiter.api.Assumptions.assumeFalse(seven.equals(json), "bundle.json lists the labels");
            Files.writeString(info, seven);
            // issue 20: this loaded and then answered every request with a 500
            InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> {
                try (Model m = ModelBundle.load(dir).newInferenceModel()) {
                    m.getBlock();
                }
            });
            assertTrue(e.getMessage().contains("weights.params") && e.getMessage().contains("7 classes")
                    && e.getMessage().contains("shape"), e.getMessage());
        }
    }

    @Test
    void problemsNameTheFile() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path dir = tmp.resolve("model");
            make(manager, 1, Map.of()).bundle().save(dir);

            Path weights = dir.resolve("weights.params");
            byte[] w = Files.readAllBytes(weights);
            w[w.length - 1] ^= 1;
            Files.write(weights, w);
            InvalidBundleException corrupt = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(dir));
            assertTrue(corrupt.getMessage().contains("weights.params") && corrupt.getMessage().contains("SHA-256"),
                    corrupt.getMessage());

            Files.delete(dir.resolve("scaler.bin"));
            InvalidBundleException missing = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(dir));
            assertTrue(missing.getMessage().contains("scaler.bin") && missing.getMessage().contains("missing"),
                    missing.getMessage());

            Files.writeString(dir.resolve("bundle.json"), "{\"format_version\": 99}");
            Files.writeString(dir.resolve("scaler.bin"), "x");
            InvalidBundleException future = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(dir));
            assertTrue(future.getMessage().contains("bundle.json") && future.getMessage().contains("99"),
                    future.getMessage());

            InvalidBundleException none = assertThrows(InvalidBundleException.class,
                    () -> ModelBundle.load(tmp.resolve("nothing")));
            assertTrue(none.getMessage().contains("nothing"), none.getMessage());
        }
    }

    @Test
    void aPcenPresetAndAPerUtteranceScalerRoundTrip() throws IOException {
        Architecture arch = Architecture.COMPACT_CNN;
        FeaturePreset preset = FeaturePreset.SPEECH_16K_PCEN;
        float[][] a = new float[64][301];
        float[][] b = new float[64][301];
        for (int m = 0; m < 64; m++) {
            for (int t = 0; t < 301; t++) {
                a[m][t] = (float) Math.sin(m + t * 0.1);
                b[m][t] = (float) Math.cos(m * t * 0.01);
            }
        }
        StandardScaler scaler = StandardScaler.fit(StandardScaler.Kind.PER_UTTERANCE, List.of(a, b));
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = arch.build(LABELS.size());
            block.initialize(manager, DataType.FLOAT32, arch.inputShape(1));
            ModelBundle bundle = ModelBundle.create(arch, preset, scaler, LABELS, block,
                    new ModelBundle.Provenance(new BundleInfo.SplitSummary("kfold", "fold-1", 1, List.of(), List.of(),
                            List.of(), List.of()), Map.of(), Map.of(), null, Map.of()));
            Path dir = tmp.resolve("pcen");
            bundle.save(dir);
            ModelBundle loaded = ModelBundle.load(dir);
            assertEquals(preset, loaded.preset());
            assertEquals(preset.fingerprint(), loaded.preset().fingerprint());
            assertEquals(StandardScaler.Kind.PER_UTTERANCE, loaded.scaler().kind());
            assertArrayEquals(bundle.modelInput(b), loaded.modelInput(b), 0f);
        }
    }
}
