package org.ser4j.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.Resampler;
import org.ser4j.testing.SharedData;
import org.ser4j.testing.TestSignals;

/**
 * The detector on generated sounds (always) and on RAVDESS actors 1-8, clean and mixed with noise at
 * 10 dB SNR, and on recorded noise alone (when {@code ../shared} is present). A recording counts as
 * speech when any of the recognizer's windows (3 s from 0.5 s, hop 1.5 s) has at least
 * {@link VoiceActivityDetector#DEFAULT_MIN_SPEECH_FRACTION} speech frames, as the predictor decides.
 */
class VoiceActivityDetectorTest {

    private static final int RATE = VoiceActivityDetector.RATE;
    private static final VoiceActivityDetector VAD = VoiceActivityDetector.standard();

    @Test
    void generatedNoisesTonesAndSilenceAreNotSpeech() {
        int n = 4 * RATE;
        Map<String, float[]> sounds = new LinkedHashMap<>();
        sounds.put("white noise", gaussian(n, 0.1, 1));
        sounds.put("pink noise", pink(n, 2));
        sounds.put("brown noise", brown(n, 3));
        sounds.put("50 Hz hum with harmonics", hum(n, 50));
        sounds.put("60 Hz hum with harmonics", hum(n, 60));
        sounds.put("200 Hz sine", sine(n, 200));
        sounds.put("700 Hz sine (periodic at multiples of its period within a voice's)", sine(n, 700));
        sounds.put("1 kHz sine", sine(n, 1000));
        sounds.put("siren sweeping 500-1300 Hz", siren(n));
        sounds.put("noise pulsed at 4 Hz", pulsedNoise(n, 4, 5));
        sounds.put("digital silence", new float[n]);
        sounds.put("nothing", new float[0]);
        for (var e : sounds.entrySet()) {
            SpeechActivity a = VAD.detect(e.getValue(), RATE);
            assertTrue(a.speechFraction() < VoiceActivityDetector.DEFAULT_MIN_SPEECH_FRACTION,
                    e.getKey() + ": speech fraction " + a.speechFraction());
            assertFalse(VAD.containsSpeech(e.getValue(), RATE), e.getKey());
        }
    }

    /**
     * Raised female voices correlate best, below 1 kHz, at half or a third of their period (the second
     * or third harmonic sits on the first formant); the detector took that lag for the period, found it
     * above 400 Hz and refused the frame. Fearful speech at strong intensity by the four women of actors
     * 1-8: 4 of these 16 clips were "no speech" before such a frame was judged at the multiple of its
     * lag within a voice's range, and 13 of the 40 such clips of actors 1-20 with white noise 10 dB below
     * them.
     */
    @Test
    void strongFearfulFemaleSpeechIsSpeechCleanAndInNoise() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int actor = 2; actor <= 8; actor += 2) {
            try (Stream<Path> s = Files.list(SharedData.ravdess().resolve(String.format("Actor_%02d", actor)))) {
                files.addAll(s.filter(p -> p.getFileName().toString().startsWith("03-01-06-02-")).sorted().toList());
            }
        }
        assertEquals(16, files.size());
        Random rng = new Random(5);
        int clean = 0;
        int noisy = 0;
        for (Path f : files) {
            float[] x = load(f);
            clean += isSpeech(x) ? 1 : 0;
            noisy += isSpeech(mix(x, gaussian(x.length, 0.1, rng.nextLong()), 10, rng)) ? 1 : 0;
        }
        assertEquals(16, clean, "clean clips said to be speech");
        assertTrue(noisy >= 15, noisy + " of 16 clips with white noise 10 dB below said to be speech");
    }

    @Test
    void aSyntheticVoiceIsSpeechAtAnyRateAndInNoise() {
        float[] voice = TestSignals.voice(4, RATE, 7);
        SpeechActivity a = VAD.detect(voice, RATE);
        assertTrue(a.speechFraction() > 0.5, "speech fraction " + a.speechFraction());
        assertEquals(400, a.frameCount()); // 4 s in 10 ms frames
        float[] at44k = Resampler.resample(voice, RATE, 44_100);
        assertTrue(VAD.detect(at44k, 44_100).speechFraction() > 0.5);
        float[] noisy = mix(voice, gaussian(voice.length, 0.1, 9), 10);
        assertTrue(VAD.containsSpeech(noisy, RATE), "synthetic voice in white noise at 10 dB SNR");
        // the pauses between syllables are not all speech: hangover is bounded
        float[] quietHalf = voice.clone();
        java.util.Arrays.fill(quietHalf, 2 * RATE, quietHalf.length, 0f);
        SpeechActivity b = VAD.detect(quietHalf, RATE);
        assertTrue(b.speechFraction(0, 2) > 0.5 && b.speechFraction(2.3, 4) == 0, b.speechFraction(0, 2) + " / " + b.speechFraction(2.3, 4));
    }

    @Test
    void inputIsNotModifiedAndBadRatesAreRefused() {
        float[] voice = TestSignals.voice(1, RATE, 3);
        float[] copy = voice.clone();
        VAD.detect(voice, RATE);
        assertArrayEquals(copy, voice);
        var e = assertThrows(IllegalArgumentException.class, () -> VAD.detect(voice, 0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    @Test
    void speechFractionCountsTheFramesWhoseCentreLiesInTheSpan() {
        boolean[] frames = {true, true, false, false, true, false, false, false, false, false};
        SpeechActivity a = new SpeechActivity(0.01, frames);
        frames[0] = false; // a copy is kept
        assertEquals(0.3, a.speechFraction(), 1e-12);
        assertEquals(1.0, a.speechFraction(0, 0.02), 1e-12);
        assertEquals(0.5, a.speechFraction(0.01, 0.03), 1e-12);
        assertEquals(0.0, a.speechFraction(0.05, 0.05));
        // beyond the last frame counts as non-speech: 3 speech frames of 20
        assertEquals(0.15, a.speechFraction(0, 0.2), 1e-12);
        assertTrue(a.isSpeech(4) && !a.isSpeech(5));
        assertEquals(0.1, a.durationSeconds(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> a.speechFraction(0.05, 0.01));
        assertThrows(IllegalArgumentException.class, () -> new SpeechActivity(0, frames));
        assertEquals(a, new SpeechActivity(0.01, new boolean[] {true, true, false, false, true, false, false, false, false, false}));
    }

    @Test
    void cleanRavdessSpeechIsSpeech() throws IOException {
        List<float[]> clips = ravdess(4);
        int speech = 0;
        for (float[] x : clips) {
            speech += isSpeech(x) ? 1 : 0;
        }
        // measured on all 480 clips of actors 1-8: 99.2%
        assertTrue(speech >= 0.95 * clips.size(), speech + " of " + clips.size() + " clean clips are speech");
    }

    @Test
    void ravdessSpeechInNoiseAt10DbSnrIsStillSpeech() throws IOException {
        List<float[]> clips = ravdess(8);
        Map<String, float[]> noises = new LinkedHashMap<>();
        noises.put("white", gaussian(20 * RATE, 0.1, 11));
        noises.put("pink", pink(20 * RATE, 12));
        noises.put("factory (NOISEX-92)", load(SharedData.noise().resolve("noisex92/factory1.flac")));
        noises.put("babble of six RAVDESS talkers", babble(ravdess(5), 20 * RATE, 6, new Random(13)));
        Random rng = new Random(42);
        for (var e : noises.entrySet()) {
            int speech = 0;
            for (float[] x : clips) {
                speech += isSpeech(mix(x, e.getValue(), 10, rng)) ? 1 : 0;
            }
            // measured on all 480 clips: 96.7-100% for every noise tried
            assertTrue(speech >= 0.9 * clips.size(), e.getKey() + ": " + speech + " of " + clips.size() + " noisy clips are speech");
        }
    }

    @Test
    void recordedNoiseAloneIsMostlyNotSpeech() throws IOException {
        Map<String, int[]> byClass = new TreeMap<>(); // class -> {recordings, said to be speech}
        Path noise = SharedData.noise();
        try (Stream<Path> files = Files.list(noise.resolve("urbansound8k"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".flac")).sorted().toList()) {
                String cls = URBAN_CLASSES.get(f.getFileName().toString().split("-")[1]);
                int[] c = byClass.computeIfAbsent(cls, k -> new int[2]);
                c[0]++;
                c[1] += isSpeech(load(f)) ? 1 : 0;
            }
        }
        try (Stream<Path> files = Files.list(noise.resolve("noisex92"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".flac")).sorted().toList()) {
                float[] x = load(f);
                int[] c = byClass.computeIfAbsent("noisex92 " + f.getFileName(), k -> new int[2]);
                for (int s = 0; s + 4 * RATE <= x.length; s += 2 * RATE) { // 4 s excerpts
                    c[0]++;
                    c[1] += isSpeech(java.util.Arrays.copyOfRange(x, s, s + 4 * RATE)) ? 1 : 0;
                }
            }
        }
        int all = 0;
        int accepted = 0;
        for (var e : byClass.entrySet()) {
            int[] c = e.getValue();
            all += c[0];
            accepted += c[1];
            if (!VOCAL_CLASSES.contains(e.getKey())) {
                // steady and mechanical noise: measured 0-25% accepted per class (drilling and siren 2 of 8, engine idling 1)
                assertTrue(c[1] <= 0.3 * c[0], e.getKey() + ": " + c[1] + " of " + c[0] + " recordings said to be speech");
            }
        }
        // children's voices, barks and street music (often with singing) are partly voiced: measured 18% over all
        // (15 of 83) before raised voices were judged at a multiple of their lag, 23% (19 of 83) since
        assertTrue(accepted <= 0.35 * all, accepted + " of " + all + " noise recordings said to be speech: " + summary(byClass));
    }

    private static final Map<String, String> URBAN_CLASSES = Map.of("0", "air_conditioner", "1", "car_horn",
            "2", "children_playing", "3", "dog_bark", "4", "drilling", "5", "engine_idling", "6", "gun_shot",
            "7", "jackhammer", "8", "siren", "9", "street_music");
    /** UrbanSound8K classes that hold voices or voice-like calls. */
    private static final List<String> VOCAL_CLASSES = List.of("children_playing", "dog_bark", "street_music");

    private static String summary(Map<String, int[]> byClass) {
        StringBuilder b = new StringBuilder();
        byClass.forEach((k, c) -> b.append(k).append(' ').append(c[1]).append('/').append(c[0]).append("; "));
        return b.toString();
    }

    /** As the predictor decides: any of its windows (3 s from 0.5 s, hop 1.5 s) has enough speech. */
    static boolean isSpeech(float[] x) {
        SpeechActivity a = VAD.detect(x, RATE);
        int win = 3 * RATE;
        int hop = win / 2;
        int offset = RATE / 2;
        List<int[]> windows = new ArrayList<>();
        if (x.length <= offset + win) {
            int s = x.length > win ? offset : 0;
            windows.add(new int[] {s, Math.min(x.length, s + win)});
        } else {
            int s = offset;
            for (; s + win <= x.length; s += hop) {
                windows.add(new int[] {s, s + win});
            }
            if (2L * (x.length - windows.get(windows.size() - 1)[1]) >= hop) {
                windows.add(new int[] {x.length - win, x.length});
            }
        }
        for (int[] w : windows) {
            if (a.speechFraction((double) w[0] / RATE, (double) w[1] / RATE) >= VoiceActivityDetector.DEFAULT_MIN_SPEECH_FRACTION) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code step}-th RAVDESS clip of actors 1-8 (the actors used for tuning), mono at 16 kHz. */
    static List<float[]> ravdess(int step) throws IOException {
        Path root = SharedData.ravdess();
        List<Path> files = new ArrayList<>();
        for (int actor = 1; actor <= 8; actor++) {
            try (Stream<Path> s = Files.list(root.resolve(String.format("Actor_%02d", actor)))) {
                files.addAll(s.filter(p -> p.toString().endsWith(".flac")).sorted().toList());
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i += step) {
            out.add(load(files.get(i)));
        }
        return out;
    }

    static float[] load(Path file) throws IOException {
        AudioClip c = AudioDecoder.decode(file);
        return Resampler.resample(c.mono(), c.sampleRate(), RATE);
    }

    /**
     * {@code speech + k * noise} (noise looped from a random offset) at {@code snrDb}, the speech power
     * taken over its active 10 ms frames (within 40 dB of the loudest), so that the leading and
     * trailing silence of a clip does not flatter the SNR.
     */
    static float[] mix(float[] speech, float[] noise, double snrDb, Random rng) {
        int offset = noise.length > speech.length ? rng.nextInt(noise.length - speech.length) : 0;
        float[] n = new float[speech.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = noise[(offset + i) % noise.length];
        }
        double k = Math.sqrt(activePower(speech) / power(n) * Math.pow(10, -snrDb / 10));
        float[] out = new float[speech.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (speech[i] + k * n[i]);
        }
        return out;
    }

    static float[] mix(float[] speech, float[] noise, double snrDb) {
        return mix(speech, noise, snrDb, new Random(0));
    }

    static double activePower(float[] x) {
        int frame = RATE / 100;
        List<Double> powers = new ArrayList<>();
        for (int i = 0; i + frame <= x.length; i += frame) {
            double s = 0;
            for (int j = i; j < i + frame; j++) {
                s += (double) x[j] * x[j];
            }
            powers.add(s / frame);
        }
        double max = powers.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return powers.stream().mapToDouble(Double::doubleValue).filter(p -> p >= max * 1e-4).average().orElse(0);
    }

    static double power(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s / Math.max(1, x.length);
    }

    /** Several talkers at equal active level, each from its own offset. */
    static float[] babble(List<float[]> talkers, int n, int count, Random rng) {
        float[] out = new float[n];
        for (int t = 0; t < count; t++) {
            float[] s = talkers.get(rng.nextInt(talkers.size()));
            double k = Math.sqrt(1e-2 / activePower(s));
            int offset = rng.nextInt(s.length);
            for (int i = 0; i < n; i++) {
                out[i] += (float) (k * s[(offset + i) % s.length]);
            }
        }
        return out;
    }

    static float[] gaussian(int n, double sigma, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (sigma * r.nextGaussian());
        }
        return x;
    }

    /** Pink (1/f) noise by Paul Kellet's "refined" filter of white noise (musicdsp.org, 1999). */
    static float[] pink(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (int i = 0; i < n; i++) {
            double w = r.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            x[i] = (float) (0.01 * (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362));
            b6 = w * 0.115926;
        }
        return x;
    }

    /** Brown (1/f^2) noise: leaky integrated white noise. */
    static float[] brown(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        double v = 0;
        for (int i = 0; i < n; i++) {
            v = 0.998 * v + 0.01 * r.nextGaussian();
            x[i] = (float) v;
        }
        return x;
    }

    /** Mains hum: {@code f0} and 7 harmonics at 1/h amplitude. */
    static float[] hum(int n, double f0) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            double v = 0;
            for (int h = 1; h <= 8; h++) {
                v += Math.sin(2 * Math.PI * f0 * h * t + h) / h;
            }
            x[i] = (float) (0.2 * v);
        }
        return x;
    }

    static float[] sine(int n, double hz) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /** A siren sweeping 500-1300 Hz and back every 2 s, with its second harmonic. */
    static float[] siren(int n) {
        float[] x = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double f = 900 + 400 * Math.sin(2 * Math.PI * 0.5 * i / RATE);
            phase += 2 * Math.PI * f / RATE;
            x[i] = (float) (0.3 * (Math.sin(phase) + 0.3 * Math.sin(2 * phase)));
        }
        return x;
    }

    /** White noise whose amplitude swings at {@code hz}: syllabic rhythm without voicing. */
    static float[] pulsedNoise(int n, double hz, long seed) {
        float[] x = gaussian(n, 0.1, seed);
        for (int i = 0; i < n; i++) {
            x[i] *= (float) (0.5 + 0.5 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }
}
