package org.ser4j.audio;

/**
 * ITU-T G.711 expansion: the 8-bit mu-law and A-law codes of telephone lines, voice-mail systems and
 * call recorders (8 kHz WAV with format tag 7 or 6, AIFF-C {@code ulaw}/{@code alaw}) to linear samples.
 *
 * <p>Each code expands to the 16-bit linear value of the standard's decoding tables (mu-law: 14-bit
 * magnitudes up to 8,031 scaled by 4, so {@code +-32,124}; A-law: 13-bit up to 4,032 scaled by 8, so
 * {@code +-32,256}), then to a float by the 16-bit convention {@code v / 32768}, which is what FFmpeg's
 * {@code pcm_mulaw} and {@code pcm_alaw} decoders give. Exact: 256 values per law, computed once.
 */
final class G711 {

    /** mu-law code to sample, {@code [256]}. */
    private static final float[] MU_LAW = new float[256];
    /** A-law code to sample, {@code [256]}. */
    private static final float[] A_LAW = new float[256];

    static {
        for (int code = 0; code < 256; code++) {
            MU_LAW[code] = muLawLinear(code) / 32768f;
            A_LAW[code] = aLawLinear(code) / 32768f;
        }
    }

    private G711() {}

    /** The 16-bit linear value of a mu-law code: codes are stored inverted; sign, 3-bit segment, 4-bit step. */
    static int muLawLinear(int code) {
        int u = ~code & 0xFF;
        int segment = (u >> 4) & 0x07;
        // the segment's magnitude with the encoder's bias of 132 (33 in 14 bits) still added, then removed
        int magnitude = ((((u & 0x0F) << 3) + 0x84) << segment) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** The 16-bit linear value of an A-law code: even bits are stored inverted; sign set means positive. */
    static int aLawLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int segment = (a >> 4) & 0x07;
        int step = (a & 0x0F) << 4;
        // segment 0 is linear (half-step offset 8); segment s >= 1 adds the implicit leading one (0x100)
        int magnitude = segment == 0 ? step + 8 : (step + 0x108) << (segment - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    /** The sample for a mu-law code (its low 8 bits). */
    static float muLaw(int code) {
        return MU_LAW[code & 0xFF];
    }

    /** The sample for an A-law code (its low 8 bits). */
    static float aLaw(int code) {
        return A_LAW[code & 0xFF];
    }
}
