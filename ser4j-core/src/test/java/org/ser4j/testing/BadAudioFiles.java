package org.ser4j.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;

/**
 * The bad-file corpus of issue 5 as bytes, for end-to-end tests of the CLI and the server (the
 * decoder's own corpus is {@code BadAudioCorpusTest}): each case is a file name, its content and the
 * problem the user must be told (the start of the message after {@code "NAME: "}). The cases that
 * need a file system (a directory named like a file, unreadable permissions) are made by the tests.
 */
public final class BadAudioFiles {

    /** Sample rate of the generated WAVs. */
    public static final int RATE = 16_000;

    /** One corpus entry. */
    public record Case(String fileName, byte[] data, String problem) {
        @Override
        public String toString() {
            return fileName;
        }
    }

    private BadAudioFiles() {}

    /** The bad files: none of them can be turned into samples. */
    public static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("empty.wav", new byte[0], "empty"));
        byte[] good = goodWav();
        // truncated at each chunk boundary of RIFF(12) | fmt (8+16) | LIST(8+4) | data(8+...)
        c.add(new Case("cut-after-riff-header.wav", Arrays.copyOf(good, 12), "WAV file ends without a fmt chunk"));
        c.add(new Case("cut-after-fmt.wav", Arrays.copyOf(good, 36), "WAV file ends without a data chunk"));
        c.add(new Case("cut-after-list.wav", Arrays.copyOf(good, 48), "WAV file ends without a data chunk"));
        c.add(new Case("cut-after-data-header.wav", Arrays.copyOf(good, 56), "data chunk at offset 48 declares"));
        c.add(new Case("cut-in-fmt.wav", Arrays.copyOf(good, 30), "chunk 'fmt ' at offset 12 declares 16 bytes but only 10 follow"));
        byte[] flac = FlacTestWriter.encode(new int[][] {tone(2000)}, RATE, 16, 512);
        c.add(new Case("cut-after-flac-metadata.flac", Arrays.copyOf(flac, 42),
                "truncated FLAC: the stream ends after its metadata"));
        c.add(new Case("cut-in-flac-frame.flac", Arrays.copyOf(flac, flac.length - 100), "truncated FLAC"));
        c.add(new Case("wrong-magic.wav", patch(good, 0, "RIFQ"), "not a WAV, AIFF, FLAC or MP3 stream"));
        c.add(new Case("zero-channels.wav", patch16(good, 22, 0), "WAV header declares 0 channels"));
        c.add(new Case("zero-rate.wav", patch32(good, 24, 0), "header declares a sample rate of 0 Hz"));
        c.add(new Case("absurd-rate.wav", patch32(good, 24, 96_000_000), "header declares an absurd sample rate of 96000000 Hz"));
        c.add(new Case("nan.wav", floatWav(0.1f, Float.NaN, 0.2f), "float sample 1 of channel 0 is NaN"));
        c.add(new Case("infinity.wav", floatWav(0.1f, 0.2f, Float.POSITIVE_INFINITY), "float sample 2 of channel 0 is Infinity"));
        c.add(new Case("notes.wav", "Meeting notes, not a recording.\n".getBytes(StandardCharsets.UTF_8),
                "not a WAV, AIFF, FLAC or MP3 stream"));
        return List.copyOf(c);
    }

    /** 1.5 s of a 300 Hz tone as 16-bit WAV with a LIST chunk between fmt and data (offsets as in {@link #corpus()}). */
    public static byte[] goodWav() {
        byte[] plain = WavEncoder.encode(new AudioClip(new float[][] {toFloat(tone(RATE * 3 / 2))}, RATE), WavFormat.PCM_16);
        // plain: RIFF(12) fmt(24) data(8+n); insert a 12-byte LIST chunk before data
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 36);
        out.writeBytes("LIST".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {4, 0, 0, 0, 'I', 'N', 'F', 'O'});
        out.write(plain, 36, plain.length - 36);
        byte[] wav = out.toByteArray();
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, wav.length - 8);
        return wav;
    }

    /** One hour of FLAC at 48 kHz whose samples are all 1/32768 (-90 dBFS: digital silence), about 0.5 MB. */
    public static byte[] hourOfSilentFlac() {
        int block = 4096;
        int frames = 3600 * 48_000 / block + 1;
        return FlacTestWriter.encodeConstant(1, 48_000, 16, block, frames, (long) frames * block);
    }

    private static int[] tone(int n) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = (int) Math.round(8000 * Math.sin(2 * Math.PI * 300 * i / RATE));
        }
        return x;
    }

    private static float[] toFloat(int[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = x[i] / 32768f;
        }
        return f;
    }

    private static byte[] floatWav(float... samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 4 * samples.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1).putInt(RATE)
                .putInt(RATE * 4).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4 * samples.length);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    private static byte[] patch(byte[] data, int offset, String ascii) {
        byte[] out = data.clone();
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, offset, b.length);
        return out;
    }

    private static byte[] patch16(byte[] data, int offset, int value) {
        byte[] out = data.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return out;
    }

    private static byte[] patch32(byte[] data, int offset, int value) {
        byte[] out = data.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return out;
    }
}
