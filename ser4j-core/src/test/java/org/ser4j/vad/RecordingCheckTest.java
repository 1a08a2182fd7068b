package org.ser4j.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.Resampler;
import org.ser4j.augment.condition.NoiseCondition;
import org.ser4j.augment.condition.Range;
import org.ser4j.augment.condition.ReverbCondition;
import org.ser4j.augment.condition.SoundPool;
import org.ser4j.testing.SharedData;

/** The recording check on real RAVDESS speech mixed with noise at known SNRs (the grid's definition). */
class RecordingCheckTest {

    private static final int RATE = 16_000;
    /** Two clips of the actors the check was tuned on (3, 5) and two of others (11, 17). */
    private static final List<String> CLIPS = List.of("Actor_03/03-01-01-01-01-01-03.flac",
            "Actor_05/03-01-05-02-02-01-05.flac", "Actor_11/03-01-03-01-01-02-11.flac",
            "Actor_17/03-01-06-02-01-01-17.flac");

    private static float[] clip(String name) throws Exception {
        AudioClip c = AudioDecoder.decode(SharedData.ravdess().resolve(name));
        return Resampler.resample(c.downmix(), c.sampleRate(), RATE);
    }

    private static RecordingCheck check(float[] x) {
        return RecordingCheck.of(x, RATE, VoiceActivityDetector.standard().detect(x, RATE), RecordingCheck.clippedShare(x));
    }

    private static float[] noisy(float[] x, String kind, double snr, long seed) {
        return new NoiseCondition(kind, Set.of(), Range.of(snr), SoundPool.empty()).apply(x, RATE, new Random(seed));
    }

    @Test
    void estimatesTheSnrOfStationaryNoiseWithinThreeDecibels() throws Exception {
        long seed = 1;
        for (String name : CLIPS) {
            float[] x = clip(name);
            for (String kind : List.of("white", "pink")) {
                for (double snr : new double[] {5, 10, 20}) {
                    RecordingCheck r = check(noisy(x, kind, snr, seed++));
                    assertTrue(r.hasSnr(), name + " " + kind + " " + snr);
                    assertEquals(snr, r.snrDb(), 3.0, name + " with " + kind + " noise at " + snr + " dB");
                }
            }
        }
    }

    @Test
    void studioSpeechIsCleanAndUnwarned() throws Exception {
        for (String name : CLIPS) {
            RecordingCheck r = check(clip(name));
            assertTrue(r.snrDb() >= 35, name + ": " + r.snrDb());
            assertTrue(r.speechLevelDbfs() > -45 && r.speechLevelDbfs() < -5, name + ": " + r.speechLevelDbfs());
            assertTrue(r.clippedShare() < RecordingCheck.CLIPPED_SHARE / 10, name + ": " + r.clippedShare());
            assertEquals(List.of(), r.warnings(), name);
        }
    }

    @Test
    void warnsOfVeryNoisyVeryQuietAndClippedRecordings() throws Exception {
        float[] x = clip(CLIPS.get(1));
        float[] calm = clip(CLIPS.get(0)); // at -3 dB the detector still hears this clip; the angry one it does not
        RecordingCheck loudNoise = check(noisy(calm, "white", -3, 7));
        assertTrue(loudNoise.snrDb() < RecordingCheck.VERY_NOISY_DB, "-3 dB: " + loudNoise.snrDb());
        assertFalse(check(noisy(calm, "white", 5, 7)).warnings().stream().anyMatch(w -> w.startsWith("very noisy")));
        assertTrue(loudNoise.warnings().stream().anyMatch(w -> w.startsWith("very noisy")), loudNoise.warnings().toString());

        float[] noisy = noisy(x, "pink", 15, 8);
        RecordingCheck normal = check(noisy);
        float[] quiet = scaled(noisy, Math.pow(10, -50 / 20.0)); // 50 dB quieter
        RecordingCheck far = check(quiet);
        assertEquals(normal.snrDb(), far.snrDb(), 0.5, "the SNR does not depend on the level");
        assertEquals(normal.speechLevelDbfs() - 50, far.speechLevelDbfs(), 0.5);
        assertTrue(far.warnings().stream().anyMatch(w -> w.startsWith("very quiet")), far.warnings().toString());
        assertFalse(normal.warnings().stream().anyMatch(w -> w.startsWith("very quiet")));

        float[] hot = scaled(x, 30);
        for (int i = 0; i < hot.length; i++) {
            hot[i] = Math.max(-1f, Math.min(1f, hot[i]));
        }
        RecordingCheck clipped = check(hot);
        assertTrue(clipped.clippedShare() > RecordingCheck.CLIPPED_SHARE, "share " + clipped.clippedShare());
        assertTrue(clipped.warnings().stream().anyMatch(w -> w.startsWith("clipped")), clipped.warnings().toString());
    }

    /** Voices for babble: clips of two actors none of {@link #CLIPS} is spoken by. */
    private static SoundPool voices() throws Exception {
        List<String> kinds = new ArrayList<>();
        List<float[]> signals = new ArrayList<>();
        for (String actor : List.of("14", "15")) {
            for (String name : List.of("03-01-02-01-01-01-", "03-01-04-02-02-02-", "03-01-07-01-02-01-", "03-01-08-02-01-02-")) {
                kinds.add("actor-" + actor);
                signals.add(clip("Actor_" + actor + "/" + name + actor + ".flac"));
            }
        }
        return SoundPool.ofSignals(kinds, signals, RATE);
    }

    /** The speech frames of {@code x} joined, as someone talking without a pause. */
    private static float[] withoutPauses(float[] x) {
        boolean[] speech = VoiceActivityDetector.standard().detect(x, RATE).speech();
        int frame = RATE / 100;
        float[] out = new float[x.length];
        int n = 0;
        for (int k = 0; k < speech.length && (k + 1) * frame <= x.length; k++) {
            if (speech[k]) {
                System.arraycopy(x, k * frame, out, n, frame);
                n += frame;
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Test
    void callsBabbleAtZeroDecibelsABusyBackgroundButNotSpeechWithoutPauses() throws Exception {
        SoundPool voices = voices();
        int busyAt0 = 0;
        long seed = 11;
        for (String name : CLIPS) {
            float[] x = clip(name);
            RecordingCheck loud = check(new NoiseCondition("babble", Set.of(), Range.of(0), voices).apply(x, RATE, new Random(seed++)));
            RecordingCheck quiet = check(new NoiseCondition("babble", Set.of(), Range.of(20), voices).apply(x, RATE, new Random(seed++)));
            if (loud.busyBackground()) {
                busyAt0++;
                assertFalse(loud.hasSnr(), "no SNR from the background's own gaps: " + loud);
                assertTrue(loud.accuracyWarning() && loud.warnings().stream().anyMatch(w -> w.startsWith("busy background")),
                        loud.toString());
            }
            assertTrue(loud.speechShare() >= RecordingCheck.BUSY_SPEECH_SHARE, "babble sounds like speech: " + loud);
            assertTrue(loud.speechOverFloorDb() < quiet.speechOverFloorDb(), loud + " against " + quiet);
            assertFalse(quiet.busyBackground(), "20 dB: " + quiet);

            float[] talking = withoutPauses(x);
            RecordingCheck clean = check(talking);
            assertTrue(clean.speechShare() > 0.9, name + " without pauses: " + clean);
            assertFalse(clean.busyBackground(), name + " without pauses: " + clean);
            assertTrue(clean.speechOverFloorDb() >= RecordingCheck.BUSY_FLOOR_DB + 2, name + " without pauses: " + clean);
            assertEquals(List.of(), clean.warnings(), name);
        }
        assertTrue(busyAt0 >= 3, busyAt0 + " of " + CLIPS.size() + " clips under babble at 0 dB called busy");
    }

    @Test
    void estimatesTheReverberationTimeOfSimulatedRoomsAndWarnsOfHalls() throws Exception {
        List<float[]> clips = new ArrayList<>();
        for (String name : CLIPS) {
            clips.add(clip(name));
        }
        for (float[] x : clips) {
            double dry = RecordingCheck.reverberationSeconds(x, RATE);
            assertTrue(dry < 0.45, "studio speech rings briefly: " + dry);
            assertFalse(check(x).warnings().stream().anyMatch(w -> w.startsWith("echoey")));
        }
        long seed = 3;
        for (double rt60 : new double[] {0.6, 1.0, 2.5}) {
            double[] estimates = new double[clips.size()];
            List<String> warnings = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                float[] y = new ReverbCondition("room", Set.of(), Range.of(rt60), Range.of(0), SoundPool.empty())
                        .apply(clips.get(i), RATE, new Random(seed++));
                estimates[i] = RecordingCheck.reverberationSeconds(y, RATE);
                warnings.addAll(check(y).warnings());
            }
            Arrays.sort(estimates);
            double median = (estimates[1] + estimates[2]) / 2;
            assertEquals(rt60, median, 0.25 * rt60, "RT60 " + rt60 + " s: " + Arrays.toString(estimates));
            boolean echoey = warnings.stream().anyMatch(w -> w.startsWith("echoey room"));
            assertEquals(rt60 >= 2, echoey, rt60 + " s: " + warnings);
        }
    }

    @Test
    void noPauseGivesNoEstimateAndDigitalSilenceTheHighestOne() {
        float[] x = new float[RATE]; // one second: 0.5 s of tone, 0.5 s of digital silence
        for (int i = 0; i < RATE / 2; i++) {
            x[i] = (float) (0.1 * Math.sin(2 * Math.PI * 150 * i / RATE));
        }
        boolean[] all = new boolean[100];
        Arrays.fill(all, true);
        RecordingCheck noPause = RecordingCheck.of(x, RATE, new SpeechActivity(0.01, all), 0);
        assertFalse(noPause.hasSnr());
        assertTrue(Double.isNaN(noPause.snrDb()));
        boolean[] half = new boolean[100];
        Arrays.fill(half, 0, 50, true);
        RecordingCheck silentPauses = RecordingCheck.of(x, RATE, new SpeechActivity(0.01, half), 0);
        assertEquals(RecordingCheck.MAX_SNR_DB, silentPauses.snrDb());
        assertEquals(10 * Math.log10(0.005), silentPauses.speechLevelDbfs(), 0.01); // a sine of 0.1: power 0.005
        RecordingCheck noSpeech = RecordingCheck.of(x, RATE, new SpeechActivity(0.01, new boolean[100]), 0);
        assertTrue(Double.isNaN(noSpeech.speechLevelDbfs()));
        assertFalse(noSpeech.hasSnr());
        assertEquals(List.of(), noSpeech.warnings());
        assertThrows(IllegalArgumentException.class, () -> RecordingCheck.of(x, 0, new SpeechActivity(0.01, half), 0));
    }

    @Test
    void theBackgroundLeavesOutPauseFramesFarAboveTheMedian() {
        double[] pause = {1, 1, 1, 1, 100}; // a missed breath 20 dB above the rest
        assertEquals(1.0, RecordingCheck.background(pause, pause.length));
        double[] steady = {1, 2, 3, 2, 1};
        assertEquals(1.8, RecordingCheck.background(steady, steady.length), 1e-12);
    }

    @Test
    void clippedShareCountsFullScaleSamples() {
        assertEquals(0.0, RecordingCheck.clippedShare(new float[0]));
        assertEquals(0.5, RecordingCheck.clippedShare(new float[] {1f, -1f, 0.5f, 0f}));
    }

    private static float[] scaled(float[] x, double k) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * k);
        }
        return y;
    }
}
