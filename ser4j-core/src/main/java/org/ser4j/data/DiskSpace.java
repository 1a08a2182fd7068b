package org.ser4j.data;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free-space check made before long work writes to disk (a training run, a feature cache), so
 * that a full disk is reported at the start and not after hours. The file store is a parameter of
 * {@link #require(Path, FileStore, long, String)} so that tests can pass a nearly full one.
 */
public final class DiskSpace {

    private static final long MIB = 1L << 20;

    private DiskSpace() {}

    /**
     * Throws unless the file system holding {@code dir} (or its nearest existing parent, for a
     * directory not created yet) has {@code requiredBytes} usable.
     *
     * @param what what needs the space, for the message ("a training run (model, resume state, history)")
     */
    public static void require(Path dir, long requiredBytes, String what) throws IOException {
        require(dir, Files.getFileStore(existingAncestor(dir)), requiredBytes, what);
    }

    /** As {@link #require(Path, long, String)} on a given file store. */
    public static void require(Path dir, FileStore store, long requiredBytes, String what) throws IOException {
        long usable = store.getUsableSpace();
        if (usable < requiredBytes) {
            throw new IOException(dir + ": only " + usable / MIB + " MiB free on " + store + ", " + what + " needs about "
                    + mibUp(requiredBytes) + " MiB; free some space or choose another directory");
        }
    }

    /** {@code dir} itself or the closest parent that exists. */
    static Path existingAncestor(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? dir.toAbsolutePath().getRoot() : p;
    }

    /** Rounded up (free space is rounded down), so that a shortfall never reads as enough. */
    private static long mibUp(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
