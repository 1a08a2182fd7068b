package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;
import org.ser4j.testing.SharedData;

class RavdessCorpusTest {

    @TempDir
    Path tmp;

    private Path touch(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.createFile(p);
    }

    @Test
    void parsesEveryField() {
        Utterance u = RavdessCorpus.parse(Path.of("Actor_14", "03-01-06-02-01-02-14.wav"));
        assertEquals("fearful", u.label());
        assertEquals(Intensity.STRONG, u.intensity());
        assertEquals("1", u.sentence());
        assertEquals(2, u.repetition());
        assertEquals("14", u.speaker());
        assertEquals(Gender.FEMALE, u.gender());
        assertEquals("03-01-06-02-01-02-14.wav", u.id());

        Utterance m = RavdessCorpus.parse(Path.of("03-01-08-01-02-01-07.FLAC"));
        assertEquals("surprised", m.label());
        assertEquals(Intensity.NORMAL, m.intensity());
        assertEquals("2", m.sentence());
        assertEquals(1, m.repetition());
        assertEquals("7", m.speaker());
        assertEquals(Gender.MALE, m.gender());
    }

    @Test
    void rejectsEachInvalidFieldWithReason() {
        Map<String, String> cases = new TreeMap<>(Map.of(
                "01-01-01-01-01-01-01.wav", "modality 01: expected 03",
                "03-02-01-01-01-01-01.wav", "vocal channel 02: expected 01 (speech), found 02 (song)",
                "03-01-09-01-01-01-01.wav", "emotion 09: expected 01..08",
                "03-01-00-01-01-01-01.wav", "emotion 00",
                "03-01-02-03-01-01-01.wav", "intensity 03",
                "03-01-01-02-01-01-01.wav", "neutral has only 01",
                "03-01-02-01-03-01-01.wav", "statement 03",
                "03-01-02-01-01-00-01.wav", "repetition 00",
                "03-01-02-01-01-01-25.wav", "actor 25: expected 01..24",
                "03-01-02-01-01-01-00.wav", "actor 00"));
        cases.put("03-01-02-01-01-01.wav", "RAVDESS pattern");
        cases.put("03-01-02-01-01-01-1x.wav", "RAVDESS pattern");
        cases.put("03-01-02-01-01-01-01.mp3", "unsupported extension '.mp3'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RavdessCorpus.parse(Path.of(c.getKey())), c.getKey());
            assertTrue(e.getMessage().startsWith(c.getKey() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
    }

    @Test
    void actorMustMatchFolder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RavdessCorpus.parse(Path.of("Actor_03", "03-01-02-01-01-01-04.wav")));
        assertTrue(e.getMessage().contains("folder Actor_03 (expected Actor_04)"), e.getMessage());
        // a folder that is not an actor folder imposes nothing
        assertEquals("4", RavdessCorpus.parse(Path.of("clips", "03-01-02-01-01-01-04.wav")).speaker());
    }

    @Test
    void scanFindsValidFilesSortedAndReportsTheRest() throws IOException {
        List<String> valid = new ArrayList<>();
        for (int actor : new int[] {2, 1}) {
            for (int emotion = 8; emotion >= 1; emotion--) {
                String name = String.format("03-01-%02d-01-02-01-%02d.%s", emotion, actor, emotion % 2 == 0 ? "wav" : "flac");
                touch(String.format("Actor_%02d/%s", actor, name));
                valid.add(String.format("Actor_%02d/%s", actor, name));
            }
        }
        touch("README.md");
        touch("Actor_01/.DS_Store");
        touch("Actor_01/notes.txt");
        touch("Actor_01/03-01-01-01-01-01-02.wav"); // actor 02 in folder Actor_01
        touch("Actor_02/03-01-09-01-01-01-02.wav"); // emotion 09
        touch("Actor_02/take2.wav");
        touch("Actor_02/03-01-03-01-02-01-02.mp3"); // unsupported extension
        touch("copy/03-01-02-01-02-01-01.wav"); // duplicate of Actor_01/...02...flac? no: emotion 2 is wav
        CorpusScan scan = RavdessCorpus.scan(tmp);

        List<String> found = scan.utterances().stream().map(u -> RavdessCorpus.relative(tmp, u.path())).toList();
        assertEquals(valid.stream().sorted().toList(), found);
        assertEquals(List.of(
                "Actor_01/03-01-01-01-01-01-02.wav: actor 02 in the name but the file lies in folder Actor_01 (expected Actor_02)",
                "Actor_02/03-01-03-01-02-01-02.mp3: unsupported extension '.mp3' (expected .wav or .flac)",
                "Actor_02/03-01-09-01-01-01-02.wav: emotion 09: expected 01..08",
                "Actor_02/take2.wav: name does not follow the RAVDESS pattern MM-VV-EE-II-SS-RR-AA (seven two-digit fields), found 'take2'",
                "copy/03-01-02-01-02-01-01.wav: the same clip as Actor_01/03-01-02-01-02-01-01.wav (kept Actor_01/03-01-02-01-02-01-01.wav)"),
                scan.problems());
        assertEquals(false, scan.clean());
        // deterministic: a second scan gives the same lists
        assertEquals(scan, RavdessCorpus.scan(tmp));
    }

    @Test
    void scanOfMissingDirectoryNamesIt() {
        Path missing = tmp.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> RavdessCorpus.scan(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void sharedRavdessCopyHas1200CleanClips() throws IOException {
        Path dir = SharedData.ravdess();
        CorpusScan scan = RavdessCorpus.scan(dir);
        assertEquals(List.of(), scan.problems());
        assertEquals(1200, scan.utterances().size());
        TreeMap<String, Long> perActor = scan.utterances().stream()
                .collect(Collectors.groupingBy(Utterance::speaker, () -> new TreeMap<>(Utterance.SPEAKER_ORDER), Collectors.counting()));
        assertEquals(20, perActor.size());
        assertEquals("1", perActor.firstKey());
        assertEquals("20", perActor.lastKey());
        perActor.forEach((actor, n) -> assertEquals(60L, n, "actor " + actor));
        Map<String, Long> perEmotion = scan.utterances().stream()
                .collect(Collectors.groupingBy(Utterance::label, Collectors.counting()));
        assertEquals(80L, perEmotion.get("neutral"));
        assertEquals(160L, perEmotion.get("angry"));
        assertTrue(scan.utterances().get(0).path().toString().endsWith("03-01-01-01-01-01-01.flac"));
    }
}
