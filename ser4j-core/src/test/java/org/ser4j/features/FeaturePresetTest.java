package org.ser4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.Signals;

class FeaturePresetTest {

    @Test
    void secPytorchPresetIsTheSpec() {
        FeaturePreset p = FeaturePreset.SEC_PYTORCH;
        assertEquals(48000, p.sampleRate());
        assertEquals(144000, p.signalLength());
        assertEquals(563, p.frames());
        assertEquals(MelSettings.PadMode.REFLECT, p.mel().padMode());
        assertEquals(MelSettings.Window.HAMMING, p.mel().window());
        assertEquals(512, p.mel().winLength());
        assertEquals(1024, p.mel().nFft());
        assertEquals(256, p.mel().hopLength());
        assertEquals(24000.0, p.mel().fMax());
        assertEquals(DbSettings.SEC_PYTORCH, p.db());
        assertEquals("sec-pytorch", p.name());
        assertSame(p, FeaturePreset.byName("SEC-PYTORCH"));
        assertEquals(FeaturePreset.Layout.CHUNKED, FeaturePreset.byName("sec-pytorch-chunked").layout());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeaturePreset.byName("nope"));
        assertTrue(e.getMessage().contains("sec-pytorch-constant"), e.getMessage());
    }

    /** Issue 19: the presets once called seed... keep their old names as deprecated aliases. */
    @Test
    void oldSeedNamesGiveTheRenamedPresets() {
        assertSame(FeaturePreset.SEC_PYTORCH, FeaturePreset.byName("seed"));
        assertSame(FeaturePreset.SEC_PYTORCH, FeaturePreset.byName("SEED"));
        assertSame(FeaturePreset.SEC_PYTORCH_CHUNKED, FeaturePreset.byName("seed-chunked"));
        assertSame(FeaturePreset.SEC_PYTORCH_CONSTANT, FeaturePreset.byName("seed-constant"));
        assertSame(FeaturePreset.SEC_PYTORCH_WHOLE_CLIP, FeaturePreset.byName("seed-whole-clip"));
        assertEquals("sec-pytorch-chunked", FeaturePreset.currentName("seed-chunked"));
        assertEquals("speech-16k", FeaturePreset.currentName("speech-16k"));
        for (var old : FeaturePreset.oldNames().entrySet()) {
            assertTrue(FeaturePreset.names().contains(old.getValue()), old.toString());
            assertTrue(!FeaturePreset.names().contains(old.getKey()), "help lists only the new names: " + old);
        }
        // a feature cache is keyed by the settings, never the name: entries written under "seed" are found
        assertEquals(FeaturePreset.SEC_PYTORCH.withName("seed").fingerprint(), FeaturePreset.SEC_PYTORCH.fingerprint());
        assertEquals(SEC_PYTORCH_FINGERPRINT, FeaturePreset.SEC_PYTORCH.fingerprint());
    }

    /** {@link FeaturePreset#SEC_PYTORCH}'s fingerprint as the preset called "seed" had it (its cache folder's name). */
    private static final String SEC_PYTORCH_FINGERPRINT =
            "4b4ce711a211a496262f12976eaf98a0618682110580ece5f2133141d1b622fc";

    @Test
    void signalIsTheSeedWindowZeroPadded() {
        float[] ramp = new float[48000 * 2]; // 2 s: the 3 s window from 0.5 s has 1.5 s of sound
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i / (float) ramp.length;
        }
        float[] s = FeaturePreset.SEC_PYTORCH.signal(AudioClip.mono(ramp, 48000));
        assertEquals(144000, s.length);
        assertEquals(ramp[24000], s[0]);
        assertEquals(ramp[ramp.length - 1], s[ramp.length - 24000 - 1]);
        assertEquals(0f, s[ramp.length - 24000]);
        assertEquals(0f, s[143999]);
        float[] whole = FeaturePreset.SEC_PYTORCH_WHOLE_CLIP.signal(AudioClip.mono(ramp, 48000));
        assertArrayEquals(ramp, whole);
    }

    @Test
    void extractDownmixesAndMatchesTheExtractor() {
        Random r = new Random(3);
        float[] left = new float[48000 * 4];
        float[] right = new float[left.length];
        for (int i = 0; i < left.length; i++) {
            left[i] = (float) (0.1 * r.nextGaussian());
            right[i] = (float) (0.3 * Math.sin(i * 0.05));
        }
        AudioClip stereo = new AudioClip(new float[][] {left, right}, 48000);
        float[][] image = FeaturePreset.SEC_PYTORCH.extract(stereo);
        assertEquals(128, image.length);
        assertEquals(563, image[0].length);
        float[] mono = java.util.Arrays.copyOfRange(stereo.mono(), 24000, 24000 + 144000);
        double[][] expected = PowerToDb.apply(new MelSpectrogramExtractor(FeaturePreset.SEC_PYTORCH.mel()).power(mono), DbSettings.SEC_PYTORCH);
        float max = Float.NEGATIVE_INFINITY;
        for (int m = 0; m < 128; m++) {
            for (int t = 0; t < 563; t++) {
                assertEquals((float) expected[m][t], image[m][t], 0f);
                max = Math.max(max, image[m][t]);
                assertTrue(image[m][t] >= -80f && image[m][t] <= 0f);
            }
        }
        assertEquals(0f, max);
    }

    @Test
    void extractFastPathEqualsTheSignalPath() {
        Random r = new Random(5);
        for (int n : new int[] {1000, 30000, 100000, 200000}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (0.2 * r.nextGaussian());
            }
            AudioClip clip = AudioClip.mono(x, 48000);
            for (FeaturePreset p : FeaturePreset.presets()) {
                float[][] fast = p.extract(clip);
                float[][] slow = p.signalFeatures(p.signal(clip));
                assertEquals(slow.length, fast.length);
                for (int m = 0; m < slow.length; m++) {
                    assertArrayEquals(slow[m], fast[m], p.name() + " n=" + n + " band " + m);
                }
            }
        }
    }

    @Test
    void otherRatesAreResampledFirst() {
        // a 1 kHz tone at 16 kHz: after resampling to 48 kHz it peaks in the same band as the 48 kHz tone
        float[] at16 = org.ser4j.testing.TestSignals.sine(1000, 0.5, 16000, 16000 * 4);
        float[] at48 = org.ser4j.testing.TestSignals.sine(1000, 0.5, 48000, 48000 * 4);
        float[][] a = FeaturePreset.SEC_PYTORCH.extract(AudioClip.mono(at16, 16000));
        float[][] b = FeaturePreset.SEC_PYTORCH.extract(AudioClip.mono(at48, 48000));
        assertEquals(563, a[0].length);
        int bandA = 0;
        int bandB = 0;
        for (int m = 0; m < 128; m++) {
            bandA = a[m][300] > a[bandA][300] ? m : bandA;
            bandB = b[m][300] > b[bandB][300] ? m : bandB;
        }
        assertEquals(bandB, bandA);
        assertEquals(b[bandB][300], a[bandA][300], 0.5f, "same level within 0.5 dB");
        // no images above the 8 kHz Nyquist of the source: the top band holds only the window's leakage, as at 48 kHz
        assertTrue(a[127][300] <= b[127][300] + 1f, "top band " + a[127][300] + " dB vs " + b[127][300] + " dB");
    }

    @Test
    void theResampledWindowEqualsResamplingTheWholeClipThenCutting() {
        // speech-16k resamples only its 3 s from 0.5 s (issue 17); short, exact and long clips at 48 and 44.1 kHz
        FeaturePreset preset = FeaturePreset.byName("speech-16k");
        Random rng = new Random(5);
        for (int rate : new int[] {48000, 44100}) {
            for (double seconds : new double[] {0.3, 1.2, 3.5, 5.0}) {
                float[] x = new float[(int) (seconds * rate)];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (0.2 * rng.nextGaussian());
                }
                AudioClip clip = AudioClip.mono(x, rate);
                float[] whole = Signals.window(clip.monoAt(16000), 16000, 0.5, 3.0, true);
                assertArrayEquals(whole, preset.signal(clip), rate + " Hz, " + seconds + " s");
            }
        }
    }

    @Test
    void speechPresetGives64By301AndPutsA1kHzToneInItsMelBand() {
        FeaturePreset p = FeaturePreset.SPEECH_16K;
        assertEquals(301, p.frames());
        // the same tone recorded at 48 kHz and at 16 kHz gives the same image (48 kHz is resampled first)
        float[][] a = p.extract(AudioClip.mono(org.ser4j.testing.TestSignals.sine(1000, 0.5, 48000, 48000 * 4), 48000));
        float[][] b = p.extract(AudioClip.mono(org.ser4j.testing.TestSignals.sine(1000, 0.5, 16000, 16000 * 4), 16000));
        assertEquals(64, a.length);
        assertEquals(301, a[0].length);
        int peak = 0;
        for (int m = 0; m < 64; m++) {
            peak = a[m][150] > a[peak][150] ? m : peak;
            assertEquals(b[m][150], a[m][150], 0.5f, "band " + m);
        }
        // Slaney mel of 1 kHz is 15 (linear below 1 kHz: 3 f / 200); 64 bands from 0 to mel(8 kHz) = 45.2
        double melOf1k = 15.0;
        double melOf8k = 15.0 + Math.log(8.0) / (Math.log(6.4) / 27.0);
        int expected = (int) Math.round(melOf1k / melOf8k * 65) - 1;
        assertEquals(expected, peak, 1.0, "the band centred nearest 1 kHz");
    }

    @Test
    void floatDbEqualsRoundedDoubleDb() {
        Random r = new Random(9);
        double[][] power = new double[16][50];
        for (double[] row : power) {
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.pow(10, -12 * r.nextDouble());
            }
        }
        for (DbSettings s : new DbSettings[] {DbSettings.SEC_PYTORCH, new DbSettings(1.0, 1e-10, null), new DbSettings(0.5, 1e-6, 30.0)}) {
            double[][] d = PowerToDb.apply(power, s);
            float[][] f = PowerToDb.toFloat(power, s);
            for (int m = 0; m < d.length; m++) {
                for (int t = 0; t < d[m].length; t++) {
                    assertEquals((float) d[m][t], f[m][t], 0f);
                }
            }
        }
    }

    @Test
    void chunkedLayoutGivesSevenChunks() {
        float[][] image = new float[128][563];
        for (int m = 0; m < 128; m++) {
            for (int t = 0; t < 563; t++) {
                image[m][t] = m * 1000 + t;
            }
        }
        float[][][] chunks = FeaturePreset.SEC_PYTORCH_CHUNKED.layoutOf(image);
        assertEquals(7, chunks.length);
        assertEquals(128, chunks[0].length);
        assertEquals(128, chunks[0][0].length);
        assertEquals(6 * 64, chunks[6][0][0], 0f);
        assertEquals(5 * 1000 + 6 * 64 + 127, chunks[6][5][127], 0f); // last used frame 511
        assertEquals(1, FeaturePreset.SEC_PYTORCH.layoutOf(image).length);
    }

    @Test
    void chunkerHandComputed() {
        float[][] image = {{0, 1, 2, 3, 4}, {10, 11, 12, 13, 14}};
        float[][][] c = Chunker.chunk(image, 2, 2);
        assertEquals(2, c.length); // starts 0 and 2; frame 4 unused
        assertArrayEquals(new float[][] {{2, 3}, {12, 13}}, c[1]);
        assertEquals(3, Chunker.chunk(image, 3, 1).length);
        assertThrows(IllegalArgumentException.class, () -> Chunker.chunk(image, 6, 1));
    }

    @Test
    void fingerprintFollowsTheNumbersNotTheName() {
        assertEquals(FeaturePreset.SEC_PYTORCH.fingerprint(), FeaturePreset.SEC_PYTORCH_CHUNKED.fingerprint());
        assertNotEquals(FeaturePreset.SEC_PYTORCH.fingerprint(), FeaturePreset.SEC_PYTORCH_CONSTANT.fingerprint());
        assertNotEquals(FeaturePreset.SEC_PYTORCH.fingerprint(), FeaturePreset.SEC_PYTORCH.withDuration(2.0).fingerprint());
        assertEquals(64, FeaturePreset.SEC_PYTORCH.fingerprint().length());
        assertEquals(FeaturePreset.SEC_PYTORCH_CONSTANT.mel(), FeaturePreset.SEC_PYTORCH.withPadMode(MelSettings.PadMode.CONSTANT).mel());
    }
}
