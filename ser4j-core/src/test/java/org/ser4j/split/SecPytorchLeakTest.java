package org.ser4j.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Utterance;

class SecPytorchLeakTest {

    private static final Path ROOT = Path.of("/corpus");

    /** 3 labels x 40 clips of 4 speakers. */
    private static List<Utterance> corpus() {
        List<Utterance> all = new ArrayList<>();
        for (String label : List.of("neutral", "happy", "sad")) {
            for (int i = 0; i < 40; i++) {
                all.add(Utterance.of(ROOT.resolve(label + "-" + i + ".wav"), label, Integer.toString(1 + i % 4), "ravdess"));
            }
        }
        return all;
    }

    @Test
    void everyVersionOfEveryClipIsInOnePartAndEachLabelIsCut80To10To10() {
        SecPytorchLeak.Drawn d = SecPytorchLeak.draw(corpus(), ROOT, 42, 2);
        assertEquals(SecPytorchLeak.PROTOCOL, d.split().protocol());
        assertEquals(120, d.split().size(), "every clean clip once");
        assertEquals(120, d.leak().copyParts().size());
        for (String label : List.of("neutral", "happy", "sad")) {
            Map<Split.Part, Integer> n = new EnumMap<>(Split.Part.class);
            for (Split.Part p : Split.Part.values()) {
                for (Utterance u : d.split().part(p)) {
                    if (u.label().equals(label)) {
                        n.merge(p, 1, Integer::sum);
                    }
                }
            }
            for (int i = 0; i < 40; i++) {
                for (int c = 1; c <= 2; c++) {
                    n.merge(d.leak().part(label + "-" + i + ".wav", c), 1, Integer::sum);
                }
            }
            // 120 items per label: floor(0.8 n) = 96 train, floor(0.9 n) - 96 = 12 validation, 12 test
            assertEquals(Map.of(Split.Part.TRAIN, 96, Split.Part.VALIDATION, 12, Split.Part.TEST, 12), n, label);
        }
        assertEquals(288, d.leak().count(d.split(), Split.Part.TRAIN));
        assertEquals(36, d.leak().count(d.split(), Split.Part.TEST));
    }

    @Test
    void testClipsHaveNoisyTwinsInTraining() {
        // the leak itself: the versions of one clip are drawn independently, so most test items have a twin in training
        SecPytorchLeak.Drawn d = SecPytorchLeak.draw(corpus(), ROOT, 42, 2);
        int testItems = 0;
        int withTwinInTraining = 0;
        for (Utterance u : corpus()) {
            String id = ROOT.relativize(u.path()).toString();
            List<Split.Part> versions = new ArrayList<>();
            versions.add(d.split().test().contains(u) ? Split.Part.TEST
                    : d.split().train().contains(u) ? Split.Part.TRAIN : Split.Part.VALIDATION);
            versions.add(d.leak().part(id, 1));
            versions.add(d.leak().part(id, 2));
            for (int v = 0; v < 3; v++) {
                if (versions.get(v) == Split.Part.TEST) {
                    testItems++;
                    int other = 0;
                    for (int w = 0; w < 3; w++) {
                        other += w != v && versions.get(w) == Split.Part.TRAIN ? 1 : 0;
                    }
                    withTwinInTraining += other > 0 ? 1 : 0;
                }
            }
        }
        assertEquals(36, testItems);
        assertTrue(withTwinInTraining >= 24, withTwinInTraining + " of 36 test items have a twin in training");
    }

    @Test
    void theSameSeedDrawsTheSameLeakAndAnotherDoesNot() {
        SecPytorchLeak.Drawn a = SecPytorchLeak.draw(corpus(), ROOT, 7, 2);
        SecPytorchLeak.Drawn b = SecPytorchLeak.draw(corpus(), ROOT, 7, 2);
        assertEquals(a.split().test(), b.split().test());
        assertEquals(a.leak(), b.leak());
        assertNotEquals(a.leak(), SecPytorchLeak.draw(corpus(), ROOT, 8, 2).leak());
    }

    @Test
    void itIsSavedAndReadBack(@TempDir Path dir) throws IOException {
        SecPytorchLeak leak = SecPytorchLeak.draw(corpus(), ROOT, 3, 2).leak();
        Path json = dir.resolve("sec-pytorch-leak.json");
        leak.save(json);
        assertEquals(leak, SecPytorchLeak.read(json));
        Files.writeString(json, "{\"copies\": 2, \"copy_parts\": {\"a.wav\": [\"train\", \"elsewhere\"]}}");
        IOException e = assertThrows(IOException.class, () -> SecPytorchLeak.read(json));
        assertTrue(e.getMessage().contains("unknown part 'elsewhere'"), e.getMessage());
        Files.writeString(json, "{\"copies\": 2, \"copy_parts\": {\"a.wav\": [\"train\"]}}");
        e = assertThrows(IOException.class, () -> SecPytorchLeak.read(json));
        assertTrue(e.getMessage().startsWith(json + ": a.wav: 1 copies' parts"), e.getMessage());
    }
}
