package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

class CorpusSummaryTest {

    private static Utterance u(String name) {
        return RavdessCorpus.parse(Path.of(name));
    }

    @Test
    void countsEveryBreakdown() {
        CorpusSummary s = CorpusSummary.of(List.of(
                u("03-01-01-01-01-01-01.wav"), u("03-01-05-02-01-01-01.wav"), u("03-01-05-01-02-01-02.wav"),
                u("03-01-08-02-01-02-12.wav")));
        assertEquals(4, s.total());
        assertEquals(1, s.labels().get("neutral"));
        assertEquals(2, s.labels().get("angry"));
        assertEquals(1, s.labels().get("surprised"));
        assertEquals(null, s.labels().get("calm"));
        assertEquals(3, s.labels().size()); // only the labels that occur, in RAVDESS order
        assertEquals(List.of("neutral", "angry", "surprised"), List.copyOf(s.labels().keySet()));
        assertEquals(2, s.intensities().get(Intensity.NORMAL));
        assertEquals(2, s.intensities().get(Intensity.STRONG));
        assertEquals(1, s.labelIntensities().get("angry").get(Intensity.STRONG));
        assertEquals(1, s.labelIntensities().get("angry").get(Intensity.NORMAL));
        assertEquals(0, s.labelIntensities().get("neutral").get(Intensity.STRONG));
        assertEquals(2, s.genders().get(Gender.MALE));
        assertEquals(2, s.genders().get(Gender.FEMALE));
        assertEquals(List.of("1", "2", "12"), List.copyOf(s.speakers().keySet()));
        assertEquals(List.of(2, 1, 1), List.copyOf(s.speakers().values()));
        assertEquals(3, s.speakerCount());

        String text = s.toText();
        assertTrue(text.startsWith("utterances: 4 from 3 speakers"), text);
        assertTrue(text.contains("angry                   2       1       1"), text);
        assertTrue(text.contains("all                     4       2       2"), text);
        assertTrue(text.contains("female                  2"), text);
        assertTrue(text.contains("12                      1"), text);
    }

    @Test
    void emptyCorpusHasZeroCounts() {
        CorpusSummary s = CorpusSummary.of(List.of());
        assertEquals(0, s.total());
        assertEquals(0, s.labels().size());
        assertEquals(0, s.speakerCount());
    }
}
