package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ser4j.testing.CorpusFixtures.find;
import static org.ser4j.testing.CorpusFixtures.paths;
import static org.ser4j.testing.CorpusFixtures.touch;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.testing.SharedData;

class TessCorpusTest {

    private static final TessCorpus TESS = new TessCorpus();

    @TempDir
    Path tmp;

    @Test
    void parsesEveryField() {
        Utterance u = TessCorpus.parse(Path.of("OAF_angry", "OAF_back_angry.wav"));
        assertEquals("angry", u.label());
        assertEquals("OAF", u.speaker());
        assertEquals("tess", u.corpus());
        assertEquals(Gender.FEMALE, u.gender());
        assertNull(u.intensity());
        assertEquals("back", u.sentence());
        assertEquals(0, u.repetition());

        Utterance ps = TessCorpus.parse(Path.of("YAF_pleasant_surprise", "YAF_bath_ps.wav"));
        assertEquals("pleasant_surprise", ps.label());
        assertEquals("YAF", ps.speaker());
        assertEquals("bath", ps.sentence());
        // the folder spellings of other copies, and fields in any case
        assertEquals("pleasant_surprise", TessCorpus.parse(Path.of("YAF_pleasant_surprised", "YAF_dog_ps.wav")).label());
        Utterance shouted = TessCorpus.parse(Path.of("OAF_Fear", "oaf_Dog_FEAR.WAV"));
        assertEquals("fear", shouted.label());
        assertEquals("OAF", shouted.speaker());
        assertEquals("dog", shouted.sentence());
        for (String emotion : List.of("angry", "disgust", "fear", "happy", "neutral", "sad")) {
            assertEquals(emotion, TessCorpus.parse(Path.of("YAF_" + emotion, "YAF_bean_" + emotion + ".wav")).label());
        }
    }

    @Test
    void rejectsMalformedNamesWithTheReason() {
        String pattern = "name does not follow the TESS pattern SPEAKER_word_emotion (three fields separated by '_'), found ";
        Map<String, String> cases = new TreeMap<>(Map.of(
                "OAF_neutral/OA_bite_neutral.wav", "speaker 'OA': expected OAF or YAF (the file lies in folder OAF_neutral)",
                "clips/MAF_bite_neutral.wav", "speaker 'MAF': expected OAF or YAF",
                "OAF_angry/OAF_back.wav", pattern + "'OAF_back'",
                "OAF_angry/OAF_back_angry_2.wav", pattern + "'OAF_back_angry_2'",
                "OAF_angry/OAF_b4ck_angry.wav", "word 'b4ck': expected letters only",
                "OAF_angry/OAF__angry.wav", "word '': expected letters only",
                "clips/OAF_back_surprised.wav", "emotion 'surprised': expected angry, disgust, fear, happy, neutral, ps or sad",
                "YAF_angry/OAF_back_angry.wav", "speaker OAF in the name but the file lies in folder YAF_angry (of speaker YAF)",
                "OAF_sad/OAF_back_angry.wav", "emotion angry in the name but the file lies in folder OAF_sad (of emotion sad)",
                "OAF_pleasant_surprise/OAF_back_happy.wav", "emotion happy in the name but the file lies in folder"
                        + " OAF_pleasant_surprise (of emotion pleasant_surprise)"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Path.of(c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TessCorpus.parse(file), c.getKey());
            assertEquals(file + ": " + c.getValue(), e.getMessage());
        }
        // a folder that is not a TESS folder imposes nothing
        assertEquals("OAF", TessCorpus.parse(Path.of("my_clips", "OAF_back_angry.wav")).speaker());
    }

    @Test
    void scanFindsTheClipsSortedIgnoresOtherFilesAndReportsTheRest() throws IOException {
        touch(tmp, "YAF_sad/YAF_beg_sad.wav", "OAF_angry/OAF_back_angry.wav", "OAF_angry/OAF_bar_angry.flac",
                "OAF_pleasant_surprise/OAF_back_ps.WAV", "YAF_fear/YAF_neat_fear.aiff", "YAF_fear/YAF_germ_fear.aif",
                "YAF_fear/YAF_tape_fear.mp3");
        // ignored: hidden files and folders, other files
        touch(tmp, ".DS_Store", "OAF_angry/._OAF_back_angry.wav", ".trash/OAF_x_angry.wav", "README.txt",
                "OAF_angry/notes.txt", "OAF_angry/OAF_back_angry.wav.bak");
        // problems
        touch(tmp, "OAF_neutral/OA_bite_neutral.wav", "YAF_sad/OAF_dog_sad.wav", "YAF_sad/take2.wav",
                "A_mp3/OAF_back_angry.mp3", "copies/OAF_bar_angry.wav");
        CorpusScan scan = TESS.scan(tmp, Map.of());

        assertEquals(List.of("OAF_angry/OAF_back_angry.wav", "OAF_angry/OAF_bar_angry.flac",
                "OAF_pleasant_surprise/OAF_back_ps.WAV", "YAF_fear/YAF_germ_fear.aif", "YAF_fear/YAF_neat_fear.aiff",
                "YAF_fear/YAF_tape_fear.mp3", "YAF_sad/YAF_beg_sad.wav"), paths(tmp, scan));
        assertEquals(List.of(
                "A_mp3/OAF_back_angry.mp3: the same clip as OAF_angry/OAF_back_angry.wav (kept OAF_angry/OAF_back_angry.wav,"
                        + " the lossless copy)",
                "OAF_neutral/OA_bite_neutral.wav: speaker 'OA': expected OAF or YAF (the file lies in folder OAF_neutral)",
                "YAF_sad/OAF_dog_sad.wav: speaker OAF in the name but the file lies in folder YAF_sad (of speaker YAF)",
                "YAF_sad/take2.wav: name does not follow the TESS pattern SPEAKER_word_emotion (three fields separated by"
                        + " '_'), found 'take2'",
                "copies/OAF_bar_angry.wav: the same clip as OAF_angry/OAF_bar_angry.flac (kept OAF_angry/OAF_bar_angry.flac)"),
                scan.problems());
        assertTrue(!scan.clean());
        assertEquals(0, scan.excluded());
        assertEquals("pleasant_surprise", find(tmp, scan, "OAF_pleasant_surprise/OAF_back_ps.WAV").label());
        assertEquals(scan, TESS.scan(tmp, Map.of()), "a second scan gives the same lists");
    }

    @Test
    void excludeLeavesFilesOutCountedButReportedNowhere() throws IOException {
        touch(tmp, "OAF_angry/OAF_back_angry.wav", "OAF_angry/OAF_bar_angry.wav", "YAF_sad/YAF_beg_sad.wav",
                "OAF_neutral/OA_bite_neutral.wav");
        CorpusScan scan = TESS.scan(tmp, Map.of("exclude", "OAF_angry/OAF_back_angry.wav, ./YAF_sad\\YAF_beg_sad.wav"));
        assertEquals(List.of("OAF_angry/OAF_bar_angry.wav"), paths(tmp, scan));
        assertEquals(1, scan.problems().size());
        assertEquals(2, scan.excluded());
        // an excluded malformed file is no problem either; naming a file twice counts it once
        CorpusScan quiet = TESS.scan(tmp, Map.of("exclude", "OAF_neutral/OA_bite_neutral.wav,OAF_neutral/OA_bite_neutral.wav"));
        assertEquals(List.of(), quiet.problems());
        assertEquals(1, quiet.excluded());
        assertEquals(3, quiet.utterances().size());
    }

    @Test
    void optionErrorsNameTheProblem() throws IOException {
        touch(tmp, "OAF_angry/OAF_back_angry.wav");
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("exclude", "OAF_angry/OAF_gone_angry.wav"), "exclude: 'OAF_angry/OAF_gone_angry.wav' names no file below",
                Map.of("exclude", "OAF_angry"), "exclude: 'OAF_angry' names no file below " + tmp + " (it is a folder; name files)",
                Map.of("exclude", "../elsewhere.wav"), "exclude: '../elsewhere.wav' is not a path below " + tmp,
                Map.of("exclude", ""), "exclude: empty path in the list",
                Map.of("exclude", "a.wav,,b.wav"), "exclude: empty path in the list",
                Map.of("exlude", "x"), "corpus reader 'tess' has no option exlude (its options: exclude)");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TESS.scan(tmp, c.getKey()));
            assertTrue(e.getMessage().startsWith(c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
        assertThrows(NoSuchFileException.class, () -> TESS.scan(tmp.resolve("missing"), Map.of()));
    }

    /** Our copy of TESS: 2800 files, one with a malformed speaker, two that are not originals. */
    @Test
    void theRealCorpus() throws IOException {
        Path dir = SharedData.tess();
        CorpusScan all = Corpora.Source.parse("tess:" + dir).scan();
        assertEquals(2799, all.utterances().size());
        assertEquals(List.of("OAF_neutral/OA_bite_neutral.wav: speaker 'OA': expected OAF or YAF (the file lies in folder"
                + " OAF_neutral)"), all.problems());
        Map<String, Long> labels = all.utterances().stream().collect(Collectors.groupingBy(Utterance::label, TreeMap::new,
                Collectors.counting()));
        assertEquals(Map.of("angry", 400L, "disgust", 400L, "fear", 400L, "happy", 400L, "neutral", 399L,
                "pleasant_surprise", 400L, "sad", 400L), labels);
        Map<String, Long> speakers = all.utterances().stream().collect(Collectors.groupingBy(Utterance::speaker,
                Collectors.counting()));
        assertEquals(Map.of("OAF", 1399L, "YAF", 1400L), speakers);
        assertEquals(200, all.utterances().stream().map(Utterance::sentence).distinct().count(), "200 target words");

        CorpusScan originals = Corpora.Source.parse("tess:" + dir + "?exclude=OAF_angry/OAF_back_angry.wav,YAF_sad/YAF_beg_sad.wav")
                .scan();
        assertEquals(2797, originals.utterances().size());
        assertEquals(all.problems(), originals.problems());
        assertEquals(2, originals.excluded());
        Map<String, Utterance> byPath = originals.utterances().stream()
                .collect(Collectors.toMap(u -> RavdessCorpus.relative(dir, u.path()), Function.identity()));
        assertTrue(!byPath.containsKey("OAF_angry/OAF_back_angry.wav") && !byPath.containsKey("YAF_sad/YAF_beg_sad.wav"));
    }
}
