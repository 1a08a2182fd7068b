package org.ser4j.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an {@link AudioClip} as a RIFF/WAVE file in any {@link WavFormat}, with a classic
 * {@code fmt } chunk or a WAVE_FORMAT_EXTENSIBLE one.
 *
 * <p>Integer formats quantise {@code x} to {@code round(x * 2^(N-1))} and clip to the representable
 * range {@code [-2^(N-1), 2^(N-1) - 1]} (so 1.0 becomes the largest positive code, as every WAV writer
 * does); a sample {@code v / 2^(N-1)} round-trips exactly. Float formats store the value as is.
 * NaN or infinite samples are rejected with an {@link IllegalArgumentException}: no reader can
 * make sense of them.
 */
public final class WavEncoder {

    /** Which {@code fmt } chunk layout to write. */
    public enum Header {
        /** 16-byte PCM / 18-byte float {@code fmt } chunk (format tag 1 or 3). */
        CLASSIC,
        /** 40-byte WAVE_FORMAT_EXTENSIBLE chunk with valid bits, channel mask and sub-format GUID. */
        EXTENSIBLE
    }

    /** RIFF header (12) + fmt chunk header (8): bytes before the fmt payload. */
    private static final int RIFF_AND_FMT_HEADER_BYTES = 20;
    private static final int CHUNK_HEADER_BYTES = 8;
    /** Size of the WAVEFORMATEX fields after cbSize for EXTENSIBLE (mmreg.h): 22. */
    private static final int EXTENSIBLE_EXTRA_BYTES = 22;
    /** Speaker masks of mmreg.h: SPEAKER_FRONT_CENTER for mono, FRONT_LEFT|FRONT_RIGHT for stereo. */
    private static final int MASK_MONO = 0x4;
    private static final int MASK_STEREO = 0x3;

    private WavEncoder() {}

    /** The clip as WAV bytes with a classic header. */
    public static byte[] encode(AudioClip clip, WavFormat format) {
        return encode(clip, format, Header.CLASSIC);
    }

    public static byte[] encode(AudioClip clip, WavFormat format, Header header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(clip, format, header, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Writes the clip as WAV with a classic header; does not close {@code out}. */
    public static void write(AudioClip clip, WavFormat format, OutputStream out) throws IOException {
        write(clip, format, Header.CLASSIC, out);
    }

    /** Writes the clip to a file (created or replaced). */
    public static void write(AudioClip clip, WavFormat format, Path file) throws IOException {
        write(clip, format, Header.CLASSIC, file);
    }

    public static void write(AudioClip clip, WavFormat format, Header header, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(clip, format, header, out);
        }
    }

    /** Writes the clip as WAV; does not close {@code out}. */
    public static void write(AudioClip clip, WavFormat format, Header header, OutputStream out) throws IOException {
        int channels = clip.channelCount();
        int frames = clip.frames();
        int bytesPerSample = format.bytesPerSample();
        long dataBytes = (long) frames * channels * bytesPerSample;
        int fmtBytes = switch (header) {
            case CLASSIC -> format.floatingPoint() ? 18 : 16;
            case EXTENSIBLE -> 18 + EXTENSIBLE_EXTRA_BYTES;
        };
        long riffBytes = 4 + CHUNK_HEADER_BYTES + fmtBytes + CHUNK_HEADER_BYTES + dataBytes + (dataBytes & 1);
        if (riffBytes > 0xFFFF_FFFFL || channels > 0xFFFF) {
            throw new IllegalArgumentException("clip too large for a RIFF WAV file: " + clip);
        }
        ByteBuffer head = ByteBuffer.allocate(RIFF_AND_FMT_HEADER_BYTES + fmtBytes + CHUNK_HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        head.put(ascii("RIFF")).putInt((int) riffBytes).put(ascii("WAVE"));
        head.put(ascii("fmt ")).putInt(fmtBytes);
        head.putShort((short) (header == Header.EXTENSIBLE ? WavFormat.TAG_EXTENSIBLE : format.formatTag()));
        head.putShort((short) channels);
        head.putInt(clip.sampleRate());
        head.putInt(clip.sampleRate() * channels * bytesPerSample);
        head.putShort((short) (channels * bytesPerSample));
        head.putShort((short) format.bitsPerSample());
        if (fmtBytes >= 18) {
            head.putShort((short) (fmtBytes - 18));
        }
        if (header == Header.EXTENSIBLE) {
            head.putShort((short) format.bitsPerSample());
            head.putInt(channels == 1 ? MASK_MONO : channels == 2 ? MASK_STEREO : 0);
            head.put(WaveGuids.subFormat(format.formatTag()));
        }
        head.put(ascii("data")).putInt((int) dataBytes);
        out.write(head.array());
        writeSamples(clip, format, out);
        if ((dataBytes & 1) != 0) {
            out.write(0); // RIFF chunks are word aligned
        }
    }

    private static void writeSamples(AudioClip clip, WavFormat format, OutputStream out) throws IOException {
        float[][] ch = clip.channels();
        int frames = clip.frames();
        int frameBytes = ch.length * format.bytesPerSample();
        int framesPerBlock = Math.max(1, 65536 / frameBytes);
        ByteBuffer buf = ByteBuffer.allocate(framesPerBlock * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < frames; start += framesPerBlock) {
            int end = Math.min(frames, start + framesPerBlock);
            buf.clear();
            for (int i = start; i < end; i++) {
                for (int c = 0; c < ch.length; c++) {
                    float x = ch[c][i];
                    if (!Float.isFinite(x)) {
                        throw new IllegalArgumentException("sample " + i + " of channel " + c + " is " + x
                                + "; WAV samples must be finite");
                    }
                    putSample(buf, format, x);
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }

    private static void putSample(ByteBuffer buf, WavFormat format, float x) {
        switch (format) {
            case PCM_U8 -> buf.put((byte) (quantise(x, 8) + 128));
            case PCM_16 -> buf.putShort((short) quantise(x, 16));
            case PCM_24 -> {
                int v = (int) quantise(x, 24);
                buf.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            }
            case PCM_32 -> buf.putInt((int) quantise(x, 32));
            case FLOAT_32 -> buf.putFloat(x);
            case FLOAT_64 -> buf.putDouble(x);
        }
    }

    /** {@code round(x * 2^(bits-1))} clipped to the signed range of {@code bits}. */
    private static long quantise(float x, int bits) {
        double full = Math.scalb(1.0, bits - 1);
        long v = Math.round(x * full);
        return Math.max(-(long) full, Math.min((long) full - 1, v));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
