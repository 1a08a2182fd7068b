package org.ser4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ser4j.audio.AudioClip;

class PcenSettingsTest {

    private static final double HOP = 0.01;

    @Test
    void smoothingIsLibrosasFormula() {
        // T = 0.4 s / 10 ms = 40 frames: s = (sqrt(1 + 4 * 1600) - 1) / (2 * 1600)
        assertEquals((Math.sqrt(6401) - 1) / 3200, PcenSettings.LIBROSA.smoothing(HOP), 1e-15);
    }

    @Test
    void aConstantBandGivesTheStationaryValue() {
        double[][] power = {{4, 4, 4, 4, 4}};
        float[][] out = PcenSettings.LIBROSA.apply(power, HOP);
        // E = 1 (relative to the maximum), M = 1 from the first frame on
        double expected = Math.pow(1 / Math.pow(1 + 1e-6, 0.98) + 2, 0.5) - Math.pow(2, 0.5);
        for (float v : out[0]) {
            assertEquals(expected, v, 1e-6);
        }
    }

    @Test
    void aQuieterRecordingGivesTheSameImage() {
        Random random = new Random(3);
        double[][] power = new double[4][50];
        double[][] quiet = new double[4][50];
        for (int b = 0; b < 4; b++) {
            for (int t = 0; t < 50; t++) {
                power[b][t] = random.nextDouble() * (t > 20 ? 100 : 0.01);
                quiet[b][t] = power[b][t] * 1e-4; // 40 dB down
            }
        }
        float[][] a = PcenSettings.LIBROSA.apply(power, HOP);
        float[][] b = PcenSettings.LIBROSA.apply(quiet, HOP);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a[i], b[i], 1e-5f);
        }
    }

    @Test
    void aSteadyBackgroundIsDividedAwayButAnOnsetStandsOut() {
        double[][] power = new double[1][200];
        java.util.Arrays.fill(power[0], 1.0);
        for (int t = 150; t < 160; t++) {
            power[0][t] = 100.0;
        }
        float[][] out = PcenSettings.LIBROSA.apply(power, HOP);
        assertEquals(out[0][100], out[0][140], 1e-6f); // the steady part settles to one value
        assertTrue(out[0][150] > 5 * out[0][140], "onset " + out[0][150] + " vs background " + out[0][140]);
    }

    @Test
    void silenceGivesZerosAndBadSettingsAreRefused() {
        float[][] out = PcenSettings.LIBROSA.apply(new double[2][7], HOP);
        for (float[] row : out) {
            assertArrayEquals(new float[7], row, 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> new PcenSettings(0, 0.98, 2, 0.5, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new PcenSettings(0.4, 1.5, 2, 0.5, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new PcenSettings(0.4, 0.98, 0, 0.5, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new PcenSettings(0.4, 0.98, 2, 0, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new PcenSettings(0.4, 0.98, 2, 0.5, 0));
    }

    @Test
    void thePcenPresetComputesPcenAndHasItsOwnFingerprint() {
        FeaturePreset p = FeaturePreset.byName("speech-16k-pcen");
        assertEquals(PcenSettings.LIBROSA, p.pcen());
        assertNotEquals(FeaturePreset.SPEECH_16K.fingerprint(), p.fingerprint());
        float[] signal = new float[16000];
        Random random = new Random(5);
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) (0.1 * Math.sin(i * 0.05) + 0.01 * random.nextGaussian());
        }
        float[][] expected = PcenSettings.LIBROSA.apply(p.melPower(signal), 160.0 / 16000);
        float[][] found = p.signalFeatures(signal);
        for (int b = 0; b < expected.length; b++) {
            assertArrayEquals(expected[b], found[b], 0f);
        }
        assertTrue(p.describe().contains("PCEN"));
        // presets without PCEN keep their fingerprints: no PCEN term in their settings
        assertTrue(!FeaturePreset.SPEECH_16K.settingsText().contains("pcen"));
    }

    @Test
    void theDualPresetStacksTheDbAndThePcenImageOfOneWindow() {
        FeaturePreset dual = FeaturePreset.byName("speech-16k-dual");
        assertEquals(2, dual.channels());
        assertEquals(128, dual.imageRows());
        AudioClip clip = new AudioClip(new float[][] {tonesInNoise(56_000, 48_000)}, 48_000);
        float[][] both = dual.extract(clip);
        float[][] db = FeaturePreset.SPEECH_16K.extract(clip);
        float[][] pcen = FeaturePreset.SPEECH_16K_PCEN.extract(clip);
        assertEquals(128, both.length);
        for (int b = 0; b < 64; b++) {
            assertArrayEquals(db[b], both[b], 0f, "dB band " + b);
            assertArrayEquals(pcen[b], both[64 + b], 0f, "PCEN band " + b);
        }
        // one mel power for the pair of presets the shipped pair uses, and for the dual one
        assertTrue(dual.sharesMelPower(FeaturePreset.SPEECH_16K));
        assertNotEquals(FeaturePreset.SPEECH_16K_PCEN.fingerprint(), dual.fingerprint());
        assertTrue(dual.describe().contains("stacked"), dual.describe());
        assertThrows(IllegalArgumentException.class, () -> new FeaturePreset("x", 16000, 0.5, 3.0,
                dual.mel(), dual.db(), FeaturePreset.Layout.FULL, null, true));
        assertThrows(IllegalArgumentException.class, () -> dual.withLayout(FeaturePreset.Layout.CHUNKED));
    }

    private static float[] tonesInNoise(int n, int rate) {
        Random random = new Random(9);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * i / rate) * (i > n / 3 ? 1 : 0.05)
                    + 0.01 * random.nextGaussian());
        }
        return x;
    }
}
