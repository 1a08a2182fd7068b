package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ser4j.audio.AudioClip;
import org.ser4j.augment.SpeedPerturbation;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.MelFilterBank;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

/** Random training windows: equal to the preset's image of the same audio, reproducible, in range. */
class TrainingCropsTest {

    static final FeaturePreset PRESET = FeaturePreset.SPEECH_16K;

    /** Noise with a loud 440 Hz burst from 1.5 to 2.5 s, so the loudest frame is inside every window of interest. */
    static AudioClip clip(double seconds, int rate, long seed) {
        Random rng = new Random(seed);
        float[] s = new float[(int) (seconds * rate)];
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / rate;
            s[i] = (float) (0.01 * rng.nextGaussian() + (t >= 1.5 && t < 2.5 ? 0.5 * Math.sin(2 * Math.PI * 440 * t) : 0));
        }
        return AudioClip.mono(s, rate);
    }

    static TrainingCrops crops(List<AudioClip> clips) {
        return crops(clips, 0);
    }

    static TrainingCrops crops(List<AudioClip> clips, double warp) {
        List<double[][]> power = clips.stream().map(c -> TrainingCrops.wholeClipPower(PRESET, c)).toList();
        StandardScaler scaler = StandardScaler.fit(StandardScaler.Kind.PER_BAND,
                clips.stream().map(PRESET::extract).toList());
        return new TrainingCrops(power, Architecture.COMPACT_CNN, PRESET, scaler, warp);
    }

    @Test
    void windowAtThePresetsOffsetEqualsThePresetsImageAwayFromTheEdges() {
        AudioClip clip = clip(4.0, 16000, 1);
        float[][] preset = PRESET.extract(clip);
        float[][] window = crops(List.of(clip)).window(0, 50); // 0.5 s = 50 hops of 10 ms
        assertEquals(preset.length, window.length);
        assertEquals(preset[0].length, window[0].length);
        double worst = 0;
        for (int b = 0; b < preset.length; b++) {
            for (int t = 3; t < preset[b].length - 3; t++) { // the edge frames see padding in the preset's image
                worst = Math.max(worst, Math.abs(preset[b][t] - window[b][t]));
            }
        }
        assertTrue(worst < 1e-3, "largest difference " + worst + " dB");
    }

    @Test
    void wholeClipIsResampledAndShortClipsArePaddedToOffsetPlusDuration() {
        TrainingCrops c = crops(List.of(clip(4.0, 48000, 2), clip(2.0, 16000, 3)));
        assertEquals(1 + 64000 / 160, c.clipFrames(0));
        assertEquals(1 + 56000 / 160, c.clipFrames(1)); // 3.5 s: the preset's 0.5 s offset + 3 s
    }

    @Test
    void speedCopiesFollowTheClipSlowerAndLowerThenFasterAndHigher() {
        AudioClip clip = clip(4.0, 48000, 12);
        List<double[][]> p = TrainingCrops.wholeClipPowers(PRESET, clip, SpeedPerturbation.DEFAULT);
        assertEquals(3, p.size());
        double[][] alone = TrainingCrops.wholeClipPower(PRESET, clip);
        for (int b = 0; b < alone.length; b++) {
            assertArrayEquals(alone[b], p.get(0)[b], 0.0, "band " + b);
        }
        assertEquals(1, TrainingCrops.wholeClipPowers(PRESET, clip, null).size());
        // 4 s at 0.9 times the speed lasts 4.44 s (445 frames), at 1.1 times 3.64 s (364 frames)
        assertEquals(445, p.get(1)[0].length, 1);
        assertEquals(364, p.get(2)[0].length, 1);
        // the 440 Hz burst, in its middle (2 s; 2.22 s and 1.82 s in the copies): 396 Hz and 484 Hz
        double original = centroidBand(p.get(0), 200);
        assertTrue(centroidBand(p.get(1), 222) < original - 0.3, "0.9x is lower");
        assertTrue(centroidBand(p.get(2), 182) > original + 0.3, "1.1x is higher");
    }

    /** The power-weighted mean band of one frame. */
    private static double centroidBand(double[][] power, int frame) {
        double sum = 0;
        double weighted = 0;
        for (int b = 0; b < power.length; b++) {
            sum += power[b][frame];
            weighted += b * power[b][frame];
        }
        return weighted / sum;
    }

    @Test
    void rowsAreReproducibleForOneSeedAndMoveWithAnother() {
        TrainingCrops c = crops(List.of(clip(4.5, 16000, 4), clip(5.0, 16000, 5)));
        int[] order = {1, 0};
        float[][] a = c.rows(order, 0, 2, new Random(7));
        float[][] b = c.rows(order, 0, 2, new Random(7));
        float[][] other = c.rows(order, 0, 2, new Random(8));
        assertEquals(64 * 301, a[0].length);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a[i], b[i]);
        }
        assertFalse(Arrays.equals(a[0], other[0]) && Arrays.equals(a[1], other[1]), "another seed, the same windows");
    }

    @Test
    void windowsOutsideTheClipAreRefused() {
        TrainingCrops c = crops(List.of(clip(4.0, 16000, 6)));
        assertThrows(IllegalArgumentException.class, () -> c.window(0, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.window(0, c.clipFrames(0) - 300));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingCrops(List.<double[][]>of(new double[64][100]),
                Architecture.COMPACT_CNN, PRESET, StandardScaler.fit(StandardScaler.Kind.PER_BAND,
                        List.<float[][]>of(new float[64][301]))));
    }

    @Test
    void aWarpMovesAToneToItsFactorTimesItsFrequency() {
        int rate = 16000;
        float[] s = new float[4 * rate];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * 2000.0 * i / rate));
        }
        AudioClip tone = AudioClip.mono(s, rate);
        TrainingCrops c = new TrainingCrops(List.<double[][]>of(TrainingCrops.wholeClipPower(PRESET, tone)), Architecture.COMPACT_CNN,
                PRESET, StandardScaler.fit(StandardScaler.Kind.PER_BAND, List.<float[][]>of(PRESET.extract(tone))), 0.2);
        double[] centres = MelFilterBank.melFrequencies(PRESET.mel().nMels() + 2, PRESET.mel().fMin(),
                PRESET.mel().fMax(), PRESET.mel().melScale());
        int unwarped = -1;
        for (double factor : new double[] {1.0, 0.85, 1.15}) {
            float[][] image = c.window(0, 50, factor);
            int peak = 0;
            for (int b = 1; b < image.length; b++) {
                if (image[b][150] > image[peak][150]) {
                    peak = b;
                }
            }
            int nearest = 0;
            for (int b = 1; b < image.length; b++) {
                if (Math.abs(centres[b + 1] - 2000 * factor) < Math.abs(centres[nearest + 1] - 2000 * factor)) {
                    nearest = b;
                }
            }
            assertTrue(Math.abs(peak - nearest) <= 1, "factor " + factor + ": peak in band " + peak + ", "
                    + 2000 * factor + " Hz is nearest band " + nearest);
            if (factor == 1.0) {
                unwarped = peak;
            } else {
                assertTrue(factor > 1 ? peak >= unwarped + 2 : peak <= unwarped - 2,
                        "factor " + factor + " moved the peak from band " + unwarped + " to " + peak);
            }
        }
        assertArrayEquals(c.window(0, 50)[10], c.window(0, 50, 1.0)[10]);
    }

    @Test
    void warpedRowsAreReproducibleAndDifferFromUnwarpedOnes() {
        List<AudioClip> clips = List.of(clip(4.5, 16000, 9));
        List<double[][]> power = clips.stream().map(c -> TrainingCrops.wholeClipPower(PRESET, c)).toList();
        StandardScaler scaler = StandardScaler.fit(StandardScaler.Kind.PER_BAND, clips.stream().map(PRESET::extract).toList());
        TrainingCrops plain = new TrainingCrops(power, Architecture.COMPACT_CNN, PRESET, scaler);
        TrainingCrops warped = new TrainingCrops(power, Architecture.COMPACT_CNN, PRESET, scaler, 0.1);
        int[] order = {0};
        assertArrayEquals(warped.rows(order, 0, 1, new Random(3))[0], warped.rows(order, 0, 1, new Random(3))[0]);
        assertFalse(Arrays.equals(plain.rows(order, 0, 1, new Random(3))[0], warped.rows(order, 0, 1, new Random(3))[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingCrops(power, Architecture.COMPACT_CNN, PRESET, scaler, 0.5));
    }
}
