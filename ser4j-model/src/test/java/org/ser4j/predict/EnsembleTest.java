package org.ser4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bundle.InvalidBundleException;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.features.FeaturePreset;
import org.ser4j.model.Architecture;

/** Ensembles of real (untrained) bundles: saved and loaded, refused when they cannot share features, averaged. */
class EnsembleTest {

    @TempDir
    Path tmp;

    private static float[] voice(int rate, double seconds, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[(int) (rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 170 * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t))
                    + 0.02 * rng.nextGaussian());
        }
        return x;
    }

    @Test
    void savedEnsembleLoadsWithItsMembersAndMetricsAndAPlainBundleIsAnEnsembleOfOne() throws IOException {
        Path a = UntrainedBundle.write(Architecture.PARALLEL_CNN_BILSTM_ATTENTION, tmp.resolve("a"));
        Path b = UntrainedBundle.write(Architecture.PARALLEL_CNN_TRANSFORMER, tmp.resolve("b"));
        ModelEnsemble e = new ModelEnsemble(List.of(ModelBundle.load(a), ModelBundle.load(b)), "two",
                Map.of("test_accuracy", 0.5));
        e.save(tmp.resolve("ens"));
        ModelEnsemble back = ModelEnsemble.load(tmp.resolve("ens"));
        assertEquals(2, back.members().size());
        assertEquals(Architecture.PARALLEL_CNN_TRANSFORMER, back.members().get(1).architecture());
        assertEquals(0.5, back.metrics().get("test_accuracy"));
        assertEquals("parallel-cnn-bilstm-attention + parallel-cnn-transformer", back.architectures());
        assertTrue(ModelEnsemble.load(a).single());
    }

    @Test
    void membersThatDoNotHearTheSameWindowAreRefused() throws IOException {
        Path seed = UntrainedBundle.write(Architecture.PARALLEL_CNN_BILSTM_ATTENTION, tmp.resolve("seed"));
        Path speech = UntrainedBundle.write(Architecture.COMPACT_CNN, tmp.resolve("speech"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelEnsemble(List.of(ModelBundle.load(seed), ModelBundle.load(speech)), "", Map.of()));
        assertTrue(e.getMessage().contains("speech-16k") && e.getMessage().contains("member 2")
                && e.getMessage().contains("48000 Hz"), e.getMessage());
    }

    @Test
    void membersOfDifferentFrontEndsOnTheSameWindowPredictTheMeanOfTheirOwnFeatures() throws IOException {
        // a dB member and a PCEN member: same 3 s window at 16 kHz, different images
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        Path db = UntrainedBundle.write(Architecture.COMPACT_CNN, FeaturePreset.SPEECH_16K, tmp.resolve("db"));
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        Path pcen = UntrainedBundle.write(Architecture.COMPACT_CNN, FeaturePreset.SPEECH_16K_PCEN, tmp.resolve("pcen"));
        ModelEnsemble ensemble = new ModelEnsemble(List.of(ModelBundle.load(db), ModelBundle.load(pcen),
                ModelBundle.load(db)), "", Map.of());
        assertEquals(List.of(FeaturePreset.SPEECH_16K, FeaturePreset.SPEECH_16K_PCEN), ensemble.presets());
        assertEquals(List.of(0, 1, 0), List.of(ensemble.presetOf(0), ensemble.presetOf(1), ensemble.presetOf(2)));
        ensemble.save(tmp.resolve("ens"));
        float[] clip = voice(16_000, 3.6, 8);
        float[] pd;
        float[] pp;
        float[] pe;
        try (EmotionRecognizer rd = EmotionRecognizer.load(db, PitchClassifier.NO_VAD);
                EmotionRecognizer rp = EmotionRecognizer.load(pcen, PitchClassifier.NO_VAD);
                EmotionRecognizer re = EmotionRecognizer.load(tmp.resolve("ens"), PitchClassifier.NO_VAD)) {
            pd = rd.predict(clip, 16_000).probabilities();
            pp = rp.predict(clip, 16_000).probabilities();
            pe = re.predict(clip, 16_000).probabilities();
            assertEquals("speech-16k + speech-16k-pcen", re.describe().get("preset"));
        }
        // the same weights on other features: the members' outputs differ only through their front ends
        assertTrue(!java.util.Arrays.equals(pd, pp), "PCEN and dB images must give different outputs");
        float[] mean = new float[pd.length];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = (2 * pd[c] + pp[c]) / 3;
        }
        assertArrayEquals(mean, pe, 1e-5f);
    }

    @Test
    void aMemberOutsideTheEnsembleOrMissingIsNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ens"));
        Files.writeString(dir.resolve(ModelEnsemble.FILE), "{\"format_version\":1,\"members\":[\"../elsewhere\"]}");
        InvalidBundleException outside = assertThrows(InvalidBundleException.class, () -> ModelEnsemble.load(dir));
        assertTrue(outside.getMessage().contains(ModelEnsemble.FILE), outside.getMessage());
        Files.writeString(dir.resolve(ModelEnsemble.FILE), "{\"format_version\":1,\"members\":[\"member-1\"]}");
        InvalidBundleException missing = assertThrows(InvalidBundleException.class, () -> ModelEnsemble.load(dir));
        assertTrue(missing.getMessage().contains("member-1"), missing.getMessage());
    }

    @Test
    void anEnsemblePredictsTheMeanOfItsMembers() throws IOException {
        // two differently initialised members of the same architecture and preset
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        Path a = UntrainedBundle.write(Architecture.COMPACT_CNN, tmp.resolve("a"));
        ai.djl.engine.Engine.getInstance().setRandomSeed(99);
        Path b = UntrainedBundle.write(Architecture.COMPACT_CNN, tmp.resolve("b"));
        new ModelEnsemble(List.of(ModelBundle.load(a), ModelBundle.load(b)), "", Map.of()).save(tmp.resolve("ens"));
        float[] clip = voice(16_000, 3.2, 5);
        float[] pa;
        float[] pb;
        float[] pe;
        try (EmotionRecognizer ra = EmotionRecognizer.load(a, PitchClassifier.NO_VAD);
                EmotionRecognizer rb = EmotionRecognizer.load(b, PitchClassifier.NO_VAD);
                EmotionRecognizer re = EmotionRecognizer.load(tmp.resolve("ens"), PitchClassifier.NO_VAD)) {
            pa = ra.predict(clip, 16_000).probabilities();
            pb = rb.predict(clip, 16_000).probabilities();
            pe = re.predict(clip, 16_000).probabilities();
            assertEquals("ensemble of 2 x compact-cnn", re.describe().get("architecture"));
            assertEquals(2 * 105_832L, ((Number) re.describe().get("parameterCount")).longValue());
        }
        assertTrue(!java.util.Arrays.equals(pa, pb), "the members must differ for the test to mean anything");
        float[] mean = new float[pa.length];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = (pa[c] + pb[c]) / 2;
        }
        assertArrayEquals(mean, pe, 1e-5f);
    }

    @Test
    void membersShareTheCoresOutOnTheCpuAndKeepTheEnginesThreadsOnAGpu() {
        assertEquals(1, BundleClassifier.memberThreads(2, 2, false, null), "the pair on 2 cores: one thread each");
        assertEquals(4, BundleClassifier.memberThreads(2, 8, false, null));
        assertEquals(2, BundleClassifier.memberThreads(3, 8, false, null), "cores left over stay idle, not oversubscribed");
        assertEquals(1, BundleClassifier.memberThreads(4, 2, false, null), "at least one thread a member");
        assertEquals(0, BundleClassifier.memberThreads(2, 2, true, null), "0: the engine's own count");
        assertEquals(3, BundleClassifier.memberThreads(2, 2, false, 3), "-Dser4j.predict.threads wins");
        assertEquals(0, BundleClassifier.memberThreads(2, 2, false, -1));
    }
}
