package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ser4j.testing.CorpusFixtures.find;
import static org.ser4j.testing.CorpusFixtures.paths;
import static org.ser4j.testing.CorpusFixtures.touch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCorpusTest {

    private static final FolderCorpus FOLDERS = new FolderCorpus();

    @TempDir
    Path tmp;

    @Test
    void labelsAreTheFolderNamesAndSpeakersUnknownByDefault() throws IOException {
        touch(tmp, "Angry/a.wav", "happy/session2/take1.flac", "pleasant surprise/c.WAV", "neutral/d.mp3");
        touch(tmp, "angry/.e.wav", ".cache/angry/f.wav", "notes.txt", "neutral/d.txt");
        touch(tmp, "loose.wav", "a,b/g.wav");
        CorpusScan scan = FOLDERS.scan(tmp, Map.of());
        assertEquals(List.of("Angry/a.wav", "happy/session2/take1.flac", "neutral/d.mp3", "pleasant surprise/c.WAV"),
                paths(tmp, scan));
        Utterance a = find(tmp, scan, "Angry/a.wav");
        assertEquals("angry", a.label());
        assertEquals(FolderCorpus.UNKNOWN_SPEAKER, a.speaker());
        assertEquals("folders", a.corpus());
        assertNull(a.gender());
        assertNull(a.intensity());
        assertNull(a.sentence());
        assertEquals("happy", find(tmp, scan, "happy/session2/take1.flac").label(), "subfolders below the label folder");
        assertEquals("pleasant_surprise", find(tmp, scan, "pleasant surprise/c.WAV").label());
        assertEquals(List.of(
                "a,b/g.wav: label folder 'a,b': label 'a,b' holds a control character, ',' or '\"'",
                "loose.wav: not in a label folder: expected DIR/<label>/<file>"), scan.problems());
    }

    @Test
    void aSpeakerPatternReadsTheFileName() throws IOException {
        touch(tmp, "angry/anna_01.wav", "sad/ben_02.wav", "sad/03.wav", "sad/_04.wav");
        CorpusScan scan = FOLDERS.scan(tmp, Map.of("speaker", "^([a-z]*)_"));
        assertEquals(List.of("angry/anna_01.wav", "sad/ben_02.wav"), paths(tmp, scan));
        assertEquals("anna", find(tmp, scan, "angry/anna_01.wav").speaker());
        assertEquals("ben", find(tmp, scan, "sad/ben_02.wav").speaker());
        assertEquals(List.of(
                "sad/03.wav: speaker pattern '^([a-z]*)_' is not found in the file name '03.wav'",
                "sad/_04.wav: speaker pattern '^([a-z]*)_' finds an empty speaker in '_04.wav'"), scan.problems());
    }

    @Test
    void speakerFoldersInEitherOrder() throws IOException {
        touch(tmp, "anna/angry/1.wav", "anna/sad/deeper/2.wav", "ben/Happy/3.wav", "angry/4.wav");
        CorpusScan bySpeaker = FOLDERS.scan(tmp, Map.of("layout", "speaker/label"));
        assertEquals(List.of("anna/angry/1.wav", "anna/sad/deeper/2.wav", "ben/Happy/3.wav"), paths(tmp, bySpeaker));
        assertEquals("anna", find(tmp, bySpeaker, "anna/sad/deeper/2.wav").speaker());
        assertEquals("sad", find(tmp, bySpeaker, "anna/sad/deeper/2.wav").label());
        assertEquals("happy", find(tmp, bySpeaker, "ben/Happy/3.wav").label());
        assertEquals(List.of("angry/4.wav: not in a speaker/label folder pair: expected DIR/<speaker>/<label>/<file>"
                + " (layout=speaker/label)"), bySpeaker.problems());

        CorpusScan byLabel = FOLDERS.scan(tmp, Map.of("layout", "label/speaker", "name", "mine"));
        Utterance u = find(tmp, byLabel, "anna/angry/1.wav");
        assertEquals("anna", u.label());
        assertEquals("angry", u.speaker());
        assertEquals("mine", u.corpus());
    }

    @Test
    void optionErrorsNameTheProblem() {
        touch(tmp, "angry/a.wav");
        Map<Map<String, String>, String> cases = new LinkedHashMap<>();
        cases.put(Map.of("layout", "speakers"), "layout 'speakers': expected label, speaker/label or label/speaker");
        cases.put(Map.of("speaker", "([a-z]+"), "speaker pattern '([a-z]+' is not a regular expression: Unclosed group near"
                + " index 7");
        cases.put(Map.of("speaker", "^[a-z]+_"), "speaker pattern '^[a-z]+_' has 0 capturing groups, expected one, around the"
                + " speaker (e.g. ^([a-z]+)_; write other groups as (?:...))");
        cases.put(Map.of("speaker", "^([a-z]+)_(\\d+)"), "speaker pattern '^([a-z]+)_(\\d+)' has 2 capturing groups");
        cases.put(Map.of("speaker", "^([a-z]+)_", "layout", "speaker/label"),
                "options speaker= and layout=speaker/label both name the speaker; give one");
        cases.put(Map.of("name", " "), "option name= is empty; give the corpus a name");
        cases.put(Map.of("labels", "x"), "corpus reader 'folders' has no option labels (its options: layout, speaker, name)");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FOLDERS.scan(tmp, c.getKey()));
            assertEquals(c.getValue(), e.getMessage().substring(0, Math.min(e.getMessage().length(), c.getValue().length())),
                    c.getKey() + " -> " + e.getMessage());
        }
    }
}
