package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ser4j.testing.CorpusFixtures.find;
import static org.ser4j.testing.CorpusFixtures.paths;
import static org.ser4j.testing.CorpusFixtures.touch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Utterance.Gender;

class CremaDCorpusTest {

    private static final CremaDCorpus CREMA = new CremaDCorpus();
    /** The first rows of the repository's VideoDemographics.csv, quoted as it quotes them. */
    private static final String DEMOGRAPHICS = "\"ActorID\",\"Age\",\"Sex\",\"Race\",\"Ethnicity\"\n"
            + "1001,51,\"Male\",\"Caucasian\",\"Not Hispanic\"\n"
            + "1002,21,\"Female\",\"Caucasian\",\"Not Hispanic\"\n"
            + "1091,29,\"Female\",\"Asian\",\"Not Hispanic\"\n";

    @TempDir
    Path tmp;

    @Test
    void parsesEveryField() {
        Utterance u = CremaDCorpus.parse(Path.of("AudioWAV", "1001_DFA_ANG_XX.wav"));
        assertEquals("anger", u.label());
        assertEquals("1001", u.speaker());
        assertEquals("crema-d", u.corpus());
        assertEquals("DFA", u.sentence());
        assertNull(u.gender(), "no demographics: no gender");
        assertNull(u.intensity(), "LO/MD/HI/XX do not map onto NORMAL/STRONG");
        assertEquals(0, u.repetition());

        Map<String, String> labels = Map.of("ANG", "anger", "DIS", "disgust", "FEA", "fear", "HAP", "happy", "NEU", "neutral",
                "SAD", "sad");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            assertEquals(e.getValue(), CremaDCorpus.parse(Path.of("1091_IEO_" + e.getKey() + "_HI.wav")).label());
        }
        for (String sentence : List.of("IEO", "TIE", "IOM", "IWW", "TAI", "MTI", "IWL", "ITH", "DFA", "ITS", "TSI", "WSI")) {
            assertEquals(sentence, CremaDCorpus.parse(Path.of("1050_" + sentence + "_NEU_XX.wav")).sentence());
        }
        for (String level : List.of("LO", "MD", "HI", "XX")) {
            assertEquals("sad", CremaDCorpus.parse(Path.of("1002_IEO_SAD_" + level + ".wav")).label());
        }
        Utterance lower = CremaDCorpus.parse(Path.of("1002_ieo_sad_lo.flac"));
        assertEquals("sad", lower.label());
        assertEquals("IEO", lower.sentence());
    }

    @Test
    void rejectsMalformedNamesWithTheReason() {
        String pattern = "name does not follow the CREMA-D pattern ACTOR_SEN_EMO_LV (four digits and three letter codes"
                + " separated by '_', e.g. 1001_DFA_ANG_XX), found ";
        Map<String, String> cases = new TreeMap<>(Map.of(
                "1000_DFA_ANG_XX.wav", "actor 1000: expected 1001 to 1091",
                "1092_DFA_ANG_XX.wav", "actor 1092: expected 1001 to 1091",
                "1001_ABC_ANG_XX.wav", "sentence ABC: expected one of IEO, TIE, IOM, IWW, TAI, MTI, IWL, ITH, DFA, ITS, TSI, WSI",
                "1001_DFA_JOY_XX.wav", "emotion JOY: expected ANG, DIS, FEA, HAP, NEU or SAD",
                "1001_DFA_ANG_ZZ.wav", "emotion level ZZ: expected LO, MD, HI or XX",
                "1001_DFA_ANG.wav", pattern + "'1001_DFA_ANG'",
                "101_DFA_ANG_XX.wav", pattern + "'101_DFA_ANG_XX'",
                "1001-DFA-ANG-XX.wav", pattern + "'1001-DFA-ANG-XX'",
                "1001_DFA_ANG_XX_2.wav", pattern + "'1001_DFA_ANG_XX_2'"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Path.of("AudioWAV", c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CremaDCorpus.parse(file));
            assertEquals(file + ": " + c.getValue(), e.getMessage());
        }
    }

    @Test
    void gendersComeFromTheDemographicsNextToAudioWav() throws IOException {
        Files.writeString(tmp.resolve("VideoDemographics.csv"), DEMOGRAPHICS);
        touch(tmp, "AudioWAV/1001_DFA_ANG_XX.wav", "AudioWAV/1002_IEO_HAP_HI.wav", "AudioWAV/1050_TIE_NEU_XX.wav",
                "AudioWAV/.1001_DFA_SAD_XX.wav", "AudioWAV/notes.txt", "AudioWAV/1003_XYZ_ANG_XX.wav");
        // the demographics lie in the parent of the scanned AudioWAV
        CorpusScan wav = CREMA.scan(tmp.resolve("AudioWAV"), Map.of());
        Path audio = tmp.resolve("AudioWAV");
        assertEquals(List.of("1001_DFA_ANG_XX.wav", "1002_IEO_HAP_HI.wav", "1050_TIE_NEU_XX.wav"), paths(audio, wav));
        assertEquals(Gender.MALE, find(audio, wav, "1001_DFA_ANG_XX.wav").gender());
        assertEquals(Gender.FEMALE, find(audio, wav, "1002_IEO_HAP_HI.wav").gender());
        assertNull(find(audio, wav, "1050_TIE_NEU_XX.wav").gender(), "an actor the file does not list");
        assertEquals(List.of("1003_XYZ_ANG_XX.wav: sentence XYZ: expected one of IEO, TIE, IOM, IWW, TAI, MTI, IWL, ITH,"
                + " DFA, ITS, TSI, WSI"), wav.problems());

        // the repository root: the demographics in the scanned directory, every clip also as MP3 and FLV
        touch(tmp, "AudioMP3/1001_DFA_ANG_XX.mp3", "AudioMP3/1002_IEO_HAP_HI.mp3", "VideoFlash/1001_DFA_ANG_XX.flv",
                "processedResults/tabulatedVotes.csv");
        CorpusScan root = CREMA.scan(tmp, Map.of());
        assertEquals(List.of("AudioWAV/1001_DFA_ANG_XX.wav", "AudioWAV/1002_IEO_HAP_HI.wav", "AudioWAV/1050_TIE_NEU_XX.wav"),
                paths(tmp, root));
        assertEquals(List.of(
                "AudioMP3/1001_DFA_ANG_XX.mp3: the same clip as AudioWAV/1001_DFA_ANG_XX.wav (kept"
                        + " AudioWAV/1001_DFA_ANG_XX.wav, the lossless copy)",
                "AudioMP3/1002_IEO_HAP_HI.mp3: the same clip as AudioWAV/1002_IEO_HAP_HI.wav (kept"
                        + " AudioWAV/1002_IEO_HAP_HI.wav, the lossless copy)",
                "AudioWAV/1003_XYZ_ANG_XX.wav: sentence XYZ: expected one of IEO, TIE, IOM, IWW, TAI, MTI, IWL, ITH, DFA, ITS,"
                        + " TSI, WSI"), root.problems());
        assertEquals(Gender.MALE, find(tmp, root, "AudioWAV/1001_DFA_ANG_XX.wav").gender());

        // without the file (a copy of AudioWAV alone) there are no genders
        Path alone = tmp.resolve("copy/AudioWAV");
        touch(alone, "1001_DFA_ANG_XX.wav");
        assertNull(CREMA.scan(alone, Map.of()).utterances().get(0).gender());
    }

    @Test
    void anUnreadableDemographicsFileIsAnErrorNamingIt() throws IOException {
        touch(tmp, "AudioWAV/1001_DFA_ANG_XX.wav");
        Path csv = tmp.resolve("VideoDemographics.csv");
        Map<String, String> cases = new TreeMap<>(Map.of(
                DEMOGRAPHICS + "1003,21,\"Unknown\",\"Caucasian\",\"Not Hispanic\"\n", ":5: Sex 'Unknown' of actor 1003:"
                        + " expected Male or Female",
                DEMOGRAPHICS + "1001,51,\"Male\",\"Caucasian\",\"Not Hispanic\"\n", ":5: actor 1001 is listed twice",
                DEMOGRAPHICS + "1003,21,\"Female\"\n", ":5: row has 3 fields, the header 5",
                DEMOGRAPHICS + "1003,21,\"Fe\"male\",\"Asian\",\"Not Hispanic\"\n", ":5: text after the closing quote of field 3"
                        + " (a quote inside a field is written twice: \"\")",
                "\"ActorID\",\"Age\",\"Gender\"\n1001,51,\"Male\"\n", ":1: the header has no Sex column (found [actorid, age,"
                        + " gender])",
                "", ": empty file, expected a header with ActorID and Sex"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(csv, c.getKey(), StandardCharsets.UTF_8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CREMA.scan(tmp, Map.of()));
            assertEquals(csv + c.getValue(), e.getMessage());
        }
    }

    @Test
    void takesNoOptions() {
        touch(tmp, "AudioWAV/1001_DFA_ANG_XX.wav");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CREMA.scan(tmp, Map.of("exclude", "AudioWAV/1001_DFA_ANG_XX.wav")));
        assertTrue(e.getMessage().startsWith("corpus reader 'crema-d' takes no options, found [exclude]"), e.getMessage());
    }
}
