package org.ser4j.testing;

import java.io.ByteArrayOutputStream;

/**
 * A minimal FLAC encoder for tests: fixed block size, every subframe VERBATIM (FLAC format
 * specification, "SUBFRAME_VERBATIM"), independent channels, correct CRC-8 and CRC-16, MD5 left
 * zero ("unknown"). Produces valid files of any bit depth 4..24 and 1..8 channels without a native
 * tool, so decoder tests can check exact integers.
 */
public final class FlacTestWriter {

    private FlacTestWriter() {}

    /** @param samples integer samples per channel, {@code samples[c][i]}, in the signed range of {@code bits} */
    public static byte[] encode(int[][] samples, int sampleRate, int bits, int blockSize) {
        int channels = samples.length;
        int total = samples[0].length;
        Bits out = streamHeader(channels, sampleRate, bits, blockSize, total);
        int frameNumber = 0;
        for (int start = 0; start < total; start += blockSize, frameNumber++) {
            int n = Math.min(blockSize, total - start);
            int frameStart = frameHeader(out, channels, bits, frameNumber, n);
            for (int[] ch : samples) {
                out.put(0, 1).put(1, 6).put(0, 1); // VERBATIM, no wasted bits
                for (int i = start; i < start + n; i++) {
                    out.put(ch[i] & ((1 << bits) - 1), bits);
                }
            }
            frameFooter(out, frameStart);
        }
        return out.buf.toByteArray();
    }

    /**
     * {@code frames} frames of {@code blockSize} samples whose subframes are all CONSTANT (one value
     * each): a few bytes per frame for up to 65536 x channels samples, the highest expansion FLAC allows.
     *
     * @param declaredTotal the STREAMINFO total-samples field (0 = unknown)
     */
    public static byte[] encodeConstant(int channels, int sampleRate, int bits, int blockSize, int frames,
            long declaredTotal) {
        Bits out = streamHeader(channels, sampleRate, bits, blockSize, declaredTotal);
        for (int f = 0; f < frames; f++) {
            int frameStart = frameHeader(out, channels, bits, f, blockSize);
            for (int c = 0; c < channels; c++) {
                out.put(0, 1).put(0, 6).put(0, 1); // CONSTANT, no wasted bits
                out.put(c + 1, bits);
            }
            frameFooter(out, frameStart);
        }
        return out.buf.toByteArray();
    }

    private static Bits streamHeader(int channels, int sampleRate, int bits, int blockSize, long total) {
        Bits out = new Bits();
        out.bytes("fLaC");
        out.put(1, 1).put(0, 7).put(34, 24); // last block, STREAMINFO, length
        out.put(Math.min(blockSize, 65535), 16).put(Math.min(blockSize, 65535), 16).put(0, 24).put(0, 24);
        out.put(sampleRate, 20).put(channels - 1, 3).put(bits - 1, 5).putLong(total, 36);
        for (int i = 0; i < 16; i++) {
            out.put(0, 8); // MD5 unknown
        }
        return out;
    }

    private static int frameHeader(Bits out, int channels, int bits, int frameNumber, int n) {
        int frameStart = out.size();
        out.put(0xFFF8, 16); // sync, reserved 0, fixed block size
        out.put(0x7, 4).put(0x0, 4); // block size: 16-bit at end of header; rate: from STREAMINFO
        out.put(channels - 1, 4).put(sampleSizeCode(bits), 3).put(0, 1);
        utf8(out, frameNumber);
        out.put(n - 1, 16);
        out.put(crc8(out.buf.toByteArray(), frameStart, out.size()), 8);
        return frameStart;
    }

    private static void frameFooter(Bits out, int frameStart) {
        out.align();
        out.put(crc16(out.buf.toByteArray(), frameStart, out.size()), 16);
    }

    private static int sampleSizeCode(int bits) {
        return switch (bits) {
            case 8 -> 1;
            case 12 -> 2;
            case 16 -> 4;
            case 20 -> 5;
            case 24 -> 6;
            default -> 0; // from STREAMINFO
        };
    }

    private static void utf8(Bits out, int v) {
        if (v < 0x80) {
            out.put(v, 8);
        } else if (v < 0x800) {
            out.put(0xC0 | v >> 6, 8).put(0x80 | v & 0x3F, 8);
        } else {
            out.put(0xE0 | v >> 12, 8).put(0x80 | v >> 6 & 0x3F, 8).put(0x80 | v & 0x3F, 8);
        }
    }

    /** CRC-8, polynomial x^8 + x^2 + x + 1, initial 0 (FLAC frame header). */
    public static int crc8(byte[] d, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= d[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
            }
        }
        return crc;
    }

    /** CRC-16, polynomial x^16 + x^15 + x^2 + 1, initial 0 (FLAC frame footer). */
    public static int crc16(byte[] d, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (d[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x8005) & 0xFFFF : crc << 1 & 0xFFFF;
            }
        }
        return crc;
    }

    /** Big-endian bit writer. */
    private static final class Bits {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int acc;
        int nbits;

        Bits put(int value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                acc = acc << 1 | (value >>> i & 1);
                if (++nbits == 8) {
                    buf.write(acc);
                    acc = 0;
                    nbits = 0;
                }
            }
            return this;
        }

        Bits putLong(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                put((int) (value >>> i & 1), 1);
            }
            return this;
        }

        void bytes(String ascii) {
            for (char c : ascii.toCharArray()) {
                put(c, 8);
            }
        }

        void align() {
            while (nbits != 0) {
                put(0, 1);
            }
        }

        /** Bytes completed so far (call when aligned). */
        int size() {
            return buf.size();
        }
    }
}
