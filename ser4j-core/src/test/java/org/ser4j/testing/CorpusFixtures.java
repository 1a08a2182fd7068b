package org.ser4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.ser4j.data.CorpusScan;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;

/**
 * Corpus layouts for reader tests: files are created empty (readers parse names, they never open the
 * audio), and scans are compared by relative paths.
 */
public final class CorpusFixtures {

    private CorpusFixtures() {}

    /** Creates the empty files {@code relatives} below {@code root}, with their folders. */
    public static void touch(Path root, String... relatives) {
        for (String rel : relatives) {
            Path p = root.resolve(rel);
            try {
                Files.createDirectories(p.getParent());
                Files.write(p, new byte[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The utterances' paths relative to {@code root}, in scan order. */
    public static List<String> paths(Path root, CorpusScan scan) {
        return scan.utterances().stream().map(u -> RavdessCorpus.relative(root, u.path())).collect(Collectors.toList());
    }

    /** The utterance whose path relative to {@code root} is {@code relative}. */
    public static Utterance find(Path root, CorpusScan scan, String relative) {
        return scan.utterances().stream().filter(u -> RavdessCorpus.relative(root, u.path()).equals(relative)).findFirst()
                .orElseThrow(() -> new AssertionError("no utterance " + relative + " in " + paths(root, scan)));
    }
}
