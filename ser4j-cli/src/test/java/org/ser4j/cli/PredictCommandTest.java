package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.WavEncoder;
import org.ser4j.audio.WavFormat;
import org.ser4j.model.Architecture;
import org.ser4j.predict.UntrainedBundle;
import org.ser4j.testing.BadAudioFiles;
import org.ser4j.testing.TestSignals;
import picocli.CommandLine;

/**
 * predict, listen and serve through {@code Main.commandLine()} with captured output, over an
 * untrained bundle ({@link UntrainedBundle}: the plumbing is tested, not the accuracy).
 */
class PredictCommandTest {

    @TempDir
    static Path tmp;
    private static Path bundle;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void bundle() throws IOException {
        bundle = UntrainedBundle.write(Architecture.PARALLEL_CNN_BILSTM_ATTENTION, tmp.resolve("model"));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A voice-like recording (speech to the voice activity detector), channel c at 1 - 0.2 c of the level. */
    static Path wav(Path file, double seconds, int rate, int channels) throws IOException {
        float[] voice = TestSignals.voice(seconds, rate, 1);
        float[][] ch = new float[channels][voice.length];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < voice.length; i++) {
                ch[c][i] = (float) ((1 - 0.2 * c) * voice[i]);
            }
        }
        Files.createDirectories(file.getParent());
        Files.write(file, WavEncoder.encode(new AudioClip(ch, rate), WavFormat.PCM_16));
        return file;
    }

    @Test
    void tableForGoodFilesAndOneLinePerBadFile() throws IOException {
        Path dir = tmp.resolve("table");
        Path a = wav(dir.resolve("a.wav"), 3.5, 48_000, 1);
        Path b = wav(dir.resolve("sub/b.wav"), 7, 22_050, 2);
        Path junk = dir.resolve("junk.wav");
        Files.writeString(junk, "hello, not audio");
        Files.createDirectories(dir.resolve("fake.wav"));
        Run r = run("predict", "--model", bundle.toString(), dir.toString(), tmp.resolve("missing.flac").toString(),
                dir.resolve("fake.wav").toString());
        assertEquals(1, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertTrue(rows.get(0).startsWith("FILE"), r.out());
        assertEquals(3, rows.size(), r.out()); // header, a.wav, sub/b.wav
        assertTrue(rows.get(1).startsWith(a.toString()), r.out());
        assertTrue(rows.get(2).startsWith(b.toString()) && rows.get(2).contains("windows"), r.out());
        List<String> errors = r.err().lines().toList();
        assertEquals(3, errors.size(), r.err());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith(junk.toString() + ": ")), r.err());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith(tmp.resolve("missing.flac") + ": no such file")), r.err());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith(dir.resolve("fake.wav") + ": a directory with no audio files")), r.err());
    }

    /** A call recorded with the caller on the left channel and a silent line on the right, beside a mono file. */
    @Test
    void eachChannelOfACallGetsItsOwnVerdict() throws IOException {
        Path dir = tmp.resolve("calls");
        float[] voice = TestSignals.voice(4, 16_000, 1);
        Path call = dir.resolve("call.wav");
        Files.createDirectories(dir);
        Files.write(call, WavEncoder.encode(new AudioClip(new float[][] {voice, new float[voice.length]}, 16_000), WavFormat.PCM_16));
        Path mono = wav(dir.resolve("mono.wav"), 3.5, 16_000, 1);
        Run r = run("predict", "--model", bundle.toString(), "--channels", "each", "--jobs", "2", call.toString(), mono.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals(4, rows.size(), r.out());
        assertTrue(rows.get(1).startsWith(call + " [channel 1]") && !rows.get(1).contains("(silence)"), r.out());
        assertTrue(rows.get(2).startsWith(call + " [channel 2]") && rows.get(2).contains("(silence)"), r.out());
        assertTrue(rows.get(3).startsWith(mono + " [channel 1]"), r.out());

        Run mixed = run("predict", "--model", bundle.toString(), "--json", call.toString());
        Run each = run("predict", "--model", bundle.toString(), "--json", "--channels", "each", call.toString());
        List<String> lines = each.out().lines().toList();
        assertEquals(2, lines.size(), each.out());
        var first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
        var second = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(1));
        assertEquals(1, first.get("channel").asInt());
        assertEquals(2, second.get("channel").asInt());
        assertEquals("speech", first.get("status").asText(), lines.get(0));
        assertEquals("silent", second.get("status").asText(), lines.get(1));
        var whole = new com.fasterxml.jackson.databind.ObjectMapper().readTree(mixed.out().lines().findFirst().orElseThrow());
        assertFalse(whole.has("channel"), mixed.out());
        assertTrue(run("predict", "--model", bundle.toString(), "--channels", "both", call.toString()).err()
                .contains("--channels must be mix or each, got 'both'"));
    }

    /** A phone's recordings in a directory: an Opus voice note and an M4A memo, scored through ffmpeg; refused by name without it. */
    @Test
    void voiceNotesAndMemosInADirectoryAreScoredThroughFfmpeg() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("sh", "-c", "command -v ffmpeg").start().waitFor() == 0, "ffmpeg is not installed");
        Path dir = tmp.resolve("phone");
        Path source = wav(tmp.resolve("phone-source/voice.wav"), 4, 48_000, 1);
        Files.createDirectories(dir);
        for (String[] f : new String[][] {{"note.opus", "libopus"}, {"memo.m4a", "aac"}}) {
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", source.toString(), "-c:a", f[1],
                    dir.resolve(f[0]).toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, log);
        }
        Run r = run("predict", "--model", bundle.toString(), dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals(3, rows.size(), r.out()); // header, memo.m4a, note.opus
        assertTrue(rows.get(1).startsWith(dir.resolve("memo.m4a").toString()), r.out());
        assertTrue(rows.get(2).startsWith(dir.resolve("note.opus").toString()), r.out());

        System.setProperty("ser4j.ffmpeg", "off");
        try {
            Run off = run("predict", "--model", bundle.toString(), dir.toString());
            assertEquals(1, off.code(), off.err());
            assertEquals(List.of(dir.resolve("memo.m4a") + ": unsupported format: looks like an MP4/M4A container; convert it to WAV,"
                    + " FLAC or MP3, or install ffmpeg (ser4j then decodes it through ffmpeg)",
                    dir.resolve("note.opus") + ": unsupported format: looks like an Ogg container (Vorbis/Opus); convert it to WAV,"
                    + " FLAC or MP3, or install ffmpeg (ser4j then decodes it through ffmpeg)"), off.err().lines().toList());
        } finally {
            System.clearProperty("ser4j.ffmpeg");
        }
    }

    /**
     * Issue 5's bad-file corpus through {@code ser4j predict}: one stderr line per bad file naming it
     * and the problem, rows for the good, silent and 10 ms files, exit code 1.
     */
    @Test
    void badFileCorpusGetsOneLineEachAndTheGoodFilesAreStillPredicted() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("corpus"));
        Path good = Files.write(dir.resolve("good.wav"), BadAudioFiles.goodWav());
        Path silence = Files.write(dir.resolve("silence.wav"), WavEncoder.encode(AudioClip.mono(new float[16_000], 16_000), WavFormat.PCM_16));
        Path tenMs = wav(dir.resolve("10ms.wav"), 0.01, 16_000, 1);
        List<String> args = new ArrayList<>(List.of("predict", "--model", bundle.toString(), "--max-duration", "600",
                good.toString(), silence.toString(), tenMs.toString()));
        Map<Path, String> expected = new LinkedHashMap<>();
        for (BadAudioFiles.Case c : BadAudioFiles.corpus()) {
            Path f = Files.write(dir.resolve(c.fileName()), c.data());
            expected.put(f, c.problem());
        }
        expected.put(Files.write(dir.resolve("hour.flac"), BadAudioFiles.hourOfSilentFlac()),
                "is 3600.0 s long, longer than the limit of 600 s");
        expected.put(Files.createDirectories(dir.resolve("folder.wav")), "a directory with no audio files");
        expected.keySet().forEach(f -> args.add(f.toString()));

        Run r = run(args.toArray(String[]::new));

        assertEquals(1, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals(4, rows.size(), r.out()); // header, good, silence, 10 ms
        assertTrue(rows.get(1).startsWith(good.toString()) && !rows.get(1).contains("(silence)"), r.out());
        assertTrue(rows.get(2).startsWith(silence.toString()) && rows.get(2).contains("(silence)"), r.out());
        assertTrue(rows.get(3).startsWith(tenMs.toString()) && !rows.get(3).contains("(silence)"), r.out());
        List<String> errors = r.err().lines().toList();
        assertEquals(expected.size(), errors.size(), r.err());
        for (var e : expected.entrySet()) {
            String start = e.getKey() + ": " + e.getValue();
            assertEquals(1, errors.stream().filter(l -> l.startsWith(start)).count(), "one line '" + start + "...' in\n" + r.err());
        }
    }

    @Test
    void unreadableFileGetsOneLineAndTheOthersGoOn() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("locked"));
        Path good = Files.write(dir.resolve("good.wav"), BadAudioFiles.goodWav());
        Path locked = Files.write(dir.resolve("locked.wav"), BadAudioFiles.goodWav());
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "skipped: running as root (as on CI), where permissions do not stop reading");
        Run r = run("predict", "--model", bundle.toString(), locked.toString(), good.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of(locked + ": cannot be read: permission denied"), r.err().lines().toList());
        assertEquals(2, r.out().lines().count(), r.out());
    }

    /**
     * Issue 17: many files are analysed on worker threads; the output keeps the input order, equals
     * the one-thread output line for line, and a bad file among them is reported in its place.
     */
    @Test
    void severalThreadsGiveTheOneThreadOutputInOrder() throws IOException {
        Path dir = tmp.resolve("many");
        for (int i = 0; i < 9; i++) {
            wav(dir.resolve(String.format("clip-%02d.wav", i)), 0.5 + 0.4 * i, i % 2 == 0 ? 16_000 : 44_100, 1 + i % 2);
        }
        Files.writeString(dir.resolve("clip-04b.wav"), "not audio");
        Run one = run("predict", "--model", bundle.toString(), "--json", "--jobs", "1", dir.toString());
        Run three = run("predict", "--model", bundle.toString(), "--json", "--jobs", "3", dir.toString());
        assertEquals(1, one.code(), one.err());
        assertEquals(1, three.code(), three.err());
        assertEquals(9, three.out().lines().count(), three.out());
        assertEquals(one.out(), three.out());
        assertEquals(one.err(), three.err());
        assertTrue(three.err().startsWith(dir.resolve("clip-04b.wav") + ": "), three.err());
        List<String> names = three.out().lines().map(l -> l.replaceAll(".*\"file\":\"[^\"]*(clip-\\d\\d)\\.wav\".*", "$1")).toList();
        assertEquals(List.of("clip-00", "clip-01", "clip-02", "clip-03", "clip-04", "clip-05", "clip-06", "clip-07", "clip-08"), names);
        assertEquals(ExitCodes.USAGE, run("predict", "--model", bundle.toString(), "--jobs", "0", dir.toString()).code());
    }

    @Test
    void maxDurationMustBePositive() throws IOException {
        Path a = Files.write(tmp.resolve("max.wav"), BadAudioFiles.goodWav());
        Run r = run("predict", "--model", bundle.toString(), "--max-duration", "0", a.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--max-duration must be a positive number of seconds"), r.err());
    }

    @Test
    void noiseIsReportedAsNoSpeechUnlessTheDetectorIsOff() throws IOException {
        Path noise = tmp.resolve("vad/noise.wav");
        Files.createDirectories(noise.getParent());
        Files.write(noise, WavEncoder.encode(AudioClip.mono(TestSignals.noise(0.3, 4 * 16_000, 4), 16_000), WavFormat.PCM_16));
        Run r = run("predict", "--model", bundle.toString(), noise.toString());
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().skip(1).findFirst().orElseThrow();
        assertTrue(row.startsWith(noise.toString()) && row.contains("(no speech)"), r.out());
        Run json = run("predict", "--model", bundle.toString(), "--json", noise.toString());
        JsonNode j = new ObjectMapper().readTree(json.out().lines().findFirst().orElseThrow());
        assertEquals("no-speech", j.get("status").asText());
        assertFalse(j.get("speech").asBoolean());
        assertFalse(j.get("silent").asBoolean());
        assertTrue(j.get("emotion").isNull());
        Run off = run("predict", "--model", bundle.toString(), "--no-vad", noise.toString());
        assertEquals(0, off.code(), off.err());
        String scored = off.out().lines().skip(1).findFirst().orElseThrow();
        assertFalse(scored.contains("(no speech)") || scored.contains("(silence)"), off.out());
    }

    @Test
    void aClippedRecordingIsScoredWithAWarningInTheTableAndTheJson() throws IOException {
        float[] voice = TestSignals.voice(3.5, 16_000, 6);
        for (int i = 0; i < voice.length; i++) {
            voice[i] = Math.max(-1f, Math.min(1f, voice[i] * 8)); // peaks of about 0.3 driven 18 dB past full scale
        }
        Path hot = tmp.resolve("check/hot.wav");
        Files.createDirectories(hot.getParent());
        Files.write(hot, WavEncoder.encode(AudioClip.mono(voice, 16_000), WavFormat.PCM_16));
        Run r = run("predict", "--model", bundle.toString(), hot.toString());
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().skip(1).findFirst().orElseThrow();
        assertTrue(row.contains("[clipped: "), r.out());
        Run json = run("predict", "--model", bundle.toString(), "--json", hot.toString());
        JsonNode rec = new ObjectMapper().readTree(json.out().lines().findFirst().orElseThrow()).get("recording");
        assertTrue(rec.get("clipped_share").asDouble() > 0.01, rec.toString());
        assertTrue(rec.get("warnings").get(0).asText().startsWith("clipped"), rec.toString());
        Run off = run("predict", "--model", bundle.toString(), "--no-vad", hot.toString());
        assertFalse(off.out().contains("[clipped"), "without the detector the recording is not checked: " + off.out());
    }

    @Test
    void jsonLinesWithProbabilitiesAndTimeline() throws IOException {
        Path a = wav(tmp.resolve("json/long.wav"), 6, 16_000, 1);
        Run r = run("predict", "--model", bundle.toString(), "--json", "--window", "2", "--hop", "1", a.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertEquals(a.toString(), j.get("file").asText());
        double sum = 0;
        List<String> labels = new ArrayList<>();
        var it = j.get("probabilities").fields();
        while (it.hasNext()) {
            var e = it.next();
            labels.add(e.getKey());
            sum += e.getValue().asDouble();
        }
        assertEquals(List.of("neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"), labels);
        assertEquals(1.0, sum, 1e-5);
        assertEquals(j.get("emotion").asText(), labels.get(argmax(j.get("probabilities"))));
        assertEquals(5, j.get("segments").size()); // starts 0..4 s
    }

    private static int argmax(JsonNode probabilities) {
        int best = 0;
        int i = 0;
        double bestP = -1;
        for (JsonNode p : probabilities) {
            if (p.asDouble() > bestP) {
                bestP = p.asDouble();
                best = i;
            }
            i++;
        }
        return best;
    }

    @Test
    void badOptionsAndMissingModelsAreExplained() throws IOException {
        Path a = wav(tmp.resolve("opts/a.wav"), 1, 16_000, 1);
        Run tooLong = run("predict", "--model", bundle.toString(), "--window", "5", a.toString());
        assertEquals(2, tooLong.code());
        assertTrue(tooLong.err().contains("at most 3.0 s"), tooLong.err());
        Run noModel = run("predict", "--model", tmp.resolve("nope").toString(), a.toString());
        assertEquals(ExitCodes.MODEL, noModel.code()); // 2 before the one table of exit codes (issue 19)
        assertTrue(noModel.err().contains("nope: no such model bundle"), noModel.err());
    }

    @Test
    void listenSaysClearlyWhenThereIsNoMicrophone() {
        assumeTrue(ListenCommand.captureLine() == null, "skipped: this machine has a capture device");
        Run r = run("listen", "--model", bundle.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ser4j listen: no audio capture device found"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void serveAnswersUntilStopped() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> cl.execute("serve", "--model", bundle.toString(), "--port", "0", "--max-per-address", "3", "--run-seconds", "20"));
        Pattern url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");
        Matcher m = url.matcher("");
        for (int i = 0; i < 300 && !m.find(); i++) {
            Thread.sleep(100);
            m = url.matcher(out.toString());
        }
        assertTrue(m.find(0), "no address printed: " + out);
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(m.group(1) + "api/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        HttpResponse<String> model = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(m.group(1) + "api/model")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(model.body().contains("\"maxPerAddress\":3"), model.body());
        Path clip = wav(tmp.resolve("serve/a.wav"), 3.5, 48_000, 1);
        HttpResponse<String> p = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "api/predict"))
                .POST(HttpRequest.BodyPublishers.ofFile(clip)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, p.statusCode(), p.body());
        assertEquals(0, code.get(60, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void serveRefusesANegativePerAddressLimit() {
        Run r = run("serve", "--model", bundle.toString(), "--port", "0", "--max-per-address", "-1", "--run-seconds", "0.1");
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("per-address limit must be 0 (none) or positive, got -1"), r.err());
    }
}
