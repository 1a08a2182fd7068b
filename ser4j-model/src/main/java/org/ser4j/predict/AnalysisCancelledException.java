package org.ser4j.predict;

/**
 * The caller stopped wanting the analysis of a recording while it ran (a server's client went away):
 * {@link EmotionRecognizer#predict(org.ser4j.audio.AudioClip, PredictionSettings, java.time.Duration,
 * java.util.function.BooleanSupplier)} asked before a batch of windows and was told no.
 */
public final class AnalysisCancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int windowsDone;

    AnalysisCancelledException(int windowsDone, int windows) {
        super("the analysis was cancelled by its caller after " + windowsDone + " of " + windows + " windows");
        this.windowsDone = windowsDone;
    }

    /** The windows analysed before the analysis stopped. */
    public int windowsDone() {
        return windowsDone;
    }
}
