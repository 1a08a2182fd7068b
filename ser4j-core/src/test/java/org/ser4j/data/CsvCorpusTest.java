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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

class CsvCorpusTest {

    private static final CsvCorpus CSV = new CsvCorpus();

    @TempDir
    Path tmp;

    private Path manifest(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsEveryColumnInAnyOrderWithQuotingAndABom() throws IOException {
        touch(tmp, "clips/a1.wav", "clips/with, comma.wav", "clips/q\"uote.flac", "b2.mp3");
        Path outside = tmp.resolve("elsewhere/x.wav");
        touch(tmp, "elsewhere/x.wav");
        Path csv = manifest("data/my-set.csv", "\uFEFFSpeaker,PATH,Label,notes,Gender,intensity,sentence\r\n"
                + "anna,../clips/a1.wav,Angry,extra column,F,strong,\r\n"
                + "ben,\"../clips/with, comma.wav\",neutral,,male,,\"line one\nline two\"\r\n"
                + "  carl ,\"../clips/q\"\"uote.flac\",pleasant surprise,,,NORMAL,s3\r\n"
                + "dana,../b2.mp3,sad,,FEMALE,,\r\n"
                + "eve," + outside + ",happy,,m,,\r\n");
        CorpusScan scan = CSV.scan(csv, Map.of());
        assertEquals(List.of(), scan.problems());
        Path base = csv.getParent();
        assertEquals(List.of("../b2.mp3", "../clips/a1.wav", "../clips/q\"uote.flac", "../clips/with, comma.wav",
                "../elsewhere/x.wav"), paths(base, scan), "in the order of the paths relative to the manifest");

        Utterance anna = find(base, scan, "../clips/a1.wav");
        assertEquals("angry", anna.label());
        assertEquals("anna", anna.speaker());
        assertEquals("my-set", anna.corpus(), "the manifest's stem");
        assertEquals(Gender.FEMALE, anna.gender());
        assertEquals(Intensity.STRONG, anna.intensity());
        assertNull(anna.sentence());
        assertEquals(0, anna.repetition());

        Utterance ben = find(base, scan, "../clips/with, comma.wav");
        assertEquals(Gender.MALE, ben.gender());
        assertNull(ben.intensity());
        assertEquals("line one\nline two", ben.sentence());

        Utterance carl = find(base, scan, "../clips/q\"uote.flac");
        assertEquals("carl", carl.speaker(), "values are trimmed");
        assertEquals("pleasant_surprise", carl.label());
        assertNull(carl.gender());
        assertEquals(Intensity.NORMAL, carl.intensity());
        assertEquals("s3", carl.sentence());

        assertEquals(Gender.FEMALE, find(base, scan, "../b2.mp3").gender());
        assertEquals(outside, find(base, scan, "../elsewhere/x.wav").path(), "absolute paths are allowed");

        CorpusScan named = CSV.scan(csv, Map.of("name", "friends"));
        assertTrue(named.utterances().stream().allMatch(u -> u.corpus().equals("friends")));
    }

    @Test
    void onlyPathLabelAndSpeakerAreRequired() throws IOException {
        touch(tmp, "a.wav");
        Path csv = manifest("list.csv", "path,label,speaker\na.wav,sad,7");
        Utterance u = CSV.scan(csv, Map.of()).utterances().get(0);
        assertEquals("sad", u.label());
        assertEquals("7", u.speaker());
        assertNull(u.gender());
        assertNull(u.intensity());
        assertNull(u.sentence());
        assertEquals("list", u.corpus());
    }

    @Test
    void badRowsAreProblemsWithTheirLine() throws IOException {
        touch(tmp, "a.wav", "b.wav", "c.wav", "sub/d.wav");
        Files.createDirectories(tmp.resolve("folder.wav"));
        Path csv = manifest("m.csv", String.join("\n",
                "path,label,speaker,gender,intensity",
                "a.wav,angry,anna,f,strong",
                "b.wav,sad,ben",
                "missing.wav,sad,ben,,",
                "b.wav,,ben,,",
                "b.wav,sad, ,,",
                ",sad,ben,,",
                "b.wav,sad,ben,x,",
                "b.wav,sad,ben,,loud",
                "b.wav,\"sa\"d\",ben,,",
                "b.wav,sa\"d,ben,,",
                "./a.wav,happy,anna,,",
                "sub/../a.wav,happy,anna,,",
                "folder.wav,sad,ben,,",
                "c.wav,\"a,b\",ben,,",
                "",
                "sub/d.wav,neutral,dora,female,normal",
                "c.wav,\"sad\nthen\",ben,,",
                "c.wav,sad,ben,m,\"unclosed"));
        CorpusScan scan = CSV.scan(csv, Map.of());
        assertEquals(List.of("a.wav", "c.wav", "sub/d.wav"), paths(tmp, scan));
        assertEquals("sad_then", find(tmp, scan, "c.wav").label(), "a line break in a quoted label: blanks become '_'");
        assertEquals(List.of(
                "m.csv:3: row has 3 fields, the header 5",
                "m.csv:4: file not found: " + tmp.resolve("missing.wav"),
                "m.csv:5: empty label",
                "m.csv:6: empty speaker",
                "m.csv:7: empty path",
                "m.csv:8: gender 'x': expected m, f, male, female or empty",
                "m.csv:9: intensity 'loud': expected normal, strong or empty",
                "m.csv:10: text after the closing quote of field 2 (a quote inside a field is written twice: \"\")",
                "m.csv:11: a quote inside unquoted field 2 (quote the whole field and write the quote twice: \"\")",
                "m.csv:12: path " + tmp.resolve("a.wav") + " is already listed on line 2 (kept line 2)",
                "m.csv:13: path " + tmp.resolve("a.wav") + " is already listed on line 2 (kept line 2)",
                "m.csv:14: not a file: " + tmp.resolve("folder.wav"),
                "m.csv:15: label: label 'a,b' holds a control character, ',' or '\"'",
                "m.csv:20: quoted field 5 is not closed before the end of the file"), scan.problems());
    }

    @Test
    void aHeaderWithoutARequiredColumnIsAnErrorNamingTheFile() throws IOException {
        for (String missing : List.of("path", "label", "speaker")) {
            String header = String.join(",", List.of("path", "label", "speaker").stream().filter(c -> !c.equals(missing)).toList());
            Path csv = manifest("no-" + missing + ".csv", header + ",gender\nx,y,m\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CSV.scan(csv, Map.of()));
            assertEquals(csv + ":1: the header has no '" + missing + "' column (found " + header.replace(",", ", ")
                    + ", gender); expected path, label and speaker columns, optionally gender, intensity and sentence",
                    e.getMessage());
        }
        Path twice = manifest("twice.csv", "path,label,Label,speaker\n");
        assertEquals(twice + ":1: column 'label' appears twice in the header",
                assertThrows(IllegalArgumentException.class, () -> CSV.scan(twice, Map.of())).getMessage());
        Path empty = manifest("empty.csv", "\uFEFF");
        assertEquals(empty + ": empty manifest, expected a header row with path, label and speaker",
                assertThrows(IllegalArgumentException.class, () -> CSV.scan(empty, Map.of())).getMessage());
    }

    @Test
    void fileAndOptionErrors() throws IOException {
        Path latin1 = tmp.resolve("latin1.csv");
        Files.write(latin1, "path,label,speaker\nr\u00e9sum\u00e9.wav,sad,a\n".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CSV.scan(latin1, Map.of()));
        assertTrue(e.getMessage().startsWith(latin1 + ": not UTF-8 text ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); save the file as UTF-8"), e.getMessage());

        assertThrows(NoSuchFileException.class, () -> CSV.scan(tmp.resolve("gone.csv"), Map.of()));
        IOException dir = assertThrows(IOException.class, () -> CSV.scan(tmp, Map.of()));
        assertTrue(dir.getMessage().endsWith(": is a directory, expected a CSV manifest (path,label,speaker,...)"));

        Path csv = manifest("ok.csv", "path,label,speaker\n");
        assertEquals(new CorpusScan(List.of(), List.of()), CSV.scan(csv, Map.of()), "a header alone: an empty corpus");
        assertEquals("corpus reader 'csv' has no option exclude (its options: name)",
                assertThrows(IllegalArgumentException.class, () -> CSV.scan(csv, Map.of("exclude", "x"))).getMessage());
        assertEquals("option name= is empty; give the corpus a name",
                assertThrows(IllegalArgumentException.class, () -> CSV.scan(csv, Map.of("name", ""))).getMessage());
    }
}
