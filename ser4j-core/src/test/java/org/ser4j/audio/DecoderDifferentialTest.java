package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of our decoders against FFmpeg (issue 20): FFmpeg encodes one signal into every
 * variant of the formats we claim (WAV: 8/16/24/32-bit PCM, float 32/64, mono to 6 channels, 8 to
 * 96 kHz; AIFF: 8/16/24/32-bit big-endian PCM, AIFF-C 'sowt', 'fl32' and 'fl64'; FLAC: 16 and 24 bit,
 * compression levels 0/5/12, several block sizes; MP3: CBR 32-320 kbit/s and VBR, 8 to 48 kHz),
 * decodes each to 32-bit float, and our decoder must give the same samples: exactly for WAV, AIFF and
 * FLAC. MP3 decoders differ by design: JLayer rounds to 16 bits and keeps the LAME tag's frame and the
 * encoder's delay and padding, which FFmpeg trims; so our MP3 output must be FFmpeg's behind that
 * delay, within a small decoder difference. G.711 mu-law and A-law (WAV and AIFF-C), the call recorders'
 * encodings, must decode exactly as FFmpeg decodes them. Encodings inside WAV or AIFF-C that we do not
 * decode (ADPCM) go through FFmpeg where allowed and are refused by name where not. Skipped where
 * {@code ffmpeg} is not installed; CI installs it.
 */
class DecoderDifferentialTest {

    /**
     * Our MP3 samples against FFmpeg's, peaks at -12 dBFS: the difference at least this far below the
     * signal. Measured on 18 variants (8/16/22.05/44.1/48 kHz, mono and stereo): 52.9-53.2 dB, the largest difference 0.00053-0.00076 of full
     * scale (about 20 steps of 16 bits): JLayer's synthesis is less exact than FFmpeg's float decoder.
     * At full scale the difference grows where the codec overshoots 1.0, which JLayer's 16-bit output
     * clips and FFmpeg's float output keeps.
     */
    private static final double MP3_MIN_SNR_DB = 50;
    private static final double MP3_MAX_DIFFERENCE = 0.002;

    @TempDir
    static Path dir;

    private static boolean ffmpeg;

    @BeforeAll
    static void findFfmpeg() {
        try {
            ffmpeg = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            ffmpeg = false;
        }
    }

    /** A 1.2 s test signal per channel: a sweep, a tone and noise at different levels, peaks near full scale. */
    private static Path source(int rate, int channels) throws IOException {
        return source(rate, channels, 1f);
    }

    private static Path source(int rate, int channels, float gain) throws IOException {
        int n = (int) (1.2 * rate);
        float[][] x = new float[channels][n];
        Random random = new Random(rate * 31L + channels);
        for (int c = 0; c < channels; c++) {
            double phase = 0;
            for (int i = 0; i < n; i++) {
                double f = 100 + (rate * 0.45 - 100) * i / n;
                phase += 2 * Math.PI * f / rate;
                x[c][i] = (float) (0.5 * Math.sin(phase + c) + 0.3 * Math.sin(2 * Math.PI * 440 * i / rate)
                        + 0.15 * random.nextGaussian() * (i % 4000 < 2000 ? 1 : 0.01));
                x[c][i] = gain * Math.max(-0.99f, Math.min(0.99f, x[c][i]));
            }
        }
        Path f = dir.resolve("src-" + rate + "-" + channels + "-" + gain + ".wav");
        if (!Files.exists(f)) {
            WavEncoder.write(new AudioClip(x, rate), WavFormat.FLOAT_32, f);
        }
        return f;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg timed out: " + command);
        assertEquals(0, p.exitValue(), command + "\n" + new String(log));
    }

    /** FFmpeg's encoding of {@code source} with {@code args}, into {@code name}. */
    private static Path encode(Path source, String name, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", source.toString()));
        cmd.addAll(List.of(args));
        cmd.add(out.toString());
        run(cmd);
        return out;
    }

    /** FFmpeg's decoding of {@code file}: interleaved float samples, {@code [channels][frames]}. */
    private static float[][] ffmpegDecode(Path file, int channels) throws IOException, InterruptedException {
        Path raw = dir.resolve(file.getFileName() + ".f32");
        run(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", file.toString(), "-f", "f32le",
                "-acodec", "pcm_f32le", raw.toString()));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        int frames = b.remaining() / 4 / channels;
        float[][] x = new float[channels][frames];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                x[c][i] = b.getFloat();
            }
        }
        return x;
    }

    private static void assertSameSamples(Path file, int rate, int channels, double tolerance) throws Exception {
        AudioClip ours = AudioDecoder.decode(file);
        float[][] theirs = ffmpegDecode(file, channels);
        String what = file.getFileName().toString();
        assertEquals(rate, ours.sampleRate(), what + ": rate");
        assertEquals(channels, ours.channelCount(), what + ": channels");
        assertEquals(theirs[0].length, ours.frames(), what + ": frames");
        double worst = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < ours.frames(); i++) {
                worst = Math.max(worst, Math.abs(ours.channels()[c][i] - theirs[c][i]));
            }
        }
        assertTrue(worst <= tolerance, what + ": largest difference " + worst + " > " + tolerance);
    }

    @Test
    void wavVariantsDecodeToFfmpegsSamples() throws Exception {
        assumeTrue(ffmpeg, "ffmpeg is not installed");
        int[][] shapes = {{8000, 1}, {22050, 2}, {48000, 6}, {96000, 2}};
        String[] codecs = {"pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_f64le"};
        int files = 0;
        for (int[] s : shapes) {
            Path src = source(s[0], s[1]);
            for (String codec : codecs) {
                Path f = encode(src, "w-" + s[0] + "-" + s[1] + "-" + codec + ".wav", "-c:a", codec);
                assertSameSamples(f, s[0], s[1], 0.0);
                files++;
            }
        }
        assertEquals(24, files);
    }

    @Test
    void aiffVariantsDecodeToFfmpegsSamples() throws Exception {
        assumeTrue(ffmpeg, "ffmpeg is not installed");
        // FFmpeg writes AIFF for big-endian integers and AIFF-C for the rest: 'sowt', 'fl32', 'fl64'
        int[][] shapes = {{8000, 1}, {22050, 2}, {48000, 6}};
        String[] codecs = {"pcm_s8", "pcm_s16be", "pcm_s24be", "pcm_s32be", "pcm_s16le", "pcm_f32be", "pcm_f64be"};
        int files = 0;
        for (int[] s : shapes) {
            Path src = source(s[0], s[1]);
            for (String codec : codecs) {
                Path f = encode(src, "a-" + s[0] + "-" + s[1] + "-" + codec + ".aiff", "-c:a", codec);
                assertSameSamples(f, s[0], s[1], 0.0);
                files++;
            }
        }
        assertEquals(21, files);
    }

    @Test
    void flacVariantsDecodeToFfmpegsSamples() throws Exception {
        assumeTrue(ffmpeg, "ffmpeg is not installed");
        int[][] shapes = {{8000, 1}, {44100, 2}, {96000, 2}};
        for (int[] s : shapes) {
            Path src = source(s[0], s[1]);
            for (String level : List.of("0", "5", "12")) {
                for (String bits : List.of("s16", "s32")) {
                    List<String> args = new ArrayList<>(List.of("-c:a", "flac", "-compression_level", level, "-sample_fmt", bits));
                    if (bits.equals("s32")) {
                        args.addAll(List.of("-bits_per_raw_sample", "24"));
                    }
                    Path f = encode(src, "f-" + s[0] + "-" + s[1] + "-" + level + "-" + bits + ".flac", args.toArray(String[]::new));
                    assertSameSamples(f, s[0], s[1], 0.0);
                }
            }
            for (String block : List.of("576", "1152", "4608", "16384")) {
                Path f = encode(src, "fb-" + s[0] + "-" + s[1] + "-" + block + ".flac", "-c:a", "flac",
                        "-frame_size", block, "-sample_fmt", "s16");
                assertSameSamples(f, s[0], s[1], 0.0);
            }
        }
    }

    @Test
    void mp3VariantsAreFfmpegsSamplesWithTheEncoderDelayKept() throws Exception {
        assumeTrue(ffmpeg, "ffmpeg is not installed");
        int[][] shapes = {{8000, 1}, {22050, 2}, {44100, 2}, {48000, 1}};
        for (int[] s : shapes) {
            // peaks at -12 dBFS: the codec's overshoot stays below full scale, where JLayer's 16-bit output clips
            Path src = source(s[0], s[1], 0.25f);
            List<List<String>> modes = List.of(List.of("-b:a", "32k"), List.of("-b:a", "128k"), List.of("-q:a", "2"));
            for (List<String> mode : modes) {
                if (s[0] >= 32000 || !mode.contains("320k")) {
                    List<String> args = new ArrayList<>(List.of("-c:a", "libmp3lame"));
                    args.addAll(mode);
                    Path f = encode(src, "m-" + s[0] + "-" + s[1] + "-" + String.join("", mode) + ".mp3",
                            args.toArray(String[]::new));
                    assertMp3MatchesFfmpeg(f, s[0], s[1]);
                }
            }
        }
    }

    /**
     * Our MP3 output is FFmpeg's (which drops the encoder delay and padding of the LAME tag) with
     * that delay in front: found as the lag of best agreement, it must be the LAME tag's own frame
     * (JLayer decodes it as a silent frame) plus LAME's 1105 samples (576 encoder delay + 529 decoder
     * delay), and the samples must agree to within a 16-bit step plus a little more
     * (JLayer rounds to 16 bits; two correct decoders may differ in the last bits of the synthesis).
     */
    private static void assertMp3MatchesFfmpeg(Path file, int rate, int channels) throws Exception {
        AudioClip ours = AudioDecoder.decode(file);
        float[][] theirs = ffmpegDecode(file, channels);
        String what = file.getFileName().toString();
        assertEquals(rate, ours.sampleRate(), what + ": rate");
        assertEquals(channels, ours.channelCount(), what + ": channels");
        float[] a = ours.channels()[0];
        float[] b = theirs[0];
        int bestLag = -1;
        double bestError = Double.MAX_VALUE;
        for (int lag = 0; lag <= 3000 && lag < a.length; lag++) {
            double err = 0;
            int n = Math.min(b.length, a.length - lag);
            for (int i = 0; i < n; i += 7) {
                double d = a[i + lag] - b[i];
                err += d * d;
            }
            if (err < bestError) {
                bestError = err;
                bestLag = lag;
            }
        }
        // the LAME tag's frame (silent, decoded like any frame: 1152 samples in MPEG-1, 576 in MPEG-2/2.5),
        // then the encoder's 576 and the decoder's 529 samples of delay
        int frame = rate >= 32_000 ? 1152 : 576;
        assertEquals(frame + 1105, bestLag, what + ": delay in front of FFmpeg's samples");
        double worst = 0;
        double signal = 0;
        double noise = 0;
        for (int c = 0; c < channels; c++) {
            int n = Math.min(theirs[c].length, ours.frames() - bestLag);
            for (int i = 0; i < n; i++) {
                double d = ours.channels()[c][i + bestLag] - theirs[c][i];
                worst = Math.max(worst, Math.abs(d));
                signal += theirs[c][i] * theirs[c][i];
                noise += d * d;
            }
        }
        double snr = 10 * Math.log10(signal / Math.max(noise, 1e-30));
        System.out.printf("DecoderDifferentialTest: %s: delay %d, difference from FFmpeg %.1f dB below the signal,"
                + " largest %.5f%n", what, bestLag, snr, worst);
        assertTrue(snr > MP3_MIN_SNR_DB, what + ": our samples are " + snr + " dB above their difference from FFmpeg's");
        assertTrue(worst < MP3_MAX_DIFFERENCE, what + ": largest difference from FFmpeg's samples " + worst);
        assertTrue(ours.frames() >= theirs[0].length + bestLag, what + ": our stream keeps the padding at the end too");
    }

    @Test
    void telephoneEncodingsDecodeToFfmpegsSamples() throws Exception {
        assumeTrue(ffmpeg, "ffmpeg is not installed");
        int[][] shapes = {{8000, 1}, {8000, 2}, {16000, 1}};
        int files = 0;
        for (int[] s : shapes) {
            Path src = source(s[0], s[1]);
            for (String codec : List.of("pcm_mulaw", "pcm_alaw")) {
                for (String container : List.of(".wav", ".aiff")) { // AIFF-C 'ulaw' and 'alaw'
                    Path f = encode(src, "g-" + s[0] + "-" + s[1] + "-" + codec + container, "-c:a", codec);
                    assertSameSamples(f, s[0], s[1], 0.0);
                    files++;
                }
            }
        }
        assertEquals(12, files);
    }

    @Test
    void encodingsWeDoNotDecodeGoThroughFfmpegOrAreRefusedByName() throws Exception {
        assumeTrue(ffmpeg, "ffmpeg is not installed");
        Path src = source(8000, 1);
        String[][] cases = {
            {"adpcm_ima_wav", ".wav", "IMA ADPCM (format tag 0x0011)"},
            {"adpcm_ms", ".wav", "Microsoft ADPCM (format tag 0x0002)"},
            {"adpcm_ima_qt", ".aiff", "'ima4' (IMA ADPCM"},
        };
        for (String[] c : cases) {
            Path f = encode(src, "e-" + c[0] + c[1], "-c:a", c[0]);
            assertSameSamples(f, 8000, 1, 0.0); // ffmpeg's own samples, through ffmpeg
            AudioDecodeException e = assertThrows(AudioDecodeException.class,
                    () -> AudioDecoder.decode(f, AudioDecoderFuzzTest.DECODERS_OF_OUR_OWN));
            assertTrue(e.getMessage().startsWith(f + ": unsupported ") && e.getMessage().contains(c[2]), e.getMessage());
        }
    }
}
