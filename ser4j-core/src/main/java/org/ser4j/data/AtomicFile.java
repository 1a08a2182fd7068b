package org.ser4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes one file so that readers see either its old content or the new, never a half-written file:
 * the bytes go to a temporary sibling, which is then renamed over the target ({@code ATOMIC_MOVE}).
 * The temporary name carries the process and thread ids, so concurrent writers never share one.
 * Parent directories are created; the file gets the default permissions (not the owner-only ones of
 * {@link Files#createTempFile}). Every JSON, PNG, scaler and cache file of ser4j is written here.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /** What writes the bytes of the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path file, Content content) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
