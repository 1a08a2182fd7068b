package org.ser4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

/**
 * Everything that decides a training run. The defaults reproduce the seed (SPEC.md, "Training and
 * evaluation"): SGD lr 0.01, momentum 0.8, weight decay 1e-3, batch 32, two AWGN copies of each
 * training clip, a per-cell standard scaler, the seed feature preset; except that the noisy copies
 * carry their own clip's label and are made after the split.
 *
 * <p>Build with {@link #builder()}: {@code setArchitecture} and {@code setRunDir} are required.
 *
 * @param architecture the model
 * @param preset the feature preset
 * @param epochs the number of epochs to train (a resumed run trains up to this many in total)
 * @param batchSize samples per batch; floor(N / batchSize) batches per epoch (the last partial batch is dropped)
 * @param optimizer SGD or AdamW
 * @param learningRate the learning rate
 * @param momentum SGD momentum (unused by AdamW)
 * @param weightDecay L2 penalty (SGD) or decoupled weight decay (AdamW)
 * @param augmentation augmentation of the training signals
 * @param scalerKind the standard scaler fitted on the training features
 * @param seed the seed of the split, augmentation, initialisation, shuffling and dropout
 * @param patience early stopping: stop after this many epochs without a lower validation loss; 0 = never
 * @param limitBatches at most this many batches per epoch (smoke tests); 0 = no limit
 * @param runDir the run directory ({@link RunDirectory})
 * @param dataDir the corpus directory (recorded so that {@code --resume} finds it); may be null
 * @param specAugment mask random frequency bands and time spans of every training image, anew each
 *     epoch ({@link org.ser4j.augment.SpecAugment}); not the seed's
 * @param schedule the learning rate over the epochs; the seed's is constant
 * @param mixup alpha of mixup (each batch is mixed with a shuffled copy of itself, with a weight drawn
 *     from Beta(alpha, alpha), and the loss mixed likewise); 0 = off, the seed's
 * @param balanceClasses weight each training sample's loss by {@code N / (classes * n_class)} of its
 *     class, so that every class counts alike (as PyTorch's {@code CrossEntropyLoss(weight=...)});
 *     off = the seed's plain mean
 * @param randomCrop train on a window of the preset's duration at a random place in the whole clip,
 *     drawn anew each epoch, instead of the preset's fixed window (validation and test keep the
 *     fixed one; speed copies are cropped likewise); needs augmentation {@code none} or {@code speed} and a
 *     FULL preset of fixed duration; off = the seed's
 * @param freqWarp warp the frequency axis of every random crop by a factor drawn uniformly from
 *     {@code [1 - freqWarp, 1 + freqWarp]}, anew each epoch, as a longer or shorter vocal tract
 *     would ({@link TrainingCrops}); needs {@code randomCrop}; 0 = off, the seed's
 * @param ema validate and keep an exponential moving average of the weights with this decay per step
 *     instead of the last step's weights ({@link WeightAverage}); 0 = off, the seed's
 * @param conditions recording conditions of the training clips in the spec language of
 *     {@link org.ser4j.augment.condition.ConditionChain}, drawn anew for every clip in every epoch
 *     from the training part of the noise and room pools; null = clean training
 * @param validationConditions conditions of one extra, fixed copy of every validation clip (drawn
 *     once, from the validation part of the pools), so that the kept epoch is chosen on clean and
 *     degraded validation clips alike; null = clean validation only
 * @param noiseDir the noise recordings the conditions draw from (null: none)
 * @param roomDir the room impulse responses the conditions draw from (null: none)
 * @param data the corpora as given ({@code NAME:PATH?options}, {@link org.ser4j.data.Corpora.Source});
 *     empty when the run recorded only {@code dataDir} (a RAVDESS directory)
 * @param labels the label mapping applied to the corpora ({@link org.ser4j.data.LabelMapping#of}):
 *     {@code common} by default
 * @param init the model bundle whose weights the run starts from (fine-tuning), or null for a fresh
 *     start; with another label set than the run's, the output layer starts fresh
 * @param freezeEpochs with {@code init}: train only the output layer for this many epochs first;
 *     0 = train everything from the start
 * @param balanceCorpora weight each training sample's loss so that every corpus counts alike
 *     ({@code N / (corpora * n_corpus)}; with {@code balanceClasses}, every corpus and label pair);
 *     off = every clip counts once
 */
public record TrainingConfig(
        Architecture architecture,
        FeaturePreset preset,
        int epochs,
        int batchSize,
        OptimizerKind optimizer,
        double learningRate,
        double momentum,
        double weightDecay,
        AugmentationKind augmentation,
        StandardScaler.Kind scalerKind,
        long seed,
        int patience,
        int limitBatches,
        Path runDir,
        Path dataDir,
        boolean specAugment,
        Schedule schedule,
        double mixup,
        boolean balanceClasses,
        boolean randomCrop,
        double freqWarp,
        double ema,
        String conditions,
        String validationConditions,
        Path noiseDir,
        Path roomDir,
        java.util.List<String> data,
        String labels,
        Path init,
        int freezeEpochs,
        boolean balanceCorpora) {

    /** How the learning rate changes over the epochs. */
    public enum Schedule {
        /** The configured rate throughout (the seed). */
        CONSTANT,
        /** Cosine decay from the configured rate in epoch 1 towards 0 after the last epoch. */
        COSINE;

        /** The CLI and JSON name: {@code constant}, {@code cosine}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The factor on the configured rate in {@code epoch} (1-based) of {@code epochs}.
         *
         * @param epoch the epoch, 1..epochs
         * @param epochs the run's epochs
         * @return 1 for CONSTANT; {@code (1 + cos(pi (epoch - 1) / epochs)) / 2} for COSINE
         */
        public double factor(int epoch, int epochs) {
            return this == CONSTANT ? 1.0 : 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs));
        }

        public static Schedule fromId(String id) {
            for (Schedule s : values()) {
                if (s.id().equalsIgnoreCase(id.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown schedule '" + id + "' (expected constant or cosine)");
        }
    }

    /** The seed's batch size. */
    public static final int SEED_BATCH_SIZE = 32;
    /** The seed's SGD momentum. */
    public static final double SEED_MOMENTUM = 0.8;
    public static final int DEFAULT_EPOCHS = 50;
    public static final long DEFAULT_SEED = 42;
    /** Largest frequency warp accepted: factors from 0.7 to 1.3. */
    public static final double MAX_FREQ_WARP = 0.3;

    public TrainingConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("a training configuration needs an architecture");
        }
        if (runDir == null) {
            throw new IllegalArgumentException("a training configuration needs a run directory");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be non-negative, got " + weightDecay);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be non-negative (0 = no early stopping), got " + patience);
        }
        if (limitBatches < 0) {
            throw new IllegalArgumentException("batch limit must be non-negative (0 = none), got " + limitBatches);
        }
        if (preset != null && (preset.layout() == FeaturePreset.Layout.CHUNKED) != architecture.chunked()) {
            throw new IllegalArgumentException("preset " + preset.name() + " gives " + preset.layout()
                    + " features but " + architecture.id() + " takes " + (architecture.chunked() ? "chunked" : "full")
                    + " ones; use preset " + defaultPreset(architecture).name());
        }
        if (preset == null || optimizer == null || augmentation == null || scalerKind == null || schedule == null) {
            throw new IllegalArgumentException("preset, optimizer, augmentation, scaler kind and schedule must be set");
        }
        if (!(mixup >= 0) || Double.isInfinite(mixup)) {
            throw new IllegalArgumentException("mixup alpha must be non-negative (0 = off), got " + mixup);
        }
        if (randomCrop && (augmentation == AugmentationKind.AWGN || preset.layout() != FeaturePreset.Layout.FULL
                || preset.durationSeconds() == null)) {
            throw new IllegalArgumentException("random crops need augmentation none or speed and a full-image preset of"
                    + " fixed duration; this run has augmentation " + augmentation.id() + " and preset " + preset.name());
        }
        if (!(freqWarp >= 0 && freqWarp <= MAX_FREQ_WARP)) {
            throw new IllegalArgumentException("frequency warp must be between 0 (off) and " + MAX_FREQ_WARP + ", got "
                    + freqWarp);
        }
        if (freqWarp > 0 && !randomCrop) {
            throw new IllegalArgumentException("frequency warp is applied to the random crops; it needs random crops on");
        }
        if (conditions != null && conditions.isBlank()) {
            conditions = null;
        }
        if (validationConditions != null && validationConditions.isBlank()) {
            validationConditions = null;
        }
        if ((conditions != null || validationConditions != null) && (preset.layout() != FeaturePreset.Layout.FULL
                || preset.durationSeconds() == null || augmentation == AugmentationKind.AWGN)) {
            throw new IllegalArgumentException("recording conditions need augmentation none or speed and a full-image"
                    + " preset of fixed duration; this run has augmentation " + augmentation.id() + " and preset "
                    + preset.name());
        }
        data = data == null ? java.util.List.of() : java.util.List.copyOf(data);
        if (labels == null || labels.isBlank()) {
            labels = "common";
        }
        if (freezeEpochs < 0) {
            throw new IllegalArgumentException("freeze epochs must be non-negative (0 = none), got " + freezeEpochs);
        }
        if (freezeEpochs > 0 && init == null) {
            throw new IllegalArgumentException("freezing the convolution blocks needs a start model (--init BUNDLE)");
        }
        if (!(ema >= 0 && ema < 1)) {
            throw new IllegalArgumentException("weight average decay must be at least 0 (off) and below 1, got " + ema);
        }
        if (preset.layout() == FeaturePreset.Layout.FULL) {
            ai.djl.ndarray.types.Shape shape = architecture.inputShape(1);
            if (preset.mel().nMels() != shape.get(2) || preset.frames() != shape.get(3)) {
                throw new IllegalArgumentException("preset " + preset.name() + " gives " + preset.mel().nMels()
                        + " x " + preset.frames() + " images but " + architecture.id() + " takes " + shape.get(2)
                        + " x " + shape.get(3) + "; use preset " + defaultPreset(architecture).name());
            }
        }
    }

    /** The preset an architecture is made for ({@link Architecture#defaultPreset()}). */
    public static FeaturePreset defaultPreset(Architecture architecture) {
        return architecture.defaultPreset();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.architecture = architecture;
        b.preset = preset;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.augmentation = augmentation;
        b.scalerKind = scalerKind;
        b.seed = seed;
        b.patience = patience;
        b.limitBatches = limitBatches;
        b.runDir = runDir;
        b.dataDir = dataDir;
        b.specAugment = specAugment;
        b.schedule = schedule;
        b.mixup = mixup;
        b.balanceClasses = balanceClasses;
        b.randomCrop = randomCrop;
        b.freqWarp = freqWarp;
        b.ema = ema;
        b.conditions = conditions;
        b.validationConditions = validationConditions;
        b.noiseDir = noiseDir;
        b.roomDir = roomDir;
        b.data = data;
        b.labels = labels;
        b.init = init;
        b.freezeEpochs = freezeEpochs;
        b.balanceCorpora = balanceCorpora;
        return b;
    }

    /** The configuration as written to {@code config.json} (ids rather than enum names). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", architecture.id());
        m.put("preset", preset.name());
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", optimizer.id());
        m.put("learning_rate", learningRate);
        m.put("momentum", momentum);
        m.put("weight_decay", weightDecay);
        m.put("augmentation", augmentation.id());
        m.put("scaler", scalerKind.name());
        m.put("seed", seed);
        m.put("patience", patience);
        m.put("limit_batches", limitBatches);
        m.put("run_dir", runDir.toString());
        m.put("data_dir", dataDir == null ? null : dataDir.toString());
        m.put("spec_augment", specAugment);
        m.put("schedule", schedule.id());
        m.put("mixup", mixup);
        m.put("balance_classes", balanceClasses);
        m.put("random_crop", randomCrop);
        m.put("freq_warp", freqWarp);
        m.put("ema", ema);
        m.put("conditions", conditions);
        m.put("validation_conditions", validationConditions);
        m.put("noise_dir", noiseDir == null ? null : noiseDir.toString());
        m.put("room_dir", roomDir == null ? null : roomDir.toString());
        m.put("data", data);
        m.put("labels", labels);
        m.put("init", init == null ? null : init.toString());
        m.put("freeze_epochs", freezeEpochs);
        m.put("balance_corpora", balanceCorpora);
        return m;
    }

    /** Reads {@link #toJson()}'s form; {@code runDir} replaces the recorded one (the run may have moved). */
    public static TrainingConfig fromJson(JsonNode n, Path runDir) {
        Builder b = builder()
                .setArchitecture(Architecture.fromId(text(n, "architecture")))
                .setRunDir(runDir)
                .optPreset(FeaturePreset.byName(text(n, "preset")))
                .optEpochs(n.path("epochs").asInt())
                .optBatchSize(n.path("batch_size").asInt())
                .optOptimizer(OptimizerKind.fromId(text(n, "optimizer")))
                .optLearningRate(n.path("learning_rate").asDouble())
                .optMomentum(n.path("momentum").asDouble())
                .optWeightDecay(n.path("weight_decay").asDouble())
                .optAugmentation(AugmentationKind.fromId(text(n, "augmentation")))
                .optScalerKind(StandardScaler.Kind.valueOf(text(n, "scaler")))
                .optSeed(n.path("seed").asLong())
                .optPatience(n.path("patience").asInt())
                .optLimitBatches(n.path("limit_batches").asInt())
                .optSpecAugment(n.path("spec_augment").asBoolean(false))
                .optSchedule(Schedule.fromId(n.path("schedule").asText("constant")))
                .optMixup(n.path("mixup").asDouble(0))
                .optBalanceClasses(n.path("balance_classes").asBoolean(false))
                .optRandomCrop(n.path("random_crop").asBoolean(false))
                .optFreqWarp(n.path("freq_warp").asDouble(0))
                .optEma(n.path("ema").asDouble(0));
        JsonNode data = n.get("data_dir");
        if (data != null && !data.isNull()) {
            b.optDataDir(Path.of(data.asText()));
        }
        b.optConditions(optionalText(n, "conditions"));
        b.optValidationConditions(optionalText(n, "validation_conditions"));
        String noise = optionalText(n, "noise_dir");
        String rooms = optionalText(n, "room_dir");
        b.optConditionData(noise == null ? null : Path.of(noise), rooms == null ? null : Path.of(rooms));
        java.util.List<String> sources = new java.util.ArrayList<>();
        n.path("data").forEach(d -> sources.add(d.asText()));
        b.optData(sources);
        b.optLabels(optionalText(n, "labels"));
        String init = optionalText(n, "init");
        b.optInit(init == null ? null : Path.of(init), n.path("freeze_epochs").asInt(0));
        b.optBalanceCorpora(n.path("balance_corpora").asBoolean(false));
        return b.build();
    }

    /**
     * A recipe: a JSON object with any of {@link #toJson()}'s keys (a run's {@code config.json} is
     * one); each key present sets its setting, the others keep the builder's defaults. The run's own
     * places ({@code run_dir}, {@code data_dir}, {@code data}, {@code init}, {@code noise_dir}, {@code room_dir})
     * are not taken: the
     * caller gives them. An unknown key is refused, so that a misspelt setting is not silently the
     * default.
     *
     * @param n the recipe
     * @return a builder with the recipe's settings (architecture and run directory still to set when absent)
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public static Builder fromRecipe(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a recipe is a JSON object of settings, e.g. {\"architecture\": \"compact-cnn\"}");
        }
        java.util.Set<String> known = new java.util.HashSet<>(builder().setArchitecture(Architecture.COMPACT_CNN)
                .setRunDir(Path.of("x")).build().toJson().keySet());
        for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
        Builder b = builder();
        if (has(n, "architecture")) {
            b.setArchitecture(Architecture.fromId(n.get("architecture").asText()));
        }
        if (has(n, "preset")) {
            b.optPreset(FeaturePreset.byName(n.get("preset").asText()));
        }
        if (has(n, "epochs")) {
            b.optEpochs(n.get("epochs").asInt());
        }
        if (has(n, "batch_size")) {
            b.optBatchSize(n.get("batch_size").asInt());
        }
        if (has(n, "optimizer")) {
            b.optOptimizer(OptimizerKind.fromId(n.get("optimizer").asText()));
        }
        if (has(n, "learning_rate")) {
            b.optLearningRate(n.get("learning_rate").asDouble());
        }
        if (has(n, "momentum")) {
            b.optMomentum(n.get("momentum").asDouble());
        }
        if (has(n, "weight_decay")) {
            b.optWeightDecay(n.get("weight_decay").asDouble());
        }
        if (has(n, "augmentation")) {
            b.optAugmentation(AugmentationKind.fromId(n.get("augmentation").asText()));
        }
        if (has(n, "scaler")) {
            b.optScalerKind(StandardScaler.Kind.valueOf(n.get("scaler").asText().toUpperCase(java.util.Locale.ROOT)));
        }
        if (has(n, "seed")) {
            b.optSeed(n.get("seed").asLong());
        }
        if (has(n, "patience")) {
            b.optPatience(n.get("patience").asInt());
        }
        if (has(n, "limit_batches")) {
            b.optLimitBatches(n.get("limit_batches").asInt());
        }
        if (has(n, "spec_augment")) {
            b.optSpecAugment(n.get("spec_augment").asBoolean());
        }
        if (has(n, "schedule")) {
            b.optSchedule(Schedule.fromId(n.get("schedule").asText()));
        }
        if (has(n, "mixup")) {
            b.optMixup(n.get("mixup").asDouble());
        }
        if (has(n, "balance_classes")) {
            b.optBalanceClasses(n.get("balance_classes").asBoolean());
        }
        if (has(n, "random_crop")) {
            b.optRandomCrop(n.get("random_crop").asBoolean());
        }
        if (has(n, "freq_warp")) {
            b.optFreqWarp(n.get("freq_warp").asDouble());
        }
        if (has(n, "ema")) {
            b.optEma(n.get("ema").asDouble());
        }
        b.optConditions(optionalText(n, "conditions"));
        b.optValidationConditions(optionalText(n, "validation_conditions"));
        if (has(n, "labels")) {
            b.optLabels(n.get("labels").asText());
        }
        if (has(n, "freeze_epochs")) {
            b.freezeEpochs = n.get("freeze_epochs").asInt();
        }
        if (has(n, "balance_corpora")) {
            b.optBalanceCorpora(n.get("balance_corpora").asBoolean());
        }
        return b;
    }

    private static boolean has(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && !v.isNull();
    }

    private static String optionalText(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return v.asText();
    }

    /** Builder: {@code set*} required, {@code opt*} optional with the seed's defaults. */
    public static final class Builder {
        private Architecture architecture;
        private FeaturePreset preset;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = SEED_BATCH_SIZE;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private Double learningRate;
        private double momentum = SEED_MOMENTUM;
        private Double weightDecay;
        private AugmentationKind augmentation = AugmentationKind.AWGN;
        private StandardScaler.Kind scalerKind = StandardScaler.Kind.PER_CELL;
        private long seed = DEFAULT_SEED;
        private int patience;
        private int limitBatches;
        private Path runDir;
        private Path dataDir;
        private boolean specAugment;
        private Schedule schedule = Schedule.CONSTANT;
        private double mixup;
        private boolean balanceClasses;
        private boolean randomCrop;
        private double freqWarp;
        private double ema;
        private String conditions;
        private String validationConditions;
        private Path noiseDir;
        private Path roomDir;
        private java.util.List<String> data = java.util.List.of();
        private String labels = "common";
        private Path init;
        private int freezeEpochs;
        private boolean balanceCorpora;

        private Builder() {}

        public Builder setArchitecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder setRunDir(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        public Builder optPreset(FeaturePreset preset) {
            this.preset = preset;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The optimizer; its default learning rate and weight decay apply unless set explicitly. */
        public Builder optOptimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optAugmentation(AugmentationKind augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        public Builder optScalerKind(StandardScaler.Kind scalerKind) {
            this.scalerKind = scalerKind;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder optLimitBatches(int limitBatches) {
            this.limitBatches = limitBatches;
            return this;
        }

        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder optSpecAugment(boolean specAugment) {
            this.specAugment = specAugment;
            return this;
        }

        public Builder optSchedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder optMixup(double mixup) {
            this.mixup = mixup;
            return this;
        }

        public Builder optBalanceClasses(boolean balanceClasses) {
            this.balanceClasses = balanceClasses;
            return this;
        }

        public Builder optRandomCrop(boolean randomCrop) {
            this.randomCrop = randomCrop;
            return this;
        }

        public Builder optFreqWarp(double freqWarp) {
            this.freqWarp = freqWarp;
            return this;
        }

        public Builder optEma(double ema) {
            this.ema = ema;
            return this;
        }

        /** Recording conditions of the training clips (spec language), null for clean training. */
        public Builder optConditions(String conditions) {
            this.conditions = conditions;
            return this;
        }

        /** Conditions of one fixed degraded copy of every validation clip, null for none. */
        public Builder optValidationConditions(String validationConditions) {
            this.validationConditions = validationConditions;
            return this;
        }

        /** Where the conditions' noise recordings and room impulse responses are (either may be null). */
        public Builder optConditionData(Path noiseDir, Path roomDir) {
            this.noiseDir = noiseDir;
            this.roomDir = roomDir;
            return this;
        }

        /** The corpora as given ({@code NAME:PATH?options}); recorded so that {@code --resume} reads them again. */
        public Builder optData(java.util.List<String> data) {
            this.data = data;
            return this;
        }

        /** The label mapping ({@code common}, {@code none}, another named one or a JSON file). */
        public Builder optLabels(String labels) {
            this.labels = labels;
            return this;
        }

        /** Fine-tuning: start from {@code init}'s weights, training only the head for {@code freezeEpochs} epochs. */
        public Builder optInit(Path init, int freezeEpochs) {
            this.init = init;
            this.freezeEpochs = freezeEpochs;
            return this;
        }

        /** Weight the loss so that every corpus counts alike (see {@link TrainingConfig#balanceCorpora()}). */
        public Builder optBalanceCorpora(boolean balanceCorpora) {
            this.balanceCorpora = balanceCorpora;
            return this;
        }

        /** The label mapping set so far ({@code common} unless a recipe or option set another). */
        public String labels() {
            return labels;
        }

        /** Whether an architecture has been set (a recipe may leave it to the caller). */
        public boolean hasArchitecture() {
            return architecture != null;
        }

        public TrainingConfig build() {
            OptimizerKind o = optimizer == null ? OptimizerKind.SGD : optimizer;
            FeaturePreset p = preset != null || architecture == null ? preset : defaultPreset(architecture);
            return new TrainingConfig(architecture, p, epochs, batchSize, o,
                    learningRate != null ? learningRate : o.defaultLearningRate(), momentum,
                    weightDecay != null ? weightDecay : o.defaultWeightDecay(), augmentation, scalerKind, seed,
                    patience, limitBatches, runDir, dataDir, specAugment, schedule, mixup,
                    balanceClasses, randomCrop, freqWarp, ema, conditions, validationConditions, noiseDir, roomDir,
                    data, labels, init, freezeEpochs, balanceCorpora);
        }
    }
}
