package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ser4j.features.FeaturePreset;
import org.ser4j.model.Architecture;

class TrainingConfigTest {

    private static final Path RUN = Path.of("run");

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
        assertFalse(read.specAugment());
        assertEquals(TrainingConfig.Schedule.CONSTANT, read.schedule());
        assertEquals(0, read.mixup());
        assertFalse(read.balanceClasses());
        assertFalse(read.randomCrop());
        assertEquals(0, read.freqWarp());
        assertEquals(0, read.ema());
    }

    @Test
    void aWeightAverageDecayLiesBelowOne() {
        TrainingConfig.Builder b = TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN);
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.optEma(bad).build(),
                    "decay " + bad);
            assertTrue(e.getMessage().contains("weight average"), e.getMessage());
        }
        assertEquals(0.999, b.optEma(0.999).build().ema());
        assertEquals(0, b.optEma(0).build().ema());
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
        assertEquals(0.3, crops.optFreqWarp(0.3).build().freqWarp());
    }

    @Test
    void randomCropsNeedWholeCleanClips() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                        .optRandomCrop(true).build()); // the builder's augmentation is the seed's awgn
        assertTrue(e.getMessage().contains("augmentation awgn"), e.getMessage());
        assertTrue(TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                .optAugmentation(AugmentationKind.SPEED).optRandomCrop(true).build().randomCrop());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .setArchitecture(Architecture.STACKED_CNN_LSTM).setRunDir(RUN).optAugmentation(AugmentationKind.NONE)
                .optRandomCrop(true).build());
    }

    @Test
    void aPresetWhoseImageDoesNotFitTheModelIsRefusedNamingTheRightOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(RUN)
                        .optPreset(FeaturePreset.SEED).build());
        assertTrue(e.getMessage().contains("128 x 563") && e.getMessage().contains("speech-16k"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.Schedule.fromId("linear"));
    }
}
