package org.ser4j.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.testing.SharedData;

/**
 * End to end on the RAVDESS golden cases: FLAC file -> {@link FeaturePreset#SEC_PYTORCH} / {@link FeaturePreset#SEC_PYTORCH_CONSTANT}
 * signal equals {@code signal.npy} exactly, and the float features equal librosa's dB (within float rounding).
 */
class SecPytorchPresetGoldenTest {

    @TestFactory
    List<DynamicTest> ravdessFilesGiveLibrosasFeatures() throws IOException {
        Path golden = SharedData.golden();
        Path ravdess = SharedData.ravdess();
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenCases.GoldenCase c : GoldenCases.read(golden).cases()) {
            JsonNode p = c.params();
            if (!"ravdess".equals(p.path("kind").asText())) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                var clip = AudioDecoder.decode(ravdess.resolve(p.get("source").asText()));
                double[] expectedSignal = Npy.read(c.file(golden, "signal")).data();
                float[] signal = FeaturePreset.SEC_PYTORCH.signal(clip);
                assertEquals(expectedSignal.length, signal.length);
                for (int i = 0; i < signal.length; i++) {
                    if (signal[i] != expectedSignal[i]) {
                        throw new AssertionError(c.name() + ": signal sample " + i + " expected " + expectedSignal[i] + ", found " + signal[i]);
                    }
                }
                for (FeaturePreset preset : List.of(FeaturePreset.SEC_PYTORCH, FeaturePreset.SEC_PYTORCH_CONSTANT)) {
                    double[][] expected = Npy.read(c.file(golden, "mel_db." + preset.mel().padMode().id())).rows();
                    float[][] image = preset.extract(clip);
                    for (int m = 0; m < expected.length; m++) {
                        for (int t = 0; t < expected[m].length; t++) {
                            assertEquals((float) expected[m][t], image[m][t], 1e-5f, c.name() + " " + preset.name() + " [" + m + "][" + t + "]");
                        }
                    }
                }
            }));
        }
        assertEquals(6, tests.size(), "six RAVDESS golden cases");
        return tests;
    }
}
