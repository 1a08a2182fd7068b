package org.ser4j.split;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells whether a clip is one of a recorded split's ids ({@code Actor_01/03-01-05-01-02-01-01.wav},
 * relative to the corpus root the split was made under) wherever the corpus lies now and whatever its
 * audio format: a clip matches an id when the end of its path, without extension, is the id without
 * extension (FLAC and WAV copies match; a corpus read from another root matches). The folders count:
 * {@code dave/clip1.wav} is not {@code alice/clip1.wav} (matching by file name alone, as before corpora
 * had names, would take one for the other).
 */
public final class ClipIds {

    private final Set<String> keys = new HashSet<>();

    /** A matcher of {@code ids} ('/' separators, relative to the corpus root). */
    public ClipIds(Collection<String> ids) {
        for (String id : ids) {
            keys.add(withoutExtension(id));
        }
    }

    /** Whether {@code clip} is one of the ids. */
    public boolean contains(Path clip) {
        Path p = clip.toAbsolutePath().normalize();
        String suffix = null;
        for (int i = p.getNameCount() - 1; i >= 0; i--) {
            String part = p.getName(i).toString();
            suffix = suffix == null ? withoutExtension(part) : part + "/" + suffix;
            if (keys.contains(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** The id or file name without its extension. */
    static String withoutExtension(String id) {
        int slash = id.lastIndexOf('/');
        int dot = id.lastIndexOf('.');
        return dot > slash + 1 ? id.substring(0, dot) : id;
    }
}
