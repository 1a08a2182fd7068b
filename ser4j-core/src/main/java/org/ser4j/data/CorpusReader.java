package org.ser4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads one corpus layout: finds its clips below a directory (or in a manifest file) and parses each
 * clip's label, speaker and metadata from the corpus's naming scheme. A file that does not follow the
 * scheme is a problem with its reason, never a guess.
 */
public interface CorpusReader {

    /** The name used in {@code --data NAME:PATH} and as the utterances' corpus. */
    String name();

    /** One line: the naming scheme this reader parses, and where it is documented. */
    String scheme();

    /**
     * Scans {@code path} (a directory, or a file for manifest readers).
     *
     * @param options reader options from {@code NAME:PATH?key=value&...} (empty when none); a reader
     *     rejects options it does not know with an {@link IllegalArgumentException}
     * @throws IOException when the path cannot be read at all (a missing directory); single bad files
     *     are {@link CorpusScan#problems()}
     */
    CorpusScan scan(Path path, Map<String, String> options) throws IOException;
}
