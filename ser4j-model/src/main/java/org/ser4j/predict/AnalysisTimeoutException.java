package org.ser4j.predict;

import java.time.Duration;

/**
 * The analysis of a recording took longer than the caller allowed
 * ({@link EmotionRecognizer#predict(org.ser4j.audio.AudioClip, PredictionSettings, Duration)}).
 */
public final class AnalysisTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration budget;

    AnalysisTimeoutException(Duration budget, int windowsDone, int windows) {
        super(String.format(java.util.Locale.ROOT, "the analysis took longer than the %.1f s allowed (%d of %d windows done)",
                budget.toMillis() / 1000.0, windowsDone, windows));
        this.budget = budget;
    }

    /** The time the analysis was allowed. */
    public Duration budget() {
        return budget;
    }
}
