package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Labels;
import org.ser4j.bundle.BundleInfo;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.eval.EpochRecord;
import org.ser4j.eval.TrainingHistory;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;
import org.ser4j.testing.FakeFileStore;

/** Two-batch training runs on synthetic samples: checkpoints, bundle, exact resume, early errors. */
class TrainerTest {

    static final Architecture ARCH = Architecture.STACKED_CNN_LSTM;

    @TempDir
    Path tmp;

    /** Samples whose class is visible as a raised band (learnable), with noise. */
    static LabelledSamples samples(int n, long seed, String prefix) {
        Shape shape = ARCH.inputShape(1).slice(1);
        int size = (int) shape.size();
        Random rng = new Random(seed);
        float[][] rows = new float[n][size];
        int[] labels = new int[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = i % 8;
            for (int j = 0; j < size; j++) {
                rows[i][j] = (float) rng.nextGaussian() + ((j / 97) % 8 == labels[i] ? 1f : 0f);
            }
            ids.add(prefix + i);
        }
        return new LabelledSamples(ids, rows, labels, shape);
    }

    static TrainingData data() {
        StandardScaler scaler = StandardScaler.fit(StandardScaler.Kind.PER_CELL, List.<float[][]>of(new float[128][563]));
        return new TrainingData(Labels.ravdess(), samples(16, 1, "train"), samples(8, 2, "val"), samples(8, 3, "test"), scaler,
                new BundleInfo.SplitSummary("random", "synthetic", 5, List.of("train0"), List.of("val0"),
                        List.of("test0"), List.of()), null);
    }

    TrainingConfig config(Path runDir, int epochs) {
        return TrainingConfig.builder().setArchitecture(ARCH).setRunDir(runDir).optEpochs(epochs).optBatchSize(4)
                .optLimitBatches(2).optSeed(11).build();
    }

    /** {@link #config} with SpecAugment masking and a cosine learning-rate schedule. */
    TrainingConfig maskedCosine(Path runDir, int epochs) {
        return config(runDir, epochs).toBuilder().optSpecAugment(true).optSchedule(TrainingConfig.Schedule.COSINE)
                .build();
    }

    static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onRunStart(RunStart s) {
            events.add("start " + s.firstEpoch() + " " + s.batchesPerEpoch());
        }

        @Override
        public void onBatchEnd(BatchEnd b) {
            events.add("batch " + b.epoch() + "." + b.batch());
        }

        @Override
        public void onEpochEnd(EpochRecord r, boolean improved) {
            events.add("epoch " + r.epoch());
        }
    }

    @Test
    void twoBatchRunWritesBundleHistoryAndResumeState() throws IOException {
        Path runDir = tmp.resolve("run");
        Recorder recorder = new Recorder();
        TrainingResult result = new Trainer(config(runDir, 2), List.of(recorder)).train(data());

        assertEquals(List.of("start 1 2", "batch 1.1", "batch 1.2", "epoch 1", "batch 2.1", "batch 2.2", "epoch 2"),
                recorder.events);
        assertEquals(2, result.history().epochs().size());
        for (EpochRecord r : result.history().epochs()) {
            assertTrue(Double.isFinite(r.trainLoss()) && Double.isFinite(r.validationLoss()), r.toString());
        }
        assertEquals(8, result.testProbabilities().size());
        float sum = 0;
        for (float p : result.testProbabilities().get(0)) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-4f);

        RunDirectory run = RunDirectory.of(runDir);
        assertTrue(run.hasCheckpoint());
        assertTrue(Files.exists(run.history()) && Files.exists(run.config()) && Files.exists(run.scaler()));
        ModelBundle bundle = ModelBundle.load(runDir);
        assertEquals(ARCH, bundle.architecture());
        assertEquals((double) result.bestEpoch(), bundle.info().metrics().get("epoch"));
        assertEquals(config(runDir, 2), run.readConfig());
    }

    /** The trainable parameters of a run's kept model, by name (running statistics of batch norms are not). */
    private static Map<String, float[]> weights(Path runDir) throws IOException {
        ModelBundle bundle = ModelBundle.load(runDir);
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.nn.Block block = bundle.architecture().build(bundle.labels().size());
            bundle.loadWeights(block, m);
            block.getParameters().forEach(p -> {
                if (p.getValue().requiresGradient()) {
                    out.put(p.getKey(), p.getValue().getArray().toFloatArray());
                }
            });
        }
        return out;
    }

    @Test
    void fineTuningStartsFromTheBundleAndAFrozenBodyStaysIt() throws IOException {
        Path start = tmp.resolve("start");
        new Trainer(config(start, 1), List.of()).train(data());
        Map<String, float[]> before = weights(start);

        // same labels, body frozen for the only epoch: every weight but the output layer's is the start's
        Path tuned = tmp.resolve("tuned");
        TrainingConfig fine = config(tuned, 1).toBuilder().optSeed(12).optInit(start, 1).build();
        new Trainer(fine, List.of()).train(data());
        Map<String, float[]> after = weights(tuned);
        List<String> names = new ArrayList<>(before.keySet());
        String headWeight = names.get(names.size() - 2);
        String headBias = names.get(names.size() - 1);
        for (String name : names) {
            if (!name.equals(headWeight) && !name.equals(headBias)) {
                assertArrayEquals(before.get(name), after.get(name), 0f, name + " was frozen");
            }
        }
        assertFalse(java.util.Arrays.equals(before.get(headWeight), after.get(headWeight)), "the output layer trained");
        assertEquals(start.toAbsolutePath(), RunDirectory.of(tuned).readConfig().optimisation().init().toAbsolutePath());

        // another label set: the body is copied, the output layer starts fresh (not the start's)
        TrainingData renamed = new TrainingData(List.of("a", "b", "c", "d", "e", "f", "g", "h"), data().train(),
                data().validation(), data().test(), data().scaler(), data().split(), null);
        Path other = tmp.resolve("other");
        new Trainer(config(other, 1).toBuilder().optInit(start, 1).build(), List.of()).train(renamed);
        Map<String, float[]> otherWeights = weights(other);
        assertArrayEquals(before.get(names.get(0)), otherWeights.get(names.get(0)), 0f, "body copied");
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h"), ModelBundle.load(other).labels());

        // without a start model nothing can be frozen; a start of another architecture is refused
        assertThrows(IllegalArgumentException.class, () -> config(tmp.resolve("x"), 1).toBuilder().optInit(null, 2).build());
        TrainingConfig otherArch = TrainingConfig.builder().setArchitecture(Architecture.STACKED_CNN_BILSTM_ATTENTION)
                .setRunDir(tmp.resolve("y")).optEpochs(1).optBatchSize(4).optLimitBatches(1).optInit(start, 0).build();
        IllegalArgumentException arch = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(otherArch, List.of()).train(data()));
        assertTrue(arch.getMessage().contains("use the same architecture"), arch.getMessage());
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws IOException {
        Path straight = tmp.resolve("straight");
        new Trainer(config(straight, 2), List.of()).train(data());

        Path interrupted = tmp.resolve("interrupted");
        new Trainer(config(interrupted, 1), List.of()).train(data());
        Recorder recorder = new Recorder();
        TrainingResult resumed = new Trainer(config(interrupted, 2), List.of(recorder)).resume(data());

        assertEquals("start 2 2", recorder.events.get(0));
        assertEquals(2, resumed.history().epochs().size());
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(interrupted.resolve("last/weights.params")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/optimizer.bin")),
                Files.readAllBytes(interrupted.resolve("last/optimizer.bin")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("model/weights.params")),
                Files.readAllBytes(interrupted.resolve("model/weights.params")));
        List<EpochRecord> a = TrainingHistory.load(straight.resolve("last/history.json")).epochs();
        List<EpochRecord> b = resumed.history().epochs();
        for (int i = 0; i < 2; i++) {
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), "train loss of epoch " + (i + 1));
            assertEquals(a.get(i).validationLoss(), b.get(i).validationLoss(), "validation loss of epoch " + (i + 1));
        }
    }

    @Test
    void resumedRunWithMaskingAndCosineScheduleEqualsUninterruptedRun() throws IOException {
        Path straight = tmp.resolve("straight");
        new Trainer(maskedCosine(straight, 2), List.of()).train(data());
        Path interrupted = tmp.resolve("interrupted");
        new Trainer(maskedCosine(interrupted, 1), List.of()).train(data());
        new Trainer(maskedCosine(interrupted, 2), List.of()).resume(data());

        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(interrupted.resolve("last/weights.params")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/optimizer.bin")),
                Files.readAllBytes(interrupted.resolve("last/optimizer.bin")));
        assertEquals(maskedCosine(interrupted, 2), RunDirectory.of(interrupted).readConfig());
    }

    @Test
    void maskingChangesTrainingButNotValidationData() throws IOException {
        Path plain = tmp.resolve("plain");
        Path masked = tmp.resolve("masked");
        List<EpochRecord> a = new Trainer(config(plain, 1), List.of()).train(data()).history().epochs();
        List<EpochRecord> b = new Trainer(config(masked, 1).toBuilder().optSpecAugment(true).build(), List.of())
                .train(data()).history().epochs();
        assertTrue(a.get(0).trainLoss() != b.get(0).trainLoss(), "masked images must give another training loss");
        assertTrue(RunDirectory.of(masked).readConfig().regularisation().specAugment());
    }

    @Test
    void mixupRunResumesExactly() throws IOException {
        Path straight = tmp.resolve("straight");
        new Trainer(config(straight, 2).toBuilder().optMixup(0.4).build(), List.of()).train(data());
        Path interrupted = tmp.resolve("interrupted");
        new Trainer(config(interrupted, 1).toBuilder().optMixup(0.4).build(), List.of()).train(data());
        new Trainer(config(interrupted, 2).toBuilder().optMixup(0.4).build(), List.of()).resume(data());
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(interrupted.resolve("last/weights.params")));
        Path plain = tmp.resolve("plain");
        new Trainer(config(plain, 2), List.of()).train(data());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(plain.resolve("last/weights.params")),
                Files.readAllBytes(straight.resolve("last/weights.params"))), "mixup changed nothing");
    }

    /** compact-cnn samples of 16 synthetic whole clips (4 s of noise with a class-dependent tone) with random crops. */
    static TrainingData croppedData() {
        return croppedData(0);
    }

    static TrainingData croppedData(double warp) {
        return croppedData(TrainingCropsTest.PRESET, warp);
    }

    /**
     * The 16 synthetic clips through {@code preset} (dB, PCEN, ...): compact-cnn samples with random
     * crops, the scaler per band fitted on their preset images.
     */
    static TrainingData croppedData(org.ser4j.features.FeaturePreset preset, double warp) {
        List<org.ser4j.audio.AudioClip> clips = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Random rng = new Random(i);
            float[] s = new float[64000];
            for (int j = 0; j < s.length; j++) {
                s[j] = (float) (0.01 * rng.nextGaussian() + 0.3 * Math.sin(2 * Math.PI * 200 * (1 + i % 8) * j / 16000.0));
            }
            clips.add(org.ser4j.audio.AudioClip.mono(s, 16000));
        }
        List<float[][]> images = clips.stream().map(preset::extract).toList();
        StandardScaler scaler = StandardScaler.fit(StandardScaler.Kind.PER_BAND, images);
        TrainingCrops crops = new TrainingCrops(clips.stream().map(c -> TrainingCrops.wholeClipPower(preset, c)).toList(),
                Architecture.COMPACT_CNN, preset, scaler, warp);
        Shape shape = Architecture.COMPACT_CNN.inputShape(1).slice(1);
        float[][] rows = new float[16][];
        int[] labels = new int[16];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            rows[i] = ModelBundle.modelInput(Architecture.COMPACT_CNN, preset, scaler, images.get(i));
            labels[i] = i % 8;
            ids.add("clip" + i);
        }
        LabelledSamples train = new LabelledSamples(ids, rows, labels, shape);
        return new TrainingData(Labels.ravdess(), train, train, train, scaler, new BundleInfo.SplitSummary("random", "synthetic", 5,
                List.of("clip0"), List.of("clip0"), List.of("clip0"), List.of()), null, crops);
    }

    TrainingConfig cropped(Path runDir, int epochs, boolean randomCrop) {
        return TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(runDir).optEpochs(epochs)
                .optBatchSize(4).optLimitBatches(2).optSeed(11).optAugmentation(AugmentationKind.NONE)
                .optRandomCrop(randomCrop).build();
    }

    @Test
    void randomCropRunResumesExactlyAndDiffersFromTheFixedWindow() throws IOException {
        TrainingData data = croppedData();
        Path straight = tmp.resolve("straight");
        new Trainer(cropped(straight, 2, true), List.of()).train(data);
        Path interrupted = tmp.resolve("interrupted");
        new Trainer(cropped(interrupted, 1, true), List.of()).train(data);
        new Trainer(cropped(interrupted, 2, true), List.of()).resume(data);
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(interrupted.resolve("last/weights.params")));
        assertTrue(RunDirectory.of(interrupted).readConfig().regularisation().randomCrop());

        Path fixed = tmp.resolve("fixed");
        TrainingData plain = new TrainingData(data.labels(), data.train(), data.validation(), data.test(), data.scaler(), data.split(),
                null);
        new Trainer(cropped(fixed, 2, false), List.of()).train(plain);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(fixed.resolve("last/weights.params")),
                Files.readAllBytes(straight.resolve("last/weights.params"))), "random crops changed nothing");
    }

    @Test
    void frequencyWarpedRunResumesExactlyAndDiffersFromTheUnwarpedOne() throws IOException {
        Path straight = tmp.resolve("warp-straight");
        new Trainer(cropped(straight, 2, true), List.of()).train(croppedData(0.1));
        Path interrupted = tmp.resolve("warp-interrupted");
        new Trainer(cropped(interrupted, 1, true), List.of()).train(croppedData(0.1));
        new Trainer(cropped(interrupted, 2, true), List.of()).resume(croppedData(0.1));
        assertArrayEquals(Files.readAllBytes(straight.resolve("last/weights.params")),
                Files.readAllBytes(interrupted.resolve("last/weights.params")));
        Path unwarped = tmp.resolve("warp-off");
        new Trainer(cropped(unwarped, 2, true), List.of()).train(croppedData(0));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(unwarped.resolve("last/weights.params")),
                Files.readAllBytes(straight.resolve("last/weights.params"))), "the warp changed nothing");
    }

    @Test
    void weightAverageLeavesTrainingAloneChangesWhatIsValidatedAndResumesExactly() throws IOException {
        TrainingData data = croppedData();
        Path plain = tmp.resolve("ema-off");
        List<EpochRecord> off = new Trainer(cropped(plain, 2, true), List.of()).train(data).history().epochs();
        Path straight = tmp.resolve("ema-straight");
        List<EpochRecord> on = new Trainer(cropped(straight, 2, true).toBuilder().optEma(0.9).build(), List.of())
                .train(data).history().epochs();
        // the optimizer trains the same weights; only the validated (and kept) weights are the average
        assertArrayEquals(Files.readAllBytes(plain.resolve("last/weights.params")),
                Files.readAllBytes(straight.resolve("last/weights.params")));
        for (int i = 0; i < 2; i++) {
            assertEquals(off.get(i).trainLoss(), on.get(i).trainLoss(), "train loss of epoch " + (i + 1));
            assertTrue(off.get(i).validationLoss() != on.get(i).validationLoss(),
                    "validation of epoch " + (i + 1) + " must see the averaged weights");
        }
        assertTrue(Files.exists(straight.resolve("last/" + RunDirectory.AVERAGE)));
        assertFalse(Files.exists(plain.resolve("last/" + RunDirectory.AVERAGE)));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(plain.resolve("model/weights.params")),
                Files.readAllBytes(straight.resolve("model/weights.params"))), "the bundle must hold the average");

        Path interrupted = tmp.resolve("ema-interrupted");
        new Trainer(cropped(interrupted, 1, true).toBuilder().optEma(0.9).build(), List.of()).train(data);
        List<EpochRecord> resumed = new Trainer(cropped(interrupted, 2, true).toBuilder().optEma(0.9).build(),
                List.of()).resume(data).history().epochs();
        for (String f : List.of("last/weights.params", "last/" + RunDirectory.AVERAGE, "model/weights.params")) {
            assertArrayEquals(Files.readAllBytes(straight.resolve(f)), Files.readAllBytes(interrupted.resolve(f)), f);
        }
        assertEquals(on.get(1).validationLoss(), resumed.get(1).validationLoss());

        Files.delete(interrupted.resolve("last/" + RunDirectory.AVERAGE));
        IOException e = assertThrows(IOException.class, () -> new Trainer(
                cropped(interrupted, 3, true).toBuilder().optEma(0.9).build(), List.of()).resume(data));
        assertTrue(e.getMessage().contains(RunDirectory.AVERAGE) && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void balancedCorporaWeighEveryCorpusAlike() {
        // 10 samples: 8 of corpus 0 (labels 0 0 0 0 1 1 1 1), 2 of corpus 1 (labels 0 1)
        int[] labels = {0, 0, 0, 0, 1, 1, 1, 1, 0, 1};
        LabelledSamples train = new LabelledSamples(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "x" + i).toList(),
                new float[10][1], labels, new Shape(1));
        TrainingData d = new TrainingData(List.of("a", "b"), train, train, train, null, null, null, null,
                new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1});
        float[] w = Trainer.corpusWeights(d, false);
        assertEquals(10f / (2 * 8), w[0], 1e-6f);
        assertEquals(10f / (2 * 2), w[9], 1e-6f);
        float sum0 = 0;
        float sum1 = 0;
        for (int i = 0; i < 10; i++) {
            if (i < 8) {
                sum0 += w[i];
            } else {
                sum1 += w[i];
            }
        }
        assertEquals(sum0, sum1, 1e-5f); // each corpus weighs half
        float[] both = Trainer.corpusWeights(d, true); // four corpus x label groups
        assertEquals(10f / (4 * 4), both[0], 1e-6f);
        assertEquals(10f / (4 * 1), both[8], 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Trainer.corpusWeights(
                new TrainingData(List.of("a", "b"), train, train, train, null, null, null, null, null), false));
    }

    @Test
    void balancedClassWeightsMakeEveryClassCountAlike() {
        int[] labels = {0, 0, 1, 1, 1, 1, 2, 2, 2, 2}; // RAVDESS-like: class 0 has half as many
        float[] w = Trainer.classWeights(labels, 8);
        assertEquals(10f / (3 * 2), w[0], 1e-6f);
        assertEquals(10f / (3 * 4), w[1], 1e-6f);
        assertEquals(0f, w[5], 0f, "absent class");
        assertEquals(w[0] * 2, w[1] * 4, 1e-6f);
    }

    @Test
    void weightedCrossEntropyIsPyTorchsWeightedMean() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[][] logits = {{2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f}, {0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f},
                {0f, 0f, 3f, 0f, 0f, 0f, 0f, 0f}};
            long[] y = {0, 1, 1};
            ai.djl.ndarray.NDArray x = m.create(logits);
            ai.djl.ndarray.NDArray labels = m.create(y);
            ai.djl.training.loss.Loss plain = ai.djl.training.loss.Loss.softmaxCrossEntropyLoss();
            float[] ones = new float[8];
            java.util.Arrays.fill(ones, 1f);
            assertEquals(plain.evaluate(new ai.djl.ndarray.NDList(labels), new ai.djl.ndarray.NDList(x)).getFloat(),
                    Trainer.crossEntropy(plain, x, labels, ones).getFloat(), 1e-6f);
            float[] w = new float[8];
            w[0] = 3f;
            w[1] = 1f;
            double[] ce = new double[3];
            for (int i = 0; i < 3; i++) {
                double z = 0;
                for (float v : logits[i]) {
                    z += Math.exp(v);
                }
                ce[i] = Math.log(z) - logits[i][(int) y[i]];
            }
            double expected = (3 * ce[0] + ce[1] + ce[2]) / (3 + 1 + 1);
            assertEquals(expected, Trainer.crossEntropy(plain, x, labels, w).getFloat(), 1e-5);
        }
    }

    @Test
    void existingRunIsNotOverwritten() throws IOException {
        Path runDir = tmp.resolve("run");
        new Trainer(config(runDir, 1), List.of()).train(data());
        IOException e = assertThrows(IOException.class, () -> new Trainer(config(runDir, 1), List.of()).train(data()));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void unwritableRunDirectoryFailsBeforeTraining() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Recorder recorder = new Recorder();
        IOException e = assertThrows(IOException.class,
                () -> new Trainer(config(file.resolve("run"), 1), List.of(recorder)).train(data()));
        assertTrue(e.getMessage().contains("a-file") && e.getMessage().contains("--out"), e.getMessage());
        assertTrue(recorder.events.isEmpty());
    }

    @Test
    void readOnlyRunDirectoryFailsBeforeTraining() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write into read-only directories");
        Path readOnly = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Recorder recorder = new Recorder();
        IOException e = assertThrows(IOException.class,
                () -> new Trainer(config(readOnly.resolve("run"), 1), List.of(recorder)).train(data()));
        assertTrue(e.getMessage().contains("not writable"), e.getMessage());
        assertTrue(recorder.events.isEmpty());
        assertFalse(Files.exists(readOnly.resolve("run")));
    }

    @Test
    void tooLittleFreeSpaceFailsBeforeTraining() {
        IOException e = assertThrows(IOException.class,
                () -> RunDirectory.of(tmp.resolve("run")).checkWritable(Long.MAX_VALUE / 64, 2));
        assertTrue(e.getMessage().contains("MiB free") && e.getMessage().contains("--out"), e.getMessage());
    }

    @Test
    void nearlyFullDiskFailsBeforeTraining() {
        // one of the SEC-PyTorch models: 0.5 M parameters with AdamW need 4 weight copies + 2 x 2 optimizer arrays + 64 MiB
        long parameters = 500_000;
        long needed = RunDirectory.requiredBytes(parameters, 2);
        assertEquals(parameters * 4 * 8 + (64L << 20), needed);
        RunDirectory run = RunDirectory.of(tmp.resolve("full"));
        IOException e = assertThrows(IOException.class, () -> run.checkFreeSpace(new FakeFileStore(needed - 1), parameters, 2));
        assertEquals(run.dir() + ": only 79 MiB free on fake disk, a training run (model, resume state, history) needs about"
                + " 80 MiB; free some space or choose another directory (--out)", e.getMessage());
        assertDoesNotThrow(() -> run.checkFreeSpace(new FakeFileStore(needed), parameters, 2));
    }

    @Test
    void divergenceStopsWithAClearMessage() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new DivergenceCheck()
                .onBatchEnd(new TrainingListener.BatchEnd(3, 7, 10, 224, Double.NaN, 1.0, 0.5, 1.0)));
        assertTrue(e.getMessage().contains("epoch 3") && e.getMessage().contains("--lr"), e.getMessage());
    }
}
