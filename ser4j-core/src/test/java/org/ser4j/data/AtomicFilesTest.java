package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic writer (issue 19: it replaced a second one that did not force files to disk). */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    private List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileIsReplacedWholeAndAFailedWriteKeepsTheOldOne() throws IOException {
        Path f = tmp.resolve("sub/dir/a.json");
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeFile(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("new", Files.readString(f), "the previous complete version stays");
        assertEquals(List.of("a.json"), names(f.getParent()), "no temporary file left");
    }

    @Test
    void aDirectoryIsReplacedWhole() throws IOException {
        Path d = tmp.resolve("bundle");
        AtomicFiles.writeDirectory(d, dir -> Files.writeString(dir.resolve("x"), "1"));
        AtomicFiles.writeDirectory(d, dir -> Files.writeString(dir.resolve("y"), "2"));
        assertEquals(List.of("y"), names(d));
        assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(d, dir -> {
            Files.writeString(dir.resolve("z"), "3");
            throw new IOException("crash");
        }));
        assertEquals(List.of("y"), names(d));
        assertEquals(List.of("bundle"), names(tmp), "no temporary or previous directory left");
        assertFalse(Files.exists(AtomicFiles.previousOf(d)));
    }
}
