package org.ser4j.augment.condition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.audio.Resampler;

/**
 * Recordings a condition draws from (noise, room impulse responses, other speakers' clips), each
 * with a kind ({@code drilling}, {@code hall}, a speaker id). Files are decoded when first needed,
 * downmixed to channel 0 for impulse responses or to mono otherwise, resampled to the rate asked
 * for and kept: thread-safe, one decode per file and rate. Signals given in memory are not copied.
 */
public final class SoundPool {

    /** Longest recording a pool reads, seconds (the shared noise excerpts are 4-20 s). */
    private static final double MAX_SECONDS = 600;

    /**
     * One recording of the pool.
     *
     * @param name a short name (file name without extension)
     * @param kind the kind it stands for (a noise class, a room, a speaker)
     * @param path the file, or null for a signal given in memory
     */
    public record Entry(String name, String kind, Path path) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    private final List<Entry> entries;
    private final Set<String> kinds; // sorted, read per clip by babble
    private final boolean firstChannel;
    private final float[][] signals; // in-memory signals at signalRate, or null
    private final int signalRate;
    private final Map<String, float[]> cache;

    private SoundPool(List<Entry> entries, boolean firstChannel, float[][] signals, int signalRate,
            Map<String, float[]> cache) {
        this.entries = List.copyOf(entries);
        Set<String> sorted = new TreeSet<>();
        entries.forEach(e -> sorted.add(e.kind()));
        this.kinds = java.util.Collections.unmodifiableSet(sorted);
        this.firstChannel = firstChannel;
        this.signals = signals;
        this.signalRate = signalRate;
        this.cache = cache;
    }

    /** An empty pool. */
    public static SoundPool empty() {
        return new SoundPool(List.of(), false, null, 0, new ConcurrentHashMap<>());
    }

    /**
     * A pool of files.
     *
     * @param entries the files and their kinds
     * @param firstChannel take channel 0 (room impulse responses) instead of the mean of the channels
     */
    public static SoundPool ofFiles(List<Entry> entries, boolean firstChannel) {
        for (Entry e : entries) {
            Objects.requireNonNull(e.path(), () -> "pool entry " + e.name() + " has no file");
        }
        return new SoundPool(entries, firstChannel, null, 0, new ConcurrentHashMap<>());
    }

    /**
     * A pool of signals already in memory (e.g. training clips for babble), all at one rate. The
     * arrays are used as they are, not copied: callers must not change them.
     *
     * @param kinds the kind of each signal (e.g. its speaker)
     * @param signals mono signals
     * @param rate their sample rate
     */
    public static SoundPool ofSignals(List<String> kinds, List<float[]> signals, int rate) {
        if (kinds.size() != signals.size()) {
            throw new IllegalArgumentException(kinds.size() + " kinds for " + signals.size() + " signals");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            entries.add(new Entry("signal-" + i, kinds.get(i), null));
        }
        return new SoundPool(entries, false, signals.toArray(new float[0][]), rate, new ConcurrentHashMap<>());
    }

    /** The part of the pool whose kind is in {@code kinds} (sharing this pool's decoded signals). */
    public SoundPool ofKinds(Set<String> kinds) {
        List<Entry> kept = new ArrayList<>();
        List<float[]> keptSignals = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (kinds.contains(entries.get(i).kind())) {
                kept.add(entries.get(i));
                if (signals != null) {
                    keptSignals.add(signals[i]);
                }
            }
        }
        return new SoundPool(kept, firstChannel, signals == null ? null : keptSignals.toArray(new float[0][]),
                signalRate, cache);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The kinds in the pool, sorted. */
    public Set<String> kinds() {
        return kinds;
    }

    /**
     * Recording {@code i} as mono samples at {@code rate}.
     *
     * @throws IllegalStateException naming the file when it cannot be decoded
     */
    public float[] signal(int i, int rate) {
        if (signals != null) {
            // in-memory signals are used at their own rate (training babble); another rate is resampled each
            // time rather than cached under a key that could collide
            float[] s = signals[i];
            return rate == signalRate ? s : Resampler.resample(s, signalRate, rate);
        }
        Entry e = entries.get(i);
        return cache.computeIfAbsent(e.path() + "@" + rate, k -> load(e.path(), rate));
    }

    private float[] load(Path path, int rate) {
        AudioClip clip;
        try {
            clip = AudioDecoder.decode(path, DecodeLimits.ofSeconds(MAX_SECONDS));
        } catch (AudioDecodeException ex) {
            throw new IllegalStateException(path + ": cannot be used as a condition's recording: " + ex.getMessage(), ex);
        }
        if (!firstChannel) {
            return clip.monoAt(rate);
        }
        float[] first = clip.channels()[0];
        return clip.sampleRate() == rate ? first : Resampler.resample(first, clip.sampleRate(), rate);
    }
}
