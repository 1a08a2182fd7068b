package org.ser4j.audio;

/**
 * The KSDATAFORMAT_SUBTYPE GUIDs of WAVE_FORMAT_EXTENSIBLE (ksmedia.h): a 16-bit format tag in the
 * first two bytes followed by the fixed tail {@code -0000-0010-8000-00AA00389B71}, as stored on disk.
 */
final class WaveGuids {

    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID in file (little-endian first fields) order. */
    private static final byte[] TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };
    static final int GUID_BYTES = 16;

    private WaveGuids() {}

    /** The sub-format GUID for a classic format tag (1 = PCM, 3 = IEEE float, ...). */
    static byte[] subFormat(int formatTag) {
        byte[] g = new byte[GUID_BYTES];
        g[0] = (byte) formatTag;
        g[1] = (byte) (formatTag >> 8);
        System.arraycopy(TAIL, 0, g, 2, TAIL.length);
        return g;
    }

    /** The format tag a sub-format GUID stands for, or -1 when it is not of the KSDATAFORMAT family. */
    static int formatTag(byte[] data, int offset) {
        for (int i = 0; i < TAIL.length; i++) {
            if (data[offset + 2 + i] != TAIL[i]) {
                return -1;
            }
        }
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8;
    }

    /** The GUID as text, e.g. {@code 00000001-0000-0010-8000-00AA00389B71}. */
    static String toString(byte[] d, int o) {
        return String.format("%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X",
                d[o + 3], d[o + 2], d[o + 1], d[o], d[o + 5], d[o + 4], d[o + 7], d[o + 6],
                d[o + 8], d[o + 9], d[o + 10], d[o + 11], d[o + 12], d[o + 13], d[o + 14], d[o + 15]);
    }
}
