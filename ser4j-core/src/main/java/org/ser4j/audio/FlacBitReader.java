package org.ser4j.audio;

/**
 * Big-endian bit reader over a byte array for FLAC frames, with a 64-bit cache. Reading past the end
 * throws the preallocated {@link #END_OF_DATA}, which the decoder turns into a "truncated" error.
 */
final class FlacBitReader {

    /** Thrown, without a stack trace, when a read needs bits beyond the end of the data. */
    static final class EndOfData extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private EndOfData() {
            super("end of data", null, false, false);
        }
    }

    static final EndOfData END_OF_DATA = new EndOfData();
    /** A unary code longer than this is corrupt (no residual needs 2^24 zero bits). */
    private static final int MAX_UNARY = 1 << 24;

    private final byte[] data;
    private final int end;
    private int pos; // next byte to load into the cache
    private long cache; // left-aligned unread bits
    private int avail; // valid bits in cache

    FlacBitReader(byte[] data, int start, int end) {
        this.data = data;
        this.end = end;
        seek(start);
    }

    /** Moves to a byte offset, dropping the cache. */
    void seek(int bytePos) {
        pos = bytePos;
        cache = 0;
        avail = 0;
    }

    /** Byte offset of the next unread bit's byte (exact when byte aligned). */
    int bytePosition() {
        return pos - (avail >>> 3);
    }

    boolean byteAligned() {
        return (avail & 7) == 0;
    }

    private void refill() {
        while (avail <= 56 && pos < end) {
            cache |= (data[pos++] & 0xFFL) << (56 - avail);
            avail += 8;
        }
    }

    /** Unsigned value of the next {@code n} bits, 0 &lt;= n &lt;= 32 (n = 32 returns the bits as an int). */
    int readUInt(int n) {
        if (n == 0) {
            return 0;
        }
        if (avail < n) {
            refill();
            if (avail < n) {
                throw END_OF_DATA;
            }
        }
        int v = (int) (cache >>> (64 - n));
        cache <<= n;
        avail -= n;
        return v;
    }

    /** Two's complement value of the next {@code n} bits, 0 &lt;= n &lt;= 32. */
    int readSInt(int n) {
        if (n == 0) {
            return 0;
        }
        int v = readUInt(n);
        return (v << (32 - n)) >> (32 - n);
    }

    /** Number of 0 bits before the next 1 bit (which is consumed). */
    int readUnary() {
        int count = 0;
        while (true) {
            if (avail == 0) {
                refill();
                if (avail == 0) {
                    throw END_OF_DATA;
                }
            }
            int zeros = Long.numberOfLeadingZeros(cache);
            if (zeros < avail) {
                count += zeros;
                cache <<= zeros;
                cache <<= 1;
                avail -= zeros + 1;
                return count;
            }
            count += avail;
            cache = 0;
            avail = 0;
            if (count > MAX_UNARY) {
                throw new IllegalStateException("unary code longer than " + MAX_UNARY + " bits");
            }
        }
    }

    /**
     * Fills {@code out[from, from + n)} with Rice-coded signed values of parameter {@code k} (0..30):
     * the decoder's hot loop, with the cache held in locals.
     */
    void readRiceBlock(int[] out, int from, int n, int k) {
        long c = cache;
        int a = avail;
        int p = pos;
        final byte[] d = data;
        final int e = end;
        final int mask = (1 << k) - 1;
        try {
            for (int i = from, to = from + n; i < to; i++) {
                int q = 0;
                while (true) {
                    while (a <= 56 && p < e) {
                        c |= (d[p++] & 0xFFL) << (56 - a);
                        a += 8;
                    }
                    if (a == 0) {
                        throw END_OF_DATA;
                    }
                    int zeros = Long.numberOfLeadingZeros(c);
                    if (zeros < a) {
                        q += zeros;
                        c <<= zeros;
                        c <<= 1;
                        a -= zeros + 1;
                        break;
                    }
                    q += a;
                    c = 0;
                    a = 0;
                    if (q > MAX_UNARY) {
                        throw new IllegalStateException("unary code longer than " + MAX_UNARY + " bits");
                    }
                }
                if (a < k) {
                    while (a <= 56 && p < e) {
                        c |= (d[p++] & 0xFFL) << (56 - a);
                        a += 8;
                    }
                    if (a < k) {
                        throw END_OF_DATA;
                    }
                }
                int u = q << k | ((int) (c >>> (64 - k)) & mask);
                c <<= k;
                a -= k;
                out[i] = (u >>> 1) ^ -(u & 1);
            }
        } finally {
            cache = c;
            avail = a;
            pos = p;
        }
    }

    /** Skips to the next byte boundary and returns the skipped bits (FLAC requires them to be zero). */
    int alignToByte() {
        return readUInt(avail & 7);
    }
}
