package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsAndCorporaTest {

    @TempDir
    Path tmp;

    private static Utterance u(String path, String label, String speaker, String corpus) {
        return Utterance.of(Path.of(path), label, speaker, corpus);
    }

    @Test
    void aLabelSetPutsRavdessEmotionsFirstInCodeOrderThenTheRestAlphabetically() {
        List<Utterance> us = List.of(u("a", "surprised", "1", "c"), u("b", "boredom", "1", "c"), u("c", "neutral", "1", "c"),
                u("d", "anger", "1", "c"), u("e", "calm", "1", "c"), u("f", "neutral", "2", "c"));
        assertEquals(List.of("neutral", "calm", "surprised", "anger", "boredom"), Labels.of(us));
        assertEquals(8, Labels.ravdess().size());
        assertEquals("pleasant_surprise", Labels.normalise("  Pleasant Surprise "));
        assertThrows(IllegalArgumentException.class, () -> Labels.normalise(" "));
        assertThrows(IllegalArgumentException.class, () -> Labels.normalise("a,b"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Labels.check(List.of("a", "b", "a")));
        assertTrue(twice.getMessage().contains("'a' appears twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Labels.check(List.of("only")));
    }

    @Test
    void speakersSortNaturally() {
        List<String> ids = new ArrayList<>(List.of("10", "OAF", "2", "1001", "f1", "02"));
        ids.sort(Utterance.SPEAKER_ORDER);
        assertEquals(List.of("02", "2", "10", "1001", "OAF", "f1"), ids);
    }

    @Test
    void theCommonMappingRenamesTheSameClassAndAFileMayDropOne() throws IOException {
        LabelMapping common = LabelMapping.of("common");
        assertEquals("fearful", common.map("fear"));
        assertEquals("surprised", common.map("pleasant_surprise"));
        assertEquals("happy", common.map("joy"));
        assertEquals("calm", common.map("calm"));
        assertEquals("neutral", LabelMapping.of("common-calm-as-neutral").map("calm"));
        assertNull(LabelMapping.of("common-no-boredom").map("boredom"));
        assertEquals("fear", LabelMapping.of("none").map("fear"));

        Path file = Files.writeString(tmp.resolve("map.json"), "{\"Boredom\": null, \"ps\": \"Surprised\"}");
        LabelMapping m = LabelMapping.of(file.toString());
        List<Utterance> mapped = m.apply(List.of(u("a", "boredom", "1", "c"), u("b", "ps", "1", "c"), u("c", "sad", "1", "c")));
        assertEquals(List.of("surprised", "sad"), mapped.stream().map(Utterance::label).toList());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> LabelMapping.of("no-such-map"));
        assertTrue(missing.getMessage().contains("no such file, and no mapping of that name"), missing.getMessage());
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"a\": 3}");
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> LabelMapping.of(bad.toString()));
        assertTrue(number.getMessage().contains("\"a\" maps to 3"), number.getMessage());
    }

    @Test
    void aSourceIsNamePathAndOptions() {
        Corpora.Source plain = Corpora.Source.parse("/data/ravdess");
        assertEquals("ravdess", plain.reader());
        assertEquals(Path.of("/data/ravdess"), plain.path());
        Corpora.Source named = Corpora.Source.parse("ravdess:/data/r?");
        assertEquals(Path.of("/data/r"), named.path());
        assertEquals(Map.of(), named.options());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Corpora.Source.parse("nosuch:/x"));
        assertTrue(unknown.getMessage().contains("no corpus reader named 'nosuch'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Corpora.Source.parse("ravdess:"));
        assertThrows(IllegalArgumentException.class, () -> Corpora.Source.parse("ravdess:/x?flag"));
    }

    @Test
    void combiningQualifiesOnlySharedSpeakerIdsAndRefusesASharedFile() {
        List<Utterance> a = List.of(u("/a/1.wav", "sad", "1", "ravdess"), u("/a/2.wav", "sad", "7", "ravdess"));
        List<Utterance> b = List.of(u("/b/1.wav", "sad", "1", "mine"), u("/b/2.wav", "sad", "OAF", "mine"));
        List<Utterance> all = Corpora.combine(List.of(a, b));
        assertEquals(List.of("ravdess:1", "7", "mine:1", "OAF"), all.stream().map(Utterance::speaker).toList());
        IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
                () -> Corpora.combine(List.of(a, List.of(u("/a/1.wav", "sad", "9", "other")))));
        assertTrue(shared.getMessage().contains("is in corpus 'ravdess' and in 'other'"), shared.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Corpora.combine(List.of(a, a)));
    }

    @Test
    void loadingMapsLabelsAndRootsIdsAtTheCommonDirectory() throws IOException {
        Path r = Files.createDirectories(tmp.resolve("corpora/ravdess/Actor_01"));
        Files.createFile(r.resolve("03-01-06-01-01-01-01.wav"));
        Files.createFile(r.resolve("03-01-01-01-01-01-01.wav"));
        Files.createFile(r.resolve("bad-name.wav"));
        Corpora.Loaded loaded = Corpora.load(List.of(tmp.resolve("corpora/ravdess").toString()), "common-calm-as-neutral");
        assertEquals(2, loaded.utterances().size());
        assertEquals(1, loaded.problems().size());
        assertTrue(loaded.problems().get(0).startsWith("Actor_01/bad-name.wav: "), loaded.problems().get(0));
        assertEquals(tmp.resolve("corpora/ravdess").toAbsolutePath().normalize(), loaded.root());
        assertEquals(List.of("ravdess:" + tmp.resolve("corpora/ravdess")), loaded.specs());
        assertEquals(List.of("neutral", "fearful"), Labels.of(loaded.utterances()));
        assertThrows(IllegalArgumentException.class, () -> Corpora.load(List.of(), LabelMapping.common()));
    }
}
