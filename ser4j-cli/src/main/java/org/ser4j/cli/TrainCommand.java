package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ser4j.data.Corpora;
import org.ser4j.data.FeatureCache;
import org.ser4j.train.Experiment;
import org.ser4j.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ser4j train}: trains a model on corpora under one protocol into a run directory
 * ({@link org.ser4j.train.RunDirectory}), or continues an interrupted run with {@code --resume}, through
 * the library's {@link Experiment}; prints each run's progress and test figures and writes their
 * report pages.
 */
@Command(
        name = "train",
        header = "Trains a model on one or more corpora into a run directory (resumable).",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a model on corpora (--data, repeatable) into RUN_DIR: model/ (bundle of the",
            "epoch with the lowest validation loss), last/ (resume state), history.json,",
            "split.json, config.json, evaluation/ (test metrics and report).",
            "Defaults reproduce SEC-PyTorch: SGD lr 0.01, momentum 0.8, weight decay 1e-3,",
            "batch 32, two AWGN copies of each training clip (made after the split, with",
            "correct labels), per-cell scaler.",
            "Examples:",
            "  ser4j train --data DIR --architecture stacked-cnn-lstm --protocol random \\",
            "      --epochs 50 --out runs/m1-random",
            "  ser4j train --data DIR --architecture parallel-cnn-transformer \\",
            "      --protocol speaker --test-speakers 1,2 --validation-speakers 3,4 \\",
            "      --out runs/m4-spk",
            "  ser4j train --data DIR --architecture stacked-cnn-lstm --protocol kfold \\",
            "      --folds 5 --out runs/m1-kfold",
            "  ser4j train --data ravdess:DIR --data tess:DIR2 --recipe robust-deep \\",
            "      --protocol leave-one-corpus-out --out runs/loco",
            "  ser4j train --data csv:clips.csv --recipe robust-deep --init models/default/member-1 \\",
            "      --protocol speaker --test-speakers alice --out runs/mine",
            "  ser4j train --resume runs/m1-random [--epochs 100]",
            ""
        })
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "[NAME:]PATH", description = DataSources.HELP)
    List<String> data;

    @Mixin
    ProtocolOptions protocol;

    @Option(names = "--fold", paramLabel = "N", description = "k-fold: train only fold N (1..K) into RUN_DIR/fold-N.")
    Integer fold;

    @Option(names = "--max-bad-clips", paramLabel = "N", description = "Clips that cannot be decoded are left out with"
            + " one line each and listed in the run's skipped-clips.txt; more than N of them stop the run (default: 10).")
    int maxBadClips = 10;

    @Mixin
    TrainingOptions settings;

    @Mixin
    StoppingOptions stopping;

    @Mixin
    ConditionDataOption conditionData;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "New run directory.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR after its last finished epoch"
            + " (same data order; only --epochs, --patience, --limit-batches, --data may change).")
    Path resume;

    @Mixin
    FeatureCacheOption cacheOption;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws IOException {
        try {
            Experiment experiment = resume != null ? resumed() : planned();
            experiment.run(new FeatureCache(cacheOption.dir()), maxBadClips, new ExperimentReport(out(), err()));
            return ExitCodes.OK;
        } finally {
            out().flush();
            err().flush();
        }
    }

    private Experiment planned() throws IOException {
        if (data == null || !settings.namesArchitecture() || out == null) {
            throw new UsageException("--data, --architecture (or --recipe) and --out are required (or --resume RUN_DIR)");
        }
        Corpora.Loaded loaded = DataSources.load(data, settings.labelMapping(), err(), "train");
        TrainingConfig base = settings.config(out, loaded, conditionData, stopping);
        Experiment.Design design = protocol.design(fold, loaded.utterances());
        try {
            return Experiment.plan(design, base, loaded.utterances(), loaded.trainOnly());
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e);
        }
    }

    private Experiment resumed() throws IOException {
        if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new UsageException("--resume RUN_DIR continues RUN_DIR; do not give another --out");
        }
        // the options that decide a run (protocol and settings); the run keeps its own
        Set<String> decided = new HashSet<>();
        for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() == protocol || mixin.userObject() == settings) {
                mixin.options().forEach(o -> decided.add(o.longestName()));
            }
        }
        for (CommandLine.Model.OptionSpec given : spec.commandLine().getParseResult().matchedOptions()) {
            if (decided.contains(given.longestName())) {
                throw new UsageException(given.longestName() + " cannot change in a resumed run (it would not continue"
                        + " the same run); only --epochs, --patience, --limit-batches and --data may be given with --resume");
            }
        }
        try {
            return Experiment.resume(resume, fold, (recorded, labels) -> {
                if (data == null && recorded.isEmpty()) {
                    throw new UsageException("the run does not record its corpus directory; give --data DIR");
                }
                return DataSources.load(data != null ? data : recorded, labels, err(), "train");
            }, this::changes);
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e);
        }
    }

    /**
     * What this command changes in a resumed run: how long it trains, and where its noise and rooms are
     * when given (and the run has recording conditions, as for a new run).
     */
    private TrainingConfig changes(TrainingConfig recorded) {
        TrainingConfig.Builder b = stopping.applyTo(recorded.toBuilder());
        if (recorded.regularisation().hasConditions() && (conditionData.noise != null || conditionData.rooms != null)) {
            b.optConditionData(conditionData.noise != null ? conditionData.noise : recorded.data().noiseDir(),
                    conditionData.rooms != null ? conditionData.rooms : recorded.data().roomDir());
        }
        return b.build();
    }
}
