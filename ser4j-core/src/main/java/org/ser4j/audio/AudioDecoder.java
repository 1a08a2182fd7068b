package org.ser4j.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decodes WAV (RIFF/RF64; PCM, float, G.711 mu-law and A-law), AIFF (and AIFF-C), FLAC and MP3 into an
 * {@link AudioClip} of float samples, and every other format through an installed ffmpeg where the caller
 * allows it ({@link FfmpegDecoder}, {@link DecodeLimits#external()}: M4A, Ogg Opus and Vorbis, WebM, AMR,
 * and WAV or AIFF-C in encodings read here neither, such as IMA ADPCM or GSM 6.10),
 * choosing the format by the leading magic bytes, never by the file name: {@code RIFF}/{@code RF64} is
 * WAV, {@code FORM} with form type {@code AIFF} or {@code AIFC} is AIFF (so an AIFF file named
 * {@code .wav}, as two files of TESS are, decodes as the AIFF it is), {@code fLaC} is FLAC and an MPEG
 * frame sync is MP3. ID3v2 tags in front of FLAC or MP3 are skipped.
 *
 * <p>Sample conventions: integer samples become {@code v / 2^(N-1)} (16-bit: {@code v / 32768}, as
 * librosa and SEC-PyTorch), 8-bit unsigned WAV {@code (v - 128) / 128}, 8-bit signed AIFF {@code v / 128},
 * floats are kept as they are. FLAC decoding is bit-exact. AIFF's 80-bit extended sample rate is
 * decoded exactly and rounded to whole hertz where it has a fraction (see {@link AiffDecoder}).
 *
 * <p>Every failure is an {@link AudioDecodeException} whose message starts with the source name and
 * says what was expected and found: empty or truncated input, unknown magic, zero channels, a sample
 * rate outside [{@value #MIN_SAMPLE_RATE}, {@value #MAX_SAMPLE_RATE}] Hz, unsupported encodings
 * (ADPCM, GSM 6.10, MACE, ... where ffmpeg is not allowed or cannot read them either: named), NaN or infinite float samples, corrupt codec
 * frames, an input that holds no samples at all. No header value is trusted for allocation: memory is bounded by the
 * bytes actually present (see {@link #MAX_SAMPLES_PER_INPUT_BYTE}). Decoding is stateless and
 * thread-safe.
 *
 * <p>Callers that accept less (a server, a memory budget) pass {@link DecodeLimits}: a duration and a
 * sample count, checked before the samples are allocated (from the header's length where the format
 * states it), ending in {@link AudioLimitException}. Without limits, an hour of FLAC silence of a few
 * hundred kilobytes decodes to the 690 MB of floats it really holds.
 *
 * <p>Decisions for damaged but readable files:
 * <ul>
 *   <li>WAV: a data chunk that claims more bytes than the file holds is refused as truncated (we do
 *       not guess how much of it is real), except the streaming size {@code 0xFFFFFFFF}, which is
 *       read to the end of the input; a broken chunk <em>after</em> the data chunk is ignored; a
 *       trailing partial frame is dropped; the RIFF size field is not trusted.</li>
 *   <li>WAV floats: NaN and infinities are refused; finite values outside [-1, 1] are kept.</li>
 *   <li>AIFF: the same rules as WAV for truncated and broken chunks; the SSND chunk must hold every
 *       frame the COMM chunk declares; uncompressed PCM ({@code NONE}, {@code twos}, {@code sowt})
 *       and {@code fl32}/{@code fl64} floats are read, other AIFF-C compression types refused by
 *       name.</li>
 *   <li>FLAC: any CRC error, gap between frames, or a sample count different from STREAMINFO's is
 *       refused (no silent zeroing or skipping of frames).</li>
 *   <li>MP3: decoded as JLayer decodes it (frames it can sync on), encoder delay included; an input
 *       with no decodable frame is refused.</li>
 *   <li>An input that decodes to zero samples is always an error, never an empty clip.</li>
 * </ul>
 */
public final class AudioDecoder {

    /** Lowest sample rate accepted: below telephone band (8 kHz) by far; lower is a broken header. */
    public static final int MIN_SAMPLE_RATE = 1_000;
    /** Highest sample rate accepted: 8 x 192 kHz; beyond that a header is absurd for audio. */
    public static final int MAX_SAMPLE_RATE = 1_536_000;
    /**
     * Most decoded samples (all channels) that one input byte may yield in FLAC and MP3, whose frame
     * size does not bound the output: digital silence in streamable FLAC (4096-sample blocks) yields
     * under 700 samples per byte, MP3 under 50. Beyond this ratio a stream is corrupt or hostile.
     */
    public static final int MAX_SAMPLES_PER_INPUT_BYTE = 1024;
    /** Every input may decode to at least this many samples (64 MiB of floats), whatever its size. */
    static final long MIN_SAMPLE_BUDGET = 1L << 24;
    /** Largest input we read into memory: Java arrays are indexed by int. */
    private static final long MAX_INPUT_BYTES = Integer.MAX_VALUE - 8;
    /** ID3v2 header: "ID3", version (2), flags (1), synchsafe size (4). */
    private static final int ID3_HEADER_BYTES = 10;

    /** Extensions of the formats read here (lower case, without the dot). */
    public static final List<String> OWN_EXTENSIONS = List.of("wav", "wave", "flac", "mp3", "aif", "aiff");
    /**
     * Extensions of the formats phones, messengers and browsers record that ffmpeg reads ({@link FfmpegDecoder}):
     * voice memos (M4A, AAC, 3GP, AMR, CAF), voice notes (Ogg Opus or Vorbis), browser recordings (WebM), WMA.
     */
    public static final List<String> FFMPEG_EXTENSIONS =
            List.of("m4a", "aac", "3gp", "amr", "caf", "ogg", "oga", "opus", "webm", "wma");
    /** Both: the extensions of every file a folder of recordings is searched for. */
    public static final List<String> FILE_EXTENSIONS =
            Stream.concat(OWN_EXTENSIONS.stream(), FFMPEG_EXTENSIONS.stream()).toList();

    private AudioDecoder() {}

    /** Decodes a file; the source name in errors is the path as given. */
    public static AudioClip decode(Path file) throws AudioDecodeException {
        return decode(file, DecodeLimits.NONE);
    }

    /** Decodes a file within {@code limits} ({@link AudioLimitException} beyond them). */
    public static AudioClip decode(Path file, DecodeLimits limits) throws AudioDecodeException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new AudioDecodeException(source, "is a directory, expected an audio file (WAV, AIFF, FLAC or MP3)");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new AudioDecodeException(source, "is not a regular file (a device, pipe or socket), expected an audio file");
        }
        return decode(readFile(file, source), source, limits, file);
    }

    /** A file's bytes; a file too large for an array, a missing or unreadable one end in the message naming it. */
    private static byte[] readFile(Path file, String source) throws AudioDecodeException {
        try {
            long size = Files.size(file);
            if (size > MAX_INPUT_BYTES) {
                throw new AudioDecodeException(source, "file of " + size + " bytes is too large to decode in memory (limit "
                        + MAX_INPUT_BYTES + " bytes); split it first");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AudioDecodeException(source, "no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new AudioDecodeException(source, "cannot be read: permission denied", e);
        } catch (AudioDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioDecodeException(source, "cannot be read: " + e, e);
        }
    }

    /** WAV, AIFF, FLAC and MP3 files larger than this are mixed while decoded by {@link #decodeDownmixed}; smaller ones decoded whole. */
    static final long STREAM_BYTES = 8L << 20;

    /**
     * A file's recording as one channel, mixed as {@link AudioClip#downmix()} mixes it (the channels'
     * mean, or the loudest channel where the mean cancels them), with the same samples as
     * {@code decode(file, limits).downmix()}. What it saves is memory: a WAV file of more than
     * {@value #STREAM_BYTES} bytes is read block by block, so that neither its bytes nor its separate
     * channels are held beside the mix (a 33-minute stereo 48 kHz file: 386 MB of bytes and 772 MB of
     * channels), and so is an AIFF file; a FLAC or MP3 file that large is mixed frame by frame as it is
     * decoded (its bytes, a fraction of the samples' size, are held). Other files, and WAV and AIFF files
     * it cannot read so, are decoded whole, with {@link #decode(Path, DecodeLimits)}'s errors.
     */
    public static AudioClip decodeDownmixed(Path file, DecodeLimits limits) throws AudioDecodeException {
        String source = file.toString();
        String magic = largeFileMagic(file, source);
        if (isWavMagic(magic) || magic.equals("FORM")) {
            AudioClip mixed = wrapIo(source, () -> magic.equals("FORM")
                    ? AiffDecoder.downmixed(file, source, limits, PcmFile.BLOCK_FRAMES)
                    : WavDecoder.downmixed(file, source, limits, PcmFile.BLOCK_FRAMES));
            if (mixed != null) {
                return mixed;
            }
        } else if (!magic.isEmpty()) {
            byte[] data = readFile(file, source);
            int start = framedStart(data, source);
            if (start >= 0) {
                return startsWith(data, start, "fLaC") ? FlacDecoder.downmixed(data, start, source, limits)
                        : Mp3Decoder.downmixed(data, start, source, limits);
            }
            return mono(decode(data, source, limits, file));
        }
        return mono(decode(file, limits));
    }

    private static AudioClip mono(AudioClip clip) {
        return clip.channelCount() == 1 ? clip : AudioClip.mono(clip.downmix(), clip.sampleRate());
    }

    /** What {@link #forEachChannel} hands over: channel {@code channel} (from 0) of {@code channels}, as a mono clip. */
    @FunctionalInterface
    public interface ChannelConsumer {
        void accept(int channel, int channels, AudioClip clip) throws AudioDecodeException;
    }

    /**
     * Each of a file's channels in turn, as a mono clip: the same samples as {@code decode(file, limits)}'s
     * channels. A WAV or AIFF file of more than {@value #STREAM_BYTES} bytes is read once per channel, block by
     * block, so that one channel is held at a time and never the file's bytes; a FLAC or MP3 file that
     * large is decoded once per channel, keeping that channel only; other files are decoded whole once,
     * with {@link #decode(Path, DecodeLimits)}'s errors.
     */
    public static void forEachChannel(Path file, DecodeLimits limits, ChannelConsumer each) throws AudioDecodeException {
        String source = file.toString();
        String magic = largeFileMagic(file, source);
        byte[] data = null;
        if (isWavMagic(magic) || magic.equals("FORM")) {
            boolean aiff = magic.equals("FORM");
            int channels = wrapIo(source, () -> aiff ? AiffDecoder.channels(file, source) : WavDecoder.channels(file, source));
            for (int c = 0; c < channels; c++) {
                int channel = c;
                AudioClip clip = wrapIo(source, () -> aiff
                        ? AiffDecoder.channel(file, source, limits, PcmFile.BLOCK_FRAMES, channel)
                        : WavDecoder.channel(file, source, limits, PcmFile.BLOCK_FRAMES, channel));
                if (clip == null) {
                    throw new AudioDecodeException(source, "changed while it was read (channel " + (c + 1) + " of "
                            + channels + " could no longer be found)");
                }
                each.accept(c, channels, clip);
            }
            if (channels > 0) {
                return;
            }
        } else if (!magic.isEmpty()) {
            data = readFile(file, source);
            int start = framedStart(data, source);
            boolean flac = start >= 0 && startsWith(data, start, "fLaC");
            int channels = start < 0 ? 0 : flac ? FlacDecoder.channels(data, start, source, limits) : Mp3Decoder.channels(data, start);
            for (int c = 0; c < channels; c++) {
                each.accept(c, channels, flac ? FlacDecoder.channel(data, start, source, limits, c)
                        : Mp3Decoder.channel(data, start, source, limits, c));
            }
            if (channels > 0) {
                return;
            }
        }
        AudioClip clip = data != null ? decode(data, source, limits, file) : decode(file, limits);
        for (int c = 0; c < clip.channelCount(); c++) {
            each.accept(c, clip.channelCount(), AudioClip.mono(clip.channels()[c], clip.sampleRate()));
        }
    }

    private static boolean isWavMagic(String magic) {
        return magic.equals("RIFF") || magic.equals("RF64");
    }

    /**
     * Where a FLAC or MPEG audio stream starts in {@code data} (after any ID3v2 tags), told apart as
     * {@link #decode(byte[], String, DecodeLimits)} tells it; -1 for any other format.
     */
    private static int framedStart(byte[] data, String source) throws AudioDecodeException {
        if (data.length >= 4 && (isWav(data) || startsWith(data, 0, "FORM"))) {
            return -1;
        }
        int start = skipId3v2(data, source);
        return data.length - start >= 4 && (startsWith(data, start, "fLaC") || isMpegAudioSync(data, start)) ? start : -1;
    }

    /** The first four bytes of a regular file of more than {@value #STREAM_BYTES} bytes, as text; "" for any other. */
    private static String largeFileMagic(Path file, String source) throws AudioDecodeException {
        return wrapIo(source, () -> {
            if (!Files.isRegularFile(file) || Files.size(file) <= STREAM_BYTES) {
                return "";
            }
            try (InputStream in = Files.newInputStream(file)) {
                return new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
            }
        });
    }

    /** A file read that may fail. */
    @FunctionalInterface
    private interface FileRead<T> {
        T read() throws IOException;
    }

    /** {@code read}'s result; an I/O failure other than a decoding one ends in "cannot be read" naming the source. */
    private static <T> T wrapIo(String source, FileRead<T> read) throws AudioDecodeException {
        try {
            return read.read();
        } catch (AudioDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioDecodeException(source, "cannot be read: " + e, e);
        }
    }

    /** Decodes a whole stream (read to its end, not closed). */
    public static AudioClip decode(InputStream in, String sourceName) throws AudioDecodeException {
        return decode(in, sourceName, DecodeLimits.NONE);
    }

    /** Decodes a whole stream (read to its end, not closed) within {@code limits}. */
    public static AudioClip decode(InputStream in, String sourceName, DecodeLimits limits) throws AudioDecodeException {
        byte[] data;
        try {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new AudioDecodeException(sourceName, "reading the stream failed: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new AudioDecodeException(sourceName, "stream too large to decode in memory", e);
        }
        return decode(data, sourceName, limits);
    }

    /** Decodes audio held in memory; {@code sourceName} labels errors (a file name or an upload name). */
    public static AudioClip decode(byte[] data, String sourceName) throws AudioDecodeException {
        return decode(data, sourceName, DecodeLimits.NONE);
    }

    /** Decodes audio held in memory within {@code limits} ({@link AudioLimitException} beyond them). */
    public static AudioClip decode(byte[] data, String sourceName, DecodeLimits limits) throws AudioDecodeException {
        return decode(data, sourceName, limits, null);
    }

    /**
     * As {@link #decode(byte[], String, DecodeLimits)}; {@code file}, when not null, is the file {@code data}
     * was read from, which ffmpeg then reads itself instead of a temporary copy.
     */
    private static AudioClip decode(byte[] data, String sourceName, DecodeLimits limits, Path file) throws AudioDecodeException {
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null; use DecodeLimits.NONE");
        }
        String source = sourceName == null ? "<audio>" : sourceName;
        if (data.length == 0) {
            throw new AudioDecodeException(source, "empty input (0 bytes), expected a WAV, AIFF, FLAC or MP3 stream");
        }
        boolean wav = data.length >= 4 && isWav(data);
        if (wav || startsWith(data, 0, "FORM")) {
            try {
                return wav ? WavDecoder.decode(data, 0, source, limits)
                        : AiffDecoder.decode(data, 0, source, limits); // IFF: AIFF, AIFF-C, or a type it names and refuses
            } catch (ForeignEncodingException e) {
                Optional<Path> ffmpeg = limits.external() ? FfmpegDecoder.executable() : Optional.empty();
                if (ffmpeg.isEmpty()) {
                    throw new AudioDecodeException(source, e.getMessage().substring(source.length() + 2) + (limits.external()
                            ? ", or install ffmpeg (ser4j then decodes it through ffmpeg)" : ""), e);
                }
                return FfmpegDecoder.decode(data, file, source, limits, ffmpeg.get(), e.what() + ", which ser4j does not decode itself");
            }
        }
        int start = skipId3v2(data, source);
        if (data.length - start < 4) {
            throw new AudioDecodeException(source, "too short to be audio: " + (data.length - start) + " bytes"
                    + (start > 0 ? " after the ID3 tag" : "") + describe(data, start)
                    + ", expected a WAV, AIFF, FLAC or MP3 stream");
        }
        if (startsWith(data, start, "fLaC")) {
            return FlacDecoder.decode(data, start, source, limits);
        }
        if (isMpegAudioSync(data, start)) {
            return Mp3Decoder.decode(data, start, source, limits);
        }
        Optional<Path> ffmpeg = limits.external() ? FfmpegDecoder.executable() : Optional.empty();
        if (ffmpeg.isPresent()) {
            return FfmpegDecoder.decode(data, file, source, limits, ffmpeg.get(), unknownFormat(data, start, null));
        }
        throw new AudioDecodeException(source, unknownFormat(data, start, limits.external()
                ? "convert it to WAV, FLAC or MP3, or install ffmpeg (ser4j then decodes it through ffmpeg)"
                : "convert it to WAV, FLAC or MP3"));
    }

    /** Throws unless {@code rate} is a plausible audio sample rate. */
    static void checkSampleRate(String source, long rate) throws AudioDecodeException {
        if (rate == 0) {
            throw new AudioDecodeException(source, "header declares a sample rate of 0 Hz");
        }
        if (rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
            throw new AudioDecodeException(source, "header declares an absurd sample rate of " + rate + " Hz, expected "
                    + MIN_SAMPLE_RATE + " to " + MAX_SAMPLE_RATE + " Hz");
        }
    }

    /** The most samples (frames x channels) an input of {@code inputBytes} may decode to. */
    static long maxDecodedSamples(long inputBytes) {
        return Math.max(MIN_SAMPLE_BUDGET, inputBytes * MAX_SAMPLES_PER_INPUT_BYTE);
    }

    private static boolean isWav(byte[] d) {
        return startsWith(d, 0, "RIFF") || startsWith(d, 0, "RF64") || startsWith(d, 0, "RIFX");
    }

    /** Skips ID3v2 tags (ID3v2.4 section 3.1: synchsafe size, optional 10-byte footer). */
    private static int skipId3v2(byte[] d, String source) throws AudioDecodeException {
        int pos = 0;
        while (d.length - pos >= 3 && startsWith(d, pos, "ID3")) {
            if (d.length - pos < ID3_HEADER_BYTES) {
                throw new AudioDecodeException(source, "truncated ID3 tag: " + (d.length - pos) + " bytes, expected at least 10");
            }
            long size = 0;
            for (int i = 6; i < 10; i++) {
                size = size << 7 | (d[pos + i] & 0x7F);
            }
            boolean footer = (d[pos + 5] & 0x10) != 0;
            long next = pos + ID3_HEADER_BYTES + size + (footer ? ID3_HEADER_BYTES : 0);
            if (next > d.length) {
                throw new AudioDecodeException(source, "truncated: ID3 tag declares " + size + " bytes but only "
                        + (d.length - pos - ID3_HEADER_BYTES) + " follow");
            }
            pos = (int) next;
        }
        return pos;
    }

    /** An MPEG audio frame header: 11 sync bits, valid version, layer, bitrate and sample-rate index. */
    private static boolean isMpegAudioSync(byte[] d, int p) {
        if (d.length - p < 3) {
            return false;
        }
        int b1 = d[p + 1] & 0xFF;
        int b2 = d[p + 2] & 0xFF;
        return (d[p] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0
                && (b1 >> 3 & 0x3) != 1 // version 01 is reserved
                && (b1 >> 1 & 0x3) != 0 // layer 00 is reserved
                && (b2 >> 4) != 0xF // bitrate index 1111 is invalid
                && (b2 >> 2 & 0x3) != 3; // sample-rate index 11 is reserved
    }

    /**
     * What the leading bytes look like, for an input none of our decoders reads.
     *
     * @param advice what to do about a format we recognise but do not read, or null for none
     */
    private static String unknownFormat(byte[] d, int p, String advice) {
        String known = null;
        if (startsWith(d, p, "OggS")) {
            known = "an Ogg container (Vorbis/Opus)";
        } else if (startsWith(d, p, "FORM")) {
            known = "an IFF/AIFF file after an ID3 tag";
        } else if (startsWith(d, p, "caff")) {
            known = "a Core Audio (CAF) file";
        } else if (d.length - p >= 8 && startsWith(d, p + 4, "ftyp")) {
            known = "an MP4/M4A container";
        } else if (startsWith(d, p, "#!AM")) {
            known = "an AMR file";
        } else if ((d[p] & 0xFF) == 0x30 && (d[p + 1] & 0xFF) == 0x26 && (d[p + 2] & 0xFF) == 0xB2) {
            known = "an ASF/WMA file";
        }
        if (known != null) {
            return "unsupported format: looks like " + known + (advice == null ? "" : "; " + advice);
        }
        return "not a WAV, AIFF, FLAC or MP3 stream: expected 'RIFF', 'FORM', 'fLaC', 'ID3' or an MPEG frame sync, found"
                + describe(d, p);
    }

    /** The first bytes, as hex and printable text. */
    private static String describe(byte[] d, int p) {
        int n = Math.min(8, d.length - p);
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = p; i < p + n; i++) {
            int b = d[i] & 0xFF;
            hex.append(String.format(Locale.ROOT, " %02X", b));
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return n == 0 ? "" : " (" + hex.toString().trim() + " \"" + text + "\")";
    }

    private static boolean startsWith(byte[] d, int p, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (d.length - p < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (d[p + i] != m[i]) {
                return false;
            }
        }
        return true;
    }
}
