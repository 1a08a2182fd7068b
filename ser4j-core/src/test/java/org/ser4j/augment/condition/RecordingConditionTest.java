package org.ser4j.augment.condition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ser4j.testing.SharedData;

class RecordingConditionTest {

    private static final int RATE = 16_000;

    /** A speech-like test clip: 0.3 s of silence, 2 s of a vowel-like tone with syllable-rate bursts, 0.5 s of silence. */
    static float[] speechLike(long seed) {
        Random rng = new Random(seed);
        float[] x = new float[(int) (2.8 * RATE)];
        double f0 = 110 + 100 * rng.nextDouble();
        for (int i = (int) (0.3 * RATE); i < (int) (2.3 * RATE); i++) {
            double t = (double) i / RATE;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            double v = 0;
            for (int k = 1; k <= 20; k++) {
                v += Math.sin(2 * Math.PI * k * f0 * t) / k;
            }
            x[i] = (float) (0.2 * envelope * v + 0.01 * rng.nextGaussian());
        }
        return x;
    }

    private static double achievedSnrDb(float[] clean, float[] noisy) {
        float[] noise = new float[clean.length];
        for (int i = 0; i < clean.length; i++) {
            noise[i] = noisy[i] - clean[i];
        }
        return 10 * Math.log10(SpeechLevel.activePower(clean, RATE) / SpeechLevel.meanPower(noise));
    }

    private static ConditionSources babbleOnly() {
        List<String> speakers = new ArrayList<>();
        List<float[]> clips = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            speakers.add("speaker-" + s);
            clips.add(speechLike(100 + s));
        }
        return ConditionSources.none().withBabble(SoundPool.ofSignals(speakers, clips, RATE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"white", "pink", "brown", "hum", "babble"})
    void achievedSnrIsWithinATenthOfADecibelOfTheTarget(String kind) {
        float[] clean = speechLike(1);
        for (double target : new double[] {0, 10, 20, 30}) {
            ConditionChain chain = ConditionChain.parse("noise=" + kind + ":snr=" + target, babbleOnly());
            float[] noisy = chain.apply(clean, RATE, new Random(7));
            assertEquals(target, achievedSnrDb(clean, noisy), 0.1, kind + " at " + target + " dB");
        }
    }

    /** Issue 15 item 1: babble is made of other speakers' clips, never the degraded clip's own speaker. */
    @Test
    void babbleLeavesTheClipsOwnSpeakerOut() {
        // the own speaker's clips are a 3 kHz tone, the others' a 500 Hz tone: the babble's 3 kHz share tells
        List<String> kinds = new ArrayList<>();
        List<float[]> clips = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            boolean own = c < 2;
            kinds.add(own ? "actor-7" : "actor-" + c);
            float[] x = new float[RATE];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.3 * Math.sin(2 * Math.PI * (own ? 3000 : 500) * i / RATE + c));
            }
            clips.add(x);
        }
        NoiseCondition babble = new NoiseCondition("babble", Set.of(), new Range(10, 10),
                SoundPool.ofSignals(kinds, clips, RATE));
        int withOwn = 0;
        for (long seed = 0; seed < 30; seed++) {
            float[] any = babble.noise(RATE, RATE, new Random(seed), null);
            float[] others = babble.noise(RATE, RATE, new Random(seed), "actor-7");
            assertTrue(share(others, 3000) < 1e-6, "seed " + seed + ": the own voice is in the babble");
            withOwn += share(any, 3000) > 0.05 ? 1 : 0;
            assertArrayEquals(any, babble.noise(RATE, RATE, new Random(seed), "actor-99"),
                    "a voice the pool lacks draws as no voice at all");
        }
        assertTrue(withOwn >= 10, "without the clip's voice given, babble draws it too (" + withOwn + " of 30)");
        float[] clean = speechLike(5);
        assertArrayEquals(babble.apply(clean, RATE, new Random(3)), babble.apply(clean, RATE, new Random(3), null));
        ConditionChain chain = new ConditionChain(List.of(new ConditionChain.Step(babble, 1.0)));
        for (long seed = 0; seed < 10; seed++) {
            float[] noisy = chain.apply(clean, RATE, new Random(seed), "actor-7");
            float[] added = new float[clean.length];
            for (int i = 0; i < clean.length; i++) {
                added[i] = noisy[i] - clean[i];
            }
            assertTrue(share(added, 3000) < 1e-6, "seed " + seed + ": the chain passes the voice on");
        }
        // a pool of the own voice alone stays babble rather than silence
        NoiseCondition lone = new NoiseCondition("babble", Set.of(), new Range(10, 10),
                SoundPool.ofSignals(kinds.subList(0, 2), clips.subList(0, 2), RATE));
        assertTrue(share(lone.noise(RATE, RATE, new Random(1), "actor-7"), 3000) > 0.9);
    }

    /** The share of {@code x}'s power at {@code hz} (a tone's power, from its correlation with sine and cosine). */
    private static double share(float[] x, double hz) {
        double c = 0;
        double s = 0;
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            c += x[i] * Math.cos(2 * Math.PI * hz * i / RATE);
            s += x[i] * Math.sin(2 * Math.PI * hz * i / RATE);
            total += (double) x[i] * x[i];
        }
        return total == 0 ? 0 : 2 * (c * c + s * s) / x.length / total;
    }

    @Test
    void noiseFilesReachTheirSnrToo() {
        ConditionSources train = ConditionPools.load(SharedData.noise(), SharedData.rooms(), ConditionPools.Role.TRAIN);
        float[] clean = speechLike(2);
        for (String kind : train.noise().kinds()) {
            float[] noisy = ConditionChain.parse("noise=" + kind + ":snr=5", train).apply(clean, RATE, new Random(3));
            assertEquals(5, achievedSnrDb(clean, noisy), 0.1, kind);
        }
    }

    @Test
    void activeSpeechLevelIgnoresPauses() {
        float[] x = new float[RATE];
        for (int i = 0; i < RATE / 2; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        // half the clip is a 0.5-amplitude sine (power 0.125), half is silence: the active level is the sine's
        assertEquals(0.125, SpeechLevel.activePower(x, RATE), 1e-3);
        assertEquals(0.0625, SpeechLevel.meanPower(x), 1e-3);
    }

    private static double toneGainDb(RecordingCondition c, double hz) {
        float[] x = new float[2 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        float[] y = c.apply(x, RATE, new Random(1));
        int from = RATE / 2;
        int to = 3 * RATE / 2; // the middle, away from edge effects
        double in = 0;
        double out = 0;
        for (int i = from; i < to; i++) {
            in += (double) x[i] * x[i];
            out += (double) y[i] * y[i];
        }
        return 10 * Math.log10(Math.max(out, 1e-30) / in);
    }

    @Test
    void telephoneBandCutsHundredHertzAndFourKilohertzByThirtyDecibels() {
        TelephoneCondition phone = new TelephoneCondition();
        assertTrue(toneGainDb(phone, 100) <= -30, "100 Hz: " + toneGainDb(phone, 100) + " dB");
        assertTrue(toneGainDb(phone, 4000) <= -30, "4 kHz: " + toneGainDb(phone, 4000) + " dB");
        assertEquals(0, toneGainDb(phone, 1000), 0.5, "1 kHz passes");
    }

    @Test
    void lowPassRemovesWhatIsAboveItsCutoff() {
        LowPassCondition lp = new LowPassCondition(Range.of(3000));
        assertTrue(toneGainDb(lp, 5000) < -60);
        assertEquals(0, toneGainDb(lp, 1000), 0.01);
    }

    @Test
    void fftConvolutionEqualsDirectConvolution() {
        Random rng = new Random(5);
        for (int[] sizes : new int[][] {{1, 1}, {7, 3}, {1000, 257}, {4096, 4096}, {3, 5000}}) {
            float[] a = new float[sizes[0]];
            float[] b = new float[sizes[1]];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rng.nextGaussian();
            }
            double[] fast = FftConvolution.convolve(a, b);
            double[] slow = FftConvolution.direct(a, b);
            assertEquals(slow.length, fast.length);
            for (int i = 0; i < slow.length; i++) {
                assertEquals(slow[i], fast[i], 1e-9 * (1 + Math.abs(slow[i])), "sample " + i + " of " + sizes[0] + "x" + sizes[1]);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameClipAndAnotherSeedAnother() {
        String spec = "noise=babble:snr=0..20,p=0.8;reverb=room:rt60=0.2..1.5;mic;lowpass:p=0.5;mp3:kbps=16..64;"
                + "clip:p=0.3;noise=pink:snr=10..30;gain=-35..0";
        ConditionChain chain = ConditionChain.parse(spec, babbleOnly());
        float[] clean = speechLike(3);
        float[] a = chain.apply(clean, RATE, new Random(42));
        float[] b = chain.apply(clean, RATE, new Random(42));
        float[] c = chain.apply(clean, RATE, new Random(43));
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        assertEquals(clean.length, a.length);
        assertArrayEquals(speechLike(3), clean, "the input is not modified");
    }

    @Test
    void severalPresetsHearTheSameDegradedClipAsEachWouldAlone() {
        float[] clean = speechLike(4);
        java.nio.file.Path file = java.nio.file.Path.of("03-01-05-02-01-01-07.flac");
        ConditionChain chain = ConditionChain.parse("noise=babble:snr=0..20;gain=-20..0", babbleOnly());
        List<org.ser4j.features.FeaturePreset> presets = List.of(org.ser4j.features.FeaturePreset.SPEECH_16K,
                org.ser4j.features.FeaturePreset.SPEECH_16K_PCEN);
        List<float[][]> both = DegradedFeatures.images(clean, file, presets, chain, 11);
        for (int p = 0; p < presets.size(); p++) {
            float[][] alone = DegradedFeatures.image(clean, file, presets.get(p), chain, 11);
            for (int band = 0; band < alone.length; band++) {
                assertArrayEquals(alone[band], both.get(p)[band], presets.get(p).name() + " band " + band);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DegradedFeatures.images(clean, file,
                List.of(org.ser4j.features.FeaturePreset.SPEECH_16K, org.ser4j.features.FeaturePreset.SEC_PYTORCH), chain, 11));
    }

    @Test
    void mp3ComesBackAlignedAndClose() {
        float[] clean = speechLike(4);
        for (int kbps : new int[] {16, 32, 64}) {
            float[] coded = new Mp3Condition(Range.of(kbps)).apply(clean, RATE, new Random(1));
            assertEquals(clean.length, coded.length);
            float[] err = new float[clean.length];
            for (int i = 0; i < err.length; i++) {
                err[i] = coded[i] - clean[i];
            }
            double snr = 10 * Math.log10(SpeechLevel.meanPower(clean) / SpeechLevel.meanPower(err));
            assertTrue(snr > 3, kbps + " kbit/s: the decoded clip must follow the original (SNR " + snr + " dB)");
        }
    }

    @Test
    void reverbKeepsTheActiveLevelAndSmearsTheSignal() {
        float[] clean = speechLike(5);
        ReverbCondition room = new ReverbCondition("room", Set.of(), Range.of(1.0), Range.of(0), SoundPool.empty());
        float[] wet = room.apply(clean, RATE, new Random(2));
        assertEquals(SpeechLevel.activePower(clean, RATE), SpeechLevel.activePower(wet, RATE), 1e-6);
        // the tail fills the pause after the speech (2.3 s to 2.8 s), which was nearly silent
        double tail = 0;
        for (int i = (int) (2.35 * RATE); i < (int) (2.5 * RATE); i++) {
            tail += wet[i] * wet[i];
        }
        assertTrue(tail > 1e-3, "reverberant tail " + tail);
    }

    @Test
    void gainStoresSixteenBitsAndClipsAtFullScale() {
        float[] clean = speechLike(6);
        float[] loud = new GainCondition(Range.of(20)).apply(clean, RATE, new Random(1));
        float max = 0;
        for (float v : loud) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 1f);
        float[] quiet = new GainCondition(Range.of(-30)).apply(clean, RATE, new Random(1));
        Set<Float> levels = new HashSet<>();
        for (float v : quiet) {
            levels.add(v);
            assertEquals(0, Math.IEEEremainder(v * 32768.0, 1.0), 1e-3, "16-bit step");
        }
        assertTrue(levels.size() > 100);
    }

    @Test
    void specsRoundTripAndBadSpecsNameTheProblem() {
        ConditionChain chain = ConditionChain.parse("noise=babble:snr=0..20,p=0.5; telephone:p=0.1 ;gain=-35..0", babbleOnly());
        assertEquals("noise=babble:snr=0..20,p=0.5;telephone:p=0.1;gain=-35..0", chain.spec());
        assertEquals(chain.spec(), ConditionChain.parse(chain.spec(), babbleOnly()).spec());
        assertTrue(ConditionChain.parse("clean", ConditionSources.none()).isClean());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConditionChain.parse("noise=pink:snr=10;echo", ConditionSources.none()));
        assertTrue(e.getMessage().contains("'echo'") && e.getMessage().contains("unknown condition"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConditionChain.parse("noise=pink:snr=ten", ConditionSources.none()));
        assertTrue(e.getMessage().contains("snr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConditionChain.parse("noise=drilling", ConditionSources.none()));
        assertTrue(e.getMessage().contains("drilling"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConditionChain.parse("telephone:depth=3", ConditionSources.none()));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConditionChain.parse("gain=-35..0:p=1.5", ConditionSources.none()));
    }

    @Test
    void poolPartsAreDisjointByKindAndRoom() {
        ConditionSources train = ConditionPools.load(SharedData.noise(), SharedData.rooms(), ConditionPools.Role.TRAIN);
        ConditionSources val = ConditionPools.load(SharedData.noise(), SharedData.rooms(), ConditionPools.Role.VALIDATION);
        ConditionSources test = ConditionPools.load(SharedData.noise(), SharedData.rooms(), ConditionPools.Role.TEST);
        for (ConditionSources s : List.of(train, val, test)) {
            assertFalse(s.noise().isEmpty(), s.description());
            assertFalse(s.rooms().isEmpty(), s.description());
        }
        assertEquals(4, test.noise().kinds().size());
        assertEquals(6, test.rooms().kinds().size());
        assertEquals(4, val.rooms().kinds().size());
        assertEquals(24, train.rooms().kinds().size());
        for (ConditionSources a : List.of(train, val, test)) {
            for (ConditionSources b : List.of(train, val, test)) {
                if (a != b) {
                    Set<String> both = new HashSet<>(a.noise().kinds());
                    both.retainAll(b.noise().kinds());
                    assertTrue(both.isEmpty(), "shared noise kinds " + both);
                    Set<String> rooms = new HashSet<>(a.rooms().kinds());
                    rooms.retainAll(b.rooms().kinds());
                    assertTrue(rooms.isEmpty(), "shared rooms " + rooms);
                }
            }
        }
        float[] clean = speechLike(7);
        float[] wet = ConditionChain.parse("reverb=files", test).apply(clean, RATE, new Random(1));
        assertNotEquals(0, SpeechLevel.meanPower(wet));
    }
}
