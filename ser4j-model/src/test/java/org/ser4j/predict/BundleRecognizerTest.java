package org.ser4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.model.Architecture;
import org.ser4j.testing.SharedData;

/**
 * The recognizer over a real (untrained, see {@link UntrainedBundle}) DJL model bundle: loading a
 * directory or a zip, any rate and channel count, batching of concurrent callers without changing
 * results, errors naming the file.
 */
class BundleRecognizerTest {

    @TempDir
    Path tmp;

    private static float[] mix(double seconds, int rate) {
        float[] a = PitchClassifier.tone(220, seconds, rate, 0.2);
        float[] b = PitchClassifier.tone(1330, seconds, rate, 0.1);
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i] * (float) Math.sin(i * 3.0 / rate);
        }
        return a;
    }

    @Test
    void predictsFilesAtAnyRateFromADirectoryOrAZip() throws IOException {
        Path dir = UntrainedBundle.write(Architecture.PARALLEL_CNN_BILSTM_ATTENTION, tmp.resolve("bundle"));
        Path zip = tmp.resolve("bundle.zip");
        ModelBundle.load(dir).saveZip(zip);
        float[] x = mix(3.5, 44_100);
        Path wav = tmp.resolve("clip.wav");
        Files.write(wav, WavEncoder.encode(new AudioClip(new float[][] {x, x}, 44_100), WavFormat.PCM_16));
        try (EmotionRecognizer fromDir = EmotionRecognizer.load(dir, PitchClassifier.NO_VAD); EmotionRecognizer fromZip = EmotionRecognizer.load(zip, PitchClassifier.NO_VAD)) {
            assertEquals(48_000, fromDir.sampleRate());
            assertEquals(3.0, fromDir.windowSeconds(), 1e-9);
            Prediction a = fromDir.predict(wav);
            Prediction b = fromZip.predict(wav);
            assertEquals(1, a.segments().size());
            assertEquals(0.5, a.segments().get(0).start(), 1e-9);
            assertArrayEquals(a.probabilities(), b.probabilities(), 1e-6f);
            double sum = 0;
            for (float p : a.probabilities()) {
                assertTrue(p > 0 && p < 1, "softmax output " + p);
                sum += p;
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals("parallel-cnn-bilstm-attention", fromDir.describe().get("architecture"));

            Prediction longer = fromDir.predict(mix(8, 16_000), 16_000);
            assertEquals(4, longer.segments().size()); // starts 0.5, 2, 3.5, 5

            Path bad = tmp.resolve("notes.wav");
            Files.writeString(bad, "not audio");
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> fromDir.predict(bad));
            assertTrue(e.getMessage().contains("notes.wav"), e.getMessage());
        }
    }

    @Test
    void concurrentCallersGetTheSameResultsWithAndWithoutBatching() throws Exception {
        Path dir = UntrainedBundle.write(Architecture.STACKED_CNN_LSTM, tmp.resolve("chunked"));
        List<float[]> inputs = new ArrayList<>();
        List<float[]> sequential = new ArrayList<>();
        try (EmotionRecognizer r = EmotionRecognizer.load(dir, PitchClassifier.NO_VAD)) {
            for (int i = 0; i < 12; i++) {
                float[] x = PitchClassifier.tone(120 + 60 * i, 3.5, 16_000, 0.05 + 0.05 * (i % 4));
                inputs.add(x);
                sequential.add(r.predict(x, 16_000).probabilities());
            }
        }
        for (String maxBatch : new String[] {"1", "8"}) {
            System.setProperty("ser4j.predict.maxBatch", maxBatch);
            try (EmotionRecognizer r = EmotionRecognizer.load(dir, PitchClassifier.NO_VAD)) {
                ExecutorService pool = Executors.newFixedThreadPool(6);
                try {
                    List<Future<float[]>> concurrent = new ArrayList<>();
                    for (float[] x : inputs) {
                        concurrent.add(pool.submit(() -> r.predict(x, 16_000).probabilities()));
                    }
                    for (int i = 0; i < inputs.size(); i++) {
                        assertArrayEquals(sequential.get(i), concurrent.get(i).get(), 1e-5f, "input " + i + ", batches of " + maxBatch);
                    }
                } finally {
                    pool.shutdown();
                }
            } finally {
                System.clearProperty("ser4j.predict.maxBatch");
            }
        }
    }

    @Test
    void aRavdessFlacsFirstWindowIsItsTrainingCropWithTheSameProbabilities() throws IOException {
        Path flac = SharedData.ravdess().resolve("Actor_01/03-01-05-02-01-01-01.flac");
        Path dir = UntrainedBundle.write(Architecture.PARALLEL_CNN_TRANSFORMER, tmp.resolve("ravdess"));
        try (EmotionRecognizer r = EmotionRecognizer.load(dir)) {
            Prediction p = r.predict(flac);
            assertEquals(0.5, p.segments().get(0).start(), 1e-9, "the first window is the training crop");
            assertEquals(3.5, p.segments().get(0).end(), 1e-9);
            // the same numbers as training/evaluation's path (preset.extract -> modelInput -> forward ->
            // softmax) on the recording less its DC offset, which predict removes (issue 20) and training
            // features do not; for a RAVDESS clip that offset moves the probabilities by far less than 1e-3
            ModelBundle bundle = ModelBundle.load(dir);
            try (Model model = bundle.newModel(); NDManager m = model.getNDManager().newSubManager()) {
                org.ser4j.audio.AudioClip clip = AudioDecoder.decode(flac);
                org.ser4j.audio.AudioClip dcFree = org.ser4j.audio.AudioClip.mono(EmotionRecognizer.withoutDc(clip.mono()),
                        clip.sampleRate());
                float[] direct = forward(model, m, bundle, bundle.modelInput(bundle.preset().extract(dcFree)));
                assertArrayEquals(direct, p.segments().get(0).probabilities(), 1e-5f);
                float[] trainingPath = forward(model, m, bundle, bundle.modelInput(bundle.preset().extract(clip)));
                assertArrayEquals(trainingPath, p.segments().get(0).probabilities(), 1e-3f);
            }
            assertTrue(p.speech(), "a RAVDESS clip is speech");
        }
    }

    @Test
    void aDualBundleHearsTheDbAndThePcenImageOfTheSameWindowInOnePass() throws IOException {
        Path flac = SharedData.ravdess().resolve("Actor_02/03-01-04-01-02-01-02.flac");
        Path dir = UntrainedBundle.write(Architecture.COMPACT_CNN_DEEP_DUAL, tmp.resolve("dual"));
        ModelBundle bundle = ModelBundle.load(dir);
        assertEquals("speech-16k-dual", bundle.preset().name());
        AudioClip clip = AudioDecoder.decode(flac);
        AudioClip dcFree = AudioClip.mono(EmotionRecognizer.withoutDc(clip.mono()), clip.sampleRate());
        float[] row = bundle.modelInput(bundle.preset().extract(dcFree));
        assertEquals(2 * 64 * 301, row.length);
        // channel 0 is the scaled dB image, channel 1 the scaled PCEN image
        float[][] db = org.ser4j.features.FeaturePreset.SPEECH_16K.extract(dcFree);
        float[][] pcen = org.ser4j.features.FeaturePreset.SPEECH_16K_PCEN.extract(dcFree);
        float[][] scaled = bundle.scaler().transform(bundle.preset().extract(dcFree));
        assertEquals(scaled[5][100], row[5 * 301 + 100], 0f);
        assertEquals(scaled[64 + 5][100], row[(64 + 5) * 301 + 100], 0f);
        assertEquals(bundle.scaler().transform(concat(db, pcen))[64 + 5][100], row[(64 + 5) * 301 + 100], 0f);
        try (EmotionRecognizer r = EmotionRecognizer.load(dir, PitchClassifier.NO_VAD);
                Model model = bundle.newModel(); NDManager m = model.getNDManager().newSubManager()) {
            Prediction p = r.predict(flac);
            // the recognizer's folded inference model against the training block on the same row
            assertArrayEquals(forward(model, m, bundle, row), p.segments().get(0).probabilities(), 1e-5f);
        }
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static float[] forward(Model model, NDManager m, ModelBundle bundle, float[] row) {
        NDArray x = m.create(row, bundle.architecture().inputShape(1));
        return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false)
                .singletonOrThrow().softmax(1).toFloatArray();
    }

    @Test
    void aMissingBundleIsNamed() {
        Path nowhere = tmp.resolve("no-such-bundle");
        IOException e = assertThrows(IOException.class, () -> EmotionRecognizer.load(nowhere));
        assertTrue(e.getMessage().contains("no-such-bundle"), e.getMessage());
    }

    @Test
    void closedRecognizerRefusesWork() throws IOException {
        Path dir = UntrainedBundle.write(Architecture.PARALLEL_CNN_TRANSFORMER, tmp.resolve("t"));
        EmotionRecognizer r = EmotionRecognizer.load(dir);
        r.predict(mix(1, 16_000), 16_000);
        r.close();
        assertThrows(IllegalStateException.class, () -> r.predict(mix(1, 16_000), 16_000));
    }
}
