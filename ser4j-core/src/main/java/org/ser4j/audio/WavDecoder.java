package org.ser4j.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Our own RIFF/WAVE parser (javax.sound lacks 24-bit, float64 and WAVE_FORMAT_EXTENSIBLE).
 *
 * <p>Reads PCM 8 (unsigned) / 16 / 24 / 32-bit, IEEE float 32 / 64, G.711 mu-law and A-law (the
 * telephone encodings of call recorders and voice mail, {@link G711}), classic or EXTENSIBLE
 * {@code fmt } chunks, any channel count, RIFF and RF64 (the {@code ds64} chunk). Unknown chunks are
 * skipped, odd-sized chunks are followed by their pad byte (a missing pad byte at the end of the file
 * is tolerated). Decisions, all of which end in {@link AudioDecodeException} rather than a guess:
 * <ul>
 *   <li>a data chunk that claims more bytes than the file holds is an error (a truncated file),
 *       except the streaming convention {@code 0xFFFFFFFF} ("length unknown"), read to the end;</li>
 *   <li>a trailing partial frame (fewer bytes than one sample of every channel) is dropped;</li>
 *   <li>NaN or infinite float samples are rejected; finite floats outside [-1, 1] are kept as is;</li>
 *   <li>the RIFF size field is not trusted (writers often get it wrong): chunks are read to the
 *       end of the actual data.</li>
 * </ul>
 * Integer samples become {@code v / 2^(N-1)} where N is the container size in bits (8-bit:
 * {@code (v - 128) / 128}), librosa's and SEC-PyTorch's convention (int16 / 32768). Allocation is bounded
 * by the bytes actually present. Other encodings (ADPCM, GSM 6.10, MP3 in WAV, ...) end in
 * {@link ForeignEncodingException}, which {@link AudioDecoder} passes to ffmpeg where allowed.
 */
final class WavDecoder {

    /** RIFF chunk header: 4-byte id + 4-byte little-endian size. */
    private static final int CHUNK_HEADER = 8;
    /** Minimum {@code fmt } payload: WAVEFORMAT (14 bytes) + wBitsPerSample. */
    private static final int FMT_MIN = 16;
    /** {@code fmt } payload of WAVEFORMATEXTENSIBLE: 18 + 22. */
    private static final int FMT_EXTENSIBLE = 40;
    /** RF64/streaming placeholder size ("see ds64" or "unknown, to the end"). */
    private static final long SIZE_UNKNOWN = 0xFFFF_FFFFL;

    /** {@code wFormatTag} of G.711 A-law (mmreg.h WAVE_FORMAT_ALAW). */
    static final int TAG_A_LAW = 0x0006;
    /** {@code wFormatTag} of G.711 mu-law (mmreg.h WAVE_FORMAT_MULAW). */
    static final int TAG_MU_LAW = 0x0007;

    private WavDecoder() {}

    static AudioClip decode(byte[] data, int start, String source, DecodeLimits limits) throws AudioDecodeException {
        Reader r = new Reader(data, source);
        int end = data.length;
        if (end - start < 12) {
            throw new AudioDecodeException(source, "truncated WAV: " + (end - start)
                    + " bytes, expected at least 12 for the RIFF header");
        }
        String riff = r.id(start);
        if (riff.equals("RIFX")) {
            throw new AudioDecodeException(source, "big-endian RIFX WAV is not supported; convert it to little-endian RIFF");
        }
        boolean rf64 = riff.equals("RF64");
        if (!riff.equals("RIFF") && !rf64) {
            throw new AudioDecodeException(source, "expected a RIFF header, found " + r.quote(start, 4));
        }
        if (!r.id(start + 8).equals("WAVE")) {
            throw new AudioDecodeException(source, "RIFF file of type " + r.quote(start + 8, 4)
                    + ", expected WAVE (AVI and other RIFF types are not audio we read)");
        }
        Fmt fmt = null;
        long rf64DataSize = -1;
        int dataOffset = -1;
        long dataSize = -1;
        int pos = start + 12;
        while (pos < end) {
            if (end - pos < CHUNK_HEADER) {
                if (fmt != null && dataOffset >= 0) {
                    break; // trailing garbage shorter than a chunk header after everything we need
                }
                throw new AudioDecodeException(source, "truncated WAV: " + (end - pos)
                        + " stray bytes at offset " + pos + " where a chunk header (8 bytes) was expected"
                        + missing(fmt, dataOffset));
            }
            String id = r.id(pos);
            long size = r.u32(pos + 4);
            int body = pos + CHUNK_HEADER;
            long available = end - body;
            switch (id) {
                case "fmt " -> {
                    if (size < FMT_MIN) {
                        throw new AudioDecodeException(source, "fmt chunk of " + size + " bytes, expected at least " + FMT_MIN);
                    }
                    if (size > available) {
                        throw truncatedChunk(source, id, pos, size, available);
                    }
                    fmt = Fmt.parse(r, body, (int) size);
                }
                case "ds64" -> {
                    if (size < 24 || size > available) {
                        throw new AudioDecodeException(source, "ds64 chunk of " + size + " bytes with "
                                + available + " available, expected at least 24");
                    }
                    rf64DataSize = r.s64(body + 8);
                }
                case "data" -> {
                    if (dataOffset >= 0) {
                        break; // a second data chunk: the first one is the audio
                    }
                    long claimed = dataBytes(rf64, size, rf64DataSize, available);
                    if (claimed < 0 || claimed > available) {
                        throw new AudioDecodeException(source, "data chunk at offset " + pos + " declares "
                                + claimed + " bytes but only " + available + " follow (truncated file?)");
                    }
                    dataOffset = body;
                    dataSize = claimed;
                    size = claimed;
                }
                default -> {
                    if (size > available) {
                        if (fmt != null && dataOffset >= 0) {
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
        if (fmt == null || dataOffset < 0) {
            throw new AudioDecodeException(source, "WAV file ends without " + (fmt == null ? "a fmt chunk" : "a data chunk")
                    + " (truncated file?)");
        }
        return fmt.decode(r, dataOffset, dataSize, limits);
    }

    /**
     * The data chunk's length: its size field, or RF64's ds64 length where the field says "see ds64",
     * or everything that follows for the streaming size {@code 0xFFFFFFFF} ("unknown, to the end").
     */
    private static long dataBytes(boolean rf64, long size, long rf64DataSize, long available) {
        long claimed = rf64 && size == SIZE_UNKNOWN && rf64DataSize >= 0 ? rf64DataSize : size;
        return claimed == SIZE_UNKNOWN ? available : claimed;
    }

    /** Where a WAV file's samples lie: its format, and the data chunk's offset and length in bytes. */
    private record Layout(Fmt fmt, long dataOffset, long dataSize) {

        /** Whole frames in the data chunk (a trailing partial frame is dropped, as the whole decoder drops it). */
        long frames() {
            return dataSize / fmt.blockAlign();
        }

        /** The frames as {@link PcmFile} reads them ({@link #open} saw that they fit an array). */
        PcmFile pcm(String source) {
            return new PcmFile("WAV", source, dataOffset, (int) frames(), fmt.channels(), fmt.blockAlign(), fmt::sample);
        }
    }

    /**
     * The layout of a well-formed WAV file from its first bytes ({@code head}; {@code fileSize} is the whole
     * file's), or null for anything else: not RIFF/RF64 WAVE, the fmt chunk missing before the data chunk or
     * not within {@code head}, an encoding or layout this class does not read, a data chunk longer than the
     * file. The caller then decodes the file whole, which says what is wrong (or hands it to ffmpeg).
     */
    private static Layout layout(byte[] head, long fileSize, String source) {
        Reader r = new Reader(head, source);
        if (head.length < 12 || !r.id(8).equals("WAVE") || !(r.id(0).equals("RIFF") || r.id(0).equals("RF64"))) {
            return null;
        }
        boolean rf64 = r.id(0).equals("RF64");
        Fmt fmt = null;
        long rf64DataSize = -1;
        long pos = 12;
        while (pos + CHUNK_HEADER <= head.length) {
            int at = (int) pos;
            String id = r.id(at);
            long size = r.u32(at + 4);
            int body = at + CHUNK_HEADER;
            long available = fileSize - body;
            switch (id) {
                case "fmt " -> {
                    if (size < FMT_MIN || body + size > head.length) {
                        return null;
                    }
                    try {
                        fmt = Fmt.parse(r, body, (int) size);
                    } catch (AudioDecodeException e) {
                        return null;
                    }
                }
                case "ds64" -> {
                    if (size < 24 || body + 24 > head.length) {
                        return null;
                    }
                    rf64DataSize = r.s64(body + 8);
                }
                case "data" -> {
                    long claimed = dataBytes(rf64, size, rf64DataSize, available);
                    if (fmt == null || claimed < 0 || claimed > available) {
                        return null;
                    }
                    return new Layout(fmt, body, claimed);
                }
                default -> { }
            }
            pos = body + size + (size & 1);
        }
        return null;
    }

    /** Bytes of a file read to find its layout: headers before the data chunk are small. */
    private static final int HEAD_BYTES = 1 << 16;

    /**
     * The WAV file's samples as one channel, mixed as {@link AudioClip#downmix()} mixes them (the
     * channels' mean, or the loudest channel where the mean cancels them), read from the file block by
     * block: neither the file's bytes nor its separate channels are ever held, only the mixed channel.
     * The same samples as decoding the file whole and calling {@link AudioClip#downmix()}, to the bit.
     * Null when the file is not a WAV file this can read so (see {@link #layout}).
     */
    static AudioClip downmixed(Path file, String source, DecodeLimits limits, int blockFrames) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = open(in, source);
            if (layout == null) {
                return null;
            }
            Fmt fmt = layout.fmt();
            limits.check(source, layout.frames(), fmt.channels(), fmt.sampleRate(), true);
            return AudioClip.mono(layout.pcm(source).mixed(in, blockFrames), fmt.sampleRate());
        }
    }

    /**
     * How many channels a WAV file that {@link #channel} can read holds, or 0 where it cannot read it so
     * (see {@link #layout}).
     */
    static int channels(Path file, String source) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = open(in, source);
            return layout == null ? 0 : layout.fmt().channels();
        }
    }

    /**
     * Channel {@code channel} of a WAV file, read from the file block by block: the same samples as
     * decoding the file whole and taking that channel, and its errors (a float that is not a number in any
     * channel). Null where the file cannot be read so.
     */
    static AudioClip channel(Path file, String source, DecodeLimits limits, int blockFrames, int channel) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = open(in, source);
            if (layout == null) {
                return null;
            }
            Fmt fmt = layout.fmt();
            if (channel < 0 || channel >= fmt.channels()) {
                throw new IllegalArgumentException("channel " + channel + " of " + fmt.channels());
            }
            limits.check(source, layout.frames(), fmt.channels(), fmt.sampleRate(), true);
            float[] out = layout.pcm(source).channel(in, blockFrames, channel, fmt.tag() == WavFormat.TAG_IEEE_FLOAT);
            return AudioClip.mono(out, fmt.sampleRate());
        }
    }

    /**
     * The layout of the WAV file open as {@code in}, from its first {@value #HEAD_BYTES} bytes; null where
     * {@link #layout} finds none, or the data chunk holds no sample or more than an array can.
     */
    private static Layout open(FileChannel in, String source) throws IOException {
        long fileSize = in.size();
        ByteBuffer headBuffer = ByteBuffer.allocate((int) Math.min(fileSize, HEAD_BYTES));
        while (headBuffer.hasRemaining() && in.read(headBuffer, headBuffer.position()) > 0) {
            // positional reads until the head is full or the file ends
        }
        Layout layout = layout(Arrays.copyOf(headBuffer.array(), headBuffer.position()), fileSize, source);
        if (layout == null) {
            return null;
        }
        long frames = layout.dataSize() / layout.fmt().blockAlign();
        if (frames == 0 || frames > Integer.MAX_VALUE - 8) {
            return null; // the whole decoder says what is wrong
        }
        // the whole decoder reads every chunk after the data too, and a later fmt chunk would be the one it
        // used: such a file (or one with too many chunks to walk here) is left to it
        long next = layout.dataOffset() + layout.dataSize() + (layout.dataSize() & 1);
        ByteBuffer header = ByteBuffer.allocate(CHUNK_HEADER).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int chunks = 0; next + CHUNK_HEADER <= fileSize; chunks++) {
            header.clear();
            PcmFile.readFully(in, header, next, "WAV", source);
            if (chunks == MAX_TRAILING_CHUNKS
                    || new String(header.array(), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("fmt ")) {
                return null;
            }
            long size = header.getInt(4) & 0xFFFF_FFFFL;
            next += CHUNK_HEADER + size + (size & 1);
        }
        return layout;
    }

    /** Chunks after the data that {@link #open} walks before it leaves a file to the whole decoder. */
    private static final int MAX_TRAILING_CHUNKS = 1000;

    private static String missing(Fmt fmt, int dataOffset) {
        if (fmt == null) {
            return " (no fmt chunk yet)";
        }
        return dataOffset < 0 ? " (no data chunk yet)" : "";
    }

    private static AudioDecodeException truncatedChunk(String source, String id, int pos, long size, long available) {
        return new AudioDecodeException(source, "chunk " + quoteId(id) + " at offset " + pos + " declares " + size
                + " bytes but only " + available + " follow (truncated file?)");
    }

    private static String quoteId(String id) {
        return "'" + id.replaceAll("[^\\x20-\\x7E]", "?") + "'";
    }

    /** The parsed {@code fmt } chunk. */
    private record Fmt(String source, int tag, int channels, int sampleRate, int blockAlign, int bits, boolean extensible) {

        static Fmt parse(Reader r, int o, int size) throws AudioDecodeException {
            String source = r.source;
            int tag = r.u16(o);
            int channels = r.u16(o + 2);
            long rate = r.u32(o + 4);
            int blockAlign = r.u16(o + 12);
            int bits = r.u16(o + 14);
            boolean extensible = false;
            if (tag == WavFormat.TAG_EXTENSIBLE) {
                if (size < FMT_EXTENSIBLE) {
                    throw new AudioDecodeException(source, "WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size
                            + " bytes, expected " + FMT_EXTENSIBLE);
                }
                int guid = o + 24;
                int sub = WaveGuids.formatTag(r.data, guid);
                if (sub < 0) {
                    throw new AudioDecodeException(source, "unsupported WAVE_FORMAT_EXTENSIBLE sub-format {"
                            + WaveGuids.toString(r.data, guid) + "}, expected PCM or IEEE float");
                }
                tag = sub;
                extensible = true;
            }
            if (channels == 0) {
                throw new AudioDecodeException(source, "WAV header declares 0 channels, expected at least 1");
            }
            AudioDecoder.checkSampleRate(source, rate);
            if (tag != WavFormat.TAG_PCM && tag != WavFormat.TAG_IEEE_FLOAT && tag != TAG_MU_LAW && tag != TAG_A_LAW) {
                throw new ForeignEncodingException(source, "unsupported WAV encoding " + encodingName(tag)
                        + ", expected PCM (8/16/24/32-bit), IEEE float (32/64-bit), mu-law or A-law",
                        "WAV in " + encodingName(tag));
            }
            if (blockAlign == 0 || blockAlign % channels != 0) {
                throw new AudioDecodeException(source, "WAV block align " + blockAlign + " is not a positive multiple of "
                        + channels + " channels");
            }
            int container = blockAlign / channels;
            boolean ok = switch (tag) {
                case WavFormat.TAG_PCM -> container >= 1 && container <= 4 && bits >= 1 && bits <= container * 8;
                case WavFormat.TAG_IEEE_FLOAT -> (container == 4 || container == 8) && bits == container * 8;
                default -> container == 1 && bits == 8; // G.711: one byte a sample
            };
            if (!ok) {
                throw new AudioDecodeException(source, "unsupported WAV sample layout: " + encodingName(tag) + ", "
                        + bits + " bits in " + container + "-byte samples; expected PCM 8/16/24/32-bit, float 32/64-bit"
                        + " or 8-bit mu-law / A-law");
            }
            return new Fmt(source, tag, channels, (int) rate, blockAlign, bits, extensible);
        }

        AudioClip decode(Reader r, int offset, long size, DecodeLimits limits) throws AudioDecodeException {
            int container = blockAlign / channels;
            long frames = size / blockAlign;
            if (frames == 0) {
                throw new AudioDecodeException(source, "WAV data chunk holds no samples (" + size + " bytes)");
            }
            limits.check(source, frames, channels, sampleRate, true);
            // frames * channels * container <= size <= data.length, so these arrays never exceed the input
            float[][] out = new float[channels][(int) frames];
            byte[] d = r.data;
            // frame by frame, channel by channel: the first invalid sample in the file is the one named, as
            // when the file is mixed or read channel by channel while it is read (PcmFile)
            for (int i = 0; i < frames; i++) {
                int p = offset + i * blockAlign;
                for (int c = 0; c < channels; c++, p += container) {
                    out[c][i] = sample(d, p, container, c, i);
                }
            }
            return new AudioClip(out, sampleRate);
        }

        /** Sample {@code index} of {@code channel}, whose bytes start at {@code p}. */
        float sample(byte[] d, int p, int channel, int index) throws AudioDecodeException {
            return sample(d, p, blockAlign / channels, channel, index);
        }

        private float sample(byte[] d, int p, int container, int channel, int index) throws AudioDecodeException {
            if (tag == TAG_MU_LAW) {
                return G711.muLaw(d[p]);
            }
            if (tag == TAG_A_LAW) {
                return G711.aLaw(d[p]);
            }
            if (tag == WavFormat.TAG_IEEE_FLOAT) {
                double v = container == 4
                        ? Float.intBitsToFloat(le32(d, p))
                        : Double.longBitsToDouble((le32(d, p) & 0xFFFF_FFFFL) | (long) le32(d, p + 4) << 32);
                float f = (float) v;
                if (!Float.isFinite(f)) {
                    throw new AudioDecodeException(source, "float sample " + index + " of channel " + channel + " is " + v
                            + "; samples must be finite numbers");
                }
                return f;
            }
            return switch (container) {
                case 1 -> ((d[p] & 0xFF) - 128) / 128f;
                case 2 -> (short) ((d[p] & 0xFF) | d[p + 1] << 8) / 32768f;
                case 3 -> ((d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | d[p + 2] << 16) / 8388608f;
                default -> (float) (le32(d, p) / 2147483648.0);
            };
        }

        private static int le32(byte[] d, int p) {
            return (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF) << 16 | d[p + 3] << 24;
        }
    }

    /** Names of the WAV format tags people actually meet (mmreg.h). */
    static String encodingName(int tag) {
        String name = switch (tag) {
            case 0x0000 -> "unknown (format tag 0)";
            case 0x0001 -> "PCM";
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0003 -> "IEEE float";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG audio";
            case 0x0055 -> "MPEG Layer III (MP3 in WAV)";
            case 0x00FF -> "AAC";
            case 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
            case 0xF1AC -> "FLAC in WAV";
            default -> null;
        };
        String hex = String.format(Locale.ROOT, "0x%04X", tag);
        return name == null ? "format tag " + hex : name + " (format tag " + hex + ")";
    }

    /** Little-endian field access with bounds already checked by the chunk walk. */
    private static final class Reader {
        final byte[] data;
        final String source;

        Reader(byte[] data, String source) {
            this.data = data;
            this.source = source;
        }

        String id(int p) {
            return new String(data, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        String quote(int p, int n) {
            StringBuilder sb = new StringBuilder("'");
            for (int i = p; i < p + n && i < data.length; i++) {
                int b = data[i] & 0xFF;
                sb.append(b >= 0x20 && b < 0x7F ? Character.toString(b) : String.format(Locale.ROOT, "\\x%02X", b));
            }
            return sb.append("'").toString();
        }

        int u16(int p) {
            return (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8;
        }

        long u32(int p) {
            return (u16(p) | (long) u16(p + 2) << 16) & 0xFFFF_FFFFL;
        }

        long s64(int p) {
            return u32(p) | u32(p + 4) << 32;
        }
    }
}
