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

class EmovoCorpusTest {

    private static final EmovoCorpus EMOVO = new EmovoCorpus();

    @TempDir
    Path tmp;

    @Test
    void parsesEveryField() {
        Utterance u = EmovoCorpus.parse(Path.of("m3", "dis-m3-b1.wav"));
        assertEquals("disgust", u.label());
        assertEquals("m3", u.speaker());
        assertEquals("emovo", u.corpus());
        assertEquals(Gender.MALE, u.gender());
        assertEquals("b1", u.sentence());
        assertNull(u.intensity());
        assertEquals(0, u.repetition());

        Map<String, String> labels = Map.of("dis", "disgust", "gio", "joy", "neu", "neutral", "pau", "fear", "rab", "anger",
                "sor", "surprise", "tri", "sadness");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            assertEquals(e.getValue(), EmovoCorpus.parse(Path.of("f2", e.getKey() + "-f2-n5.wav")).label(), e.getKey());
        }
        for (String speaker : List.of("f1", "f2", "f3", "m1", "m2", "m3")) {
            assertEquals(speaker.startsWith("f") ? Gender.FEMALE : Gender.MALE,
                    EmovoCorpus.parse(Path.of(speaker, "neu-" + speaker + "-l1.wav")).gender(), speaker);
        }
        for (String sentence : List.of("b1", "b2", "b3", "d1", "d2", "l1", "l2", "l3", "l4", "n1", "n2", "n3", "n4", "n5")) {
            assertEquals(sentence, EmovoCorpus.parse(Path.of("m1", "tri-m1-" + sentence + ".wav")).sentence());
        }
        Utterance upper = EmovoCorpus.parse(Path.of("F1", "GIO-F1-D2.WAV"));
        assertEquals("joy", upper.label());
        assertEquals("f1", upper.speaker());
        assertEquals("d2", upper.sentence());
    }

    @Test
    void rejectsMalformedNamesWithTheReason() {
        String pattern = "name does not follow the EMOVO pattern emotion-speaker-sentence (three fields separated by '-', e.g."
                + " dis-m3-b1), found ";
        Map<String, String> cases = new TreeMap<>(Map.of(
                "m1/xyz-m1-b1.wav", "emotion 'xyz': expected dis, gio, neu, pau, rab, sor or tri",
                "m1/dis-m4-b1.wav", "speaker 'm4': expected f1, f2, f3, m1, m2 or m3",
                "m1/dis-m1-b4.wav", "sentence 'b4': expected b1-b3, d1-d2, l1-l4 or n1-n5",
                "m1/dis-m1-n6.wav", "sentence 'n6': expected b1-b3, d1-d2, l1-l4 or n1-n5",
                "f1/dis-m1-b1.wav", "speaker m1 in the name but the file lies in folder f1",
                "m1/dis_m1_b1.wav", pattern + "'dis_m1_b1'",
                "m1/dis-m1.wav", pattern + "'dis-m1'"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Path.of(c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmovoCorpus.parse(file));
            assertEquals(file + ": " + c.getValue(), e.getMessage());
        }
        // a folder that names no speaker imposes nothing
        assertEquals("m1", EmovoCorpus.parse(Path.of("Dataset", "dis-m1-b1.wav")).speaker());
    }

    @Test
    void scanReadsTheSpeakerFoldersAndIgnoresTheDocuments() throws IOException {
        touch(tmp, "EMOVO/m3/dis-m3-b1.wav", "EMOVO/f1/gio-f1-n5.wav", "EMOVO/f1/.gio-f1-n4.wav",
                "Documents/LA STRUTTURA DI EMOVO.pdf", "README.md");
        touch(tmp, "EMOVO/f1/gio-f2-n5.wav", "EMOVO/m3/dis-m3-b1 (copy).wav");
        CorpusScan scan = EMOVO.scan(tmp, Map.of());
        assertEquals(List.of("EMOVO/f1/gio-f1-n5.wav", "EMOVO/m3/dis-m3-b1.wav"), paths(tmp, scan));
        assertEquals(List.of(
                "EMOVO/f1/gio-f2-n5.wav: speaker f2 in the name but the file lies in folder f1",
                "EMOVO/m3/dis-m3-b1 (copy).wav: name does not follow the EMOVO pattern emotion-speaker-sentence (three fields"
                        + " separated by '-', e.g. dis-m3-b1), found 'dis-m3-b1 (copy)'"), scan.problems());
    }

    @Test
    void takesNoOptions() {
        touch(tmp, "m1/dis-m1-b1.wav");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EMOVO.scan(tmp, Map.of("speaker", "x")));
        assertTrue(e.getMessage().startsWith("corpus reader 'emovo' takes no options"), e.getMessage());
    }
}
