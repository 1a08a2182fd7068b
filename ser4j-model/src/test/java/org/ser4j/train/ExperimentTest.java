package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Corpora;
import org.ser4j.data.LabelMapping;
import org.ser4j.data.Utterance;
import org.ser4j.features.FeaturePreset;
import org.ser4j.model.Architecture;
import org.ser4j.split.SecPytorchLeak;

/** Planning and resuming experiments: what is refused before any work, and what a resumed run may change. */
class ExperimentTest {

    @TempDir
    Path tmp;

    private TrainingConfig config(Path runDir) {
        return TrainingConfig.builder().setArchitecture(Architecture.COMPACT_CNN).setRunDir(runDir).optEpochs(10)
                .optAugmentation(AugmentationKind.NONE).optDataDir(tmp.resolve("corpus"))
                .optData(List.of("ravdess:" + tmp.resolve("corpus"))).build();
    }

    /** The corpora of a resumed run, read again from {@code where} (no clips: nothing is trained here). */
    private static Experiment.CorpusReader readFrom(Path where, List<List<String>> asked) {
        return (recorded, labels) -> {
            asked.add(recorded);
            return new Corpora.Loaded(List.of(Corpora.Source.parse("ravdess:" + where)), LabelMapping.of(labels), where,
                    List.of(), List.of(), 0);
        };
    }

    @Test
    void aResumedRunTakesNewStoppingAndPlacesButRefusesAnotherSettingNamingIt() throws IOException {
        Path runDir = tmp.resolve("run");
        RunDirectory run = RunDirectory.of(runDir);
        Files.createDirectories(run.dir());
        run.writeConfig(config(run.dir()));
        List<List<String>> asked = new ArrayList<>();
        Path moved = tmp.resolve("moved-corpus");

        Experiment longer = Experiment.resume(runDir, null, readFrom(moved, asked),
                c -> c.toBuilder().optEpochs(20).build());
        assertEquals(List.of(List.of("ravdess:" + tmp.resolve("corpus"))), asked, "the recorded corpora are read again");
        assertEquals(20, longer.base().stopping().epochs());
        assertEquals(moved, longer.base().data().dataDir(), "where the corpus is now");
        assertEquals(List.of("ravdess:" + moved), longer.base().data().corpora());

        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> Experiment.resume(runDir,
                null, readFrom(moved, asked), c -> c.toBuilder().optLearningRate(0.1).build()));
        assertTrue(rate.getMessage().startsWith("learning_rate cannot change in a resumed run: the run has 0.01, the"
                + " command asks for 0.1"), rate.getMessage());

        IOException none = assertThrows(IOException.class, () -> Experiment.resume(tmp.resolve("nothing"), null,
                readFrom(moved, asked), c -> c));
        assertTrue(none.getMessage().contains("no training run to resume"), none.getMessage());
    }

    /**
     * Issue 19: runs started before the renames (--protocol seed or seed-leaky, preset seed) resume as the
     * same runs: their config.json names the preset "seed", their leak is in seed-leak.json, and a command
     * that names the new or the old preset asks for no change.
     */
    @Test
    void aRunRecordedWithTheOldNamesResumesAsTheSameRun() throws IOException {
        Path runDir = tmp.resolve("old-leaky");
        RunDirectory run = RunDirectory.of(runDir);
        Files.createDirectories(run.dir());
        run.writeConfig(TrainingConfig.builder().setArchitecture(Architecture.PARALLEL_CNN_TRANSFORMER).setRunDir(runDir)
                .optPreset(FeaturePreset.SEC_PYTORCH).optEpochs(10).optDataDir(tmp.resolve("corpus"))
                .optData(List.of("ravdess:" + tmp.resolve("corpus"))).build());
        String written = Files.readString(run.config());
        assertTrue(written.contains("\"preset\" : \"sec-pytorch\""), written);
        Files.writeString(run.config(), written.replace("\"sec-pytorch\"", "\"seed\""));
        Path corpus = tmp.resolve("corpus");
        Utterance a = Utterance.of(corpus.resolve("a.wav"), "happy", "1", "ravdess");
        SecPytorchLeak.draw(List.of(a), corpus, 42, 2).leak().save(runDir.resolve(TrainingRun.OLD_LEAK_FILE));
        List<List<String>> asked = new ArrayList<>();

        for (String preset : List.of("seed", "sec-pytorch")) {
            Experiment resumed = Experiment.resume(runDir, null, readFrom(corpus, asked),
                    c -> c.toBuilder().optPreset(FeaturePreset.byName(preset)).optEpochs(20).build());
            assertEquals(FeaturePreset.SEC_PYTORCH, resumed.base().preset());
            assertEquals(20, resumed.base().stopping().epochs());
        }
        assertEquals(2, TrainingRun.leakOf(runDir).copies(), "the leak of a run made with --protocol seed-leaky");
        assertEquals(Experiment.Protocol.RANDOM, Experiment.Protocol.fromId("seed"));
        assertEquals(Experiment.Protocol.SEC_PYTORCH_LEAKY, Experiment.Protocol.fromId("SEED-LEAKY"));
        assertEquals("random", Experiment.Protocol.RANDOM.id());
        assertEquals("sec-pytorch-leaky", Experiment.Protocol.SEC_PYTORCH_LEAKY.id());
        assertEquals(java.util.Map.of("seed", "random", "seed-leaky", "sec-pytorch-leaky"), Experiment.Protocol.oldIds());
    }

    @Test
    void aResumedKFoldRootChecksItsFoldAndItsSettings() throws IOException {
        Path root = tmp.resolve("k");
        KFoldRun.startOrJoin(root, 5, 42L, config(root));
        List<List<String>> asked = new ArrayList<>();
        IllegalArgumentException fold = assertThrows(IllegalArgumentException.class,
                () -> Experiment.resume(root, 6, readFrom(tmp, asked), c -> c));
        assertTrue(fold.getMessage().contains("1..5"), fold.getMessage());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> Experiment.resume(root, 2,
                readFrom(tmp, asked), c -> c.toBuilder().optLabels("common-calm-as-neutral").build()));
        assertTrue(labels.getMessage().startsWith("labels cannot change"), labels.getMessage());
        assertEquals(30, Experiment.resume(root, 2, readFrom(tmp, asked), c -> c.toBuilder().optEpochs(30).build())
                .base().stopping().epochs());
    }

    @Test
    void aDesignThatDoesNotFitItsSettingsOrCorpusIsRefusedBeforeAnyWork() {
        Path root = tmp.resolve("new");
        List<Utterance> one = List.of(Utterance.of(tmp.resolve("a.wav"), "happy", "1", "ravdess"),
                Utterance.of(tmp.resolve("b.wav"), "sad", "2", "ravdess"));
        assertThrows(IllegalArgumentException.class, () -> new Experiment.Design(Experiment.Protocol.SPEAKER, null,
                Set.of(), Set.of(), 5, null, null), "the speaker protocol needs test speakers");
        assertThrows(IllegalArgumentException.class, () -> new Experiment.Design(Experiment.Protocol.KFOLD, null,
                Set.of(), Set.of(), 5, 6, null));
        Experiment.Design leaky = new Experiment.Design(Experiment.Protocol.SEC_PYTORCH_LEAKY, null, null, null, 5, null, null);
        IllegalArgumentException awgn = assertThrows(IllegalArgumentException.class,
                () -> Experiment.plan(leaky, config(root), one));
        assertTrue(awgn.getMessage().contains("needs --augment awgn"), awgn.getMessage());
        Experiment.Design loco = new Experiment.Design(Experiment.Protocol.LEAVE_ONE_CORPUS_OUT, null, null, null, 5,
                null, null);
        IllegalArgumentException corpora = assertThrows(IllegalArgumentException.class,
                () -> Experiment.plan(loco, config(root), one));
        assertTrue(corpora.getMessage().contains("at least two corpora"), corpora.getMessage());
        assertEquals(Experiment.Protocol.SEC_PYTORCH_LEAKY, Experiment.Protocol.fromId("seed-leaky"));
        assertTrue(Files.notExists(root), "planning writes nothing");
    }
}
