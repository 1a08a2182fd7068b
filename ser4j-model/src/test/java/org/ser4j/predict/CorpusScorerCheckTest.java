package org.ser4j.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.augment.condition.ConditionChain;
import org.ser4j.augment.condition.ConditionSources;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.features.FeaturePreset;
import org.ser4j.model.Architecture;
import org.ser4j.testing.SharedData;
import org.ser4j.vad.RecordingCheck;

/** The robustness grid's degraded clips get the recording check predict gives a recording. */
class CorpusScorerCheckTest {

    @TempDir
    Path tmp;

    @Test
    void degradedClipsAreCheckedAsPredictChecksARecording() throws IOException {
        Path flac = SharedData.ravdess().resolve("Actor_03/03-01-01-01-01-01-03.flac");
        Utterance clip = RavdessCorpus.parse(flac);
        ModelEnsemble model = ModelEnsemble.load(
                UntrainedBundle.write(Architecture.COMPACT_CNN, FeaturePreset.SPEECH_16K, tmp.resolve("m")));
        Map<Path, float[]> decoded = new ConcurrentHashMap<>();
        Map<String, Double> snr = new java.util.LinkedHashMap<>();
        for (String spec : List.of("clean", "noise=white:snr=20", "noise=white:snr=-3")) {
            Map<Utterance, RecordingCheck> checks = new ConcurrentHashMap<>();
            ConditionChain chain = ConditionChain.parse(spec, ConditionSources.none());
            List<float[][]> images = CorpusScorer.degraded(model, chain, 15, decoded, checks).apply(clip);
            assertEquals(1, images.size());
            assertEquals(images.get(0)[0].length,
                    CorpusScorer.degraded(model, chain, 15, decoded).apply(clip).get(0)[0].length,
                    "the same features with or without the check");
            assertTrue(checks.containsKey(clip), spec);
            snr.put(spec, checks.get(clip).snrDb());
            assertEquals(spec.endsWith("-3"), checks.get(clip).veryNoisy(), spec + ": " + checks.get(clip));
        }
        assertTrue(snr.get("clean") >= 35, snr.toString());
        assertEquals(20, snr.get("noise=white:snr=20"), 3, snr.toString());
    }
}
