package org.ser4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ser4j.predict.PitchClassifier.concat;
import static org.ser4j.predict.PitchClassifier.tone;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ser4j.data.Labels;
import org.ser4j.audio.AudioClip;
import org.ser4j.data.Emotion;
import org.ser4j.testing.TestSignals;
import org.ser4j.vad.RecordingCheck;

/** Windowing, resampling, silence, streaming and concurrency of the recognizer over a pitch-bucket test double. */
class EmotionRecognizerTest {

    private static final double EPS = 1e-6;

    private static EmotionRecognizer recognizer() {
        return EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD);
    }

    @Test
    void shortStereoClipAtAnotherRateIsOneWindowAtTheTrainingCrop() {
        try (EmotionRecognizer r = recognizer()) {
            float[] left = tone(450, 3.4, 44_100, 0.3);
            AudioClip clip = new AudioClip(new float[][] {left, left.clone()}, 44_100);
            Prediction p = r.predict(clip);
            assertEquals("angry", p.top());
            assertEquals(PitchClassifier.TOP, p.confidence(), 1e-5);
            assertEquals(1, p.segments().size());
            Segment s = p.segments().get(0);
            assertEquals(0.5, s.start(), 1e-4);
            assertEquals(3.4, s.end(), 1e-4);
            assertEquals(3.4, p.durationSeconds(), 1e-4);
            assertEquals(1.0, sum(p.probabilities()), EPS);
            assertEquals(List.of("angry"), p.ranking(1));
            assertEquals(3, p.ranking(3).size());
        }
    }

    @Test
    void settingsThatDoNotFitTheModelCloseTheClassifier() {
        PitchClassifier classifier = new PitchClassifier();
        // a window longer than the model's 3 s input is refused, and the engine is released at once
        assertThrows(IllegalArgumentException.class,
                () -> EmotionRecognizer.of(classifier, new PredictionSettings(10.0, 5.0, PredictionSettings.DEFAULT_SILENCE_DBFS)));
        assertTrue(classifier.closed);
    }

    @Test
    void clipShorterThanTheWindowStartsAtZero() {
        try (EmotionRecognizer r = recognizer()) {
            Prediction p = r.predict(tone(250, 1.0, 16_000, 0.3), 16_000);
            assertEquals("happy", p.top());
            assertEquals(0.0, p.segments().get(0).start());
            assertEquals(1.0, p.segments().get(0).end(), 1e-9);
        }
    }

    @Test
    void longRecordingGivesATimelineOfOverlappingWindowsFromTheTrainingOffset() {
        try (EmotionRecognizer r = recognizer()) {
            float[] x = concat(tone(250, 5, 16_000, 0.3), tone(650, 5, 16_000, 0.3));
            Prediction p = r.predict(x, 16_000);
            // 10 s, window 3 s, hop 1.5 s, offset 0.5 s: full windows at 0.5, 2, ..., 6.5; 0.5 s left < hop/2
            assertEquals(5, p.segments().size());
            for (int k = 0; k < 5; k++) {
                Segment s = p.segments().get(k);
                assertEquals(0.5 + 1.5 * k, s.start(), 1e-9);
                assertEquals(3.5 + 1.5 * k, s.end(), 1e-9);
                assertEquals(1.0, sum(s.probabilities()), EPS);
            }
            assertEquals("happy", p.segments().get(0).top());
            assertEquals("disgust", p.segments().get(4).top());
            assertEquals(1.0, sum(p.probabilities()), EPS);
        }
    }

    @Test
    void anAnalysisGivesUpWhenItsBudgetIsSpentAndOtherwiseGivesTheSameResult() {
        try (EmotionRecognizer r = recognizer()) {
            float[] x = concat(tone(250, 5, 16_000, 0.3), tone(650, 5, 16_000, 0.3));
            AudioClip clip = AudioClip.mono(x, 16_000);
            AnalysisTimeoutException e = assertThrows(AnalysisTimeoutException.class,
                    () -> r.predict(clip, PitchClassifier.NO_VAD, java.time.Duration.ZERO));
            assertEquals("the analysis took longer than the 0.0 s allowed (0 of 5 windows done)", e.getMessage());
            Prediction unbounded = r.predict(clip, PitchClassifier.NO_VAD);
            Prediction bounded = r.predict(clip, PitchClassifier.NO_VAD, java.time.Duration.ofMinutes(1));
            assertEquals(unbounded.segments().size(), bounded.segments().size());
            assertArrayEquals(unbounded.probabilities(), bounded.probabilities());
        }
    }

    @Test
    void anAnalysisStopsAtTheFirstBatchItsCallerNoLongerWants() {
        try (EmotionRecognizer r = recognizer()) {
            // 80 s at a hop of 0.5 s: 154 windows, batches of 32
            AudioClip clip = AudioClip.mono(tone(250, 80, 16_000, 0.3), 16_000);
            PredictionSettings s = PredictionSettings.of(3.0, 0.5).withVoiceActivity(false);
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            AnalysisCancelledException e = assertThrows(AnalysisCancelledException.class,
                    () -> r.predict(clip, s, null, () -> asked.incrementAndGet() < 3));
            assertEquals(64, e.windowsDone(), "two batches of 32 were wanted, the third was not");
            assertEquals(3, asked.get(), "asked once before each batch");
            assertEquals("the analysis was cancelled by its caller after 64 of 154 windows", e.getMessage());
            asked.set(0);
            Prediction wanted = r.predict(clip, s, null, () -> asked.incrementAndGet() > 0);
            assertEquals(154, wanted.segments().size());
            assertEquals(5, asked.get(), "154 windows are 5 batches");
            assertArrayEquals(r.predict(clip, s).probabilities(), wanted.probabilities());
        }
    }

    @Test
    void windowStartsCoverTheTailWhenAtLeastHalfAHopIsLeft() {
        // n, window, hop, offset
        assertEquals(List.of(0), EmotionRecognizer.windowStarts(20, 30, 15, 5));       // shorter than the window
        assertEquals(List.of(5), EmotionRecognizer.windowStarts(33, 30, 15, 5));       // training crop, zero-padded
        assertEquals(List.of(5), EmotionRecognizer.windowStarts(42, 30, 15, 5));       // 7 left < 7.5
        assertEquals(List.of(5, 13), EmotionRecognizer.windowStarts(43, 30, 15, 5));   // 8 left: a window ending at 43
        assertEquals(List.of(5, 20, 35), EmotionRecognizer.windowStarts(65, 30, 15, 5));
        assertEquals(List.of(0, 15, 30), EmotionRecognizer.windowStarts(60, 30, 15, 0));
    }

    @Test
    void windowAndHopAreConfigurable() {
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PredictionSettings.of(2.0, 0.5).withVoiceActivity(false))) {
            Prediction p = r.predict(tone(350, 6, 16_000, 0.3), 16_000);
            // starts 0.5, 1.0, ..., 4.0 -> 8 full windows, nothing left over
            assertEquals(8, p.segments().size());
            assertEquals(4.0, p.segments().get(7).start(), 1e-9);
            assertEquals("sad", p.top());
            assertEquals(2.0, r.windowSeconds());
            assertEquals(0.5, r.hopSeconds());
        }
    }

    @Test
    void windowLongerThanTheModelInputIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> EmotionRecognizer.of(new PitchClassifier(), PredictionSettings.of(4.0, null)));
        assertTrue(e.getMessage().contains("at most 3.0 s"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PredictionSettings.of(1.0, 2.0));
        // issue 20: a hop of a nanosecond made one upload thousands of windows; a window below 0.5 s failed
        var hop = assertThrows(IllegalArgumentException.class, () -> PredictionSettings.of(2.0, 1e-9));
        assertEquals("hop must be at least 0.1 s, got 1.0E-9", hop.getMessage());
        var window = assertThrows(IllegalArgumentException.class, () -> PredictionSettings.of(0.2, null));
        assertEquals("window must be at least 0.5 s, got 0.2", window.getMessage());
        assertEquals(0.5, PredictionSettings.of(0.5, 0.1).windowSeconds());
    }

    @Test
    void silenceIsReportedNotClassified() {
        PitchClassifier c = new PitchClassifier();
        try (EmotionRecognizer r = EmotionRecognizer.of(c, PitchClassifier.NO_VAD)) {
            Prediction p = r.predict(new float[16_000 * 3], 16_000);
            assertTrue(p.silent());
            assertNull(p.top());
            assertEquals(0f, sum(p.probabilities()));
            assertEquals(0, c.windowsSeen.get());

            // a -93 dBFS tone is silence too; 6 s silence between tones leaves silent windows in the middle
            float[] x = concat(tone(450, 3, 16_000, 0.3), tone(450, 6, 16_000, 0.00003), tone(450, 3, 16_000, 0.3));
            Prediction q = r.predict(x, 16_000);
            assertFalse(q.silent());
            assertEquals("angry", q.top());
            long silent = q.segments().stream().filter(Segment::silent).count();
            assertEquals(2, silent, "the windows at 3.5..6.5 and 5..8 s lie wholly in the quiet part");
            assertEquals(9.0, q.segments().get(q.segments().size() - 1).start(), 1e-9, "a last window ends at 12 s");
            for (int k = 2; k <= 3; k++) {
                assertTrue(q.segments().get(k).silent());
                assertNull(q.segments().get(k).top());
            }
        }
    }

    @Test
    void emptyInputIsSilent() {
        try (EmotionRecognizer r = recognizer()) {
            Prediction p = r.predict(new float[0], 16_000);
            assertTrue(p.silent());
            assertEquals(1, p.segments().size());
        }
    }

    @Test
    void nonFiniteSamplesAreRejectedWithTheirIndex() {
        try (EmotionRecognizer r = recognizer()) {
            float[] x = tone(250, 2, 16_000, 0.3);
            x[123] = Float.NaN;
            var e = assertThrows(IllegalArgumentException.class, () -> r.predict(x, 16_000));
            assertTrue(e.getMessage().contains("sample 123 is NaN"), e.getMessage());
        }
    }

    @Test
    void streamGivesOneSegmentPerHopMatchingTheOfflineTimeline() {
        // without a training offset the offline windows start at 0, as the stream's do
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(0), PitchClassifier.NO_VAD)) {
            float[] x = concat(tone(250, 5, 48_000, 0.3), tone(650, 5, 48_000, 0.3));
            Prediction offline = r.predict(x, 48_000);
            EmotionStream stream = r.stream(48_000);
            List<Segment> live = new ArrayList<>();
            Random rng = new Random(7);
            int pos = 0;
            while (pos < x.length) {
                int len = Math.min(x.length - pos, 1 + rng.nextInt(9000));
                live.addAll(stream.push(x, pos, len));
                pos += len;
            }
            // windows ending at 3, 4.5, 6, 7.5, 9 s
            assertEquals(5, live.size());
            assertEquals(10.0, stream.seconds(), 1e-9);
            for (int k = 0; k < live.size(); k++) {
                Segment a = live.get(k);
                Segment b = offline.segments().get(k);
                assertEquals(b.start(), a.start(), 1e-9);
                assertEquals(b.end(), a.end(), 1e-9);
                assertArrayEquals(b.probabilities(), a.probabilities(), 1e-6f);
            }
            assertTrue(stream.push(new float[100]).isEmpty());
        }
    }

    @Test
    void streamReportsSilenceAndRejectsNonFiniteSamples() {
        PitchClassifier c = new PitchClassifier();
        try (EmotionRecognizer r = EmotionRecognizer.of(c, PitchClassifier.NO_VAD)) {
            EmotionStream stream = r.stream(8_000);
            List<Segment> segments = stream.push(new float[8_000 * 4]); // windows ending at 3 s
            assertEquals(1, segments.size());
            assertTrue(segments.get(0).silent());
            assertEquals(0, c.windowsSeen.get(), "silence is not classified");
            float[] bad = tone(300, 0.1, 8_000, 0.3);
            bad[5] = Float.POSITIVE_INFINITY;
            var e = assertThrows(IllegalArgumentException.class, () -> stream.push(bad));
            assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        }
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        try (EmotionRecognizer r = recognizer()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    double hz = 150 + 100 * (i % 6);
                    results.add(pool.submit(() -> r.predict(tone(hz, 3.5, 22_050, 0.3), 22_050).top()));
                }
                for (int i = 0; i < 32; i++) {
                    assertEquals(PitchClassifier.emotionOf(150 + 100 * (i % 6)), results.get(i).get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void closeReleasesTheClassifierOnceAndRefusesLaterCalls() {
        PitchClassifier c = new PitchClassifier();
        EmotionRecognizer r = EmotionRecognizer.of(c, PitchClassifier.NO_VAD);
        r.close();
        r.close();
        assertTrue(c.closed);
        assertThrows(IllegalStateException.class, () -> r.predict(new float[100], 16_000));
    }

    @Test
    void jsonHasLabelsInEmotionOrderSummingToOne() {
        try (EmotionRecognizer r = recognizer()) {
            JsonNode j = PredictionJson.toJson(r.predict(concat(tone(450, 5, 16_000, 0.3)), 16_000));
            assertEquals("angry", j.get("emotion").asText());
            List<String> keys = new ArrayList<>();
            j.get("probabilities").fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"), keys);
            double total = 0;
            for (JsonNode v : j.get("probabilities")) {
                total += v.asDouble();
            }
            assertEquals(1.0, total, 1e-6);
            assertEquals(2, j.get("segments").size()); // 0.5..3.5 and the tail window 2..5
            assertEquals(2.0, j.get("segments").get(1).get("start").asDouble());
            JsonNode silent = PredictionJson.toJson(r.predict(new float[16_000], 16_000));
            assertTrue(silent.get("emotion").isNull());
            assertTrue(silent.get("silent").asBoolean());
            assertFalse(silent.get("speech").asBoolean());
            assertEquals("silent", silent.get("status").asText());
            assertEquals("speech", j.get("status").asText());
            assertTrue(j.get("speech").asBoolean());
            assertFalse(j.get("silent").asBoolean());
        }
    }

    @Test
    void aPredictionWithTheDetectorCarriesTheRecordingCheck() {
        // a second of faint noise, 2.5 s of voice over the same noise, a second of noise
        float[] voice = TestSignals.voice(2.5, 16_000, 5);
        float[] x = TestSignals.noise(0.003, 16_000 * 4 + voice.length, 9);
        for (int i = 0; i < voice.length; i++) {
            x[16_000 + i] += voice[i];
        }
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PredictionSettings.DEFAULT)) {
            Prediction p = r.predict(x, 16_000);
            assertEquals(Activity.SPEECH, p.activity());
            assertNotNull(p.recording());
            assertTrue(p.recording().hasSnr(), p.recording().toString());
            assertTrue(p.recording().snrDb() > 20 && p.recording().snrDb() < 50, p.recording().toString());
            assertEquals(List.of(), p.warnings());
            JsonNode j = PredictionJson.toJson(p).get("recording");
            assertEquals(Math.round(p.recording().snrDb() * 10) / 10.0, j.get("snr_db").asDouble());
            assertEquals(0, j.get("warnings").size());
            assertTrue(j.get("speech_level_dbfs").isNumber());
            assertEquals(0.0, j.get("clipped_share").asDouble());

            float[] loud = x.clone();
            float[] noise = TestSignals.noise(0.25, loud.length, 11);
            for (int i = 0; i < loud.length; i++) {
                loud[i] += noise[i];
            }
            Prediction q = r.predict(loud, 16_000);
            assertEquals(Activity.SPEECH, q.activity());
            assertTrue(q.recording().snrDb() < RecordingCheck.VERY_NOISY_DB, q.recording().toString());
            assertTrue(q.warnings().stream().anyMatch(w -> w.startsWith("very noisy")), q.recording().toString());
        }
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PredictionSettings.DEFAULT)) {
            // live: each classified window carries its own check; the recording's windows do not
            List<Segment> live = r.stream(16_000).push(x);
            assertFalse(live.isEmpty());
            for (Segment s : live) {
                assertEquals(s.speech(), s.recording() != null, s.toString());
                if (s.speech()) {
                    assertTrue(PredictionJson.toJson(s).get("recording").get("warnings").isArray());
                }
            }
            assertTrue(live.stream().anyMatch(Segment::speech));
            assertTrue(r.predict(x, 16_000).segments().stream().allMatch(s -> s.recording() == null));
            float[] hot = x.clone();
            for (int i = 0; i < hot.length; i++) {
                hot[i] = Math.max(-1f, Math.min(1f, hot[i] * 20));
            }
            assertTrue(r.stream(16_000).push(hot).stream().filter(Segment::speech)
                    .allMatch(s -> s.recording().warnings().stream().anyMatch(w -> w.startsWith("clipped"))));
        }
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PredictionSettings.DEFAULT.withVoiceActivity(false))) {
            Prediction p = r.predict(x, 16_000);
            assertNull(p.recording(), "without the detector nothing is checked");
            assertTrue(r.stream(16_000).push(x).stream().allMatch(s -> s.recording() == null));
            assertFalse(PredictionJson.toJson(p).has("recording"));
        }
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PredictionSettings.DEFAULT)) {
            assertNull(r.predict(new float[16_000], 16_000).recording(), "digital silence is not checked");
        }
    }

    @Test
    void loudNoiseIsNoSpeechWithTheDetectorAndClassifiedWithoutIt() {
        float[] noise = TestSignals.noise(0.3, 4 * 16_000, 1); // loud white noise: -15 dBFS
        PitchClassifier c = new PitchClassifier();
        try (EmotionRecognizer r = EmotionRecognizer.of(c, PredictionSettings.DEFAULT)) {
            Prediction p = r.predict(noise, 16_000);
            assertEquals(Activity.NO_SPEECH, p.activity());
            assertFalse(p.silent());
            assertFalse(p.speech());
            assertNull(p.top());
            assertEquals(0f, p.confidence());
            assertEquals(List.of(), p.ranking(3));
            assertEquals(0f, sum(p.probabilities()));
            assertEquals(Activity.NO_SPEECH, p.segments().get(0).activity());
            assertNull(p.segments().get(0).top());
            assertEquals(0, c.windowsSeen.get(), "a window without speech is not classified");
            JsonNode j = PredictionJson.toJson(p);
            assertTrue(j.get("emotion").isNull());
            assertFalse(j.get("silent").asBoolean());
            assertFalse(j.get("speech").asBoolean());
            assertEquals("no-speech", j.get("status").asText());
            assertEquals("no-speech", j.get("segments").get(0).get("status").asText());
            assertFalse(j.get("segments").get(0).get("speech").asBoolean());

            Prediction voice = r.predict(TestSignals.voice(3.5, 16_000, 3), 16_000);
            assertEquals(Activity.SPEECH, voice.activity());
            assertNotNull(voice.top());
            assertEquals(1, c.windowsSeen.get());
            JsonNode v = PredictionJson.toJson(voice);
            assertTrue(v.get("speech").asBoolean());
            assertEquals("speech", v.get("status").asText());
            assertEquals(voice.top(), v.get("emotion").asText());
        }
        PitchClassifier all = new PitchClassifier();
        try (EmotionRecognizer r = EmotionRecognizer.of(all, PredictionSettings.DEFAULT.withVoiceActivity(false))) {
            Prediction p = r.predict(noise, 16_000);
            assertEquals(Activity.SPEECH, p.activity(), "without the detector every loud window is classified");
            assertNotNull(p.top());
            assertEquals(1, all.windowsSeen.get());
        }
    }

    @Test
    void aTimelineSaysWhichWindowsHeldSpeechSilenceOrNoise() {
        int rate = 22_050; // resampled to the model's 16 kHz before the detector
        float[] x = concat(TestSignals.voice(4, rate, 5), new float[4 * rate], TestSignals.noise(0.3, 4 * rate, 6));
        PitchClassifier c = new PitchClassifier(0);
        try (EmotionRecognizer r = EmotionRecognizer.of(c, PredictionSettings.DEFAULT)) {
            Prediction p = r.predict(x, rate);
            // 12 s, windows 0-3, 1.5-4.5, 3-6, 4.5-7.5, 6-9, 7.5-10.5, 9-12
            List<Activity> got = p.segments().stream().map(Segment::activity).toList();
            // voice 0-4 s, silence 4-8 s, loud noise 8-12 s
            assertEquals(List.of(Activity.SPEECH, Activity.SPEECH, Activity.SPEECH, Activity.SILENT,
                    Activity.NO_SPEECH, Activity.NO_SPEECH, Activity.NO_SPEECH), got);
            assertEquals(Activity.SPEECH, p.activity());
            assertNotNull(p.top());
            assertEquals(3, c.windowsSeen.get());
            assertEquals(1.0, sum(p.probabilities()), EPS);
        }
    }

    @Test
    void theRecordingIsSilentOnlyWhenEveryWindowIsAndNoSpeechOtherwise() {
        float[] zero = new float[8];
        List<String> labels = Labels.ravdess();
        Segment silent = new Segment(0, 1, labels, zero, Activity.SILENT);
        Segment noise = new Segment(1, 2, labels, zero, Activity.NO_SPEECH);
        assertEquals(Activity.SILENT, Prediction.of(labels, List.of(silent, silent), 2).activity());
        assertEquals(Activity.NO_SPEECH, Prediction.of(labels, List.of(silent, noise), 2).activity());
        assertTrue(Prediction.of(labels, List.of(silent, silent), 2).silent());
        assertThrows(IllegalArgumentException.class, () -> new Prediction(labels, "angry", zero, List.of(noise), Activity.NO_SPEECH, 1));
        assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, labels, zero, (Activity) null));
        assertThrows(IllegalArgumentException.class, () -> new Segment(0, 1, List.of("a", "b"), zero, Activity.SILENT));
        assertThrows(IllegalArgumentException.class, () -> new PredictionSettings(null, null, -60, true, 1.5));
        // any label set: the top label and the probabilities follow the model's labels
        Segment yes = new Segment(0, 1, List.of("yes", "no"), new float[] {0.7f, 0.3f}, Activity.SPEECH);
        Prediction p = Prediction.of(List.of("yes", "no"), List.of(yes), 1);
        assertEquals("yes", p.top());
        assertEquals(0.3f, p.probability("no"), 1e-6f);
        assertEquals(List.of("yes", "no"), p.ranking(5));
        assertThrows(IllegalArgumentException.class, () -> p.probability("angry"));
    }

    /**
     * A WAV file long enough to be mixed while it is read ({@code AudioDecoder.decodeDownmixed}) gets the
     * prediction of the same recording decoded whole: timeline, probabilities and recording check.
     */
    @Test
    void aLongWavFileMixedWhileReadGetsThePredictionOfTheWholeRecording(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        int rate = 48_000;
        float[] voice = concat(TestSignals.voice(20, rate, 21), new float[rate * 5], TestSignals.noise(0.2, 20 * rate, 22));
        float[] other = concat(TestSignals.noise(0.05, 25 * rate, 23), TestSignals.voice(20, rate, 24));
        java.nio.file.Path f = dir.resolve("long-stereo.wav");
        org.ser4j.audio.WavEncoder.write(new AudioClip(new float[][] {voice, other}, rate), org.ser4j.audio.WavFormat.PCM_16, f);
        assertTrue(java.nio.file.Files.size(f) > 8L << 20, "over the size from which the file is mixed while read");
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(0), PredictionSettings.DEFAULT)) {
            Prediction fromFile = r.predict(f);
            Prediction whole = r.predict(org.ser4j.audio.AudioDecoder.decode(f));
            assertEquals(PredictionJson.toJson(whole).toString(), PredictionJson.toJson(fromFile).toString());
            assertTrue(fromFile.segments().size() > 20);
            // each channel on its own: read once per channel from the file, or decoded whole from its bytes
            List<Prediction> channels = r.predictChannels(f, PredictionSettings.DEFAULT, org.ser4j.audio.DecodeLimits.NONE);
            List<Prediction> fromBytes = r.predictChannels(java.nio.file.Files.readAllBytes(f), "bytes",
                    PredictionSettings.DEFAULT, org.ser4j.audio.DecodeLimits.NONE);
            assertEquals(2, channels.size());
            for (int c = 0; c < 2; c++) {
                assertEquals(PredictionJson.toJson(fromBytes.get(c)).toString(), PredictionJson.toJson(channels.get(c)).toString());
            }
        }
    }

    @Test
    void streamReportsNoiseAsNoSpeechWithoutClassifyingIt() {
        PitchClassifier c = new PitchClassifier();
        try (EmotionRecognizer r = EmotionRecognizer.of(c, PredictionSettings.DEFAULT)) {
            EmotionStream stream = r.stream(48_000);
            List<Segment> noise = stream.push(TestSignals.noise(0.3, 48_000 * 3, 8));
            assertEquals(1, noise.size());
            assertEquals(Activity.NO_SPEECH, noise.get(0).activity());
            assertEquals(0, c.windowsSeen.get());
            List<Segment> voice = stream.push(TestSignals.voice(3, 48_000, 9)); // windows ending at 4.5 and 6 s
            assertEquals(2, voice.size());
            assertEquals(Activity.SPEECH, voice.get(1).activity(), "the window of 3-6 s is all voice");
            assertNotNull(voice.get(1).top());
        }
    }

    private static double sum(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s;
    }

    @Test
    void aDcOffsetAndAPhaseInvertedChannelDoNotChangeTheVerdict() throws java.io.IOException {
        // issue 20: a DC offset changed verdicts; a stereo clip with one channel inverted averaged to silence
        float[] quiet = tone(250, 4, 16_000, 0.003f); // about -50 dBFS peak
        float[] offset = quiet.clone();
        for (int i = 0; i < offset.length; i++) {
            offset[i] += 0.005f;
        }
        float[] inverted = quiet.clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = -inverted[i];
        }
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD)) {
            assertEquals("happy", r.predict(quiet, 16_000).top());
            assertEquals("happy", r.predict(offset, 16_000).top());
            Prediction stereo = r.predict(new org.ser4j.audio.AudioClip(new float[][] {quiet, inverted}, 16_000));
            assertEquals("happy", stereo.top());
            // files and bytes (predict, the Spark job) take the same path as clips (the server)
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ser4j-dc");
            java.nio.file.Path offsetFile = dir.resolve("offset.wav");
            java.nio.file.Path stereoFile = dir.resolve("stereo.wav");
            org.ser4j.audio.WavEncoder.write(org.ser4j.audio.AudioClip.mono(offset, 16_000),
                    org.ser4j.audio.WavFormat.FLOAT_32, offsetFile);
            org.ser4j.audio.WavEncoder.write(new org.ser4j.audio.AudioClip(new float[][] {quiet, inverted}, 16_000),
                    org.ser4j.audio.WavFormat.FLOAT_32, stereoFile);
            assertEquals("happy", r.predict(offsetFile).top());
            assertEquals("happy", r.predict(stereoFile).top());
            assertArrayEquals(r.predict(offset, 16_000).probabilities(), r.predict(offsetFile).probabilities(), 1e-6f);
            assertArrayEquals(stereo.probabilities(), r.predict(java.nio.file.Files.readAllBytes(stereoFile), "stereo.wav",
                    PitchClassifier.NO_VAD, org.ser4j.audio.DecodeLimits.NONE).probabilities(), 1e-6f);
            // quiet speech is not silence: a -70 dBFS RMS window was "(silence)" under the old -60 dBFS rule
            Prediction soft = r.predict(tone(250, 4, 16_000, 0.00045), 16_000);
            assertFalse(soft.silent());
            assertEquals("happy", soft.top());
        }
    }

    @Test
    void theMeanIsRemovedInPlaceToTheSameBitsAsACopyAndACallersClipIsLeftAsItWas() {
        Random rng = new Random(5);
        float[] x = new float[10_001];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.03 + 0.2 * rng.nextGaussian());
        }
        float[] copy = EmotionRecognizer.withoutDc(x);
        float[] inPlace = x.clone();
        EmotionRecognizer.removeDc(inPlace);
        assertArrayEquals(copy, inPlace);
        assertTrue(Math.abs(copy[0] - (x[0] - 0.03f)) < 0.01, "the mean was removed");
        float[] zeroMean = {0.5f, -0.5f};
        assertTrue(EmotionRecognizer.withoutDc(zeroMean) == zeroMean, "nothing to remove: no copy");

        // predicting on a caller's clip, mono or stereo, leaves its samples as they were
        try (EmotionRecognizer r = recognizer()) {
            float[] left = x.clone();
            float[] right = x.clone();
            AudioClip stereo = new AudioClip(new float[][] {left, right}, 16_000);
            r.predict(stereo);
            r.predict(AudioClip.mono(left, 16_000));
            assertArrayEquals(x, left);
            assertArrayEquals(x, right);
        }
    }
}
