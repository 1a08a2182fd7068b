package org.ser4j.predict;

import org.ser4j.vad.VoiceActivityDetector;

/**
 * How a recording is cut into analysis windows and which windows are classified.
 *
 * @param windowSeconds length of each analysed window; null = the model's input length (the bundle's
 *     preset duration, 3 s for the sec-pytorch preset). Must not exceed it: shorter windows are zero-padded.
 *     At least {@value #MIN_WINDOW_SECONDS} s.
 * @param hopSeconds distance between window starts; null = half the window. At most the window, at
 *     least {@value #MIN_HOP_SECONDS} s (a hop of one sample made one upload thousands of windows).
 * @param silenceThresholdDbfs a window whose RMS level (dB relative to full scale) is below this is
 *     reported silent and not classified; {@link #DEFAULT_SILENCE_DBFS} by default
 * @param voiceActivity whether the {@link VoiceActivityDetector} decides which loud windows hold
 *     speech; false classifies every window above the silence threshold (as before it existed)
 * @param minSpeechFraction with {@code voiceActivity}, a window of which a smaller share of its audio
 *     is speech is reported as {@link Activity#NO_SPEECH} and not classified; in [0, 1],
 *     {@link #DEFAULT_MIN_SPEECH_FRACTION} by default
 */
public record PredictionSettings(Double windowSeconds, Double hopSeconds, double silenceThresholdDbfs,
        boolean voiceActivity, double minSpeechFraction) {

    /**
     * -80 dBFS RMS: digital silence, a muted input and 16-bit dither (about -96 dBFS) only. It was
     * -60, which called quiet speech silence (speech peaking at -50 dBFS is about -65 dBFS RMS; 9 of
     * 120 clips of the quietest RAVDESS actors; issue 20); whether a louder window holds speech is
     * the voice activity detector's call.
     */
    public static final double DEFAULT_SILENCE_DBFS = -80.0;

    /**
     * 0.10: at least 0.3 s of a 3 s window is speech. On RAVDESS actors 1-8 this keeps 99% of the
     * clean clips and 95% or more at 10 dB SNR in every noise tried, while rejecting generated and
     * recorded steady noise (see README, Reliability).
     */
    public static final double DEFAULT_MIN_SPEECH_FRACTION = VoiceActivityDetector.DEFAULT_MIN_SPEECH_FRACTION;

    /** The shortest window: below it a model trained on 3 s sees too little speech (issue 20). */
    public static final double MIN_WINDOW_SECONDS = 0.5;

    /** The shortest hop: ten windows per second of audio at most, so that the work per second of upload is bounded. */
    public static final double MIN_HOP_SECONDS = 0.1;

    public static final PredictionSettings DEFAULT = new PredictionSettings(null, null, DEFAULT_SILENCE_DBFS);

    public PredictionSettings {
        if (windowSeconds != null && !(windowSeconds > 0 && Double.isFinite(windowSeconds))) {
            throw new IllegalArgumentException("window must be a positive number of seconds, got " + windowSeconds);
        }
        if (windowSeconds != null && windowSeconds < MIN_WINDOW_SECONDS) {
            throw new IllegalArgumentException("window must be at least " + MIN_WINDOW_SECONDS + " s, got " + windowSeconds);
        }
        if (hopSeconds != null && !(hopSeconds > 0 && Double.isFinite(hopSeconds))) {
            throw new IllegalArgumentException("hop must be a positive number of seconds, got " + hopSeconds);
        }
        if (hopSeconds != null && hopSeconds < MIN_HOP_SECONDS) {
            throw new IllegalArgumentException("hop must be at least " + MIN_HOP_SECONDS + " s, got " + hopSeconds);
        }
        if (windowSeconds != null && hopSeconds != null && hopSeconds > windowSeconds) {
            throw new IllegalArgumentException("hop (" + hopSeconds + " s) must not exceed the window (" + windowSeconds + " s): audio between windows would be skipped");
        }
        if (Double.isNaN(silenceThresholdDbfs)) {
            throw new IllegalArgumentException("silence threshold must be a number of dBFS, got NaN");
        }
        if (!(minSpeechFraction >= 0 && minSpeechFraction <= 1)) {
            throw new IllegalArgumentException("minimum speech fraction must be in [0, 1], got " + minSpeechFraction);
        }
    }

    /** Window, hop and silence threshold; voice activity detection on with the default fraction. */
    public PredictionSettings(Double windowSeconds, Double hopSeconds, double silenceThresholdDbfs) {
        this(windowSeconds, hopSeconds, silenceThresholdDbfs, true, DEFAULT_MIN_SPEECH_FRACTION);
    }

    /** Window and hop (either may be null = the model's default), default silence threshold and voice activity detection. */
    public static PredictionSettings of(Double windowSeconds, Double hopSeconds) {
        return new PredictionSettings(windowSeconds, hopSeconds, DEFAULT_SILENCE_DBFS);
    }

    /** These settings with voice activity detection on or off ({@code --no-vad}). */
    public PredictionSettings withVoiceActivity(boolean on) {
        return new PredictionSettings(windowSeconds, hopSeconds, silenceThresholdDbfs, on, minSpeechFraction);
    }

    /** These settings with another window and hop (either may be null = the model's default). */
    public PredictionSettings withWindow(Double window, Double hop) {
        return new PredictionSettings(window, hop, silenceThresholdDbfs, voiceActivity, minSpeechFraction);
    }
}
