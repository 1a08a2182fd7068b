package org.ser4j.spark;

import java.io.Serializable;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.predict.PredictionSettings;

/**
 * How {@link EmotionScoring} scores recordings; sent to every executor with the task.
 *
 * @param model the model bundle (a directory or a zip archive) as every executor sees it: a path that
 *     exists on each executor (a shared mount, or a path relative to its working directory, where YARN
 *     and Kubernetes unpack {@code --archives}), or the name of a file or archive shipped with
 *     {@code spark-submit --files}/{@code --archives} ({@link org.apache.spark.SparkFiles#get})
 * @param windowSeconds analysis window; null = the model's input length ({@link PredictionSettings})
 * @param hopSeconds hop between windows; null = half the window
 * @param maxDurationSeconds recordings longer than this become error rows before their samples are
 *     decoded; null = no limit beyond the executor's memory (see {@link EmotionScoring})
 * @param voiceActivity whether windows without speech are reported as {@code no-speech} instead of
 *     classified (the CLI's default; {@code --no-vad} turns it off)
 * @param eachChannel one row per channel of a recording ({@code channel} 1, 2, ...) instead of one for
 *     its channels mixed: calls recorded with each speaker on a channel of their own
 */
public record ScoringOptions(String model, Double windowSeconds, Double hopSeconds, Double maxDurationSeconds,
        boolean voiceActivity, boolean eachChannel) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Options with the channels mixed (one row per recording). */
    public ScoringOptions(String model, Double windowSeconds, Double hopSeconds, Double maxDurationSeconds, boolean voiceActivity) {
        this(model, windowSeconds, hopSeconds, maxDurationSeconds, voiceActivity, false);
    }

    public ScoringOptions {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model bundle is required (a directory or zip every executor can read)");
        }
        if (maxDurationSeconds != null && !(maxDurationSeconds > 0 && Double.isFinite(maxDurationSeconds))) {
            throw new IllegalArgumentException("maximum duration must be a positive number of seconds, got " + maxDurationSeconds);
        }
        settings(windowSeconds, hopSeconds, voiceActivity); // validates window and hop here, on the driver
    }

    /** The model's own window and hop, no duration limit, voice activity detection on. */
    public static ScoringOptions of(String model) {
        return new ScoringOptions(model, null, null, null, true, false);
    }

    /** These options with another window and hop (either may be null = the model's default). */
    public ScoringOptions withWindow(Double window, Double hop) {
        return new ScoringOptions(model, window, hop, maxDurationSeconds, voiceActivity, eachChannel);
    }

    /** These options with a longest accepted recording (null = none). */
    public ScoringOptions withMaxDuration(Double seconds) {
        return new ScoringOptions(model, windowSeconds, hopSeconds, seconds, voiceActivity, eachChannel);
    }

    /** These options with voice activity detection on or off. */
    public ScoringOptions withVoiceActivity(boolean on) {
        return new ScoringOptions(model, windowSeconds, hopSeconds, maxDurationSeconds, on, eachChannel);
    }

    /** These options with one row per channel ({@code true}) or per recording ({@code false}). */
    public ScoringOptions withEachChannel(boolean each) {
        return new ScoringOptions(model, windowSeconds, hopSeconds, maxDurationSeconds, voiceActivity, each);
    }

    /** The recognizer's settings for these options. */
    public PredictionSettings settings() {
        return settings(windowSeconds, hopSeconds, voiceActivity);
    }

    /**
     * The decoder's limits in an executor whose heap is {@code heapBytes}, shared by {@code taskSlots}
     * concurrent tasks: the duration limit, if any, and decoded samples of one recording in at most a
     * quarter of each task's share of the heap (the rest is for the mono mix, resampling and features,
     * as in {@code ser4j predict}).
     */
    public DecodeLimits decodeLimits(long heapBytes, int taskSlots) {
        DecodeLimits memory = DecodeLimits.NONE.withMaxBytes(heapBytes / HEAP_SHARE_FOR_SAMPLES / Math.max(1, taskSlots));
        return maxDurationSeconds == null ? memory : memory.withMaxSeconds(maxDurationSeconds);
    }

    /** Decoded samples may take this fraction (1/4) of a task's share of the executor heap. */
    static final int HEAP_SHARE_FOR_SAMPLES = 4;

    private static PredictionSettings settings(Double window, Double hop, boolean voiceActivity) {
        return PredictionSettings.of(window, hop).withVoiceActivity(voiceActivity);
    }
}
