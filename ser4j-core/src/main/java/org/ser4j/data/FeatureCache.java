package org.ser4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.Sha256;

/**
 * Features of many recordings, computed on all cores and cached on disk, so that a second run does
 * not recompute them.
 *
 * <p>An entry is keyed by the SHA-256 of the file's bytes (renaming or moving a file keeps its
 * entry; editing it does not) and by {@link FeaturePreset#fingerprint()} (every setting that changes
 * the numbers). Layout: {@code dir/<preset fingerprint>/<2 hex>/<content sha256>.feat}, plus
 * {@code dir/<preset fingerprint>/preset.txt} naming the settings. Entries are written atomically
 * (temporary file, then move); an unreadable or corrupt entry (bad header, wrong size, CRC mismatch)
 * is recomputed and replaced, never fatal. Safe to use from several threads and processes. A bulk
 * extraction first checks that the disk can hold the new entries ({@link #checkSpace}).
 */
public final class FeatureCache {

    /** Turns the bytes of an audio file into a clip ({@code org.ser4j.audio.AudioDecoder::decode}). */
    @FunctionalInterface
    public interface ClipLoader {
        AudioClip load(byte[] data, String sourceName) throws IOException;
    }

    /** Told after each utterance of a bulk extraction (from worker threads). */
    @FunctionalInterface
    public interface Listener {
        void extracted(Utterance utterance, int done, int total);
    }

    private static final byte[] MAGIC = "SER4JFT1".getBytes(StandardCharsets.US_ASCII);
    /** magic, bands, frames, payload CRC32. */
    private static final int HEADER_BYTES = 8 + 4 + 4 + 8;
    private static final String SUFFIX = ".feat";

    private final Path dir;
    private final ClipLoader loader;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final AtomicInteger repaired = new AtomicInteger();

    /**
     * Longest corpus clip the default loader decodes, in seconds: far above any utterance of an
     * emotion corpus (RAVDESS: under 6 s), low enough that a stray recording cannot exhaust memory.
     */
    public static final double MAX_CLIP_SECONDS = 600;
    /** Largest corpus file read, in bytes (a 600 s, 8-channel, 192 kHz, 32-bit WAV is about 3.7 GB; this is 1 GiB). */
    public static final long MAX_FILE_BYTES = 1L << 30;

    /**
     * A cache in {@code dir} (created when needed) decoding files with {@link AudioDecoder} (WAV, FLAC,
     * MP3), clips of at most {@link #MAX_CLIP_SECONDS}.
     */
    public FeatureCache(Path dir) {
        this(dir, (data, name) -> AudioDecoder.decode(data, name, DecodeLimits.ofSeconds(MAX_CLIP_SECONDS)));
    }

    /**
     * @param dir the cache directory (created when needed)
     * @param loader the decoder of audio file bytes
     */
    public FeatureCache(Path dir, ClipLoader loader) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    public Path dir() {
        return dir;
    }

    /** Entries found valid in the cache so far. */
    public int hits() {
        return hits.get();
    }

    /** Entries computed so far (absent or corrupt). */
    public int misses() {
        return misses.get();
    }

    /** Corrupt entries found and replaced so far (counted in {@link #misses()} too). */
    public int repaired() {
        return repaired.get();
    }

    /** The features {@code [n_mels][frames]} (dB) of one utterance's file, from the cache or computed and stored. */
    public float[][] features(Utterance utterance, FeaturePreset preset) throws IOException {
        return features(utterance.path(), preset);
    }

    /** As {@link #features(Utterance, FeaturePreset)} for any audio file. */
    public float[][] features(Path audioFile, FeaturePreset preset) throws IOException {
        long size = Files.size(audioFile);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(audioFile + ": " + size + " bytes, more than a corpus clip may have ("
                    + MAX_FILE_BYTES + ")");
        }
        byte[] data = Files.readAllBytes(audioFile);
        Path entry = entryPath(sha256(data), preset);
        float[][] cached = readEntry(entry);
        if (cached != null) {
            hits.incrementAndGet();
            return cached;
        }
        misses.incrementAndGet();
        float[][] features = preset.extract(loader.load(data, audioFile.toString()));
        writeEntry(entry, features, preset);
        return features;
    }

    /**
     * Bytes one entry of {@code preset} takes on disk; -1 when it depends on the clip (whole-clip
     * presets without a fixed duration).
     */
    public static long entryBytes(FeaturePreset preset) {
        int frames = preset.frames();
        return frames < 0 ? -1 : HEADER_BYTES + (long) preset.imageRows() * frames * Float.BYTES;
    }

    /**
     * Fails with a clear message, before any extraction, if the cache's file system cannot hold the
     * entries of {@code utterances} clips that are not cached yet (counted as {@code utterances} minus
     * the entries this preset already has; a whole-clip preset is not checked: its size is unknown).
     */
    public void checkSpace(int utterances, FeaturePreset preset) throws IOException {
        long entry = entryBytes(preset);
        if (entry < 0) {
            return;
        }
        long missing = Math.max(0, utterances - cachedEntries(preset));
        if (missing > 0) {
            DiskSpace.require(dir, missing * entry, "the feature cache (" + missing + " new entries of "
                    + (entry >> 10) + " KiB for preset " + preset.name() + ")");
        }
    }

    /** Entries of {@code preset} on disk now. */
    long cachedEntries(FeaturePreset preset) throws IOException {
        Path presetDir = dir.resolve(preset.fingerprint());
        if (!Files.isDirectory(presetDir)) {
            return 0;
        }
        try (var files = Files.walk(presetDir, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).count();
        }
    }

    /** Features of every utterance, in order, on all cores. */
    public List<float[][]> featuresAll(List<Utterance> utterances, FeaturePreset preset) throws IOException {
        return featuresAll(utterances, preset, (u, done, total) -> { });
    }

    /**
     * Features of every utterance, in order, computed in parallel on all available cores. Returns
     * only when every worker has stopped.
     *
     * @throws IOException the first failure (naming the file); utterances not yet started are then
     *     skipped, those already done stay cached
     */
    public List<float[][]> featuresAll(List<Utterance> utterances, FeaturePreset preset, Listener listener)
            throws IOException {
        checkSpace(utterances.size(), preset);
        return parallel(utterances, listener, "ser4j-features", u -> features(u, preset));
    }

    /** Work on one utterance, for {@link #parallel}. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Utterance u) throws IOException;
    }

    /**
     * {@code work} on every utterance on all available cores (threads named {@code threadName});
     * results in order. The first failure stops the utterances not yet started and is thrown once
     * every worker has stopped; {@code progress} hears of each success.
     */
    public static <T> List<T> parallel(List<Utterance> utterances, Listener progress, String threadName, Work<T> work)
            throws IOException {
        int total = utterances.size();
        List<T> out = new ArrayList<>(Collections.nCopies(total, (T) null));
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        int threads = Math.max(1, Math.min(total, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(total);
            for (Utterance u : utterances) {
                futures.add(pool.submit(() -> {
                    if (failed.get()) {
                        return null;
                    }
                    try {
                        T r = work.apply(u);
                        progress.extracted(u, done.incrementAndGet(), total);
                        return r;
                    } catch (IOException | RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            Throwable first = null;
            for (int i = 0; i < total; i++) {
                try {
                    out.set(i, futures.get(i).get());
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error err) {
                throw err;
            }
            return out;
        } catch (InterruptedException e) {
            failed.set(true);
            Thread.currentThread().interrupt();
            throw new IOException(threadName + ": interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where the entry of a file with content hash {@code sha256} lives for {@code preset}. */
    public Path entryPath(String sha256, FeaturePreset preset) {
        return dir.resolve(preset.fingerprint()).resolve(sha256.substring(0, 2)).resolve(sha256 + SUFFIX);
    }

    /** Hex SHA-256 of {@code data} ({@link Sha256#hex}). */
    public static String sha256(byte[] data) {
        return Sha256.hex(data);
    }

    /** The entry's features, or null if absent or corrupt (a corrupt entry is counted and will be overwritten). */
    private float[][] readEntry(Path entry) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            repaired.incrementAndGet();
            return null;
        }
        float[][] f = decodeEntry(bytes);
        if (f == null) {
            repaired.incrementAndGet();
        }
        return f;
    }

    private static float[][] decodeEntry(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        buf.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return null;
        }
        int bands = buf.getInt();
        int frames = buf.getInt();
        long crc = buf.getLong();
        if (bands < 1 || frames < 0 || (long) bands * frames * Float.BYTES != bytes.length - HEADER_BYTES) {
            return null;
        }
        CRC32 check = new CRC32();
        check.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        if (check.getValue() != crc) {
            return null;
        }
        float[][] out = new float[bands][frames];
        for (float[] row : out) {
            buf.asFloatBuffer().get(row);
            buf.position(buf.position() + frames * Float.BYTES);
        }
        return out;
    }

    private void writeEntry(Path entry, float[][] features, FeaturePreset preset) throws IOException {
        int bands = features.length;
        int frames = bands == 0 ? 0 : features[0].length;
        ByteBuffer payload = ByteBuffer.allocate(bands * frames * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : features) {
            payload.asFloatBuffer().put(row);
            payload.position(payload.position() + frames * Float.BYTES);
        }
        CRC32 crc = new CRC32();
        crc.update(payload.array());
        ByteBuffer all = ByteBuffer.allocate(HEADER_BYTES + payload.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        all.put(MAGIC).putInt(bands).putInt(frames).putLong(crc.getValue()).put(payload.array());
        Path presetDir = dir.resolve(preset.fingerprint());
        Files.createDirectories(entry.getParent());
        Path description = presetDir.resolve("preset.txt");
        if (!Files.exists(description)) {
            atomicWrite(description, (preset.name() + "\n" + preset.settingsText() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        atomicWrite(entry, all.array());
    }

    private static void atomicWrite(Path target, byte[] bytes) throws IOException {
        AtomicFiles.writeFile(target, out -> out.write(bytes));
    }
}
