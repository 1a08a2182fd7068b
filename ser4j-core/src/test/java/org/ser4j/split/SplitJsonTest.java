package org.ser4j.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.CorpusScan;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;

class SplitJsonTest {

    @TempDir
    Path tmp;

    /** Writes empty RAVDESS files for actors 1..4, emotions 1..8 normal, statement 1 repetition 1..2. */
    private Path corpus(String dirName, String extension) throws IOException {
        Path dir = tmp.resolve(dirName);
        for (int a = 1; a <= 4; a++) {
            Path folder = Files.createDirectories(dir.resolve(String.format("Actor_%02d", a)));
            for (int e = 1; e <= 8; e++) {
                for (int r = 1; r <= 2; r++) {
                    Files.createFile(folder.resolve(String.format("03-01-%02d-01-01-%02d-%02d.%s", e, r, a, extension)));
                }
            }
        }
        return dir;
    }

    @Test
    void saveAndLoadRoundTrip() throws IOException {
        Path dir = corpus("flac", "flac");
        CorpusScan scan = RavdessCorpus.scan(dir);
        Split split = Splits.bySpeaker(scan.utterances(), java.util.Set.of("4"), java.util.Set.of("3"));
        Path json = tmp.resolve("run/split.json");
        split.save(json, dir);
        String text = Files.readString(json);
        assertTrue(text.contains("\"name\" : \"speaker\""), text);
        assertTrue(text.contains("\"Actor_04/03-01-01-01-01-01-04.flac\""), text);
        assertTrue(!text.contains(dir.toString()), "ids are relative to the corpus: " + text);
        assertEquals(split, Split.load(json, dir, scan.utterances()));

        Split.Ids ids = Split.Ids.read(json);
        assertEquals(split.ids(dir), ids);
        assertEquals(16, ids.test().size());
        assertEquals(32, ids.train().size());
    }

    /** Issue 19: runs made before the protocols were renamed recorded their splits as "seed" and "seed-leaky". */
    @Test
    void splitsSavedUnderTheOldProtocolNamesLoadWithTheNewProtocols() throws IOException {
        Path dir = corpus("flac", "flac");
        List<Utterance> all = RavdessCorpus.scan(dir).utterances();
        Split random = Splits.random(all, 3);
        Path json = tmp.resolve("old/split.json");
        random.save(json, dir);
        Files.writeString(json, Files.readString(json).replace("\"name\" : \"random\"", "\"name\" : \"seed\""));
        Split old = Split.load(json, dir, all);
        assertEquals("seed", old.name()); // the run's record is kept as it is
        assertEquals(Splits.RANDOM, old.protocol());
        assertEquals(random.test(), old.test());

        Split leaky = SecPytorchLeak.draw(all, dir, 3, 2).split();
        assertEquals(SecPytorchLeak.PROTOCOL, leaky.protocol());
        leaky.save(json, dir);
        Files.writeString(json, Files.readString(json).replace("\"name\" : \"sec-pytorch-leaky\"",
                "\"name\" : \"seed-leaky\""));
        Split oldLeaky = Split.load(json, dir, all);
        assertEquals("seed-leaky", oldLeaky.name());
        assertEquals(SecPytorchLeak.PROTOCOL, oldLeaky.protocol());
    }

    @Test
    void idsResolveOnACopyWithAnotherExtension() throws IOException {
        Path flac = corpus("flac", "flac");
        Path wav = corpus("wav", "wav");
        List<Utterance> flacs = RavdessCorpus.scan(flac).utterances();
        List<Utterance> wavs = RavdessCorpus.scan(wav).utterances();
        Split onFlac = Splits.random(flacs, 5);
        Split onWav = onFlac.ids(flac).resolve(wav, wavs);
        assertEquals(onFlac.test().stream().map(u -> u.id().replace(".flac", ".wav")).toList(),
                onWav.test().stream().map(Utterance::id).toList());
        assertTrue(onWav.test().get(0).path().startsWith(wav));
    }

    @Test
    void missingIdsAreNamed() throws IOException {
        Path dir = corpus("flac", "flac");
        List<Utterance> all = RavdessCorpus.scan(dir).utterances();
        Split split = Splits.random(all, 1);
        Path json = tmp.resolve("split.json");
        split.save(json, dir);
        List<Utterance> fewer = all.stream().filter(u -> !u.speaker().equals("2")).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.load(json, dir, fewer));
        assertTrue(e.getMessage().startsWith(json + ": split 'random': 16 utterance id(s) not found in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("Actor_02/"), e.getMessage());
    }

    @Test
    void malformedJsonIsReported() throws IOException {
        Path json = Files.writeString(tmp.resolve("bad.json"), "{\"name\":\"x\",\"seed\":1,\"train\":[],\"validation\":[]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.Ids.read(json));
        assertTrue(e.getMessage().contains("bad.json: expected an array of utterance ids 'test'"), e.getMessage());
        Path notJson = Files.writeString(tmp.resolve("bad2.json"), "train: [");
        assertThrows(IllegalArgumentException.class, () -> Split.Ids.read(notJson));
    }
}
