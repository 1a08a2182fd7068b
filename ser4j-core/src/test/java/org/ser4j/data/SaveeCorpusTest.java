package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ser4j.testing.CorpusFixtures.find;
import static org.ser4j.testing.CorpusFixtures.paths;
import static org.ser4j.testing.CorpusFixtures.touch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Utterance.Gender;

class SaveeCorpusTest {

    private static final SaveeCorpus SAVEE = new SaveeCorpus();

    @TempDir
    Path tmp;

    @Test
    void parsesEveryFieldInBothLayouts() {
        Utterance u = SaveeCorpus.parse(Path.of("AudioData", "DC", "a01.wav"));
        assertEquals("anger", u.label());
        assertEquals("DC", u.speaker());
        assertEquals("savee", u.corpus());
        assertEquals(Gender.MALE, u.gender());
        assertEquals("1", u.sentence());
        assertNull(u.intensity());
        assertEquals(0, u.repetition());

        Map<String, String> labels = Map.of("a", "anger", "d", "disgust", "f", "fear", "h", "happiness", "n", "neutral",
                "sa", "sadness", "su", "surprise");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            assertEquals(e.getValue(), SaveeCorpus.parse(Path.of("KL", e.getKey() + "15.wav")).label(), e.getKey());
        }
        assertEquals("30", SaveeCorpus.parse(Path.of("JK", "n30.wav")).sentence(), "30 neutral sentences");
        // flattened copies: the speaker in the name, in any folder or in its own
        Utterance flat = SaveeCorpus.parse(Path.of("ALL", "JE_sa07.wav"));
        assertEquals("JE", flat.speaker());
        assertEquals("sadness", flat.label());
        assertEquals("7", flat.sentence());
        assertEquals("KL", SaveeCorpus.parse(Path.of("KL_d03.wav")).speaker());
        assertEquals("JK", SaveeCorpus.parse(Path.of("JK", "JK_su02.wav")).speaker());
        assertEquals("DC", SaveeCorpus.parse(Path.of("dc", "H04.WAV")).speaker(), "any case, stored upper case");
    }

    @Test
    void rejectsMalformedNamesWithTheReason() {
        String pattern = "name does not follow the SAVEE pattern eNN or SPEAKER_eNN (emotion letters and a two-digit sentence"
                + " number, e.g. a01 or DC_a01), found ";
        Map<String, String> cases = new TreeMap<>(Map.of(
                "DC/a16.wav", "sentence 16: expected two digits, 01 to 15",
                "DC/a00.wav", "sentence 00: expected two digits, 01 to 15",
                "DC/n31.wav", "sentence 31: expected two digits, 01 to 30 for neutral",
                "DC/a1.wav", "sentence 1: expected two digits, 01 to 15",
                "DC/x01.wav", "emotion 'x': expected a, d, f, h, n, sa or su",
                "misc/a01.wav", "no speaker: expected the file in a DC, JE, JK or KL folder, or the speaker in its name (DC_a01)",
                "XY_a01.wav", "speaker 'XY': expected DC, JE, JK or KL",
                "DC/JE_a01.wav", "speaker JE in the name but the file lies in folder DC",
                "DC/a01b.wav", pattern + "'a01b'",
                "DC/01.wav", pattern + "'01'"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Path.of(c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SaveeCorpus.parse(file));
            assertEquals(file + ": " + c.getValue(), e.getMessage());
        }
    }

    @Test
    void scanReadsTheCorpusAndReportsTheRest() throws IOException {
        touch(tmp, "AudioData/DC/a01.wav", "AudioData/DC/sa15.wav", "AudioData/KL/n30.wav", "AudioData/JE/su01.wav",
                "AudioData/Info.txt", "AudioData/DC/.a02.wav", "AudioData/JK/a01.wav.txt");
        touch(tmp, "AudioData/DC/a16.wav", "AudioData/a02.wav", "ALL/DC_a01.wav");
        CorpusScan scan = SAVEE.scan(tmp, Map.of());
        assertEquals(List.of("ALL/DC_a01.wav", "AudioData/DC/sa15.wav", "AudioData/JE/su01.wav", "AudioData/KL/n30.wav"),
                paths(tmp, scan));
        assertEquals(List.of(
                "AudioData/DC/a01.wav: the same clip as ALL/DC_a01.wav (kept ALL/DC_a01.wav)",
                "AudioData/DC/a16.wav: sentence 16: expected two digits, 01 to 15",
                "AudioData/a02.wav: no speaker: expected the file in a DC, JE, JK or KL folder, or the speaker in its name"
                        + " (DC_a02)"), scan.problems());
        assertEquals("surprise", find(tmp, scan, "AudioData/JE/su01.wav").label());
    }

    @Test
    void takesNoOptions() {
        touch(tmp, "DC/a01.wav");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SAVEE.scan(tmp, Map.of("name", "x")));
        assertTrue(e.getMessage().startsWith("corpus reader 'savee' takes no options"), e.getMessage());
    }
}
