package org.ser4j.predict;

/**
 * What a window (or a whole recording) held, which decides whether it was classified: only
 * {@link #SPEECH} is.
 */
public enum Activity {
    /** Speech (or any sound loud enough, when voice activity detection is off): classified. */
    SPEECH("speech"),
    /** Quieter than the silence threshold: not classified. */
    SILENT("silent"),
    /** Loud enough but without speech by the voice activity detector (noise, music, hum): not classified. */
    NO_SPEECH("no-speech");

    private final String label;

    Activity(String label) {
        this.label = label;
    }

    /** The name used in JSON ({@code "status"}) and on screen. */
    public String label() {
        return label;
    }
}
