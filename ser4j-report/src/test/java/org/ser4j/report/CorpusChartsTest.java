package org.ser4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.CorpusSummary;
import org.ser4j.data.Emotion;
import org.ser4j.data.Utterance;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

class CorpusChartsTest {

    @TempDir
    Path tmp;

    @Test
    void writesFourCorpusPngs() throws IOException {
        List<Utterance> us = new ArrayList<>();
        for (int speaker = 1; speaker <= 4; speaker++) {
            for (Emotion e : Emotion.values()) {
                Intensity i = e == Emotion.NEUTRAL || speaker % 2 == 0 ? Intensity.NORMAL : Intensity.STRONG;
                us.add(new Utterance(Path.of(e + "-" + speaker + ".wav"), e.label(), Integer.toString(speaker), "ravdess",
                        speaker % 2 == 1 ? Gender.MALE : Gender.FEMALE, i, "1", 1));
            }
        }
        List<Path> files = Charts.corpus(CorpusSummary.of(us), tmp.resolve("charts"));
        assertEquals(List.of(Charts.CORPUS_EMOTIONS, Charts.CORPUS_INTENSITY, Charts.CORPUS_GENDER, Charts.CORPUS_SPEAKERS),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            PngAssertions.assertPng(f, Charts.WIDTH, Charts.HEIGHT);
        }
    }
}
