package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioClip;
import org.ser4j.features.FeaturePreset;

class FeatureCacheTest {

    /** Test "audio" files: raw little-endian float32 mono at 48 kHz, decoded by a counting loader. */
    private final AtomicInteger loads = new AtomicInteger();
    private final FeatureCache.ClipLoader raw = (data, name) -> {
        loads.incrementAndGet();
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = new float[data.length / 4];
        buf.asFloatBuffer().get(x);
        return AudioClip.mono(x, 48000);
    };

    private static final FeaturePreset SHORT = FeaturePreset.SEC_PYTORCH.withName("sec-pytorch-1s").withDuration(1.0);

    private static List<Utterance> writeClips(Path dir, int n) throws IOException {
        List<Utterance> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Random r = new Random(i);
            ByteBuffer buf = ByteBuffer.allocate(4 * 72000).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < 72000; j++) {
                buf.putFloat((float) (0.2 * r.nextGaussian() * Math.sin(j * (0.001 + i * 0.0005))));
            }
            Path f = dir.resolve("clip" + i + ".raw");
            Files.write(f, buf.array());
            list.add(new Utterance(f, Emotion.values()[i % Emotion.values().length].label(), Integer.toString(i + 1), "ravdess",
                    Utterance.Gender.MALE, Utterance.Intensity.NORMAL, "1", 1));
        }
        return list;
    }

    private float[][] direct(Path file, FeaturePreset preset) throws IOException {
        return preset.extract(raw.load(Files.readAllBytes(file), file.toString()));
    }

    @Test
    void secondRunReadsTheCache(@TempDir Path tmp) throws IOException {
        List<Utterance> utts = writeClips(tmp, 6);
        Path cacheDir = tmp.resolve("cache");
        FeatureCache first = new FeatureCache(cacheDir, raw);
        AtomicInteger told = new AtomicInteger();
        List<float[][]> a = first.featuresAll(utts, SHORT, (u, done, total) -> told.incrementAndGet());
        assertEquals(6, first.misses());
        assertEquals(6, told.get());
        assertEquals(6, loads.get());

        FeatureCache second = new FeatureCache(cacheDir, raw);
        List<float[][]> b = second.featuresAll(utts, SHORT);
        assertEquals(6, second.hits());
        assertEquals(0, second.misses());
        assertEquals(6, loads.get(), "no decoding on the second run");
        for (int i = 0; i < utts.size(); i++) {
            float[][] expected = direct(utts.get(i).path(), SHORT);
            assertEquals(128, a.get(i).length);
            assertEquals(SHORT.frames(), a.get(i)[0].length);
            for (int m = 0; m < 128; m++) {
                assertArrayEquals(expected[m], a.get(i)[m], 0f);
                assertArrayEquals(expected[m], b.get(i)[m], 0f);
            }
        }
        try (Stream<Path> files = Files.walk(cacheDir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "temporary files left behind");
        }
    }

    @Test
    void keyIsContentAndPresetNotPath(@TempDir Path tmp) throws IOException {
        Utterance u = writeClips(tmp, 1).get(0);
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"), raw);
        cache.features(u, SHORT);
        Path copy = tmp.resolve("renamed.raw");
        Files.copy(u.path(), copy);
        cache.features(copy, SHORT);
        assertEquals(1, cache.hits());
        cache.features(u, SHORT.withPadMode(org.ser4j.features.MelSettings.PadMode.CONSTANT));
        assertEquals(2, cache.misses(), "other settings, other entry");
        cache.features(u, SHORT.withName("same-numbers-other-name"));
        assertEquals(2, cache.hits());
    }

    @Test
    void corruptEntriesAreRecomputed(@TempDir Path tmp) throws IOException {
        List<Utterance> utts = writeClips(tmp, 3);
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"), raw);
        cache.featuresAll(utts, SHORT);
        Path e0 = cache.entryPath(FeatureCache.sha256(Files.readAllBytes(utts.get(0).path())), SHORT);
        Path e1 = cache.entryPath(FeatureCache.sha256(Files.readAllBytes(utts.get(1).path())), SHORT);
        Path e2 = cache.entryPath(FeatureCache.sha256(Files.readAllBytes(utts.get(2).path())), SHORT);
        byte[] b0 = Files.readAllBytes(e0);
        b0[b0.length / 2] ^= 0x55; // a flipped bit in the data: CRC mismatch
        Files.write(e0, b0);
        Files.write(e1, new byte[] {1, 2, 3}); // truncated
        Files.write(e2, new byte[0]);

        FeatureCache again = new FeatureCache(tmp.resolve("cache"), raw);
        List<float[][]> f = again.featuresAll(utts, SHORT);
        assertEquals(3, again.repaired());
        assertEquals(3, again.misses());
        for (int i = 0; i < 3; i++) {
            float[][] expected = direct(utts.get(i).path(), SHORT);
            for (int m = 0; m < 128; m++) {
                assertArrayEquals(expected[m], f.get(i)[m], 0f);
            }
        }
        FeatureCache third = new FeatureCache(tmp.resolve("cache"), raw);
        third.featuresAll(utts, SHORT);
        assertEquals(3, third.hits(), "repaired entries are valid again");
    }

    @Test
    void defaultLoaderDecodesWavFiles(@TempDir Path tmp) throws IOException {
        AudioClip clip = org.ser4j.testing.TestSignals.quantisedClip(2, 48000, 60000, 16);
        Path wav = tmp.resolve("stereo.wav");
        org.ser4j.audio.WavEncoder.write(clip, org.ser4j.audio.WavFormat.PCM_16, wav);
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));
        float[][] f = cache.features(wav, SHORT);
        float[][] expected = SHORT.extract(clip);
        for (int m = 0; m < 128; m++) {
            assertArrayEquals(expected[m], f[m], 0f);
        }
        assertArrayEquals(f[5], new FeatureCache(tmp.resolve("cache")).features(wav, SHORT)[5], 0f);
    }

    @Test
    void decodeFailureNamesTheFile(@TempDir Path tmp) throws IOException {
        List<Utterance> utts = writeClips(tmp, 4);
        FeatureCache.ClipLoader failing = (data, name) -> {
            if (name.endsWith("clip2.raw")) {
                throw new IOException(name + ": not audio");
            }
            return raw.load(data, name);
        };
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"), failing);
        IOException e = assertThrows(IOException.class, () -> cache.featuresAll(utts, SHORT));
        assertTrue(e.getMessage().contains("clip2.raw"), e.getMessage());
        Files.delete(utts.get(3).path());
        assertThrows(IOException.class, () -> cache.features(utts.get(3), SHORT));
    }

    @Test
    void defaultLoaderRefusesAClipLongerThanTheCorpusLimitNamingIt(@TempDir Path tmp) throws IOException {
        int rate = 8000;
        AudioClip clip = AudioClip.mono(new float[(int) (FeatureCache.MAX_CLIP_SECONDS * rate) + rate], rate);
        Path wav = tmp.resolve("long.wav");
        org.ser4j.audio.WavEncoder.write(clip, org.ser4j.audio.WavFormat.PCM_16, wav);
        IOException e = assertThrows(IOException.class,
                () -> new FeatureCache(tmp.resolve("cache")).features(wav, SHORT));
        assertTrue(e.getMessage().contains("long.wav"), e.getMessage());
    }
}
