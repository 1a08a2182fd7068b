package org.ser4j.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.data.Emotion;

/** Issue 17: many files on worker threads, in order, bounded, an out-of-memory file retried alone. */
class FilePredictionsTest {

    @TempDir
    Path tmp;

    /** Tones of 150, 250, ... Hz (PitchClassifier's emotions follow), one unreadable file at {@code bad}. */
    private List<Path> files(int n, int bad) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = tmp.resolve(String.format("f%02d.wav", i));
            if (i == bad) {
                Files.writeString(f, "not audio");
            } else {
                float[] x = PitchClassifier.tone(150 + 100 * (i % 7), 3.5, PitchClassifier.RATE, 0.3);
                Files.write(f, WavEncoder.encode(AudioClip.mono(x, PitchClassifier.RATE), WavFormat.PCM_16));
            }
            out.add(f);
        }
        return out;
    }

    /** Runs out of memory whenever another file is being classified at the same time. */
    private static final class CrowdedClassifier implements WindowClassifier {
        final PitchClassifier inner = new PitchClassifier();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public List<float[]> classify(List<float[]> windows) {
            if (inFlight.incrementAndGet() > 1) {
                inFlight.decrementAndGet();
                refused.incrementAndGet();
                throw new OutOfMemoryError("Java heap space (simulated: a neighbour holds the memory)");
            }
            try {
                Thread.sleep(60);
                return inner.classify(windows);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public int sampleRate() {
            return inner.sampleRate();
        }

        @Override
        public int windowSamples() {
            return inner.windowSamples();
        }

        @Override
        public int offsetSamples() {
            return inner.offsetSamples();
        }

        @Override
        public List<String> labels() {
            return inner.labels();
        }

        @Override
        public Map<String, Object> describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void resultsComeInInputOrderWithTheBadFileInItsPlace() throws IOException {
        List<Path> files = files(9, 4);
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD);
                FilePredictions all = new FilePredictions(r, files, PitchClassifier.NO_VAD, DecodeLimits.NONE, 3)) {
            for (int i = 0; i < files.size(); i++) {
                FilePredictions.Result res = all.next();
                assertEquals(files.get(i), res.file());
                if (i == 4) {
                    assertNull(res.prediction());
                    assertInstanceOf(IOException.class, res.error());
                } else {
                    assertNull(res.error());
                    assertEquals(PitchClassifier.emotionOf(150 + 100 * (i % 7)), res.prediction().top(), "file " + i);
                }
            }
            assertTrue(!all.hasNext());
        }
    }

    @Test
    void aFileThatRunsOutOfMemoryBesideOthersIsTriedAgainAlone() throws IOException {
        List<Path> files = files(8, -1);
        CrowdedClassifier crowded = new CrowdedClassifier();
        List<FilePredictions.Result> results = new ArrayList<>();
        try (EmotionRecognizer r = EmotionRecognizer.of(crowded, PitchClassifier.NO_VAD);
                FilePredictions all = new FilePredictions(r, files, PitchClassifier.NO_VAD, DecodeLimits.NONE, 4)) {
            all.forEachRemaining(results::add);
        }
        assertTrue(crowded.refused.get() > 0, "the test crowded the classifier");
        assertEquals(files.size(), results.size());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(files.get(i), results.get(i).file());
            assertNull(results.get(i).error(), "file " + i + ": " + results.get(i).error());
            assertNotNull(results.get(i).prediction());
        }
    }

    @Test
    void bytesInMemoryArePredictedAsTheFileWithTheSameBytesAndFailWithTheSameLine() throws IOException {
        List<Path> files = files(3, 2);
        try (EmotionRecognizer r = EmotionRecognizer.of(new PitchClassifier(), PitchClassifier.NO_VAD)) {
            for (Path f : files.subList(0, 2)) {
                Prediction fromFile = r.predict(f, PitchClassifier.NO_VAD, DecodeLimits.NONE);
                Prediction fromBytes = r.predict(Files.readAllBytes(f), "s3a://bucket/" + f.getFileName(), PitchClassifier.NO_VAD,
                        DecodeLimits.NONE);
                assertEquals(fromFile.top(), fromBytes.top());
                assertEquals(fromFile.durationSeconds(), fromBytes.durationSeconds());
                assertTrue(Arrays.equals(fromFile.probabilities(), fromBytes.probabilities()));
            }
            Path bad = files.get(2);
            String name = "s3a://bucket/" + bad.getFileName();
            Exception fromFile = assertThrows(IOException.class,
                    () -> r.predict(bad, PitchClassifier.NO_VAD, DecodeLimits.NONE));
            Exception fromBytes = assertThrows(IOException.class,
                    () -> r.predict(Files.readAllBytes(bad), name, PitchClassifier.NO_VAD, DecodeLimits.NONE));
            String fileLine = FilePredictions.failureLine(bad.toString(), bad.getFileName().toString(), fromFile);
            String bytesLine = FilePredictions.failureLine(name, bad.getFileName().toString(), fromBytes);
            assertTrue(fileLine.startsWith(bad + ": not a WAV, AIFF, FLAC or MP3 stream"), fileLine);
            assertEquals(fileLine.substring(bad.toString().length()), bytesLine.substring(name.length()));
        }
    }

    @Test
    void aFailureLineNamesTheRecordingOnceAndSaysTheProblem() {
        assertEquals("a/b.wav: no such file", FilePredictions.failureLine("a/b.wav", "b.wav", new NoSuchFileException("a/b.wav")));
        assertEquals("a/b.wav: permission denied",
                FilePredictions.failureLine("a/b.wav", "b.wav", new AccessDeniedException("a/b.wav")));
        assertEquals("a/b.wav: empty input", FilePredictions.failureLine("a/b.wav", "b.wav",
                new AudioDecodeException("b.wav", "empty input")));
        assertEquals("a/b.wav: empty input", FilePredictions.failureLine("a/b.wav", "b.wav",
                new AudioDecodeException("a/b.wav", "empty input")));
        assertEquals("a/b.wav: IllegalStateException", FilePredictions.failureLine("a/b.wav", "b.wav", new IllegalStateException()));
    }
}
