package org.ser4j.train;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ser4j.data.Json;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;

/**
 * Everything that decides a training run. The defaults reproduce SEC-PyTorch (SPEC.md, "Training and
 * evaluation"): SGD lr 0.01, momentum 0.8, weight decay 1e-3, batch 32, two AWGN copies of each
 * training clip, a per-cell standard scaler, the sec-pytorch feature preset; except that the noisy copies
 * carry their own clip's label and are made after the split.
 *
 * <p>Besides what the model is and sees, the settings come in four groups: {@link Optimisation} (how
 * the weights are fitted), {@link Regularisation} (what training adds to the clean clips, and how it
 * weights the loss), {@link Stopping} (how long) and {@link Data} (where the inputs lie on this
 * machine). Stopping, data and the run directory may change between the commands of one run (a
 * resumed run, the folds of one k-fold root); anything else makes another run ({@link #differenceFrom}).
 *
 * <p>Build with {@link #builder()}: {@code setArchitecture} and {@code setRunDir} are required.
 *
 * <p>JSON ({@code config.json}, the {@code config} of {@code kfold.json}, the {@code training} section
 * of a bundle, recipes) is one flat object of snake_case settings, the form these files have always
 * had: Jackson writes the record with its groups unwrapped ({@link #toJson()}) and reads the object
 * into a {@link Builder} ({@link #fromJson}, {@link #fromRecipe}), so that a setting a file leaves
 * out (an older file, a short recipe) keeps the builder's default.
 *
 * @param architecture the model
 * @param preset the feature preset
 * @param scalerKind the standard scaler fitted on the training features (JSON {@code scaler})
 * @param labels the label mapping applied to the corpora ({@link org.ser4j.data.LabelMapping#of}):
 *     {@code common} by default
 * @param seed the seed of the split, augmentation, initialisation, shuffling and dropout
 * @param runDir the run directory ({@link RunDirectory})
 * @param optimisation how the weights are fitted
 * @param regularisation augmentation, recording conditions and loss weights
 * @param stopping how long the run trains
 * @param data where the corpora, noise and rooms lie
 */
public record TrainingConfig(
        Architecture architecture,
        @JsonSerialize(converter = PresetName.class) FeaturePreset preset,
        @JsonProperty("scaler") StandardScaler.Kind scalerKind,
        String labels,
        long seed,
        @JsonSerialize(using = ToStringSerializer.class) Path runDir,
        @JsonUnwrapped Optimisation optimisation,
        @JsonUnwrapped Regularisation regularisation,
        @JsonUnwrapped Stopping stopping,
        @JsonUnwrapped Data data) {

    /** How the learning rate changes over the epochs. */
    public enum Schedule {
        /** The configured rate throughout (SEC-PyTorch). */
        CONSTANT,
        /** Cosine decay from the configured rate in epoch 1 towards 0 after the last epoch. */
        COSINE;

        /** The CLI and JSON name: {@code constant}, {@code cosine}. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
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

        @JsonCreator
        public static Schedule fromId(String id) {
            for (Schedule s : values()) {
                if (s.id().equalsIgnoreCase(id.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown schedule '" + id + "' (expected constant or cosine)");
        }
    }

    /**
     * How the weights are fitted.
     *
     * @param optimizer SGD or AdamW
     * @param learningRate the learning rate
     * @param momentum SGD momentum (unused by AdamW)
     * @param weightDecay L2 penalty (SGD) or decoupled weight decay (AdamW)
     * @param batchSize samples per batch; floor(N / batchSize) batches per epoch (the last partial batch is dropped)
     * @param schedule the learning rate over the epochs; SEC-PyTorch's is constant
     * @param ema validate and keep an exponential moving average of the weights with this decay per step
     *     instead of the last step's weights ({@link WeightAverage}); 0 = off, SEC-PyTorch's
     * @param init the model bundle whose weights the run starts from (fine-tuning), or null for a fresh
     *     start; with another label set than the run's, the output layer starts fresh
     * @param freezeEpochs with {@code init}: train only the output layer for this many epochs first;
     *     0 = train everything from the start
     * @param distillation the model the run also learns from, or null for none (a run without one writes
     *     none of its settings)
     */
    public record Optimisation(
            OptimizerKind optimizer,
            double learningRate,
            double momentum,
            double weightDecay,
            int batchSize,
            Schedule schedule,
            double ema,
            @JsonSerialize(using = ToStringSerializer.class) Path init,
            int freezeEpochs,
            @JsonUnwrapped Distillation distillation) {

        public Optimisation {
            if (optimizer == null || schedule == null) {
                throw new IllegalArgumentException("optimizer and schedule must be set");
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
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            if (!(ema >= 0 && ema < 1)) {
                throw new IllegalArgumentException("weight average decay must be at least 0 (off) and below 1, got " + ema);
            }
            if (freezeEpochs < 0) {
                throw new IllegalArgumentException("freeze epochs must be non-negative (0 = none), got " + freezeEpochs);
            }
            if (freezeEpochs > 0 && init == null) {
                throw new IllegalArgumentException("freezing the convolution blocks needs a start model (--init BUNDLE)");
            }
        }

        /** The teacher, or null when the run learns from the labels alone. */
        public Path teacher() {
            return distillation == null ? null : distillation.teacher();
        }
    }

    /**
     * Knowledge distillation: what the run learns besides the labels.
     *
     * @param teacher the model or ensemble whose probabilities for each training crop the run also
     *     learns ({@link Teacher}); it must share the run's labels and mel settings and must not have
     *     heard the run's validation or test clips
     * @param weight the weight of the teacher's softened probabilities in the loss (JSON
     *     {@code distillation}), the labels' cross-entropy weighing {@code 1 - weight}; 0 to 1
     * @param temperature both the teacher's and the run's probabilities are softened by this
     *     temperature in the teacher's part of the loss, which is multiplied by its square
     */
    public record Distillation(
            @JsonSerialize(using = ToStringSerializer.class) Path teacher,
            @JsonProperty("distillation") double weight,
            double temperature) {

        public Distillation {
            if (teacher == null) {
                throw new IllegalArgumentException("distillation needs a teacher model");
            }
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("the distillation weight must be between 0 and 1, got " + weight);
            }
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("the distillation temperature must be positive, got " + temperature);
            }
        }
    }

    /**
     * What training adds to the clean clips, and how it weights their loss.
     *
     * @param augmentation augmentation of the training signals
     * @param specAugment mask random frequency bands and time spans of every training image, anew each
     *     epoch ({@link org.ser4j.augment.SpecAugment}); not SEC-PyTorch's
     * @param mixup alpha of mixup (each batch is mixed with a shuffled copy of itself, with a weight drawn
     *     from Beta(alpha, alpha), and the loss mixed likewise); 0 = off, SEC-PyTorch's
     * @param randomCrop train on a window of the preset's duration at a random place in the whole clip,
     *     drawn anew each epoch, instead of the preset's fixed window (validation and test keep the
     *     fixed one; speed copies are cropped likewise); needs augmentation {@code none} or {@code speed} and a
     *     FULL preset of fixed duration; off = SEC-PyTorch's
     * @param freqWarp warp the frequency axis of every random crop by a factor drawn uniformly from
     *     {@code [1 - freqWarp, 1 + freqWarp]}, anew each epoch, as a longer or shorter vocal tract
     *     would ({@link TrainingCrops}); needs {@code randomCrop}; 0 = off, SEC-PyTorch's
     * @param conditions recording conditions of the training clips in the spec language of
     *     {@link org.ser4j.augment.condition.ConditionChain}, drawn anew for every clip in every epoch
     *     from the training part of the noise and room pools; null = clean training
     * @param validationConditions conditions of one extra, fixed copy of every validation clip (drawn
     *     once, from the validation part of the pools), so that the kept epoch is chosen on clean and
     *     degraded validation clips alike; null = clean validation only
     * @param balanceClasses weight each training sample's loss by {@code N / (classes * n_class)} of its
     *     class, so that every class counts alike (as PyTorch's {@code CrossEntropyLoss(weight=...)});
     *     off = SEC-PyTorch's plain mean
     * @param balanceCorpora weight each training sample's loss so that every corpus counts alike
     *     ({@code N / (corpora * n_corpus)}; with {@code balanceClasses}, every corpus and label pair);
     *     off = every clip counts once
     */
    public record Regularisation(
            AugmentationKind augmentation,
            boolean specAugment,
            double mixup,
            boolean randomCrop,
            double freqWarp,
            String conditions,
            String validationConditions,
            boolean balanceClasses,
            boolean balanceCorpora) {

        public Regularisation {
            if (augmentation == null) {
                throw new IllegalArgumentException("augmentation must be set");
            }
            if (!(mixup >= 0) || Double.isInfinite(mixup)) {
                throw new IllegalArgumentException("mixup alpha must be non-negative (0 = off), got " + mixup);
            }
            if (!(freqWarp >= 0 && freqWarp <= MAX_FREQ_WARP)) {
                throw new IllegalArgumentException("frequency warp must be between 0 (off) and " + MAX_FREQ_WARP
                        + ", got " + freqWarp);
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
        }

        /** Whether training or validation clips are degraded by recording conditions. */
        public boolean hasConditions() {
            return conditions != null || validationConditions != null;
        }
    }

    /**
     * How long a run trains: what a resumed run may change.
     *
     * @param epochs the number of epochs to train (a resumed run trains up to this many in total)
     * @param patience early stopping: stop after this many epochs without a lower validation loss; 0 = never
     * @param limitBatches at most this many batches per epoch (smoke tests); 0 = no limit
     */
    public record Stopping(int epochs, int patience, int limitBatches) {

        public Stopping {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be non-negative (0 = no early stopping), got " + patience);
            }
            if (limitBatches < 0) {
                throw new IllegalArgumentException("batch limit must be non-negative (0 = none), got " + limitBatches);
            }
        }
    }

    /**
     * Where a run's inputs lie on this machine: they may move, and a resumed run reads them where they
     * are now.
     *
     * @param corpora the corpora as given ({@code NAME:PATH?options}, {@link org.ser4j.data.Corpora.Source};
     *     JSON {@code data}); empty when the run recorded only {@code dataDir} (a RAVDESS directory)
     * @param dataDir the corpus directory (recorded so that {@code --resume} finds it); may be null
     * @param noiseDir the noise recordings the conditions draw from (null: none)
     * @param roomDir the room impulse responses the conditions draw from (null: none)
     */
    public record Data(
            @JsonProperty("data") List<String> corpora,
            @JsonSerialize(using = ToStringSerializer.class) Path dataDir,
            @JsonSerialize(using = ToStringSerializer.class) Path noiseDir,
            @JsonSerialize(using = ToStringSerializer.class) Path roomDir) {

        public Data {
            corpora = corpora == null ? List.of() : List.copyOf(corpora);
        }

        /**
         * The corpora to read again: the recorded ones, or RAVDESS in {@code dataDir} for runs made
         * before corpora had names; empty when the run records neither.
         */
        public List<String> sources() {
            if (!corpora.isEmpty() || dataDir == null) {
                return corpora;
            }
            return List.of("ravdess:" + dataDir);
        }
    }

    /**
     * A setting in which two configurations are different runs.
     *
     * @param setting its JSON name, e.g. {@code learning_rate}
     * @param recorded its value in the run
     * @param asked its value asked for now
     */
    public record Difference(String setting, JsonNode recorded, JsonNode asked) {}

    /** SEC-PyTorch's batch size. */
    public static final int SEC_PYTORCH_BATCH_SIZE = 32;
    /** SEC-PyTorch's SGD momentum. */
    public static final double SEC_PYTORCH_MOMENTUM = 0.8;
    public static final int DEFAULT_EPOCHS = 50;
    public static final long DEFAULT_SEED = 42;
    /** Largest frequency warp accepted: factors from 0.7 to 1.3. */
    public static final double MAX_FREQ_WARP = 0.3;
    /** The teacher's weight in the loss when a run distils and none is given. */
    public static final double DEFAULT_DISTILLATION = 0.5;
    /** The softening temperature when a run distils and none is given. */
    public static final double DEFAULT_TEMPERATURE = 2.0;
    /** The settings that name places of one run, which a recipe does not carry to another. */
    private static final Set<String> PLACES = Set.of("run_dir", "data_dir", "data", "init", "teacher", "noise_dir",
            "room_dir");

    public TrainingConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("a training configuration needs an architecture");
        }
        if (runDir == null) {
            throw new IllegalArgumentException("a training configuration needs a run directory");
        }
        if (preset == null || scalerKind == null || optimisation == null || regularisation == null || stopping == null
                || data == null) {
            throw new IllegalArgumentException("preset, scaler kind, optimisation, regularisation, stopping and data"
                    + " must be set");
        }
        if ((preset.layout() == FeaturePreset.Layout.CHUNKED) != architecture.chunked()) {
            throw new IllegalArgumentException("preset " + preset.name() + " gives " + preset.layout()
                    + " features but " + architecture.id() + " takes " + (architecture.chunked() ? "chunked" : "full")
                    + " ones; use preset " + defaultPreset(architecture).name());
        }
        AugmentationKind augmentation = regularisation.augmentation();
        boolean wholeCleanClips = augmentation != AugmentationKind.AWGN && preset.layout() == FeaturePreset.Layout.FULL
                && preset.durationSeconds() != null;
        if (regularisation.randomCrop() && !wholeCleanClips) {
            throw new IllegalArgumentException("random crops need augmentation none or speed and a full-image preset of"
                    + " fixed duration; this run has augmentation " + augmentation.id() + " and preset " + preset.name());
        }
        if (regularisation.hasConditions() && !wholeCleanClips) {
            throw new IllegalArgumentException("recording conditions need augmentation none or speed and a full-image"
                    + " preset of fixed duration; this run has augmentation " + augmentation.id() + " and preset "
                    + preset.name());
        }
        if (optimisation.teacher() != null && !regularisation.randomCrop()) {
            throw new IllegalArgumentException("a teacher needs random crops on (--random-crop): it is asked about each"
                    + " crop's own audio, which the fixed windows do not keep");
        }
        if (optimisation.teacher() != null && regularisation.mixup() > 0) {
            throw new IllegalArgumentException("a teacher cannot be combined with mixup: the teacher hears the crops"
                    + " before they are mixed");
        }
        if (labels == null || labels.isBlank()) {
            labels = "common";
        }
        if (preset.layout() == FeaturePreset.Layout.FULL) {
            ai.djl.ndarray.types.Shape shape = architecture.inputShape(1);
            if (preset.channels() != shape.get(1) || preset.mel().nMels() != shape.get(2)
                    || preset.frames() != shape.get(3)) {
                throw new IllegalArgumentException("preset " + preset.name() + " gives " + preset.channels() + " x "
                        + preset.mel().nMels() + " x " + preset.frames() + " images but " + architecture.id()
                        + " takes " + shape.get(1) + " x " + shape.get(2) + " x " + shape.get(3) + "; use preset "
                        + defaultPreset(architecture).name());
            }
        }
    }

    /** The preset an architecture is made for ({@link Architecture#defaultPreset()}). */
    public static FeaturePreset defaultPreset(Architecture architecture) {
        return architecture.defaultPreset();
    }

    /**
     * The first setting in which {@code asked} is another run than this one. Everything but how long
     * it trains ({@link Stopping}), where its inputs lie ({@link Data}) and its run directory must be
     * the same for the commands of one run: a resumed run, the folds of one k-fold root.
     *
     * @return the first setting that differs, by JSON name; empty when {@code asked} continues this run
     */
    public Optional<Difference> differenceFrom(TrainingConfig asked) {
        TrainingConfig same = new TrainingConfig(architecture, preset, scalerKind, labels, seed, asked.runDir,
                optimisation, regularisation, asked.stopping, asked.data);
        if (same.equals(asked)) {
            return Optional.empty();
        }
        // the records differ; their JSON names the setting
        JsonNode recorded = Json.MAPPER.valueToTree(same);
        JsonNode now = Json.MAPPER.valueToTree(asked);
        for (Iterator<String> it = recorded.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!recorded.get(key).equals(now.path(key))) {
                return Optional.of(new Difference(key, recorded.get(key), now.path(key)));
            }
        }
        return Optional.of(new Difference("settings", recorded, now));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.architecture = architecture;
        b.preset = preset;
        b.scalerKind = scalerKind;
        b.labels = labels;
        b.seed = seed;
        b.runDir = runDir;
        b.optimizer = optimisation.optimizer();
        b.learningRate = optimisation.learningRate();
        b.momentum = optimisation.momentum();
        b.weightDecay = optimisation.weightDecay();
        b.batchSize = optimisation.batchSize();
        b.schedule = optimisation.schedule();
        b.ema = optimisation.ema();
        b.init = optimisation.init();
        b.freezeEpochs = optimisation.freezeEpochs();
        if (optimisation.distillation() != null) {
            b.teacher = optimisation.distillation().teacher();
            b.distillation = optimisation.distillation().weight();
            b.temperature = optimisation.distillation().temperature();
        }
        b.augmentation = regularisation.augmentation();
        b.specAugment = regularisation.specAugment();
        b.mixup = regularisation.mixup();
        b.randomCrop = regularisation.randomCrop();
        b.freqWarp = regularisation.freqWarp();
        b.conditions = regularisation.conditions();
        b.validationConditions = regularisation.validationConditions();
        b.balanceClasses = regularisation.balanceClasses();
        b.balanceCorpora = regularisation.balanceCorpora();
        b.epochs = stopping.epochs();
        b.patience = stopping.patience();
        b.limitBatches = stopping.limitBatches();
        b.data = data.corpora();
        b.dataDir = data.dataDir();
        b.noiseDir = data.noiseDir();
        b.roomDir = data.roomDir();
        return b;
    }

    /** The configuration as written to {@code config.json}: one flat object, ids rather than enum names. */
    public Map<String, Object> toJson() {
        return Json.MAPPER.convertValue(this, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    /**
     * Reads {@link #toJson()}'s form; {@code runDir} replaces the recorded one (the run may have moved).
     * A setting the file does not have (one added after it was written) takes the builder's default,
     * which is "off" for every setting added so far; a setting ser4j does not know is left alone.
     *
     * @throws IllegalArgumentException naming the setting that is missing or malformed
     */
    public static TrainingConfig fromJson(JsonNode n, Path runDir) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object of settings");
        }
        if (n.path("architecture").isMissingNode() || n.path("architecture").isNull()) {
            throw new IllegalArgumentException("missing 'architecture'");
        }
        return read(Json.MAPPER.readerForUpdating(builder()), n, Set.of()).setRunDir(runDir).build();
    }

    /**
     * A recipe: a JSON object with any of {@link #toJson()}'s keys (a run's {@code config.json} is
     * one); each key present sets its setting, the others keep the builder's defaults. The run's own
     * places ({@code run_dir}, {@code data_dir}, {@code data}, {@code init}, {@code noise_dir},
     * {@code room_dir}) are not taken: the caller gives them. An unknown key is refused, so that a
     * misspelt setting is not silently the default.
     *
     * @param n the recipe
     * @return a builder with the recipe's settings (architecture and run directory still to set when absent)
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public static Builder fromRecipe(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a recipe is a JSON object of settings, e.g. {\"architecture\": \"compact-cnn\"}");
        }
        return read(Json.MAPPER.readerForUpdating(builder()).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                n, PLACES);
    }

    /**
     * Sets the fields of {@code reader}'s builder from the settings of {@code n} except {@code leftOut};
     * a null value counts as absent.
     */
    private static Builder read(ObjectReader reader, JsonNode n, Set<String> leftOut) {
        ObjectNode present = ((ObjectNode) n).deepCopy();
        present.remove(leftOut);
        present.properties().removeIf(e -> e.getValue().isNull());
        try {
            return reader.readValue(present);
        } catch (UnrecognizedPropertyException e) {
            TreeSet<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
            throw new IllegalArgumentException("unknown setting '" + e.getPropertyName() + "' (known: " + known + ")", e);
        } catch (JsonMappingException e) {
            String setting = e.getPath().isEmpty() ? "settings" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
            throw new IllegalArgumentException("'" + setting + "': "
                    + (cause != null ? cause.getMessage() : e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a tree in memory is not read from a stream
        }
    }

    /** The JSON name of a preset. */
    static final class PresetName extends StdConverter<FeaturePreset, String> {
        @Override
        public String convert(FeaturePreset preset) {
            return preset.name();
        }
    }

    /** A preset by its JSON name. */
    static final class PresetByName extends StdConverter<String, FeaturePreset> {
        @Override
        public FeaturePreset convert(String name) {
            return FeaturePreset.byName(name);
        }
    }

    /** A scaler kind by its name in any case ({@code PER_BAND}, {@code per_band}). */
    static final class ScalerByName extends StdConverter<String, StandardScaler.Kind> {
        @Override
        public StandardScaler.Kind convert(String name) {
            return StandardScaler.Kind.valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** A path as written, without Jackson's URI form. */
    static final class PathOf extends StdConverter<String, Path> {
        @Override
        public Path convert(String path) {
            return Path.of(path);
        }
    }

    /**
     * Builder: {@code set*} required, {@code opt*} optional with SEC-PyTorch's defaults. Jackson reads a
     * configuration's JSON into its fields (snake_case names), leaving the defaults where a setting is
     * absent.
     */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
    public static final class Builder {
        private Architecture architecture;
        @JsonDeserialize(converter = PresetByName.class)
        private FeaturePreset preset;
        @JsonProperty("scaler")
        @JsonDeserialize(converter = ScalerByName.class)
        private StandardScaler.Kind scalerKind = StandardScaler.Kind.PER_CELL;
        private String labels = "common";
        private long seed = DEFAULT_SEED;
        @JsonDeserialize(converter = PathOf.class)
        private Path runDir;

        private OptimizerKind optimizer = OptimizerKind.SGD;
        private Double learningRate;
        private double momentum = SEC_PYTORCH_MOMENTUM;
        private Double weightDecay;
        private int batchSize = SEC_PYTORCH_BATCH_SIZE;
        private Schedule schedule = Schedule.CONSTANT;
        private double ema;
        @JsonDeserialize(converter = PathOf.class)
        private Path init;
        private int freezeEpochs;
        @JsonDeserialize(converter = PathOf.class)
        private Path teacher;
        private double distillation = DEFAULT_DISTILLATION;
        private double temperature = DEFAULT_TEMPERATURE;

        private AugmentationKind augmentation = AugmentationKind.AWGN;
        private boolean specAugment;
        private double mixup;
        private boolean randomCrop;
        private double freqWarp;
        private String conditions;
        private String validationConditions;
        private boolean balanceClasses;
        private boolean balanceCorpora;

        private int epochs = DEFAULT_EPOCHS;
        private int patience;
        private int limitBatches;

        private List<String> data = List.of();
        @JsonDeserialize(converter = PathOf.class)
        private Path dataDir;
        @JsonDeserialize(converter = PathOf.class)
        private Path noiseDir;
        @JsonDeserialize(converter = PathOf.class)
        private Path roomDir;

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
        public Builder optData(List<String> data) {
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

        /**
         * Knowledge distillation: learn {@code teacher}'s softened probabilities for every training crop
         * besides the labels (null: off); its weight and temperature are {@link #optDistillation}'s.
         */
        public Builder optTeacher(Path teacher) {
            this.teacher = teacher;
            return this;
        }

        /** With a teacher: its weight in the loss (0 to 1) and the softening temperature. */
        public Builder optDistillation(double weight, double temperature) {
            this.distillation = weight;
            this.temperature = temperature;
            return this;
        }

        /** {@link #optTeacher} and {@link #optDistillation} at once. */
        public Builder optTeacher(Path teacher, double weight, double temperature) {
            return optTeacher(teacher).optDistillation(weight, temperature);
        }

        /** The teacher's weight set so far (the recipe's, else {@link #DEFAULT_DISTILLATION}). */
        public double distillation() {
            return distillation;
        }

        /** The temperature set so far (the recipe's, else {@link #DEFAULT_TEMPERATURE}). */
        public double temperature() {
            return temperature;
        }

        /** Weight the loss so that every corpus counts alike (see {@link Regularisation#balanceCorpora()}). */
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
            return new TrainingConfig(architecture, p, scalerKind, labels, seed, runDir,
                    new Optimisation(o, learningRate != null ? learningRate : o.defaultLearningRate(), momentum,
                            weightDecay != null ? weightDecay : o.defaultWeightDecay(), batchSize, schedule, ema, init,
                            freezeEpochs, teacher == null ? null : new Distillation(teacher, distillation, temperature)),
                    new Regularisation(augmentation, specAugment, mixup, randomCrop, freqWarp, conditions,
                            validationConditions, balanceClasses, balanceCorpora),
                    new Stopping(epochs, patience, limitBatches),
                    new Data(data, dataDir, noiseDir, roomDir));
        }
    }
}
