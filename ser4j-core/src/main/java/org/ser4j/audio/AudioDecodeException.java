package org.ser4j.audio;

import java.io.IOException;

/**
 * The one exception the audio layer throws for input it cannot turn into samples: truncated or
 * corrupt files, unsupported encodings, absurd headers. The message always starts with the source
 * name (a file name or a caller-given label) and says what was expected and what was found.
 */
public class AudioDecodeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;

    public AudioDecodeException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public AudioDecodeException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file name or label of the input that failed. */
    public String source() {
        return source;
    }
}
