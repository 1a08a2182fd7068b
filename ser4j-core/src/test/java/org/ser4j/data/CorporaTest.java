package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ser4j.testing.CorpusFixtures.touch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry: every reader is found by name, and {@code NAME:PATH?options} reaches it. */
class CorporaTest {

    @TempDir
    Path tmp;

    @Test
    void everyReaderIsRegisteredByItsName() {
        assertEquals(List.of("ravdess", "tess", "crema-d", "savee", "emodb", "emovo", "folders", "csv"),
                List.copyOf(Corpora.names()));
        assertInstanceOf(TessCorpus.class, Corpora.reader("tess"));
        assertInstanceOf(CremaDCorpus.class, Corpora.reader("crema-d"));
        assertInstanceOf(SaveeCorpus.class, Corpora.reader("savee"));
        assertInstanceOf(EmoDbCorpus.class, Corpora.reader("emodb"));
        assertInstanceOf(EmovoCorpus.class, Corpora.reader("emovo"));
        assertInstanceOf(FolderCorpus.class, Corpora.reader("folders"));
        assertInstanceOf(CsvCorpus.class, Corpora.reader("csv"));
        for (String name : Corpora.names()) {
            assertEquals(name, Corpora.reader(name).name());
            assertTrue(!Corpora.reader(name).scheme().isBlank(), name);
        }
    }

    @Test
    void sourcesResolveTheRegisteredReaders() {
        assertSource("tess:/x?exclude=a", "tess", "/x", Map.of("exclude", "a"));
        assertSource("tess:/data/TESS?exclude=OAF_angry/OAF_back_angry.wav,YAF_sad/YAF_beg_sad.wav", "tess", "/data/TESS",
                Map.of("exclude", "OAF_angry/OAF_back_angry.wav,YAF_sad/YAF_beg_sad.wav"));
        assertSource("crema-d:/data/CREMA-D/AudioWAV", "crema-d", "/data/CREMA-D/AudioWAV", Map.of());
        assertSource("savee:/data/SAVEE/AudioData", "savee", "/data/SAVEE/AudioData", Map.of());
        assertSource("emodb:/data/emodb/wav", "emodb", "/data/emodb/wav", Map.of());
        assertSource("emovo:/data/EMOVO", "emovo", "/data/EMOVO", Map.of());
        assertSource("folders:/d?layout=speaker/label&name=mine", "folders", "/d", Map.of("layout", "speaker/label", "name", "mine"));
        assertSource("folders:/d?speaker=^([a-z]+)_", "folders", "/d", Map.of("speaker", "^([a-z]+)_"));
        assertSource("csv:/m/list.csv?name=x", "csv", "/m/list.csv", Map.of("name", "x"));
        assertSource("/data/ravdess", "ravdess", "/data/ravdess", Map.of());
        assertEquals("tess:/x?exclude=a", Corpora.Source.parse("tess:/x?exclude=a").toString());
    }

    private static void assertSource(String spec, String reader, String path, Map<String, String> options) {
        Corpora.Source s = Corpora.Source.parse(spec);
        assertEquals(reader, s.reader(), spec);
        assertEquals(Path.of(path), s.path(), spec);
        assertEquals(options, s.options(), spec);
    }

    @Test
    void aSourceScansWithItsReaderAndNamesItInErrors() throws IOException {
        touch(tmp, "OAF_angry/OAF_back_angry.wav", "OAF_angry/OAF_bar_angry.wav");
        CorpusScan scan = Corpora.Source.parse("tess:" + tmp + "?exclude=OAF_angry/OAF_bar_angry.wav").scan();
        assertEquals(1, scan.utterances().size());
        assertEquals(1, scan.excluded());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corpora.Source.parse("tess:" + tmp + "?exlude=x").scan());
        assertEquals("tess:" + tmp + ": corpus reader 'tess' has no option exlude (its options: exclude)", e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Corpora.Source.parse("emodb:" + tmp + "?a=1&b=2").scan());
        assertTrue(none.getMessage().startsWith("emodb:" + tmp + ": corpus reader 'emodb' takes no options, found ["),
                none.getMessage());
        assertEquals("'tes:/x': no corpus reader named 'tes' (readers: ravdess, tess, crema-d, savee, emodb, emovo, folders,"
                + " csv)", assertThrows(IllegalArgumentException.class, () -> Corpora.Source.parse("tes:/x")).getMessage());
    }

    @Test
    void onlyOptionsNamesTheUnknownOnesAndTheKnown() {
        Corpora.onlyOptions("r", Map.of("a", "1"), "a", "b");
        Corpora.onlyOptions("r", Map.of(), "a");
        assertEquals("corpus reader 'r' has no options c, d (its options: a, b)", assertThrows(IllegalArgumentException.class,
                () -> Corpora.onlyOptions("r", Map.of("a", "1", "d", "2", "c", "3"), "a", "b")).getMessage());
    }

    @Test
    void corporaOfSeveralReadersCombine() throws IOException {
        touch(tmp, "tess/OAF_angry/OAF_back_angry.wav", "mine/dora/angry/a.wav",
                "mine/OAF/sad/b.wav");
        List<Utterance> tess = Corpora.Source.parse("tess:" + tmp.resolve("tess")).scan().utterances();
        List<Utterance> mine = Corpora.Source.parse("folders:" + tmp.resolve("mine") + "?layout=speaker/label").scan()
                .utterances();
        List<Utterance> all = Corpora.combine(List.of(tess, mine));
        assertEquals(List.of("tess:OAF", "folders:OAF", "dora"),
                all.stream().map(Utterance::speaker).toList(), "a speaker id both corpora use is qualified in both");
    }

    @Test
    void anyReaderTakesPartTrainAndTheLoadedCorporaNameWhichOnlyTrain() throws IOException {
        touch(tmp, "tess/OAF_angry/OAF_back_angry.wav", "tess/YAF_sad/YAF_bar_sad.wav", "mine/dora/angry/a.wav");
        Corpora.Source tess = Corpora.Source.parse("tess:" + tmp.resolve("tess") + "?part=train&exclude=YAF_sad/YAF_bar_sad.wav");
        assertTrue(tess.trainOnly());
        assertEquals(1, tess.scan().utterances().size(), "the reader gets its own options, not part=");
        assertEquals("tess:" + tmp.resolve("tess") + "?exclude=YAF_sad/YAF_bar_sad.wav&part=train", tess.toString());
        Corpora.Source mine = Corpora.Source.parse("folders:" + tmp.resolve("mine") + "?layout=speaker/label");
        assertFalse(mine.trainOnly());

        Corpora.Loaded loaded = Corpora.load(List.of(tess, mine), LabelMapping.of("common"));
        assertEquals(Set.of("tess"), loaded.trainOnly());
        assertEquals(2, loaded.utterances().size());
        assertEquals(Set.of(), Corpora.load(List.of(mine), LabelMapping.of("common")).trainOnly());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corpora.Source.parse("tess:/x?part=test"));
        assertEquals("tess:/x: option part=test is not known (the one value is part=train: the corpus only trains)",
                e.getMessage());
    }
}
