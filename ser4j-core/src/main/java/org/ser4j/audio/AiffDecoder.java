package org.ser4j.audio;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Our own AIFF and AIFF-C parser (Apple, "Audio Interchange File Format" 1.3, 1989, and "AIFF-C" draft
 * of 1991-08-26): an IFF {@code FORM} of type {@code AIFF} or {@code AIFC} holding a {@code COMM} chunk
 * (channels, sample frames, sample size, sample rate, and for AIFF-C the compression type) and a
 * {@code SSND} chunk (offset, block size, then the interleaved sample frames). All sizes are big-endian.
 *
 * <p>Reads uncompressed PCM of 1 to 32 bits ({@code AIFF}, and AIFF-C {@code NONE} or {@code twos},
 * big-endian; {@code sowt}, little-endian), and AIFF-C IEEE floats ({@code fl32}/{@code FL32},
 * {@code fl64}/{@code FL64}, big-endian), any channel count. Samples narrower than their container are
 * left-justified, as the standard says, so a container read as a signed integer and scaled by
 * {@code 2^(N-1)} (N = container bits) gives the sample, as in {@link WavDecoder}: 16-bit
 * {@code v / 32768}; AIFF 8-bit is signed, {@code v / 128}. AIFF-C {@code ulaw} and {@code alaw} are
 * G.711 ({@link G711}). Other compression types (IMA ADPCM, MACE, GSM, ...) end in a
 * {@link ForeignEncodingException} naming them, which {@link AudioDecoder} passes to ffmpeg where allowed.
 *
 * <p>The sample rate is an 80-bit IEEE 754 extended-precision number (sign, 15-bit exponent biased
 * by 16383, 64-bit mantissa with an explicit integer bit); it is decoded exactly. {@link AudioClip}
 * holds whole hertz: a rate with a fraction (the 22254.5454... Hz of early Macintosh sound) is rounded
 * to the nearest hertz, an error of at most 0.5 Hz (0.002 % at 22 kHz, far below an audible pitch
 * change). Negative, infinite, NaN and out-of-range rates are refused like WAV's.
 *
 * <p>Decisions, all ending in {@link AudioDecodeException} rather than a guess:
 * <ul>
 *   <li>a chunk that claims more bytes than the file holds is an error (a truncated file), except
 *       an unknown chunk after both {@code COMM} and {@code SSND}, which does not spoil them;</li>
 *   <li>{@code SSND} must hold every frame {@code COMM} declares; bytes beyond them (block
 *       alignment) are ignored;</li>
 *   <li>a second {@code COMM} or {@code SSND} chunk is an error (the standard allows one of each);</li>
 *   <li>odd-sized chunks are followed by a pad byte (a missing pad byte at the end is tolerated);
 *       the FORM size is not trusted, chunks are read to the end of the actual data;</li>
 *   <li>NaN or infinite float samples are rejected; finite floats outside [-1, 1] are kept.</li>
 * </ul>
 * Allocation is bounded by the bytes actually present: the frames {@code COMM} declares are only
 * allocated once {@code SSND} is known to hold them.
 */
final class AiffDecoder {

    /** IFF chunk header: 4-byte id + 4-byte big-endian size. */
    private static final int CHUNK_HEADER = 8;
    /** FORM header: "FORM", size, form type. */
    private static final int FORM_HEADER = 12;
    /** AIFF {@code COMM} payload: channels (2), frames (4), sample size (2), rate (10). */
    private static final int COMM_AIFF = 18;
    /** AIFF-C {@code COMM} payload: the AIFF fields and the compression type (4). */
    private static final int COMM_AIFC = 22;
    /** {@code SSND} payload header: offset (4), block size (4). */
    private static final int SSND_HEADER = 8;
    /** Exponent bias of the 80-bit extended format. */
    private static final int EXTENDED_BIAS = 16383;
    /** All exponent bits set: infinity or NaN. */
    private static final int EXTENDED_SPECIAL = 0x7FFF;
    /**
     * Largest binary exponent decoded exactly: 2^100 Hz is absurd whatever the mantissa; a larger
     * exponent is refused without building the number.
     */
    private static final int MAX_RATE_EXPONENT = 100;
    /** Most characters of an AIFF-C compression name quoted in a message. */
    private static final int MAX_QUOTED_NAME = 40;

    private AiffDecoder() {}

    static AudioClip decode(byte[] data, int start, String source, DecodeLimits limits) throws AudioDecodeException {
        return parse(data, start, source).decode(data, limits);
    }

    /**
     * The AIFF file's samples as one channel, mixed as {@link AudioClip#downmix()} mixes them (the
     * channels' mean, or the loudest channel where the mean cancels them), read from the file block by
     * block: neither its bytes nor its separate channels are held, only the mix. The same samples as
     * {@code decode(...).downmix()} to the bit, with its errors and limits. Null where the file is not one
     * this can read so (see {@link #open}): the whole decoder then says what is wrong, or hands the file on.
     */
    static AudioClip downmixed(Path file, String source, DecodeLimits limits, int blockFrames) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Sound sound = open(in, source);
            if (sound == null) {
                return null;
            }
            sound.comm().check(sound.available(), limits);
            return AudioClip.mono(sound.pcm().mixed(in, blockFrames), sound.comm().sampleRate());
        }
    }

    /** How many channels an AIFF file that {@link #channel} can read holds, or 0 where it cannot read it so. */
    static int channels(Path file, String source) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Sound sound = open(in, source);
            return sound == null ? 0 : sound.comm().channels();
        }
    }

    /**
     * Channel {@code channel} of an AIFF file, read from the file block by block: the same samples as
     * decoding it whole and taking that channel, with its errors and limits. Null where the file cannot be
     * read so.
     */
    static AudioClip channel(Path file, String source, DecodeLimits limits, int blockFrames, int channel) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Sound sound = open(in, source);
            if (sound == null) {
                return null;
            }
            Comm comm = sound.comm();
            comm.check(sound.available(), limits);
            return AudioClip.mono(sound.pcm().channel(in, blockFrames, channel, comm.encoding() == Encoding.FLOAT), comm.sampleRate());
        }
    }

    /** A parsed file: its {@code COMM} chunk, where its sample frames start, and how many bytes of {@code SSND} follow. */
    private record Sound(Comm comm, long offset, long available) {

        AudioClip decode(byte[] d, DecodeLimits limits) throws AudioDecodeException {
            comm.check(available, limits);
            int channels = comm.channels();
            // frames * channels * container <= available <= d.length, so these arrays never exceed the input;
            // frame by frame, channel by channel: the first invalid sample in the file is named, as by PcmFile
            float[][] out = new float[channels][(int) comm.frames()];
            for (int i = 0, p = (int) offset; i < out[0].length; i++) {
                for (int c = 0; c < channels; c++, p += comm.container()) {
                    out[c][i] = comm.sample(d, p, c, i);
                }
            }
            return new AudioClip(out, comm.sampleRate());
        }

        /** The frames as {@link PcmFile} reads them from the file ({@link #open} saw that they fit an array). */
        PcmFile pcm() {
            return new PcmFile("AIFF", comm.source(), offset, (int) comm.frames(), comm.channels(),
                    comm.channels() * comm.container(), comm::sample);
        }
    }

    /** Chunks {@link #open} walks before it leaves a file to the whole decoder. */
    private static final int MAX_CHUNKS = 1000;
    /** Largest {@code COMM} chunk {@link #open} reads (its name is a Pascal string: 22 + 256 bytes at most). */
    private static final int MAX_COMM = 1 << 10;

    /**
     * The file's {@code COMM} and {@code SSND} chunks found by walking its chunk headers with positional
     * reads, as {@link #parse} walks them in memory; null for anything {@link #parse} or the check of the
     * frames would refuse, an encoding this class does not decode, or more than {@value #MAX_CHUNKS} chunks,
     * which are all left to the whole decoder and its messages.
     */
    private static Sound open(FileChannel in, String source) throws IOException {
        long end = in.size();
        if (end < FORM_HEADER) {
            return null;
        }
        byte[] head = read(in, 0, FORM_HEADER, source);
        boolean aifc = id(head, 8).equals("AIFC");
        if (!id(head, 0).equals("FORM") || !aifc && !id(head, 8).equals("AIFF")) {
            return null;
        }
        Comm comm = null;
        long soundOffset = -1;
        long soundBytes = -1;
        long pos = FORM_HEADER;
        for (int chunks = 0; end - pos >= CHUNK_HEADER; chunks++) {
            if (chunks == MAX_CHUNKS) {
                return null;
            }
            byte[] header = read(in, pos, CHUNK_HEADER, source);
            String id = id(header, 0);
            long size = u32(header, 4);
            long body = pos + CHUNK_HEADER;
            long available = end - body;
            switch (id) {
                case "COMM" -> {
                    if (comm != null || size < (aifc ? COMM_AIFC : COMM_AIFF) || size > available || size > MAX_COMM) {
                        return null;
                    }
                    try {
                        comm = Comm.parse(read(in, body, (int) size, source), 0, (int) size, aifc, source);
                    } catch (AudioDecodeException e) { // a refused rate, channel count or encoding: the whole decoder's to say
                        return null;
                    }
                }
                case "SSND" -> {
                    if (soundOffset >= 0 || size < SSND_HEADER || size > available) {
                        return null;
                    }
                    long offset = u32(read(in, body, SSND_HEADER, source), 0);
                    if (offset > size - SSND_HEADER) {
                        return null;
                    }
                    soundOffset = body + SSND_HEADER + offset;
                    soundBytes = size - SSND_HEADER - offset;
                }
                default -> {
                    if (size > available) {
                        if (comm == null || soundOffset < 0) {
                            return null;
                        }
                        size = available; // a broken chunk after the audio does not spoil it
                    }
                }
            }
            pos = body + size + (size & 1);
        }
        if (comm == null || soundOffset < 0 || comm.frames() == 0 || comm.frames() > Integer.MAX_VALUE - 8
                || comm.frames() * comm.channels() * comm.container() > soundBytes) {
            return null;
        }
        return new Sound(comm, soundOffset, soundBytes);
    }

    private static byte[] read(FileChannel in, long position, int n, String source) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        PcmFile.readFully(in, b, position, "AIFF", source);
        return b.array();
    }

    /** The file's chunks, parsed: every error about its structure, none about its samples. */
    private static Sound parse(byte[] data, int start, String source) throws AudioDecodeException {
        int end = data.length;
        if (end - start < FORM_HEADER) {
            throw new AudioDecodeException(source, "truncated AIFF: " + (end - start)
                    + " bytes, expected at least 12 for the FORM header");
        }
        String formType = id(data, start + 8);
        boolean aifc = formType.equals("AIFC");
        if (!aifc && !formType.equals("AIFF")) {
            throw new AudioDecodeException(source, "IFF file of type " + quote(formType)
                    + ", expected AIFF or AIFC (other IFF types are not audio we read); convert it to WAV, FLAC or MP3");
        }
        Comm comm = null;
        int soundOffset = -1;
        long soundBytes = -1;
        int pos = start + FORM_HEADER;
        while (pos < end) {
            if (end - pos < CHUNK_HEADER) {
                if (comm != null && soundOffset >= 0) {
                    break; // trailing bytes shorter than a chunk header after everything we need
                }
                throw new AudioDecodeException(source, "truncated AIFF: " + (end - pos) + " stray bytes at offset " + pos
                        + " where a chunk header (8 bytes) was expected" + missing(comm, soundOffset));
            }
            String id = id(data, pos);
            long size = u32(data, pos + 4);
            int body = pos + CHUNK_HEADER;
            long available = end - body;
            switch (id) {
                case "COMM" -> {
                    if (comm != null) {
                        throw new AudioDecodeException(source, "second COMM chunk at offset " + pos
                                + "; an AIFF file has exactly one");
                    }
                    int min = aifc ? COMM_AIFC : COMM_AIFF;
                    if (size < min) {
                        throw new AudioDecodeException(source, (aifc ? "AIFF-C" : "AIFF") + " COMM chunk of " + size
                                + " bytes, expected at least " + min);
                    }
                    if (size > available) {
                        throw truncatedChunk(source, id, pos, size, available);
                    }
                    comm = Comm.parse(data, body, (int) size, aifc, source);
                }
                case "SSND" -> {
                    if (soundOffset >= 0) {
                        throw new AudioDecodeException(source, "second SSND chunk at offset " + pos
                                + "; an AIFF file has exactly one");
                    }
                    if (size < SSND_HEADER) {
                        throw new AudioDecodeException(source, "SSND chunk of " + size + " bytes, expected at least "
                                + SSND_HEADER + " (offset and block size)");
                    }
                    if (size > available) {
                        throw truncatedChunk(source, id, pos, size, available);
                    }
                    long offset = u32(data, body);
                    if (offset > size - SSND_HEADER) {
                        throw new AudioDecodeException(source, "SSND chunk at offset " + pos + " declares a data offset of "
                                + offset + " bytes but holds only " + (size - SSND_HEADER));
                    }
                    soundOffset = (int) (body + SSND_HEADER + offset);
                    soundBytes = size - SSND_HEADER - offset;
                }
                default -> {
                    if (size > available) {
                        if (comm != null && soundOffset >= 0) {
                            size = available; // a broken chunk after the audio does not spoil it
                        } else {
                            throw truncatedChunk(source, id, pos, size, available);
                        }
                    }
                }
            }
            long next = body + size + (size & 1);
            pos = (int) Math.min(end, next);
        }
        if (comm == null || soundOffset < 0) {
            throw new AudioDecodeException(source, "AIFF file ends without " + (comm == null ? "a COMM chunk" : "an SSND chunk")
                    + " (truncated file?)");
        }
        return new Sound(comm, soundOffset, soundBytes);
    }

    private static String missing(Comm comm, int soundOffset) {
        if (comm == null) {
            return " (no COMM chunk yet)";
        }
        return soundOffset < 0 ? " (no SSND chunk yet)" : "";
    }

    private static AudioDecodeException truncatedChunk(String source, String id, int pos, long size, long available) {
        return new AudioDecodeException(source, "chunk " + quote(id) + " at offset " + pos + " declares " + size
                + " bytes but only " + available + " follow (truncated file?)");
    }

    /** How the samples are stored. */
    private enum Encoding {
        /** Signed integers, most significant byte first. */
        PCM_BIG_ENDIAN,
        /** Signed integers, least significant byte first ({@code sowt}). */
        PCM_LITTLE_ENDIAN,
        /** IEEE 754 floats, big-endian. */
        FLOAT,
        /** G.711 mu-law, one byte a sample ({@code ulaw}). */
        MU_LAW,
        /** G.711 A-law, one byte a sample ({@code alaw}). */
        A_LAW
    }

    /** The parsed {@code COMM} chunk. */
    private record Comm(String source, int channels, long frames, int container, Encoding encoding, int sampleRate) {

        static Comm parse(byte[] d, int o, int size, boolean aifc, String source) throws AudioDecodeException {
            int channels = (short) u16(d, o);
            long frames = u32(d, o + 2);
            int bits = (short) u16(d, o + 6);
            int rate = AiffDecoder.sampleRate(d, o + 8, source);
            if (channels <= 0) {
                throw new AudioDecodeException(source, "AIFF header declares " + channels + " channels, expected at least 1");
            }
            String compression = aifc ? id(d, o + 18) : "NONE";
            Encoding encoding;
            int container;
            switch (compression) {
                case "NONE", "twos", "sowt" -> {
                    if (bits < 1 || bits > 32) {
                        throw new AudioDecodeException(source, "unsupported AIFF sample size of " + bits
                                + " bits, expected 1 to 32 (8, 16, 24 or 32 in practice)");
                    }
                    encoding = compression.equals("sowt") ? Encoding.PCM_LITTLE_ENDIAN : Encoding.PCM_BIG_ENDIAN;
                    container = (bits + 7) / 8;
                }
                case "fl32", "FL32" -> {
                    encoding = Encoding.FLOAT;
                    container = 4;
                }
                case "fl64", "FL64" -> {
                    encoding = Encoding.FLOAT;
                    container = 8;
                }
                case "ulaw", "ULAW" -> { // the sample size field says 16 (the expanded size) or 8: one byte either way
                    encoding = Encoding.MU_LAW;
                    container = 1;
                }
                case "alaw", "ALAW" -> {
                    encoding = Encoding.A_LAW;
                    container = 1;
                }
                default -> throw new ForeignEncodingException(source, "unsupported AIFF-C compression " + quote(compression)
                        + compressionName(compression, d, o, size) + ", expected 'NONE', 'twos' or 'sowt' (PCM, 1 to 32 bits),"
                        + " 'fl32'/'fl64' (float) or 'ulaw'/'alaw'; convert it to WAV or FLAC",
                        "AIFF-C compressed as " + quote(compression) + compressionName(compression, d, o, size));
            }
            return new Comm(source, channels, frames, container, encoding, rate);
        }

        /** Whether {@code available} bytes of {@code SSND} hold every frame, and the frames are within {@code limits}. */
        void check(long available, DecodeLimits limits) throws AudioDecodeException {
            if (frames == 0) {
                throw new AudioDecodeException(source, "AIFF COMM chunk declares 0 sample frames: the file holds no samples");
            }
            long frameBytes = (long) channels * container;
            long needed = frames * frameBytes;
            if (needed > available) {
                throw new AudioDecodeException(source, "SSND chunk holds " + available + " bytes of samples but COMM"
                        + " declares " + frames + " frames of " + channels + " x " + container + " bytes = " + needed
                        + " bytes (truncated file?)");
            }
            limits.check(source, frames, channels, sampleRate, true);
        }

        float sample(byte[] d, int p, int channel, int index) throws AudioDecodeException {
            return switch (encoding) {
                case PCM_BIG_ENDIAN -> switch (container) {
                    case 1 -> d[p] / 128f;
                    case 2 -> (short) ((d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF)) / 32768f;
                    case 3 -> (d[p] << 16 | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF)) / 8388608f;
                    default -> (float) (be32(d, p) / 2147483648.0);
                };
                case PCM_LITTLE_ENDIAN -> switch (container) {
                    case 1 -> d[p] / 128f;
                    case 2 -> (short) ((d[p] & 0xFF) | d[p + 1] << 8) / 32768f;
                    case 3 -> ((d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | d[p + 2] << 16) / 8388608f;
                    default -> (float) (Integer.reverseBytes(be32(d, p)) / 2147483648.0);
                };
                case MU_LAW -> G711.muLaw(d[p]);
                case A_LAW -> G711.aLaw(d[p]);
                case FLOAT -> {
                    double v = container == 4
                            ? Float.intBitsToFloat(be32(d, p))
                            : Double.longBitsToDouble((long) be32(d, p) << 32 | (be32(d, p + 4) & 0xFFFF_FFFFL));
                    float f = (float) v;
                    if (!Float.isFinite(f)) {
                        throw new AudioDecodeException(source, "float sample " + index + " of channel " + channel + " is " + v
                                + "; samples must be finite numbers");
                    }
                    yield f;
                }
            };
        }
    }

    /**
     * The sample rate of a {@code COMM} chunk: the 80-bit extended number at {@code p}
     * ({@link #exactSampleRate}), rounded to whole hertz (half up) and checked like every decoder's rate.
     */
    static int sampleRate(byte[] d, int p, String source) throws AudioDecodeException {
        BigDecimal whole = exactSampleRate(d, p, source).setScale(0, RoundingMode.HALF_UP);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new AudioDecodeException(source, "header declares an absurd sample rate of " + whole.toPlainString()
                    + " Hz, expected " + AudioDecoder.MIN_SAMPLE_RATE + " to " + AudioDecoder.MAX_SAMPLE_RATE + " Hz");
        }
        long rate = whole.longValueExact();
        AudioDecoder.checkSampleRate(source, rate);
        return (int) rate;
    }

    /**
     * The 80-bit extended number at {@code p} without rounding: {@code mantissa * 2^(exponent - 16383 - 63)}
     * (a power of two has a finite decimal expansion).
     *
     * @throws AudioDecodeException for NaN, infinities, negative numbers and numbers outside [1, 2^38) Hz
     *     or beyond, which no check of the rounded rate would need to see exactly
     */
    static BigDecimal exactSampleRate(byte[] d, int p, String source) throws AudioDecodeException {
        int signAndExponent = u16(d, p);
        boolean negative = (signAndExponent & 0x8000) != 0;
        int exponent = signAndExponent & 0x7FFF;
        BigInteger mantissa = new BigInteger(1, Arrays.copyOfRange(d, p + 2, p + 10));
        if (exponent == EXTENDED_SPECIAL) {
            // the integer bit does not count: infinity has a zero fraction, NaN a non-zero one
            boolean infinite = mantissa.clearBit(63).signum() == 0;
            throw new AudioDecodeException(source, "header declares a sample rate that is "
                    + (infinite ? (negative ? "minus " : "") + "infinity" : "not a number (NaN)"));
        }
        if (mantissa.signum() == 0) {
            AudioDecoder.checkSampleRate(source, 0); // zero, of either sign: refused
        }
        // value = mantissa * 2^(unbiased - 63) < 2^(unbiased + 1), since mantissa < 2^64
        int unbiased = exponent - EXTENDED_BIAS;
        if (unbiased < 0 || unbiased > MAX_RATE_EXPONENT) {
            throw new AudioDecodeException(source, "header declares an absurd sample rate " + (unbiased < 0
                    ? "below 1 Hz" : "of at least 2^" + (unbiased - 63) + " Hz") + ", expected " + AudioDecoder.MIN_SAMPLE_RATE
                    + " to " + AudioDecoder.MAX_SAMPLE_RATE + " Hz");
        }
        int shift = 63 - unbiased;
        BigDecimal exact = shift >= 0
                ? new BigDecimal(mantissa).divide(new BigDecimal(BigInteger.ONE.shiftLeft(shift))) // 2^-n is a finite decimal
                : new BigDecimal(mantissa.shiftLeft(-shift));
        if (negative) {
            throw new AudioDecodeException(source, "header declares a negative sample rate of -"
                    + exact.stripTrailingZeros().toPlainString() + " Hz");
        }
        return exact;
    }

    private static String compressionName(String type, byte[] d, int o, int size) {
        String known = switch (type) {
            case "ulaw", "ULAW" -> "mu-law";
            case "alaw", "ALAW" -> "A-law";
            case "ima4" -> "IMA ADPCM";
            case "MAC3", "MAC6" -> "MACE";
            case "GSM " -> "GSM 6.10";
            case "Qclp" -> "QUALCOMM PureVoice";
            case "raw " -> "8-bit offset binary";
            case "in24", "in32", "23ni", "42ni" -> "QuickTime integer PCM";
            default -> null;
        };
        // the compression name is a Pascal string after the type: a count byte, then the text
        String written = null;
        if (size > COMM_AIFC) {
            int n = d[o + COMM_AIFC] & 0xFF;
            if (n > 0 && COMM_AIFC + 1 + n <= size) {
                written = new String(d, o + COMM_AIFC + 1, Math.min(n, MAX_QUOTED_NAME), StandardCharsets.ISO_8859_1)
                        .replaceAll("[^\\x20-\\x7E]", "?") + (n > MAX_QUOTED_NAME ? "..." : "");
            }
        }
        if (known == null && written == null) {
            return "";
        }
        if (known == null) {
            return " (\"" + written + "\")";
        }
        return " (" + known + (written == null ? "" : ", \"" + written + "\"") + ")";
    }

    private static String id(byte[] d, int p) {
        return new String(d, p, 4, StandardCharsets.ISO_8859_1);
    }

    private static String quote(String id) {
        return "'" + id.replaceAll("[^\\x20-\\x7E]", "?") + "'";
    }

    private static int u16(byte[] d, int p) {
        return (d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF);
    }

    private static long u32(byte[] d, int p) {
        return be32(d, p) & 0xFFFF_FFFFL;
    }

    private static int be32(byte[] d, int p) {
        return d[p] << 24 | (d[p + 1] & 0xFF) << 16 | (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
    }
}
