package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ser4j.testing.SharedData;

/**
 * Formats ser4j does not decode itself, as phones, messengers and browsers write them, made by ffmpeg
 * from a RAVDESS clip and decoded back through {@link AudioDecoder} (which hands them to ffmpeg).
 * Skipped where ffmpeg is not installed; CI installs it.
 */
class FfmpegDecoderTest {

    private static final String CLIP = "Actor_01/03-01-05-02-01-01-01.flac";

    @TempDir
    static Path dir;
    private static AudioClip original;

    @BeforeAll
    static void ffmpegPresent() throws Exception {
        assumeTrue(FfmpegDecoder.executable().isPresent(), "ffmpeg is not installed");
        original = AudioDecoder.decode(SharedData.ravdess().resolve(CLIP));
    }

    private static Path encode(String name, String... options) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i",
                SharedData.ravdess().resolve(CLIP).toString()));
        cmd.addAll(List.of(options));
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg " + cmd + ": " + log);
        return out;
    }

    private static double rmsDb(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return 10 * Math.log10(sum / x.length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "voice-memo.m4a, -c:a aac -b:a 64k, 48000",
        "voice-note.opus, -c:a libopus -b:a 24k, 48000",
        "recording.ogg, -c:a libvorbis, 48000",
        "browser.webm, -c:a libopus, 48000",
        "lossless.m4a, -c:a alac, 48000",
        "phone-call.m4a, -ar 8000 -ac 1 -c:a aac -b:a 16k, 8000",
    })
    void decodesWhatPhonesAndBrowsersRecord(String name, String options, int rate) throws Exception {
        Path file = encode(name, options.split(" "));
        AudioClip clip = AudioDecoder.decode(file);
        assertEquals(rate, clip.sampleRate(), name);
        assertEquals(1, clip.channelCount(), name);
        double seconds = (double) clip.frames() / clip.sampleRate();
        double expected = (double) original.frames() / original.sampleRate();
        assertEquals(expected, seconds, 0.05 + 2048.0 / rate, name + ": duration within two codec frames of padding");
        assertEquals(rmsDb(original.channels()[0]), rmsDb(clip.channels()[0]), 1.0, name + ": the same level");
    }

    @Test
    void aCallerThatDoesNotAllowFfmpegGetsTheFormatNamedAndAWayOut() throws Exception {
        Path file = encode("refused.m4a", "-c:a", "aac");
        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> AudioDecoder.decode(file, DecodeLimits.NONE.withExternal(false)));
        assertEquals(file + ": unsupported format: looks like an MP4/M4A container; convert it to WAV, FLAC or MP3",
                e.getMessage());
    }

    @Test
    void whatFfmpegCannotDecodeEitherIsRefusedWithBothReasons() {
        byte[] ogg = "OggS\0\2\0\0\0\0 and then nothing an Ogg reader can use".getBytes(StandardCharsets.ISO_8859_1);
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(ogg, "broken.ogg"));
        assertTrue(e.getMessage().startsWith("broken.ogg: unsupported format: looks like an Ogg container (Vorbis/Opus);"
                + " ffmpeg could not decode it either: "), e.getMessage());
        byte[] text = "hello, this is not audio at all\n".getBytes(StandardCharsets.US_ASCII);
        e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(text, "notes.txt"));
        assertTrue(e.getMessage().startsWith("notes.txt: not a WAV, AIFF, FLAC or MP3 stream: expected 'RIFF', 'FORM',"
                + " 'fLaC', 'ID3' or an MPEG frame sync, found (68 65 6C 6C 6F 2C 20 74 \"hello, t\"); ffmpeg could not"
                + " decode it either: "), e.getMessage());
    }

    @Test
    void theCallersLimitsHoldForFfmpegsOutput() throws Exception {
        Path file = encode("long.opus", "-c:a", "libopus");
        AudioLimitException e = assertThrows(AudioLimitException.class,
                () -> AudioDecoder.decode(file, DecodeLimits.ofSeconds(1)));
        assertEquals(AudioLimitException.Limit.DURATION, e.limit());
        assertTrue(e.getMessage().startsWith(file + ": is longer than the limit of 1 s"), e.getMessage());
        e = assertThrows(AudioLimitException.class, () -> AudioDecoder.decode(file, DecodeLimits.NONE.withMaxSamples(48_000)));
        assertEquals(AudioLimitException.Limit.SIZE, e.limit());
    }

    /** A stand-in for ffmpeg: a shell script that ignores its arguments and writes {@code body} to stdout. */
    private static Path fakeFfmpeg(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    private static <T extends Throwable> T withFfmpeg(Path executable, Class<T> expected, org.junit.jupiter.api.function.Executable call) {
        String before = System.getProperty(FfmpegDecoder.PROPERTY);
        System.setProperty(FfmpegDecoder.PROPERTY, executable.toString());
        try {
            return assertThrows(expected, call);
        } finally {
            if (before == null) {
                System.clearProperty(FfmpegDecoder.PROPERTY);
            } else {
                System.setProperty(FfmpegDecoder.PROPERTY, before);
            }
        }
    }

    @Test
    void anFfmpegThatWritesGarbageOrNeverStopsIsCutOff() throws Exception {
        byte[] ogg = "OggS\0\2\0\0\0\0 whatever follows".getBytes(StandardCharsets.ISO_8859_1);
        // no WAV header in what it writes: refused after the first 4 KiB, not read to the end
        Path garbage = fakeFfmpeg("garbage.sh", "head -c 10000000 /dev/zero | tr '\\0' 'x'");
        AudioDecodeException e = withFfmpeg(garbage, AudioDecodeException.class, () -> AudioDecoder.decode(ogg, "g.ogg"));
        assertTrue(e.getMessage().startsWith("g.ogg: ffmpeg's output has no WAV format chunk"), e.getMessage());
        // a valid header (48 kHz mono float) and then samples without end: stopped at the caller's duration limit
        Path endless = fakeFfmpeg("endless.sh", "printf 'RIFF\\377\\377\\377\\377WAVEfmt \\020\\0\\0\\0\\003\\0\\001\\0"
                + "\\200\\273\\0\\0\\0\\356\\002\\0\\004\\0\\040\\0data\\377\\377\\377\\377'; cat /dev/zero");
        AudioLimitException limit = withFfmpeg(endless, AudioLimitException.class,
                () -> AudioDecoder.decode(ogg, "e.ogg", DecodeLimits.ofSeconds(2)));
        assertEquals(AudioLimitException.Limit.DURATION, limit.limit());
        assertTrue(limit.getMessage().startsWith("e.ogg: is longer than the limit of 2 s"), limit.getMessage());
        // without a limit of the caller's, the bound for the input's size (16 Mi samples at least) stops it
        AudioDecodeException bound = withFfmpeg(endless, AudioDecodeException.class, () -> AudioDecoder.decode(ogg, "b.ogg"));
        assertTrue(bound.getMessage().startsWith("b.ogg: decodes to more than"), bound.getMessage());
    }

    @Test
    void theFfmpegPropertyTurnsItOffOrPointsElsewhere() throws Exception {
        Path file = encode("switched.ogg", "-c:a", "libvorbis");
        String before = System.getProperty(FfmpegDecoder.PROPERTY);
        try {
            System.setProperty(FfmpegDecoder.PROPERTY, "off");
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(file));
            assertTrue(e.getMessage().endsWith("convert it to WAV, FLAC or MP3, or install ffmpeg (ser4j then decodes it"
                    + " through ffmpeg)"), e.getMessage());
            System.setProperty(FfmpegDecoder.PROPERTY, FfmpegDecoder.executable().map(Path::toString).orElse("off"));
        } finally {
            if (before == null) {
                System.clearProperty(FfmpegDecoder.PROPERTY);
            } else {
                System.setProperty(FfmpegDecoder.PROPERTY, before);
            }
        }
        Path elsewhere = FfmpegDecoder.executable().orElseThrow();
        try {
            System.setProperty(FfmpegDecoder.PROPERTY, elsewhere.toString());
            assertEquals(48000, AudioDecoder.decode(file).sampleRate());
        } finally {
            if (before == null) {
                System.clearProperty(FfmpegDecoder.PROPERTY);
            } else {
                System.setProperty(FfmpegDecoder.PROPERTY, before);
            }
        }
    }
}
