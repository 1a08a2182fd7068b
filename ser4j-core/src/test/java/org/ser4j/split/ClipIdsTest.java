package org.ser4j.split;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipIdsTest {

    @Test
    void aClipMatchesItsIdUnderAnyRootAndInAnyFormat() {
        ClipIds ids = new ClipIds(List.of("Actor_01/03-01-05-01-02-01-01.wav", "ravdess/Actor_02/03-01-05-01-02-01-02.flac"));
        assertTrue(ids.contains(Path.of("/data/ravdess/Actor_01/03-01-05-01-02-01-01.flac")));
        assertTrue(ids.contains(Path.of("/elsewhere/Actor_01/03-01-05-01-02-01-01.wav")));
        // read from the corpus's own root while the split was made under the common root of two corpora
        assertTrue(ids.contains(Path.of("/data/ravdess/Actor_02/03-01-05-01-02-01-02.wav")));
        assertFalse(ids.contains(Path.of("/data/ravdess/Actor_03/03-01-05-01-02-01-03.wav")));
    }

    @Test
    void theFoldersCountNotTheFileNameAlone() {
        ClipIds ids = new ClipIds(List.of("alice/clip1.wav", "carol/clip2.wav", "top.wav"));
        assertTrue(ids.contains(Path.of("/mine/alice/clip1.wav")));
        assertFalse(ids.contains(Path.of("/mine/dave/clip1.wav")), "dave's clip1 is not alice's");
        assertFalse(ids.contains(Path.of("/mine/dave/clip2.wav")));
        assertTrue(ids.contains(Path.of("/mine/top.flac")));
    }
}
