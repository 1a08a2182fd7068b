package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bundle.BundleInfo;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.Labels;
import org.ser4j.features.FeaturePreset;
import org.ser4j.model.Architecture;

/**
 * Knowledge distillation ({@code train --teacher}): the loss, the teacher's mean probabilities, exact
 * resume, and the refusals (a teacher that heard the run's held-out clips, other labels, no crops).
 */
class DistillationTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** A teacher pair trained on clips "clip0".."clip15": a dB and a PCEN compact-cnn. */
    static Path pair;

    /** The student's data: the same crops, split so that its validation and test clips are none of the teacher's. */
    static TrainingData student;

    @BeforeAll
    static void teachers() throws IOException {
        TrainingData db = TrainerTest.croppedData();
        BundleInfo.SplitSummary taught = split(db.train().ids(), List.of("teacher-val"), List.of("teacher-test"));
        student = withSplit(db, split(db.train().ids(), List.of("v0"), List.of("t0")));
        Path dbRun = shared.resolve("db");
        new Trainer(config(dbRun, 1, FeaturePreset.SPEECH_16K), List.of()).train(withSplit(db, taught));
        TrainingData pcen = withSplit(TrainerTest.croppedData(FeaturePreset.SPEECH_16K_PCEN, 0), taught);
        Path pcenRun = shared.resolve("pcen");
        new Trainer(config(pcenRun, 1, FeaturePreset.SPEECH_16K_PCEN), List.of()).train(pcen);
        pair = shared.resolve("pair");
        new ModelEnsemble(List.of(ModelBundle.load(dbRun), ModelBundle.load(pcenRun)), "test pair", Map.of()).save(pair);
    }

    static BundleInfo.SplitSummary split(List<String> train, List<String> validation, List<String> test) {
        return new BundleInfo.SplitSummary("random", "synthetic", 5, train, validation, test, List.of());
    }

    static TrainingData withSplit(TrainingData d, BundleInfo.SplitSummary split) {
        return new TrainingData(d.labels(), d.train(), d.validation(), d.test(), d.scaler(), split, null, d.crops());
    }

    static TrainingConfig config(Path runDir, int epochs, FeaturePreset preset) {
        return TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).optPreset(preset).setRunDir(runDir)
                .optEpochs(epochs).optBatchSize(4).optLimitBatches(2).optSeed(11).optAugmentation(AugmentationKind.NONE)
                .optRandomCrop(true).build();
    }

    static TrainingConfig distilled(Path runDir, int epochs, Path teacher, double weight) {
        return config(runDir, epochs, FeaturePreset.SPEECH_16K).toBuilder().optTeacher(teacher, weight, 2.0).build();
    }

    @Test
    void distillationLossIsTheSoftenedCrossEntropyTimesTheSquaredTemperature() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = {1f, 2f, 0.5f};
            float[] q = {0.2f, 0.5f, 0.3f};
            double t = 2;
            double norm = 0;
            for (float v : z) {
                norm += Math.exp(v / t);
            }
            double ce = 0;
            for (int c = 0; c < 3; c++) {
                ce -= q[c] * (z[c] / t - Math.log(norm));
            }
            NDArray logits = m.create(new float[][] {z, z});
            NDArray target = m.create(new float[][] {q, q});
            assertEquals(t * t * ce, Trainer.distillationLoss(logits, target, t).getFloat(), 1e-5);
            // at T = 1 it is the plain soft-target cross-entropy
            double ce1 = 0;
            double norm1 = 0;
            for (float v : z) {
                norm1 += Math.exp(v);
            }
            for (int c = 0; c < 3; c++) {
                ce1 -= q[c] * (z[c] - Math.log(norm1));
            }
            assertEquals(ce1, Trainer.distillationLoss(logits, target, 1).getFloat(), 1e-5);
        }
    }

    @Test
    void softeningFlattensTheTeacherAndLeavesItAloneAtTemperatureOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] p = {0.81f, 0.09f, 0.1f};
            NDArray teacher = m.create(new float[][] {p});
            assertArrayEquals(p, Trainer.softened(teacher, 1).toFloatArray(), 0f);
            float[] soft = Trainer.softened(teacher, 2).toFloatArray();
            double sum = Math.sqrt(0.81) + Math.sqrt(0.09) + Math.sqrt(0.1);
            assertEquals(Math.sqrt(0.81) / sum, soft[0], 1e-6); // p^(1/T), normalised
            assertEquals(Math.sqrt(0.09) / sum, soft[1], 1e-6);
            assertTrue(soft[0] < p[0] && soft[1] > p[1], "a higher temperature flattens the teacher");
        }
    }

    @Test
    void thePairsProbabilitiesAreTheMeanOfItsMembers() throws IOException {
        TrainingCrops crops = student.crops();
        double[][][] power = new double[3][][];
        crops.rows(new int[] {0, 5, 9}, 0, 3, new Random(3), power);
        try (NDManager m = NDManager.newBaseManager();
                Teacher both = Teacher.load(pair, FeaturePreset.SPEECH_16K, Labels.ravdess(), null);
                Teacher db = Teacher.load(pair.resolve("member-1"), FeaturePreset.SPEECH_16K, Labels.ravdess(), null);
                Teacher pcen = Teacher.load(pair.resolve("member-2"), FeaturePreset.SPEECH_16K, Labels.ravdess(), null)) {
            assertEquals(2, both.size());
            float[][] p = both.probabilities(power, m);
            float[][] a = db.probabilities(power, m);
            float[][] b = pcen.probabilities(power, m);
            for (int i = 0; i < 3; i++) {
                double sum = 0;
                for (int c = 0; c < 8; c++) {
                    assertEquals((a[i][c] + b[i][c]) / 2, p[i][c], 1e-6);
                    sum += p[i][c];
                }
                assertEquals(1.0, sum, 1e-5);
                assertFalse(java.util.Arrays.equals(a[i], b[i]), "the PCEN member hears its own image");
            }
        }
    }

    @Test
    void aDistilledRunResumesExactlyAndOnlyTheTeachersWeightChangesIt() throws IOException {
        Path straight = tmp.resolve("straight");
        new Trainer(distilled(straight, 2, pair, 0.5), List.of()).train(student);
        Path interrupted = tmp.resolve("interrupted");
        new Trainer(distilled(interrupted, 1, pair, 0.5), List.of()).train(student);
        new Trainer(distilled(interrupted, 2, pair, 0.5), List.of()).resume(student);
        byte[] taught = Files.readAllBytes(straight.resolve("last/weights.params"));
        assertArrayEquals(taught, Files.readAllBytes(interrupted.resolve("last/weights.params")));
        assertEquals(pair, RunDirectory.of(interrupted).readConfig().optimisation().teacher());
        assertEquals(0.5, RunDirectory.of(interrupted).readConfig().optimisation().distillation().weight());

        Path plain = tmp.resolve("plain");
        new Trainer(config(plain, 2, FeaturePreset.SPEECH_16K), List.of()).train(student);
        byte[] untaught = Files.readAllBytes(plain.resolve("last/weights.params"));
        assertFalse(java.util.Arrays.equals(untaught, taught), "the teacher changed nothing");
        // weight 0: the teacher is asked but its part of the loss is 0, so training is the plain run's
        Path zero = tmp.resolve("zero");
        new Trainer(distilled(zero, 2, pair, 0), List.of()).train(student);
        assertArrayEquals(untaught, Files.readAllBytes(zero.resolve("last/weights.params")));
    }

    @Test
    void aTeacherThatHeardTheRunsHeldOutClipsIsRefusedByName() {
        TrainingData leaky = withSplit(student, split(List.of("x"), List.of("clip3"), List.of("t0")));
        IllegalArgumentException heard = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(distilled(tmp.resolve("a"), 1, pair, 0.5), List.of()).train(leaky));
        assertTrue(heard.getMessage().contains("trained on clip3") && heard.getMessage().contains(pair.toString()),
                heard.getMessage());
        TrainingData chosen = withSplit(student, split(List.of("x"), List.of("v0"), List.of("teacher-val")));
        IllegalArgumentException picked = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(distilled(tmp.resolve("b"), 1, pair, 0.5), List.of()).train(chosen));
        assertTrue(picked.getMessage().contains("chose its weights on teacher-val"), picked.getMessage());
        assertFalse(Files.exists(tmp.resolve("a/model")), "nothing trained");
    }

    @Test
    void aTeacherWithOtherLabelsOrARunWithoutCropsIsRefused() {
        TrainingData renamed = new TrainingData(List.of("a", "b", "c", "d", "e", "f", "g", "h"), student.train(),
                student.validation(), student.test(), student.scaler(), student.split(), null, student.crops());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(distilled(tmp.resolve("c"), 1, pair, 0.5), List.of()).train(renamed));
        assertTrue(labels.getMessage().contains("must have the run's labels"), labels.getMessage());

        IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class,
                () -> distilled(tmp.resolve("d"), 1, pair, 0.5).toBuilder().optRandomCrop(false).build());
        assertTrue(fixed.getMessage().contains("random crops"), fixed.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> distilled(tmp.resolve("e"), 1, pair, 0.5).toBuilder().optMixup(0.4).build());
        assertThrows(IllegalArgumentException.class, () -> distilled(tmp.resolve("f"), 1, pair, 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> config(tmp.resolve("g"), 1, FeaturePreset.SPEECH_16K).toBuilder().optTeacher(pair, 0.5, 0).build());
    }
}
