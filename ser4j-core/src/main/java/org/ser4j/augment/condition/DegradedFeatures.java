package org.ser4j.augment.condition;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.features.FeaturePreset;

/**
 * The features of a clip recorded under a condition: the whole clip decoded, downmixed and resampled
 * to the preset's rate, degraded by the chain, then the preset's window and features. The degradation
 * of a clip depends only on the chain, the seed and the clip's name, so two models scored under the
 * same condition hear exactly the same degraded clips.
 */
public final class DegradedFeatures {

    /** Longest clip read, seconds. */
    private static final double MAX_SECONDS = 600;

    private DegradedFeatures() {}

    /**
     * @param file the recording
     * @param preset the model's features
     * @param chain the condition (clean: the preset's own features)
     * @param seed the condition seed; combined with the file name
     * @return {@code [n_mels][frames]} dB
     * @throws AudioDecodeException when the file cannot be decoded (the message names it)
     */
    public static float[][] image(Path file, FeaturePreset preset, ConditionChain chain, long seed)
            throws AudioDecodeException {
        AudioClip clip = AudioDecoder.decode(file, DecodeLimits.ofSeconds(MAX_SECONDS));
        if (chain.isClean()) {
            return preset.extract(clip);
        }
        return image(signal(clip, preset), file, preset, chain, seed);
    }

    /**
     * As {@link #image(Path, FeaturePreset, ConditionChain, long)} for a clip already decoded with
     * {@link #signal}, so that a grid of conditions decodes each clip once.
     *
     * @param monoAtPresetRate the whole clip, mono, at the preset's rate (not modified)
     * @param file the clip's file (its name seeds the draws)
     */
    public static float[][] image(float[] monoAtPresetRate, Path file, FeaturePreset preset, ConditionChain chain,
            long seed) {
        return images(monoAtPresetRate, file, List.of(preset), chain, seed).get(0);
    }

    /**
     * The images of one clip under {@code chain} for several presets of the same sample rate: the clip
     * is degraded once, so every preset hears the same degraded clip (and each the same as
     * {@link #image(float[], Path, FeaturePreset, ConditionChain, long)} would give it alone).
     *
     * @param monoAtRate the whole clip, mono, at the presets' rate (not modified)
     * @param file the clip's file (its name seeds the draws)
     * @return one {@code [n_mels][frames]} image per preset, in order
     * @throws IllegalArgumentException when the presets' rates differ
     */
    public static List<float[][]> images(float[] monoAtRate, Path file, List<FeaturePreset> presets,
            ConditionChain chain, long seed) {
        int rate = presets.get(0).sampleRate();
        for (FeaturePreset p : presets) {
            if (p.sampleRate() != rate) {
                throw new IllegalArgumentException("presets " + presets.get(0).name() + " and " + p.name()
                        + " have different sample rates");
            }
        }
        return FeaturePreset.extractAll(presets, AudioClip.mono(degrade(monoAtRate, rate, file, chain, seed), rate));
    }

    /**
     * The clip as recorded under {@code chain}: what {@link #images} extracts its features from, with the
     * same draws.
     *
     * @param monoAtRate the whole clip, mono, at {@code rate} (not modified)
     * @param file the clip's file (its name seeds the draws)
     */
    public static float[] degrade(float[] monoAtRate, int rate, Path file, ConditionChain chain, long seed) {
        return chain.apply(monoAtRate, rate, new Random(clipSeed(seed, file)));
    }

    /** The whole clip of {@code file}, mono, at the preset's rate. */
    public static float[] signal(Path file, FeaturePreset preset) throws AudioDecodeException {
        return signal(file, preset.sampleRate());
    }

    /** The whole clip of {@code file}, mono, at {@code sampleRate}. */
    public static float[] signal(Path file, int sampleRate) throws AudioDecodeException {
        return AudioDecoder.decode(file, DecodeLimits.ofSeconds(MAX_SECONDS)).monoAt(sampleRate);
    }

    private static float[] signal(AudioClip clip, FeaturePreset preset) {
        return clip.monoAt(preset.sampleRate());
    }

    /** A well-mixed seed from the condition seed and the file's name without extension (FLAC and WAV copies agree). */
    static long clipSeed(long seed, Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        long z = seed * 0x9E3779B97F4A7C15L + stem.hashCode() * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
