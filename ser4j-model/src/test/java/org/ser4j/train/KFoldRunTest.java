package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.model.Architecture;

/** The k-fold bookkeeping: one set of settings per root, the split seed kept, folds numbered from 1. */
class KFoldRunTest {

    @TempDir
    Path tmp;

    private TrainingConfig config(Path root) {
        return TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(root).optEpochs(10)
                .optSeed(7).optAugmentation(AugmentationKind.NONE).optConditions("noise=pink:snr=10")
                .optDataDir(tmp.resolve("corpus")).build();
    }

    @Test
    void aRootKeepsItsSettingsAndSplitSeedAcrossCommands() throws IOException {
        Path root = tmp.resolve("k");
        KFoldRun first = KFoldRun.startOrJoin(root, 5, 42L, config(root));
        assertTrue(KFoldRun.isKFold(root));
        assertEquals(42, first.splitSeed());
        assertEquals(root.resolve("fold-3").toAbsolutePath().normalize(), first.fold(3).dir());
        assertEquals(first.fold(3).dir(), first.config(3).runDir());
        assertFalse(first.finished(3));
        assertNull(first.summarize(), "no fold has figures yet");

        // a second command on the same root: no split seed given -> the recorded one; more epochs are allowed
        KFoldRun joined = KFoldRun.startOrJoin(root, 5, null, config(root).toBuilder().optEpochs(20).build());
        assertEquals(42, joined.splitSeed());
        assertEquals(20, joined.base().stopping().epochs());
        assertEquals(42, KFoldRun.open(root, root).splitSeed());

        IOException seed = assertThrows(IOException.class, () -> KFoldRun.startOrJoin(root, 5, 7L, config(root)));
        assertTrue(seed.getMessage().contains("split seed 42") && seed.getMessage().contains(KFoldRun.FILE),
                seed.getMessage());
        IOException conditions = assertThrows(IOException.class, () -> KFoldRun.startOrJoin(root, 5, null,
                config(root).toBuilder().optConditions("telephone").build()));
        assertTrue(conditions.getMessage().contains("conditions"), conditions.getMessage());
        IOException folds = assertThrows(IOException.class, () -> KFoldRun.startOrJoin(root, 4, null, config(root)));
        assertTrue(folds.getMessage().contains("5 folds"), folds.getMessage());
        assertThrows(IllegalArgumentException.class, () -> first.fold(6));
    }

    @Test
    void aDamagedDescriptionIsNamed() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(root.resolve(KFoldRun.FILE), "{\"folds\": 5");
        IOException e = assertThrows(IOException.class, () -> KFoldRun.open(root, root));
        assertTrue(e.getMessage().contains(KFoldRun.FILE), e.getMessage());
    }

    @Test
    void aFoldMayNameItsCorporaAnotherWayButNotChangeTheirLabels() throws IOException {
        Path root = tmp.resolve("named");
        // a k-fold run started before corpora had names records no "data"
        KFoldRun.startOrJoin(root, 5, 42L, config(root));
        KFoldRun joined = KFoldRun.startOrJoin(root, 5, null,
                config(root).toBuilder().optData(java.util.List.of("ravdess:/elsewhere/ravdess")).build());
        assertEquals(java.util.List.of("ravdess:/elsewhere/ravdess"), joined.base().data().corpora());
        IOException labels = assertThrows(IOException.class, () -> KFoldRun.startOrJoin(root, 5, null,
                config(root).toBuilder().optLabels("common-calm-as-neutral").build()));
        assertTrue(labels.getMessage().contains("labels"), labels.getMessage());
    }
}
