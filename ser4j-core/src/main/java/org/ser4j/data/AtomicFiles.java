package org.ser4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Crash-safe writes, the one writer of every file ser4j keeps (bundles, run state, JSON, PNG,
 * scalers, cache entries): a file or a directory is written under a temporary name beside its target
 * ({@code .NAME.UUID.tmp}, so concurrent writers never share one), forced to disk, then renamed into
 * place, so that after a crash, {@code kill -9} or a power cut the target is either the previous
 * complete version or the new complete version, never a mixture or an empty file. Parent directories
 * are created; files get the default permissions.
 *
 * <p>A directory cannot be renamed over a non-empty directory in one step, so
 * {@link #replaceDirectory} moves the old one aside to {@link #previousOf(Path)} first, moves the new
 * one in, then deletes the old one. Between the two renames only the previous copy exists;
 * {@link #existingVersionOf(Path)} finds it, so readers always see a complete version.
 */
public final class AtomicFiles {

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Fills a temporary directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path dir) throws IOException;
    }

    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String PREVIOUS_SUFFIX = ".previous";

    private AtomicFiles() {}

    /** Writes {@code file} atomically: temp file beside it, fsync, atomic rename over the target. */
    public static void writeFile(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = tempSibling(target);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            fsync(tmp);
            move(tmp, target);
            fsync(parent);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a small text file atomically. */
    public static void writeString(Path file, String text) throws IOException {
        writeFile(file, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Writes directory {@code dir} atomically: {@code writer} fills a fresh temporary directory beside
     * it; every file in it is forced to disk; then it replaces {@code dir} as described in the class
     * comment. A stale temporary directory of an earlier crashed write is never read.
     */
    public static void writeDirectory(Path dir, DirectoryWriter writer) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp = tempSibling(target);
        Files.createDirectory(tmp);
        try {
            writer.write(tmp);
            try (var files = Files.list(tmp)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        fsync(f);
                    }
                }
            }
            fsync(tmp);
            replaceDirectory(tmp, target);
        } finally {
            if (Files.exists(tmp)) {
                deleteRecursively(tmp);
            }
        }
    }

    /** The name the previous version of {@code dir} has while it is being replaced. */
    public static Path previousOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + PREVIOUS_SUFFIX);
    }

    /**
     * {@code dir} if it exists, else its previous version if a replacement was interrupted between
     * its two renames, else {@code dir} (which does not exist).
     */
    public static Path existingVersionOf(Path dir) {
        if (Files.exists(dir)) {
            return dir;
        }
        Path previous = previousOf(dir);
        return Files.isDirectory(previous) ? previous : dir;
    }

    private static void replaceDirectory(Path newDir, Path target) throws IOException {
        Path previous = previousOf(target);
        Path parent = target.getParent();
        if (Files.exists(target)) {
            // A leftover previous copy while the target exists is stale (crash during its deletion).
            if (Files.exists(previous)) {
                deleteRecursively(previous);
            }
            move(target, previous);
            fsync(parent);
        }
        move(newDir, target);
        fsync(parent);
        if (Files.exists(previous)) {
            deleteRecursively(previous);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (" + e.getMessage()
                    + "); write the output to a local file system", e);
        }
    }

    private static Path tempSibling(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    }

    /** Forces a file or directory to disk (directories: their entries). */
    public static void fsync(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw e;
            }
            // Some file systems refuse to open directories for fsync; the renames stay atomic.
        }
    }

    /** Deletes a file or a directory tree; missing is fine. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                deleteIfPresent(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException e) {
            // already gone
        }
    }
}
