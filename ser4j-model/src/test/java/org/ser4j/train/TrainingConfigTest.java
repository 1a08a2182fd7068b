package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Json;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

class TrainingConfigTest {

    private static final Path RUN = Path.of("run");

    @TempDir
    Path tmp;

    @Test
    void cosineScheduleStartsAtTheRateAndDecaysTowardsZero() {
        TrainingConfig.Schedule cosine = TrainingConfig.Schedule.COSINE;
        assertEquals(1.0, cosine.factor(1, 60), 0);
        assertEquals(0.5, cosine.factor(31, 60), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 59 / 60)), cosine.factor(60, 60), 1e-12);
        for (int e = 2; e <= 60; e++) {
            assertTrue(cosine.factor(e, 60) < cosine.factor(e - 1, 60), "epoch " + e);
        }
        assertEquals(1.0, TrainingConfig.Schedule.CONSTANT.factor(60, 60), 0);
    }

    @Test
    void newFieldsRoundTripAndOldConfigsReadAsTheSeedsChoices() {
        TrainingConfig c = TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                .optSpecAugment(true).optSchedule(TrainingConfig.Schedule.COSINE).optMixup(0.4).optBalanceClasses(true)
                .optAugmentation(AugmentationKind.NONE).optRandomCrop(true).optFreqWarp(0.1).optEma(0.995).build();
        assertEquals(FeaturePreset.SPEECH_16K, c.preset());
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.valueToTree(c.toJson());
        assertEquals(c, TrainingConfig.fromJson(tree, RUN));

        Map<String, Object> old = c.toJson();
        old.remove("spec_augment");
        old.remove("schedule");
        old.remove("mixup");
        old.remove("balance_classes");
        old.remove("random_crop");
        old.remove("freq_warp");
        old.remove("ema");
        TrainingConfig read = TrainingConfig.fromJson(json.valueToTree(old), RUN);
        assertFalse(read.regularisation().specAugment());
        assertEquals(TrainingConfig.Schedule.CONSTANT, read.optimisation().schedule());
        assertEquals(0, read.regularisation().mixup());
        assertFalse(read.regularisation().balanceClasses());
        assertFalse(read.regularisation().randomCrop());
        assertEquals(0, read.regularisation().freqWarp());
        assertEquals(0, read.optimisation().ema());
    }

    @Test
    void aWeightAverageDecayLiesBelowOne() {
        TrainingConfig.Builder b = TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN);
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.optEma(bad).build(),
                    "decay " + bad);
            assertTrue(e.getMessage().contains("weight average"), e.getMessage());
        }
        assertEquals(0.999, b.optEma(0.999).build().optimisation().ema());
        assertEquals(0, b.optEma(0).build().optimisation().ema());
    }

    @Test
    void aFrequencyWarpNeedsRandomCropsAndAModestRange() {
        TrainingConfig.Builder crops = TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                .optAugmentation(AugmentationKind.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> crops.optFreqWarp(0.1).build());
        assertTrue(e.getMessage().contains("random crops"), e.getMessage());
        crops.optRandomCrop(true);
        for (double bad : new double[] {-0.1, 0.31, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> crops.optFreqWarp(bad).build(), "warp " + bad);
        }
        assertEquals(0.3, crops.optFreqWarp(0.3).build().regularisation().freqWarp());
    }

    @Test
    void randomCropsNeedWholeCleanClips() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                        .optRandomCrop(true).build()); // the builder's augmentation is SEC-PyTorch's awgn
        assertTrue(e.getMessage().contains("augmentation awgn"), e.getMessage());
        assertTrue(TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                .optAugmentation(AugmentationKind.SPEED).optRandomCrop(true).build().regularisation().randomCrop());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .setArchitecture(Architecture.STACKED_CNN_LSTM).setRunDir(RUN).optAugmentation(AugmentationKind.NONE)
                .optRandomCrop(true).build());
    }

    @Test
    void aPresetWhoseImageDoesNotFitTheModelIsRefusedNamingTheRightOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                        .optPreset(FeaturePreset.SEC_PYTORCH).build());
        assertTrue(e.getMessage().contains("128 x 563") && e.getMessage().contains("speech-16k"), e.getMessage());
        // the dual model takes two images of 64 x 301, the single-image models one
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN_DEEP_DUAL).setRunDir(RUN)
                        .optPreset(FeaturePreset.SPEECH_16K).build());
        assertTrue(single.getMessage().contains("takes 2 x 64 x 301") && single.getMessage().contains("speech-16k-dual"),
                single.getMessage());
        IllegalArgumentException dual = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN_DEEP).setRunDir(RUN)
                        .optPreset(FeaturePreset.SPEECH_16K_DUAL).build());
        assertTrue(dual.getMessage().contains("gives 2 x 64 x 301"), dual.getMessage());
        assertEquals(FeaturePreset.SPEECH_16K_DUAL, TrainingConfig.builder()
                .setArchitecture(Architecture.COMPACT_CNN_DEEP_DUAL).setRunDir(RUN).build().preset());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.Schedule.fromId("linear"));
    }

    /** Every setting away from its default, so that a setting lost on the way shows. */
    private static TrainingConfig everySet() {
        return TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN_DEEP).setRunDir(Path.of("/runs/a"))
                .optPreset(FeaturePreset.SPEECH_16K).optScalerKind(StandardScaler.Kind.PER_BAND).optLabels("none")
                .optSeed(7).optOptimizer(OptimizerKind.ADAMW).optLearningRate(0.002).optMomentum(0.5)
                .optWeightDecay(0.02).optBatchSize(16).optSchedule(TrainingConfig.Schedule.COSINE).optEma(0.99)
                .optInit(Path.of("/models/start"), 2).optTeacher(Path.of("/models/pair"), 0.7, 3.0)
                .optAugmentation(AugmentationKind.SPEED).optSpecAugment(true)
                .optRandomCrop(true).optFreqWarp(0.1).optConditions("telephone")
                .optValidationConditions("noise=pink:snr=10").optBalanceClasses(true).optBalanceCorpora(true)
                .optEpochs(60).optPatience(5).optLimitBatches(3).optData(List.of("ravdess:/data/r", "tess:/data/t"))
                .optDataDir(Path.of("/data")).optConditionData(Path.of("/noise"), Path.of("/rir")).build();
    }

    /** The keys of config.json since the settings were split into groups: the same flat object as before. */
    private static final Set<String> KEYS = Set.of("architecture", "preset", "epochs", "batch_size", "optimizer",
            "learning_rate", "momentum", "weight_decay", "augmentation", "scaler", "seed", "patience", "limit_batches",
            "run_dir", "data_dir", "spec_augment", "schedule", "mixup", "balance_classes", "random_crop", "freq_warp",
            "ema", "conditions", "validation_conditions", "noise_dir", "room_dir", "data", "labels", "init",
            "freeze_epochs", "balance_corpora", "teacher", "distillation", "temperature");

    @Test
    void theGroupedRecordIsWrittenAsTheFlatObjectAndReadBack() throws IOException {
        TrainingConfig c = everySet();
        JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(c));
        assertEquals(KEYS, fieldNames(written));
        assertEquals("compact-cnn-deep", written.get("architecture").asText());
        assertEquals("speech-16k", written.get("preset").asText());
        assertEquals("PER_BAND", written.get("scaler").asText());
        assertEquals("adamw", written.get("optimizer").asText());
        assertEquals("cosine", written.get("schedule").asText());
        assertEquals("speed", written.get("augmentation").asText());
        assertEquals("/runs/a", written.get("run_dir").asText(), "a path as written, not a file: URI");
        assertEquals("/models/start", written.get("init").asText());
        assertEquals("/models/pair", written.get("teacher").asText());
        assertEquals(0.7, written.get("distillation").asDouble());
        assertEquals(3.0, written.get("temperature").asDouble());
        assertEquals("[\"ravdess:/data/r\",\"tess:/data/t\"]", written.get("data").toString());
        assertEquals(c, TrainingConfig.fromJson(written, Path.of("/runs/a")));
        assertEquals(written, Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(c.toJson())), "toJson is the same object");
        assertEquals(c, c.toBuilder().build());
    }

    /**
     * A run's config.json as the code before the groups wrote it (the run of issue 21 with --protocol
     * seed-leaky, now sec-pytorch-leaky; its preset "seed" is now "sec-pytorch").
     */
    private static final String FLAT_CONFIG = """
            {
              "architecture" : "parallel-cnn-transformer",
              "preset" : "seed",
              "epochs" : 120,
              "batch_size" : 32,
              "optimizer" : "sgd",
              "learning_rate" : 0.01,
              "momentum" : 0.8,
              "weight_decay" : 0.001,
              "augmentation" : "awgn",
              "scaler" : "PER_CELL",
              "seed" : 42,
              "patience" : 0,
              "limit_batches" : 0,
              "run_dir" : "/work/runs21/leaky-transformer",
              "data_dir" : "/work/shared/data/ravdess",
              "spec_augment" : false,
              "schedule" : "constant",
              "mixup" : 0.0,
              "balance_classes" : false,
              "random_crop" : false,
              "freq_warp" : 0.0,
              "ema" : 0.0,
              "conditions" : null,
              "validation_conditions" : null,
              "noise_dir" : null,
              "room_dir" : null,
              "data" : [ "ravdess:../shared/data/ravdess" ],
              "labels" : "common",
              "init" : null,
              "freeze_epochs" : 0,
              "balance_corpora" : false
            }
            """;

    @Test
    void aConfigWrittenBeforeTheGroupsReadsAndIsWrittenAgainUnchanged() throws IOException {
        JsonNode old = Json.MAPPER.readTree(FLAT_CONFIG);
        Path run = Path.of("/work/runs21/leaky-transformer");
        TrainingConfig c = TrainingConfig.fromJson(old, run);
        assertEquals(Architecture.PARALLEL_CNN_TRANSFORMER, c.architecture());
        assertEquals(FeaturePreset.SEC_PYTORCH, c.preset());
        assertEquals(120, c.stopping().epochs());
        assertEquals(OptimizerKind.SGD, c.optimisation().optimizer());
        assertEquals(0.01, c.optimisation().learningRate());
        assertEquals(0.8, c.optimisation().momentum());
        assertEquals(AugmentationKind.AWGN, c.regularisation().augmentation());
        assertEquals(Path.of("/work/shared/data/ravdess"), c.data().dataDir());
        assertEquals(List.of("ravdess:../shared/data/ravdess"), c.data().corpora());
        assertNull(c.optimisation().init());
        assertNull(c.regularisation().conditions());
        // the same file again, but for the preset's new name (issue 19)
        JsonNode renamed = ((com.fasterxml.jackson.databind.node.ObjectNode) old.deepCopy()).put("preset", "sec-pytorch");
        assertEquals(renamed, Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(c)), "the same file again");
        RunDirectory dir = RunDirectory.of(tmp.resolve("old-run"));
        java.nio.file.Files.createDirectories(dir.dir());
        java.nio.file.Files.writeString(dir.config(), FLAT_CONFIG);
        assertEquals(c.toBuilder().setRunDir(dir.dir()).build(), dir.readConfig());
    }

    @Test
    void theTrainingSectionOfTheShippedBundleReadsAsASettingsObject() throws IOException {
        String root = System.getProperty("ser4j.root");
        Path bundle = Path.of(root != null ? root : "..").resolve("models/default/member-1/bundle.json");
        assumeTrue(java.nio.file.Files.isRegularFile(bundle), "skipped: no shipped model at " + bundle);
        JsonNode training = Json.MAPPER.readTree(bundle.toFile()).get("training");
        TrainingConfig c = TrainingConfig.fromJson(training, tmp);
        assertEquals(Architecture.COMPACT_CNN_DEEP, c.architecture());
        assertTrue(c.regularisation().conditions().contains("noise=babble"));
        assertEquals(OptimizerKind.ADAMW, c.optimisation().optimizer());
        assertEquals(60, c.stopping().epochs());
    }

    @Test
    void aRecipeSetsWhatItNamesLeavesThePlacesAndRefusesAnUnknownSetting() throws IOException {
        TrainingConfig.Builder b = TrainingConfig.fromRecipe(Json.MAPPER.readTree("{\"architecture\": \"compact-cnn\","
                + " \"optimizer\": \"adamw\", \"scaler\": \"per_band\", \"run_dir\": \"/elsewhere\", \"init\": null,"
                + " \"data\": [\"tess:/t\"], \"labels\": null}"));
        TrainingConfig c = b.setRunDir(RUN).build();
        assertEquals(0.001, c.optimisation().learningRate(), "AdamW's default rate: the recipe names no rate");
        assertEquals(TrainingConfig.SEC_PYTORCH_MOMENTUM, c.optimisation().momentum());
        assertEquals(StandardScaler.Kind.PER_BAND, c.scalerKind());
        assertEquals(RUN, c.runDir());
        assertEquals(List.of(), c.data().corpora(), "the places are the caller's");
        TrainingConfig taught = TrainingConfig.fromRecipe(Json.MAPPER.readTree("{\"architecture\": \"compact-cnn\","
                + " \"random_crop\": true, \"augmentation\": \"none\", \"teacher\": \"/models/pair\","
                + " \"distillation\": 0.3}")).setRunDir(RUN).build();
        assertNull(taught.optimisation().distillation(), "a teacher is a place: a recipe does not carry it");
        assertEquals("common", c.labels());
        assertFalse(TrainingConfig.fromRecipe(Json.MAPPER.readTree("{}")).hasArchitecture());

        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.fromRecipe(Json.MAPPER.readTree("{\"epoch\": 3}")));
        assertTrue(typo.getMessage().startsWith("unknown setting 'epoch' (known: [") && typo.getMessage().contains("epochs"),
                typo.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.fromRecipe(Json.MAPPER.readTree("{\"optimizer\": \"adam\"}")));
        assertTrue(bad.getMessage().contains("optimizer") && bad.getMessage().contains("expected sgd or adamw"),
                bad.getMessage());
    }

    @Test
    void onlyStoppingDataAndRunDirectoryMayDifferWithinOneRun() {
        TrainingConfig c = everySet();
        assertTrue(c.differenceFrom(c.toBuilder().optEpochs(100).optPatience(0).optLimitBatches(0)
                .setRunDir(Path.of("/moved")).optDataDir(Path.of("/moved/data")).optData(List.of("ravdess:/moved/r"))
                .optConditionData(null, null).build()).isEmpty());
        TrainingConfig.Difference rate = c.differenceFrom(c.toBuilder().optLearningRate(0.1).build()).orElseThrow();
        assertEquals("learning_rate", rate.setting());
        assertEquals(0.002, rate.recorded().asDouble());
        assertEquals(0.1, rate.asked().asDouble());
        assertEquals("labels", c.differenceFrom(c.toBuilder().optLabels("common").build()).orElseThrow().setting());
        assertEquals("init", c.differenceFrom(c.toBuilder().optInit(Path.of("/other"), 2).build()).orElseThrow().setting());
        assertEquals("temperature", c.differenceFrom(c.toBuilder().optTeacher(Path.of("/models/pair"), 0.7, 1.0).build())
                .orElseThrow().setting());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
