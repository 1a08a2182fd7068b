package org.ser4j.server;

/**
 * Tells audio the decoder might read from other content by the first bytes, to answer 400
 * (audio, but broken) or 415 (not a supported audio format at all) for an upload that fails to decode.
 */
final class AudioSniffer {

    private AudioSniffer() {}

    static boolean looksLikeAudio(byte[] b) {
        return startsWith(b, "RIFF") || startsWith(b, "RIFX") || startsWith(b, "RF64") || startsWith(b, "fLaC")
                || startsWith(b, "ID3") || aiff(b)
                // MPEG audio frame sync: 11 set bits (ISO/IEC 11172-3, 2.4.2.3) and a layer other than the
                // reserved 00, which is where ADTS AAC (ISO/IEC 13818-7), a format we do not read, has its zeros
                || (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) != 0);
    }

    /** An IFF FORM of type AIFF or AIFC (AIFF-C/v1, 1991): "FORM", a 4-byte size, then the type. */
    private static boolean aiff(byte[] b) {
        if (!startsWith(b, "FORM") || b.length < 12) {
            return false;
        }
        String type = new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return type.equals("AIFF") || type.equals("AIFC");
    }

    private static boolean startsWith(byte[] b, String magic) {
        if (b.length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (b[i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
