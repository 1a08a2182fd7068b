package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.features.FeaturePreset;
import org.ser4j.testing.FakeFileStore;

class DiskSpaceTest {

    @TempDir
    Path tmp;

    @Test
    void nearlyFullDiskIsReportedWithBothSizes() {
        Path dir = tmp.resolve("run");
        IOException e = assertThrows(IOException.class,
                () -> DiskSpace.require(dir, new FakeFileStore(10L << 20), (300L << 20) + 1, "a training run"));
        assertEquals(dir + ": only 10 MiB free on fake disk, a training run needs about 301 MiB;"
                + " free some space or choose another directory", e.getMessage());
        assertDoesNotThrow(() -> DiskSpace.require(dir, new FakeFileStore(300L << 20), 300L << 20, "a training run"));
    }

    @Test
    void directoriesNotCreatedYetAreCheckedOnTheirParentsDisk() throws IOException {
        Path deep = tmp.resolve("a/b/c");
        assertEquals(tmp.toAbsolutePath().normalize(), DiskSpace.existingAncestor(deep));
        assertDoesNotThrow(() -> DiskSpace.require(deep, 1, "x"));
        IOException e = assertThrows(IOException.class, () -> DiskSpace.require(deep, Long.MAX_VALUE, "the feature cache"));
        assertTrue(e.getMessage().startsWith(deep + ": only ") && e.getMessage().contains("the feature cache needs about"),
                e.getMessage());
        assertTrue(!Files.exists(deep), "the check creates nothing");
    }

    @Test
    void featureCacheRefusesABulkExtractionItsDiskCannotHold() throws IOException {
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));
        long entry = FeatureCache.entryBytes(FeaturePreset.SEC_PYTORCH);
        assertEquals(24 + 128L * 563 * 4, entry);
        IOException e = assertThrows(IOException.class, () -> cache.checkSpace(Integer.MAX_VALUE, FeaturePreset.SEC_PYTORCH));
        assertTrue(e.getMessage().contains("the feature cache (" + Integer.MAX_VALUE + " new entries of 281 KiB for preset sec-pytorch)"),
                e.getMessage());
        assertDoesNotThrow(() -> cache.checkSpace(3, FeaturePreset.SEC_PYTORCH));
        assertEquals(0, cache.cachedEntries(FeaturePreset.SEC_PYTORCH));
    }
}
