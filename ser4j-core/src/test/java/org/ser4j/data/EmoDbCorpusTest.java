package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

class EmoDbCorpusTest {

    private static final EmoDbCorpus EMODB = new EmoDbCorpus();

    @TempDir
    Path tmp;

    @Test
    void parsesEveryField() {
        Utterance u = EmoDbCorpus.parse(Path.of("wav", "03a01Fa.wav"));
        assertEquals("happiness", u.label());
        assertEquals("03", u.speaker());
        assertEquals("emodb", u.corpus());
        assertEquals(Gender.MALE, u.gender());
        assertEquals("a01", u.sentence());
        assertEquals(1, u.repetition());
        assertNull(u.intensity());

        Map<String, String> labels = Map.of("W", "anger", "L", "boredom", "E", "disgust", "A", "fear", "F", "happiness",
                "T", "sadness", "N", "neutral");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            assertEquals(e.getValue(), EmoDbCorpus.parse(Path.of("16b10" + e.getKey() + "b.wav")).label(), e.getKey());
        }
        for (String male : List.of("03", "10", "11", "12", "15")) {
            assertEquals(Gender.MALE, EmoDbCorpus.parse(Path.of(male + "a02Nc.wav")).gender(), male);
        }
        for (String female : List.of("08", "09", "13", "14", "16")) {
            assertEquals(Gender.FEMALE, EmoDbCorpus.parse(Path.of(female + "a02Nc.wav")).gender(), female);
        }
        for (String text : List.of("a01", "a02", "a04", "a05", "a07", "b01", "b02", "b03", "b09", "b10")) {
            assertEquals(text, EmoDbCorpus.parse(Path.of("09" + text + "Wa.wav")).sentence());
        }
        Utterance third = EmoDbCorpus.parse(Path.of("13B09tC.WAV"));
        assertEquals(3, third.repetition(), "version c is the third");
        assertEquals("sadness", third.label());
        assertEquals("b09", third.sentence());
    }

    @Test
    void rejectsMalformedNamesWithTheReason() {
        String pattern = "name does not follow the Emo-DB pattern SStttEv (speaker, text, emotion, version; seven characters,"
                + " e.g. 03a01Fa), found ";
        Map<String, String> cases = new TreeMap<>(Map.of(
                "04a01Fa.wav", "speaker 04: expected 03, 08, 09, 10, 11, 12, 13, 14, 15 or 16",
                "03a03Fa.wav", "text a03: expected one of a01, a02, a04, a05, a07, b01, b02, b03, b09, b10",
                "03c01Fa.wav", "text c01: expected one of a01, a02, a04, a05, a07, b01, b02, b03, b09, b10",
                "03a01Xa.wav", "emotion X: expected W (anger), L (boredom), E (disgust), A (fear), F (happiness), T (sadness)"
                        + " or N (neutral)",
                "03a01F.wav", pattern + "'03a01F'",
                "03a01Fa1.wav", pattern + "'03a01Fa1'",
                "3a01Fab.wav", pattern + "'3a01Fab'"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Path.of("wav", c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmoDbCorpus.parse(file));
            assertEquals(file + ": " + c.getValue(), e.getMessage());
        }
    }

    @Test
    void scanReadsWavAndIgnoresTheLabelFolders() throws IOException {
        touch(tmp, "wav/16b10Tb.wav", "wav/03a01Fa.wav", "wav/03a01Fb.wav", "lablaut/03a01Fa.lab", "silb/03a01Fa.silb",
                "erkennung.txt", "wav/.03a01Wa.wav");
        touch(tmp, "wav/03a01Fa.flac", "wav/03a01Xa.wav");
        CorpusScan scan = EMODB.scan(tmp, Map.of());
        // two lossless copies: the first in path order is kept
        assertEquals(List.of("wav/03a01Fa.flac", "wav/03a01Fb.wav", "wav/16b10Tb.wav"), paths(tmp, scan));
        assertEquals(List.of(
                "wav/03a01Fa.wav: the same clip as wav/03a01Fa.flac (kept wav/03a01Fa.flac)",
                "wav/03a01Xa.wav: emotion X: expected W (anger), L (boredom), E (disgust), A (fear), F (happiness), T (sadness)"
                        + " or N (neutral)"), scan.problems());
    }

    @Test
    void takesNoOptions() {
        touch(tmp, "wav/03a01Fa.wav");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EMODB.scan(tmp, Map.of("layout", "x")));
        assertTrue(e.getMessage().startsWith("corpus reader 'emodb' takes no options"), e.getMessage());
    }
}
