package org.ser4j.audio;

import java.util.Arrays;

/**
 * Integer decimation ({@code to = from / D}) with one filter, laid out so that consecutive output
 * samples read consecutive memory: the input is split into its {@code D} phase streams
 * ({@code stream[r][p] = x[(p - pad) D + r]}, zero outside the input), and tap {@code j} of output
 * {@code k} reads {@code stream[r_j][k + q_j]}.
 *
 * <p>Every output sample is {@code acc = acc + x * h[j]} over the taps in order, starting from
 * {@code +0.0f}, in float, a rounded product then a rounded sum (Java never fuses them): the scalar
 * loop here and the vector loop of {@link DecimationVectors} compute each output with exactly these
 * operations (a vector lane is one output), so the two give the same bits and a caller may switch
 * between them at any time (the JIT decides when the vector loop is fast; see {@link VectorKernels}).
 * A fused multiply-add would be slightly faster in the vector loop but needs the CPU's FMA for the
 * scalar one ({@link Math#fma} falls back to BigDecimal).
 */
final class DecimationKernel {

    /** Outputs computed together by the scalar loop: independent chains that the CPU overlaps. */
    private static final int SCALAR_GROUP = 8;

    final float[][] streams;
    final float[] h;
    final int[] streamOfTap;
    final int[] offsetOfTap;
    /** The first output this kernel computes; its streams start where that output's taps start. */
    final int first;
    final int last;

    /**
     * A kernel for outputs {@code first .. last - 1}: its streams hold only the input those outputs
     * read, so a long recording is resampled in chunks without a second copy of it.
     *
     * @param x the input (not modified)
     * @param down the decimation factor D
     * @param filter the filter's taps for input offsets {@code -before .. filter.length - 1 - before}
     * @param before taps left of the input sample {@code k D}
     * @param first the first output it computes
     * @param last one past the last output it computes
     */
    DecimationKernel(float[] x, int down, float[] filter, int before, int first, int last) {
        int taps = filter.length;
        while (taps > 0 && filter[taps - 1] == 0f) {
            taps--; // the design pads the filter with zeros to a multiple of 4 taps
        }
        h = Arrays.copyOf(filter, taps);
        this.first = first;
        this.last = last;
        int pad = Math.floorDiv(before, down) + 1;
        int reachRight = Math.floorDiv(h.length - 1 - before, down) + 1;
        int length = last - first + pad + reachRight + 1;
        streams = new float[down][length];
        // stream[r][p] holds x[(first + p - pad) D + r]
        for (int r = 0; r < down; r++) {
            float[] s = streams[r];
            long base = (long) (first - pad) * down + r; // input index of s[0]
            // the p with 0 <= base + p D < x.length; the rest stays 0
            int from = base >= 0 ? 0 : (int) ((-base + down - 1) / down);
            int to = (int) Math.min(length, Math.max(0, (x.length - base + down - 1) / down));
            int i = (int) (base + (long) from * down);
            for (int p = from; p < to; p++) {
                s[p] = x[i];
                i += down;
            }
        }
        streamOfTap = new int[h.length];
        offsetOfTap = new int[h.length];
        for (int j = 0; j < h.length; j++) {
            int e = j - before;
            streamOfTap[j] = Math.floorMod(e, down);
            offsetOfTap[j] = Math.floorDiv(e, down) + pad;
        }
    }

    /**
     * Outputs {@code from..to} (within this kernel's range) into {@code out} at {@code k - offset}:
     * vector blocks where {@code vectors} is true, the rest scalar.
     */
    void run(float[] out, int offset, int from, int to, boolean vectors) {
        if (from < first || to > last) {
            throw new IllegalArgumentException("outputs [" + from + ", " + to + ") outside the kernel's [" + first + ", "
                    + last + ")");
        }
        int k = from - first; // index into the streams
        int end = to - first;
        int at = from - offset;
        if (vectors) {
            int block = DecimationVectors.BLOCK;
            for (; k + block <= end; k += block, at += block) {
                DecimationVectors.block(streams, h, streamOfTap, offsetOfTap, out, k, at);
            }
        }
        for (; k + SCALAR_GROUP <= end; k += SCALAR_GROUP, at += SCALAR_GROUP) {
            group(out, k, at);
        }
        for (; k < end; k++, at++) {
            float acc = 0f;
            for (int j = 0; j < h.length; j++) {
                acc += streams[streamOfTap[j]][k + offsetOfTap[j]] * h[j];
            }
            out[at] = acc;
        }
    }

    /** Eight outputs from {@code k}, each its own chain of multiply-adds, into {@code out} from {@code at}. */
    private void group(float[] out, int k, int at) {
        float a0 = 0f;
        float a1 = 0f;
        float a2 = 0f;
        float a3 = 0f;
        float a4 = 0f;
        float a5 = 0f;
        float a6 = 0f;
        float a7 = 0f;
        for (int j = 0; j < h.length; j++) {
            float[] s = streams[streamOfTap[j]];
            int o = k + offsetOfTap[j];
            float c = h[j];
            a0 += s[o] * c;
            a1 += s[o + 1] * c;
            a2 += s[o + 2] * c;
            a3 += s[o + 3] * c;
            a4 += s[o + 4] * c;
            a5 += s[o + 5] * c;
            a6 += s[o + 6] * c;
            a7 += s[o + 7] * c;
        }
        out[at] = a0;
        out[at + 1] = a1;
        out[at + 2] = a2;
        out[at + 3] = a3;
        out[at + 4] = a4;
        out[at + 5] = a5;
        out[at + 6] = a6;
        out[at + 7] = a7;
    }
}
