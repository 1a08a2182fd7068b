package org.ser4j.predict;

/**
 * How a recording is cut into analysis windows and what counts as silence.
 *
 * @param windowSeconds length of each analysed window; null = the model's input length (the bundle's
 *     preset duration, 3 s for the seed preset). Must not exceed it: shorter windows are zero-padded.
 * @param hopSeconds distance between window starts; null = half the window. At most the window.
 * @param silenceThresholdDbfs a window whose RMS level (dB relative to full scale) is below this is
 *     reported silent and not classified; {@link #DEFAULT_SILENCE_DBFS} by default
 */
public record PredictionSettings(Double windowSeconds, Double hopSeconds, double silenceThresholdDbfs) {

    /**
     * -60 dBFS RMS: well below quiet speech at a normal recording level (RAVDESS clips are around
     * -35 to -25 dBFS RMS) and above the noise floor of 16-bit audio (about -96 dBFS), so
     * digital silence and a muted microphone are caught while soft speech is still classified.
     */
    public static final double DEFAULT_SILENCE_DBFS = -60.0;

    public static final PredictionSettings DEFAULT = new PredictionSettings(null, null, DEFAULT_SILENCE_DBFS);

    public PredictionSettings {
        if (windowSeconds != null && !(windowSeconds > 0 && Double.isFinite(windowSeconds))) {
            throw new IllegalArgumentException("window must be a positive number of seconds, got " + windowSeconds);
        }
        if (hopSeconds != null && !(hopSeconds > 0 && Double.isFinite(hopSeconds))) {
            throw new IllegalArgumentException("hop must be a positive number of seconds, got " + hopSeconds);
        }
        if (windowSeconds != null && hopSeconds != null && hopSeconds > windowSeconds) {
            throw new IllegalArgumentException("hop (" + hopSeconds + " s) must not exceed the window (" + windowSeconds + " s): audio between windows would be skipped");
        }
        if (Double.isNaN(silenceThresholdDbfs)) {
            throw new IllegalArgumentException("silence threshold must be a number of dBFS, got NaN");
        }
    }

    /** Window and hop (either may be null = the model's default), default silence threshold. */
    public static PredictionSettings of(Double windowSeconds, Double hopSeconds) {
        return new PredictionSettings(windowSeconds, hopSeconds, DEFAULT_SILENCE_DBFS);
    }
}
