package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetsSummaryCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Two actors (01 male, 02 female), every emotion, normal and (except neutral) strong, statement 1 rep 1. */
    private Path corpus() throws IOException {
        Path dir = tmp.resolve("ravdess");
        for (int actor = 1; actor <= 2; actor++) {
            Path folder = Files.createDirectories(dir.resolve(String.format("Actor_%02d", actor)));
            for (int e = 1; e <= 8; e++) {
                for (int i = 1; i <= (e == 1 ? 1 : 2); i++) {
                    Files.createFile(folder.resolve(String.format("03-01-%02d-%02d-01-01-%02d.wav", e, i, actor)));
                }
            }
        }
        Files.createFile(dir.resolve("Actor_02/03-01-02-01-01-01-05.wav"));
        return dir;
    }

    @Test
    void printsCountsAndWritesCharts() throws IOException {
        Path dir = corpus();
        Path charts = tmp.resolve("charts");
        Run r = run("datasets", "summary", dir.toString(), "--charts", charts.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("utterances: 30 from 2 speakers"), r.out);
        String table = r.out.replaceAll(" +", " ");
        assertTrue(table.contains("\nneutral 2 2 0\n"), r.out);
        assertTrue(table.contains("\ncalm 4 2 2\n"), r.out);
        assertTrue(table.contains("\nall 30 16 14\n"), r.out);
        assertTrue(table.contains("\nmale 15\n"), r.out);
        assertTrue(table.contains("\n2 15\n"), r.out);
        assertTrue(r.err.contains("1 file(s) skipped"), r.err);
        assertTrue(r.err.contains("Actor_02/03-01-02-01-01-01-05.wav: actor 05 in the name but the file lies in folder Actor_02"), r.err);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G'};
        for (String f : new String[] {"corpus-emotions.png", "corpus-intensity.png", "corpus-gender.png", "corpus-speakers.png"}) {
            Path png = charts.resolve(f);
            assertTrue(r.out.contains("wrote " + png), r.out);
            try (InputStream in = Files.newInputStream(png)) {
                assertArrayEquals(magic, in.readNBytes(4), f);
            }
        }
    }

    @Test
    void missingDirectoryFailsWithItsName() {
        Path missing = tmp.resolve("absent");
        Run r = run("datasets", "summary", missing.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains(missing.toString()), r.err);
    }

    @Test
    void directoryWithoutClipsFails() throws IOException {
        Files.createFile(tmp.resolve("notes.txt"));
        Run r = run("datasets", "summary", tmp.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("no clips found in " + tmp), r.err);
    }
}
