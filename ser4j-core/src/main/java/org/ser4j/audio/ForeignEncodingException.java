package org.ser4j.audio;

/**
 * A container ser4j parses (WAV, AIFF-C) holding an encoding it does not decode itself (ADPCM, GSM 6.10,
 * MP3 in WAV, ...): {@link AudioDecoder} then hands the input to ffmpeg where the caller allows it
 * ({@link DecodeLimits#external()}), and otherwise throws this, whose message names the encoding.
 */
final class ForeignEncodingException extends AudioDecodeException {

    private static final long serialVersionUID = 1L;

    /** What the input is, for ffmpeg's error message: e.g. "WAV in GSM 6.10 (format tag 0x0031)". */
    private final String what;

    ForeignEncodingException(String source, String problem, String what) {
        super(source, problem);
        this.what = what;
    }

    String what() {
        return what;
    }
}
