package org.ser4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ser4j.data.Corpora;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;
import org.ser4j.train.AugmentationKind;
import org.ser4j.train.OptimizerKind;
import org.ser4j.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The training settings of {@code ser4j train}: architecture, recipe, optimisation, regularisation,
 * conditions and seed, each an option that overrides the recipe's value when given. Turns them (with
 * {@link StoppingOptions}) into a {@link TrainingConfig}. They decide the run, so {@code --resume}
 * refuses them.
 */
final class TrainingOptions {

    @Option(names = {"--architecture", "--model"}, paramLabel = "NAME", converter = Choices.Architectures.class,
            completionCandidates = Choices.Architectures.class, description = "stacked-cnn-lstm, stacked-cnn-bilstm-attention,"
            + " parallel-cnn-bilstm-attention, parallel-cnn-transformer (SEC-PyTorch's), compact-cnn, compact-cnn-wide,"
            + " compact-cnn-wider, compact-cnn-deep, compact-cnn-deep-slim (compact-cnn-deep at half width) or compact-cnn-deep-dual (ser4j's; the last takes the dB and the PCEN"
            + " image of preset speech-16k-dual at once). --model is the old name of this option, kept as an alias.")
    Architecture model;

    @Option(names = "--recipe", paramLabel = "NAME|FILE", description = "Start from a recipe: a JSON file of settings"
            + " (any run's config.json is one, so a run can be repeated from its directory), or the name of one in the"
            + " recipes/ folder of ser4j: robust-deep and robust-deep-pcen (the shipped pair's two members), robust-deep-dual"
            + " (both front ends in one model), clean-deep, sec-pytorch-parallel-cnn-transformer (old name:"
            + " seed-parallel-cnn-transformer)."
            + " Options given as well override the recipe's settings.")
    String recipe;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default 32).")
    Integer batch;

    @Option(names = "--optimizer", paramLabel = "NAME", converter = Choices.Optimizers.class,
            completionCandidates = Choices.Optimizers.class, description = "sgd (default) or adamw.")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: sgd 0.01, adamw 0.001).")
    Double lr;

    @Option(names = "--augment", paramLabel = "KIND", converter = Choices.Augmentations.class,
            completionCandidates = Choices.Augmentations.class, description = "awgn (default: 2 noisy copies of each training clip), speed (copies at 0.9 and 1.1"
            + " times the speed; not SEC-PyTorch's) or none.")
    AugmentationKind augment;

    @Option(names = "--scaler", paramLabel = "KIND", converter = Choices.Scalers.class,
            completionCandidates = Choices.Scalers.class, description = "cell (default: one mean/std per time-frequency cell, SEC-PyTorch), band (one per mel band) or"
            + " utterance (each band of each clip brought to mean 0 and deviation 1 over its own frames first, then per band).")
    StandardScaler.Kind scaler;

    @Option(names = "--preset", paramLabel = "NAME", converter = Choices.Presets.class,
            completionCandidates = Choices.Presets.class, description = "Feature preset (default: sec-pytorch-chunked for the"
            + " stacked models, speech-16k for compact-cnn, sec-pytorch otherwise; the old names seed... still work).")
    FeaturePreset preset;

    @Option(names = "--spec-augment", negatable = true, description = "Mask 2 random frequency bands and 2 time spans of every training"
            + " image, anew each epoch (not SEC-PyTorch's).")
    Boolean specAugment;

    @Option(names = "--schedule", paramLabel = "KIND", converter = Choices.Schedules.class,
            completionCandidates = Choices.Schedules.class, description = "Learning rate over the epochs: constant (default,"
            + " SEC-PyTorch's) or cosine (decays to 0 at the last epoch).")
    TrainingConfig.Schedule schedule;

    @Option(names = "--mixup", paramLabel = "ALPHA", description = "Mix each batch with a shuffled copy of itself, weights"
            + " from Beta(ALPHA, ALPHA), e.g. 0.4 (default 0: off, SEC-PyTorch's).")
    Double mixup;

    @Option(names = "--balance-classes", negatable = true, description = "Weight the training loss so that every emotion counts alike"
            + " (RAVDESS has half as many neutral clips as of each other emotion); not SEC-PyTorch's.")
    Boolean balanceClasses;

    @Option(names = "--balance-corpora", negatable = true, description = "Weight the training loss so that every corpus"
            + " counts alike whatever its size (with --balance-classes: every corpus and label pair).")
    Boolean balanceCorpora;

    @Option(names = "--random-crop", negatable = true, description = "Train on a window of the preset's length at a random place in the"
            + " whole clip, drawn anew each epoch, instead of the preset's fixed window (validation and test keep the"
            + " fixed one); needs --augment none or speed (the speed copies are cropped likewise); not SEC-PyTorch's.")
    Boolean randomCrop;

    @Option(names = "--freq-warp", paramLabel = "X", description = "With --random-crop: move each crop's frequency axis"
            + " by a factor drawn from [1-X, 1+X] anew each epoch, as a longer or shorter vocal tract would, e.g. 0.1"
            + " (default 0: off; not SEC-PyTorch's).")
    Double freqWarp;

    @Option(names = "--conditions", paramLabel = "SPEC", description = "Recording conditions of the training clips,"
            + " drawn anew for every clip in every epoch from the training part of the noise and room pools, e.g."
            + " 'noise=babble:snr=0..20,p=0.5;reverb=files:p=0.3;telephone:p=0.1;gain=-35..0' (see README, Robustness);"
            + " needs --augment none or speed.")
    String conditions;

    @Option(names = "--validation-conditions", paramLabel = "SPEC", description = "Conditions of one extra, fixed"
            + " degraded copy of every validation clip (validation part of the pools), so that the kept epoch is chosen"
            + " on clean and degraded validation clips alike.")
    String validationConditions;

    @Option(names = "--ema", paramLabel = "DECAY", description = "Validate and keep an exponential moving average of the"
            + " weights, this decay per step, e.g. 0.995 (about the last 200 steps), instead of the last step's weights"
            + " (default 0: off; not SEC-PyTorch's).")
    Double ema;

    @Option(names = "--labels", paramLabel = "MAPPING", description = "How the corpora's labels are harmonised: common"
            + " (default: the same class under another name becomes RAVDESS's, e.g. TESS fear -> fearful, pleasant_surprise"
            + " -> surprised), common-calm-as-neutral, common-no-boredom, none, or a JSON file {\"from\": \"to\" or null to drop}.")
    String labels;

    @Option(names = "--init", paramLabel = "BUNDLE", description = "Fine-tune: start from this model bundle's weights and"
            + " scaler (same architecture and preset; one member of an ensemble, e.g. models/default/member-1). Its label"
            + " set is kept when it covers the data's labels; otherwise the output layer starts fresh.")
    Path init;

    @Option(names = "--freeze-epochs", paramLabel = "N", description = "With --init: train only the output layer for the"
            + " first N epochs, then everything (default 0).")
    Integer freezeEpochs;

    @Option(names = "--teacher", paramLabel = "MODEL", description = "Knowledge distillation: also learn this model's or"
            + " ensemble's probabilities for every training crop (e.g. a pair, so that one network learns what two know);"
            + " same labels and mel settings as the run, needs --random-crop, and it must never have heard the run's"
            + " validation or test clips (with k folds: each fold's own teacher, --fold K).")
    Path teacher;

    @Option(names = "--distillation", paramLabel = "W", description = "With --teacher: the teacher's weight in the loss,"
            + " 0 to 1 (default: the recipe's, else " + TrainingConfig.DEFAULT_DISTILLATION + "; the labels weigh 1 - W).")
    Double distillation;

    @Option(names = "--temperature", paramLabel = "T", description = "With --teacher: soften both models' probabilities"
            + " by T in the teacher's part of the loss (default: the recipe's, else " + TrainingConfig.DEFAULT_TEMPERATURE + ").")
    Double temperature;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of split, augmentation, initialisation, order, dropout (default "
            + TrainingConfig.DEFAULT_SEED + ").")
    Long seed;

    /** The label mapping asked for: {@code --labels}, else the recipe's, else {@code common}. */
    String labelMapping() {
        if (labels != null) {
            return labels;
        }
        return recipe != null ? Recipes.load(recipe).labels() : "common";
    }

    /** Whether an architecture is named, by option or recipe. */
    boolean namesArchitecture() {
        return model != null || recipe != null;
    }

    /**
     * The settings of a new run in {@code runDir}: the recipe's (if any), then every option given.
     *
     * @throws UsageException when no architecture is named
     */
    TrainingConfig config(Path runDir, Corpora.Loaded data, ConditionDataOption conditionData, StoppingOptions stopping)
            throws IOException {
        TrainingConfig.Builder b = recipe != null ? Recipes.load(recipe) : TrainingConfig.builder();
        if (model != null) {
            b.setArchitecture(model);
        } else if (!b.hasArchitecture()) {
            throw new UsageException("--recipe " + recipe + " names no architecture; give --architecture NAME");
        }
        b.setRunDir(runDir).optDataDir(data.root()).optData(data.specs()).optLabels(data.mapping().name());
        if (init != null) {
            b.optInit(init.toAbsolutePath().normalize(), freezeEpochs == null ? 0 : freezeEpochs);
        } else if (freezeEpochs != null && freezeEpochs > 0) {
            throw new UsageException("--freeze-epochs needs --init BUNDLE (a model to fine-tune)");
        }
        if (teacher != null) {
            b.optTeacher(teacher.toAbsolutePath().normalize()).optDistillation(
                    distillation == null ? b.distillation() : distillation, temperature == null ? b.temperature() : temperature);
        } else if (distillation != null || temperature != null) {
            throw new UsageException("--distillation and --temperature need --teacher MODEL (the model to learn from)");
        }
        if (preset != null) {
            b.optPreset(preset);
        }
        stopping.applyTo(b);
        if (batch != null) {
            b.optBatchSize(batch);
        }
        if (optimizer != null) {
            b.optOptimizer(optimizer);
        }
        if (lr != null) {
            b.optLearningRate(lr);
        }
        if (augment != null) {
            b.optAugmentation(augment);
        }
        if (scaler != null) {
            b.optScalerKind(scaler);
        }
        if (seed != null) {
            b.optSeed(seed);
        }
        if (specAugment != null) {
            b.optSpecAugment(specAugment);
        }
        if (balanceClasses != null) {
            b.optBalanceClasses(balanceClasses);
        }
        if (balanceCorpora != null) {
            b.optBalanceCorpora(balanceCorpora);
        }
        if (randomCrop != null) {
            b.optRandomCrop(randomCrop);
        }
        if (conditions != null) {
            b.optConditions(conditions.isBlank() ? null : conditions);
        }
        if (validationConditions != null) {
            b.optValidationConditions(validationConditions.isBlank() ? null : validationConditions);
        }
        if (freqWarp != null) {
            b.optFreqWarp(freqWarp);
        }
        if (ema != null) {
            b.optEma(ema);
        }
        if (mixup != null) {
            b.optMixup(mixup);
        }
        if (schedule != null) {
            b.optSchedule(schedule);
        }
        TrainingConfig c = b.build();
        if (c.regularisation().hasConditions()) {
            c = c.toBuilder().optConditionData(conditionData.noiseDir(), conditionData.roomDir()).build();
        }
        return c;
    }
}
