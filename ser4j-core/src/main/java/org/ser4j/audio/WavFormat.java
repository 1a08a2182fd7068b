package org.ser4j.audio;

/**
 * The sample encodings {@link WavEncoder} writes and {@link AudioDecoder} reads in WAV files.
 *
 * <p>Integer formats map a float sample {@code x} to {@code round(x * 2^(N-1))} (8-bit: plus 128,
 * unsigned, as the WAV specification requires), which is the inverse of the decoding convention
 * {@code v / 2^(N-1)} used by librosa and SEC-PyTorch (int16 / 32768).
 */
public enum WavFormat {
    /** 8-bit unsigned PCM (silence = 128). */
    PCM_U8(8, false),
    /** 16-bit signed little-endian PCM. */
    PCM_16(16, false),
    /** 24-bit signed little-endian PCM (3 bytes per sample). */
    PCM_24(24, false),
    /** 32-bit signed little-endian PCM. */
    PCM_32(32, false),
    /** IEEE 754 single precision. */
    FLOAT_32(32, true),
    /** IEEE 754 double precision. */
    FLOAT_64(64, true);

    /** {@code wFormatTag} of integer PCM (Microsoft RIFF specification, mmreg.h WAVE_FORMAT_PCM). */
    static final int TAG_PCM = 0x0001;
    /** {@code wFormatTag} of IEEE float (mmreg.h WAVE_FORMAT_IEEE_FLOAT). */
    static final int TAG_IEEE_FLOAT = 0x0003;
    /** {@code wFormatTag} of WAVE_FORMAT_EXTENSIBLE; the real format is in the sub-format GUID. */
    static final int TAG_EXTENSIBLE = 0xFFFE;

    private final int bitsPerSample;
    private final boolean floatingPoint;

    WavFormat(int bitsPerSample, boolean floatingPoint) {
        this.bitsPerSample = bitsPerSample;
        this.floatingPoint = floatingPoint;
    }

    public int bitsPerSample() {
        return bitsPerSample;
    }

    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    public boolean floatingPoint() {
        return floatingPoint;
    }

    /** The classic {@code wFormatTag}: 1 (PCM) or 3 (IEEE float). */
    int formatTag() {
        return floatingPoint ? TAG_IEEE_FLOAT : TAG_PCM;
    }
}
