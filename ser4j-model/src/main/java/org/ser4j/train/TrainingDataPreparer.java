package org.ser4j.train;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.augment.AwgnAugmentation;
import org.ser4j.augment.SpeedPerturbation;
import org.ser4j.augment.condition.ConditionChain;
import org.ser4j.augment.condition.ConditionPools;
import org.ser4j.augment.condition.ConditionSources;
import org.ser4j.augment.condition.SoundPool;
import org.ser4j.bundle.BundleInfo;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.Labels;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.split.SecPytorchLeak;
import org.ser4j.split.Split;

/**
 * From a split of a corpus to {@link TrainingData}, honestly: the split comes first, then only the
 * training signals get noisy copies (each with its own clip's label), then the scaler is fitted on
 * the training features only and applied to all parts.
 *
 * <p>Per training clip: decode, downmix, resample and window by the preset, AWGN copies (seeded by
 * the run seed and the clip's id, so the copies do not depend on thread scheduling), features of the
 * clean signal and of each copy. Validation and test features come from the {@link FeatureCache}.
 * Work runs on all cores.
 */
public final class TrainingDataPreparer {

    /** Suffix of the id of the degraded copy of a validation clip. */
    public static final String CONDITION_SUFFIX = "#condition";
    /** Suffix of the id of noisy copy {@code k} (1-based) of a training clip. */
    public static final String COPY_SUFFIX = "#awgn";

    private final FeatureCache cache;
    private final TrainingListener listener;

    /**
     * @param cache the feature cache of clean clips
     * @param listener told the progress ({@link TrainingListener#onDataProgress}); may be called from
     *     worker threads, one call at a time
     */
    public TrainingDataPreparer(FeatureCache cache, TrainingListener listener) {
        this.cache = cache;
        this.listener = listener;
    }

    /**
     * A split less the clips that cannot be used, and why each was left out.
     *
     * @param split the usable clips, in the original order
     * @param problems one line per clip left out: its path and the decoder's reason
     */
    public record Screened(Split split, List<String> problems) {}

    /**
     * Decodes every clip of {@code split} (in parallel, with training's limits) and leaves out those
     * that fail or hold no samples, so that one bad file among many does not stop a run (issue 20).
     * The decoded samples are not kept: the features come later from the cache.
     */
    public static Screened screen(Split split, FeatureCache.Listener progress) throws IOException {
        List<Utterance> all = new ArrayList<>(split.train());
        all.addAll(split.validation());
        all.addAll(split.test());
        List<String> verdicts = FeatureCache.parallel(all, progress, "ser4j-train-data", u -> {
            try {
                AudioClip clip = AudioDecoder.decode(u.path(), DecodeLimits.ofSeconds(FeatureCache.MAX_CLIP_SECONDS));
                return clip.frames() == 0 ? u.path() + ": no audio samples" : "";
            } catch (IOException | RuntimeException e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return m.contains(u.path().getFileName().toString()) ? m : u.path() + ": " + m;
            }
        });
        List<String> problems = new ArrayList<>();
        java.util.Set<Path> bad = new java.util.HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            if (!verdicts.get(i).isEmpty()) {
                problems.add(verdicts.get(i));
                bad.add(all.get(i).path());
            }
        }
        if (bad.isEmpty()) {
            return new Screened(split, List.of());
        }
        java.util.function.Predicate<Utterance> good = u -> !bad.contains(u.path());
        Split kept = new Split(split.name(), split.seed(), split.train().stream().filter(good).toList(),
                split.validation().stream().filter(good).toList(), split.test().stream().filter(good).toList());
        return new Screened(kept, List.copyOf(problems));
    }

    /**
     * Prepares the samples of a run.
     *
     * @param split the split (utterances below {@code corpusRoot})
     * @param corpusRoot the corpus directory (ids are relative to it)
     * @param protocol {@code random}, {@code speaker} or {@code kfold} (recorded in the bundle)
     * @param testSpeakers the held-out speakers (empty for the random protocol)
     * @param config the run configuration (preset, augmentation, scaler kind, seed)
     * @param scaler the scaler to use, or null to fit one on the training features (a resumed run
     *     passes the one it saved)
     */
    public TrainingData prepare(Split split, Path corpusRoot, String protocol, List<String> testSpeakers,
            TrainingConfig config, StandardScaler scaler) throws IOException {
        return prepare(split, corpusRoot, protocol, testSpeakers, config, scaler, null);
    }

    /**
     * Prepares the samples of a run whose classes are {@code labels} (a fine-tuned model keeps its
     * start's label set); null takes the label set of the split ({@link Labels#of}).
     *
     * @throws IllegalArgumentException when a clip's label is not in {@code labels}
     */
    public TrainingData prepare(Split split, Path corpusRoot, String protocol, List<String> testSpeakers,
            TrainingConfig config, StandardScaler scaler, List<String> labels) throws IOException {
        return prepare(split, corpusRoot, protocol, testSpeakers, config, scaler, labels, null);
    }

    /**
     * As {@link #prepare(Split, Path, String, List, TrainingConfig, StandardScaler, List)}; with a
     * {@code leak} (SEC-PyTorch's leaky protocol, {@link SecPytorchLeak}) every clip of the split and its AWGN
     * copies are computed, and each copy goes to the part the leak drew for it, so that a test
     * clip's twins may be trained on. The test rows are then the test part's clean clips and copies
     * (ids {@code clip#awgnK}).
     *
     * @throws IllegalArgumentException with a leak, when the run does not make SEC-PyTorch's AWGN copies
     *     (augmentation awgn, no conditions, no random crops)
     */
    public TrainingData prepare(Split split, Path corpusRoot, String protocol, List<String> testSpeakers,
            TrainingConfig config, StandardScaler scaler, List<String> labels, SecPytorchLeak leak) throws IOException {
        List<Utterance> everyClip = new ArrayList<>(split.train());
        everyClip.addAll(split.validation());
        everyClip.addAll(split.test());
        List<String> labelSet = labels != null ? Labels.check(labels) : Labels.of(everyClip);
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int k = 0; k < labelSet.size(); k++) {
            labelIndex.put(labelSet.get(k), k);
        }
        for (Utterance u : everyClip) {
            if (!labelIndex.containsKey(u.label())) {
                throw new IllegalArgumentException(u.path() + ": label '" + u.label() + "' is not one of the model's labels " + labelSet);
            }
        }
        FeaturePreset preset = config.preset();
        if (preset.durationSeconds() == null || preset.durationSeconds() <= 0) {
            throw new IllegalArgumentException("preset " + preset.name()
                    + " keeps whole clips of varying length; training needs a fixed duration (e.g. preset seed)");
        }
        if (leak != null) {
            return prepareLeaky(split, everyClip, corpusRoot, protocol, config, scaler, labelSet, labelIndex, leak);
        }
        List<Utterance> trainUtterances = split.train();
        // the whole split's cache entries, checked before the first of its three extractions
        cache.checkSpace(trainUtterances.size() + split.validation().size() + split.test().size(), preset);
        // recording conditions: the training clips decoded once (for the crops and for babble), both
        // chains parsed before any feature is computed, so that a bad spec fails at once
        TrainingConfig.Regularisation regularisation = config.regularisation();
        SpeedPerturbation speed = regularisation.augmentation() == AugmentationKind.SPEED
                ? SpeedPerturbation.DEFAULT : null;
        List<float[]> trainSignals = new ArrayList<>();
        ConditionChain trainChain = null;
        ConditionChain validationChain = null;
        if (regularisation.hasConditions()) {
            trainSignals(trainUtterances, speed, preset).forEach(trainSignals::addAll);
            if (regularisation.conditions() != null) {
                trainChain = ConditionChain.parse(regularisation.conditions(),
                        sources(config, ConditionPools.Role.TRAIN, trainUtterances, trainSignals, speed));
            }
            if (regularisation.validationConditions() != null) {
                validationChain = ConditionChain.parse(regularisation.validationConditions(),
                        sources(config, ConditionPools.Role.VALIDATION, trainUtterances, trainSignals, speed));
            }
        }
        List<List<float[][]>> trainImages = trainFeatures(trainUtterances, corpusRoot, config);
        List<float[][]> validationImages = cache.featuresAll(split.validation(), preset,
                progress("features (validation)"));
        List<float[][]> testImages = cache.featuresAll(split.test(), preset, progress("features (test)"));

        List<float[][]> flatTrain = new ArrayList<>();
        trainImages.forEach(flatTrain::addAll);
        StandardScaler s = scaler != null ? scaler : StandardScaler.fit(config.scalerKind(), flatTrain);
        if (s.kind() != config.scalerKind()) {
            throw new IllegalArgumentException("the given scaler is " + s.kind() + ", the run asks for " + config.scalerKind());
        }
        flatTrain.clear();

        Shape shape = config.architecture().inputShape(1).slice(1);
        List<String> trainIds = new ArrayList<>();
        List<float[][]> trainRowsImages = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<String> corpusNames = trainUtterances.stream().map(Utterance::corpus).distinct().sorted().toList();
        List<Integer> trainCorpora = new ArrayList<>();
        for (int i = 0; i < trainUtterances.size(); i++) {
            String id = RavdessCorpus.relative(corpusRoot, trainUtterances.get(i).path());
            List<float[][]> images = trainImages.get(i);
            for (int k = 0; k < images.size(); k++) {
                trainIds.add(k == 0 ? id : id + COPY_SUFFIX + k);
                trainRowsImages.add(images.get(k));
                trainLabels.add(labelIndex.get(trainUtterances.get(i).label()));
                trainCorpora.add(corpusNames.indexOf(trainUtterances.get(i).corpus()));
            }
            trainImages.set(i, null);
        }
        LabelledSamples train = samples(trainIds, trainRowsImages, trainLabels, s, config, shape);
        LabelledSamples validation;
        if (validationChain == null) {
            validation = samples(split.validation(), validationImages, corpusRoot, labelIndex, s, config, shape);
        } else {
            List<String> ids = new ArrayList<>();
            List<Integer> indices = new ArrayList<>();
            List<float[][]> images = new ArrayList<>(validationImages);
            for (Utterance u : split.validation()) {
                ids.add(RavdessCorpus.relative(corpusRoot, u.path()));
                indices.add(labelIndex.get(u.label()));
            }
            images.addAll(degradedValidation(split.validation(), corpusRoot, config, validationChain));
            for (Utterance u : split.validation()) {
                ids.add(RavdessCorpus.relative(corpusRoot, u.path()) + CONDITION_SUFFIX);
                indices.add(labelIndex.get(u.label()));
            }
            validation = samples(ids, images, indices, s, config, shape);
        }
        LabelledSamples test = samples(split.test(), testImages, corpusRoot, labelIndex, s, config, shape);

        TrainingCrops crops = null;
        if (trainChain != null) {
            int perClip = rowsPerClip(speed); // each clip, then its copies
            List<String> voices = new ArrayList<>();
            trainUtterances.forEach(u -> voices.addAll(java.util.Collections.nCopies(perClip, voice(u))));
            crops = TrainingCrops.conditioned(trainSignals, voices, trainChain, regularisation.randomCrop(), config.architecture(),
                    preset, s, regularisation.freqWarp());
        } else if (regularisation.randomCrop()) {
            List<List<double[][]>> perClip = FeatureCache.parallel(trainUtterances,
                    progress("whole clips (train, random crops)"), "ser4j-train-data",
                    u -> TrainingCrops.wholeClipPowers(preset,
                            AudioDecoder.decode(u.path(), DecodeLimits.ofSeconds(FeatureCache.MAX_CLIP_SECONDS)), speed));
            List<double[][]> power = new ArrayList<>();
            perClip.forEach(power::addAll); // the order of the training rows: each clip, then its copies
            crops = new TrainingCrops(power, config.architecture(), preset, s, regularisation.freqWarp());
        }

        Split.Ids ids = split.ids(corpusRoot);
        BundleInfo.SplitSummary summary = new BundleInfo.SplitSummary(protocol, split.name(), split.seed(),
                ids.train(), ids.validation(), ids.test(), testSpeakers);
        return new TrainingData(labelSet, train, validation, test, s, summary, fingerprint(split, corpusRoot), crops,
                trainCorpora.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * SEC-PyTorch's leaky data handling ({@link SecPytorchLeak}): every clip's AWGN copies, each in its drawn part.
     *
     * @param all the split's train, validation and test clips, in that order
     */
    private TrainingData prepareLeaky(Split split, List<Utterance> all, Path corpusRoot, String protocol,
            TrainingConfig config, StandardScaler scaler, List<String> labelSet, Map<String, Integer> labelIndex,
            SecPytorchLeak leak)
            throws IOException {
        TrainingConfig.Regularisation regularisation = config.regularisation();
        if (regularisation.augmentation() != AugmentationKind.AWGN || regularisation.hasConditions()
                || regularisation.randomCrop()) {
            throw new IllegalArgumentException("the " + SecPytorchLeak.PROTOCOL + " protocol reproduces SEC-PyTorch's leak of its"
                    + " AWGN copies: it needs augmentation awgn, and no conditions or random crops");
        }
        if (leak.copies() != AwgnAugmentation.SEC_PYTORCH.copies()) {
            throw new IllegalArgumentException("the leak was drawn with " + leak.copies() + " copies per clip; the AWGN"
                    + " augmentation makes " + AwgnAugmentation.SEC_PYTORCH.copies());
        }
        // every clip's images, clean then its copies, made exactly as for training clips
        List<List<float[][]>> images = trainFeatures(all, corpusRoot, config);
        Map<Split.Part, List<String>> ids = new java.util.EnumMap<>(Split.Part.class);
        Map<Split.Part, List<float[][]>> rows = new java.util.EnumMap<>(Split.Part.class);
        Map<Split.Part, List<Integer>> indices = new java.util.EnumMap<>(Split.Part.class);
        for (Split.Part p : Split.Part.values()) {
            ids.put(p, new ArrayList<>());
            rows.put(p, new ArrayList<>());
            indices.put(p, new ArrayList<>());
        }
        List<String> corpusNames = all.stream().map(Utterance::corpus).distinct().sorted().toList();
        List<Integer> trainCorpora = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Utterance u = all.get(i);
            String id = RavdessCorpus.relative(corpusRoot, u.path());
            Split.Part clean = i < split.train().size() ? Split.Part.TRAIN
                    : i < split.train().size() + split.validation().size() ? Split.Part.VALIDATION : Split.Part.TEST;
            List<float[][]> versions = images.get(i);
            for (int v = 0; v < versions.size(); v++) {
                Split.Part p = v == 0 ? clean : leak.part(id, v);
                ids.get(p).add(v == 0 ? id : id + COPY_SUFFIX + v);
                rows.get(p).add(versions.get(v));
                indices.get(p).add(labelIndex.get(u.label()));
                if (p == Split.Part.TRAIN) {
                    trainCorpora.add(corpusNames.indexOf(u.corpus()));
                }
            }
            images.set(i, null);
        }
        StandardScaler s = scaler != null ? scaler : StandardScaler.fit(config.scalerKind(), rows.get(Split.Part.TRAIN));
        Shape shape = config.architecture().inputShape(1).slice(1);
        LabelledSamples[] parts = new LabelledSamples[3];
        for (Split.Part p : Split.Part.values()) {
            parts[p.ordinal()] = samples(ids.get(p), rows.get(p), indices.get(p), s, config, shape);
            rows.get(p).clear();
        }
        Split.Ids clean = split.ids(corpusRoot);
        BundleInfo.SplitSummary summary = new BundleInfo.SplitSummary(protocol, split.name(), split.seed(),
                clean.train(), clean.validation(), clean.test(), List.of());
        return new TrainingData(labelSet, parts[0], parts[1], parts[2], s, summary, fingerprint(split, corpusRoot), null,
                trainCorpora.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Each training clip's whole signal at the preset's rate, padded, followed by its speed copies. */
    private List<List<float[]>> trainSignals(List<Utterance> utterances, SpeedPerturbation speed, FeaturePreset preset)
            throws IOException {
        return FeatureCache.parallel(utterances, progress("whole clips (train, conditions)"), "ser4j-train-data", u -> {
            AudioClip clip = AudioDecoder.decode(u.path(), DecodeLimits.ofSeconds(FeatureCache.MAX_CLIP_SECONDS));
            List<float[]> out = new ArrayList<>();
            for (float[] signal : signalAndSpeedCopies(preset, clip, speed)) {
                out.add(TrainingCrops.wholeClipSignal(preset, signal, preset.sampleRate()));
            }
            return out;
        });
    }

    /** Training rows per clip under conditions: the clip, then one per speed copy. */
    private static int rowsPerClip(SpeedPerturbation speed) {
        return 1 + (speed == null ? 0 : speed.factors().size());
    }

    /** The kind under which a training clip's speaker is in the babble pool. */
    private static String voice(Utterance u) {
        return "actor-" + u.speaker();
    }

    /**
     * The condition pools of one part, with babble from the training clips (the clean ones, one
     * kind per speaker).
     */
    private static ConditionSources sources(TrainingConfig config, ConditionPools.Role role, List<Utterance> train,
            List<float[]> trainRows, SpeedPerturbation speed) {
        int perClip = rowsPerClip(speed);
        List<String> speakers = new ArrayList<>();
        List<float[]> clean = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            speakers.add(voice(train.get(i)));
            clean.add(trainRows.get(i * perClip));
        }
        return ConditionPools.load(config.data().noiseDir(), config.data().roomDir(), role)
                .withBabble(SoundPool.ofSignals(speakers, clean, config.preset().sampleRate()));
    }

    /**
     * The fixed degraded copy of every validation clip: its whole signal through the validation
     * conditions, seeded by the run seed and the clip's id, then the preset's window and features.
     */
    private List<float[][]> degradedValidation(List<Utterance> validation, Path corpusRoot, TrainingConfig config,
            ConditionChain chain) throws IOException {
        FeaturePreset preset = config.preset();
        return FeatureCache.parallel(validation, progress("features (validation, degraded)"), "ser4j-train-data",
                u -> {
                    AudioClip clip = AudioDecoder.decode(u.path(), DecodeLimits.ofSeconds(FeatureCache.MAX_CLIP_SECONDS));
                    float[] whole = TrainingCrops.wholeClipSignal(preset, clip.mono(), clip.sampleRate());
                    String id = RavdessCorpus.relative(corpusRoot, u.path());
                    Random rng = new Random(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.VALIDATION_CONDITION, id.hashCode()));
                    float[] degraded = chain.apply(whole, preset.sampleRate(), rng);
                    return preset.extract(AudioClip.mono(degraded, preset.sampleRate()));
                });
    }

    private List<List<float[][]>> trainFeatures(List<Utterance> utterances, Path corpusRoot, TrainingConfig config)
            throws IOException {
        FeaturePreset preset = config.preset();
        AugmentationKind augmentation = config.regularisation().augmentation();
        if (augmentation == AugmentationKind.NONE) {
            List<List<float[][]>> out = new ArrayList<>();
            for (float[][] f : cache.featuresAll(utterances, preset, progress("features (train)"))) {
                List<float[][]> one = new ArrayList<>();
                one.add(f);
                out.add(one);
            }
            return out;
        }
        if (augmentation == AugmentationKind.SPEED) {
            SpeedPerturbation speed = SpeedPerturbation.DEFAULT;
            FeatureCache.Listener progress = progress("features (train + " + speed.factors().size() + " speed copies)");
            return FeatureCache.parallel(utterances, progress, "ser4j-train-data", u -> {
                AudioClip clip = AudioDecoder.decode(u.path(), DecodeLimits.ofSeconds(FeatureCache.MAX_CLIP_SECONDS));
                List<float[][]> images = new ArrayList<>();
                for (float[] signal : signalAndSpeedCopies(preset, clip, speed)) {
                    images.add(preset.extract(AudioClip.mono(signal, preset.sampleRate())));
                }
                return images;
            });
        }
        AwgnAugmentation awgn = AwgnAugmentation.SEC_PYTORCH;
        FeatureCache.Listener progress = progress("features (train + " + awgn.copies() + " noisy copies)");
        return FeatureCache.parallel(utterances, progress, "ser4j-train-data", u -> {
            AudioClip clip = AudioDecoder.decode(u.path(), DecodeLimits.ofSeconds(FeatureCache.MAX_CLIP_SECONDS));
            float[] signal = preset.signal(clip);
            String id = RavdessCorpus.relative(corpusRoot, u.path());
            Random rng = new Random(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.AUGMENT, id.hashCode()));
            List<float[][]> images = new ArrayList<>();
            images.add(preset.signalFeatures(signal));
            for (float[] copy : awgn.augment(signal, preset.sampleRate(), rng)) {
                images.add(preset.signalFeatures(copy));
            }
            return images;
        });
    }

    /**
     * The whole clip downmixed and at the preset's rate, followed by its speed copies.
     *
     * @param preset the feature preset (its sample rate)
     * @param clip the decoded clip
     * @param speed the copies to make, or null for the clip alone
     * @return {@code 1 + copies} signals at the preset's rate
     */
    static List<float[]> signalAndSpeedCopies(FeaturePreset preset, AudioClip clip, SpeedPerturbation speed) {
        float[] mono = clip.monoAt(preset.sampleRate());
        List<float[]> out = new ArrayList<>();
        out.add(mono);
        if (speed != null) {
            out.addAll(speed.augment(mono, preset.sampleRate(), null));
        }
        return out;
    }

    private BundleInfo.DatasetSummary fingerprint(Split split, Path corpusRoot) throws IOException {
        List<Utterance> all = new ArrayList<>(split.train());
        all.addAll(split.validation());
        all.addAll(split.test());
        all.sort((a, b) -> RavdessCorpus.relative(corpusRoot, a.path()).compareTo(RavdessCorpus.relative(corpusRoot, b.path())));
        List<String> hashes = FeatureCache.parallel(all, (u, d, t) -> { }, "ser4j-train-data", u -> FeatureCache.sha256(Files.readAllBytes(u.path())));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            lines.append(RavdessCorpus.relative(corpusRoot, all.get(i).path())).append(' ').append(hashes.get(i)).append('\n');
        }
        return new BundleInfo.DatasetSummary(corpusRoot.toString(), all.size(),
                ModelBundle.sha256(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private LabelledSamples samples(List<Utterance> utterances, List<float[][]> images, Path corpusRoot,
            Map<String, Integer> labelIndex, StandardScaler scaler, TrainingConfig config, Shape shape) {
        List<String> ids = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Utterance u : utterances) {
            ids.add(RavdessCorpus.relative(corpusRoot, u.path()));
            labels.add(labelIndex.get(u.label()));
        }
        return samples(ids, new ArrayList<>(images), labels, scaler, config, shape);
    }

    /** Scales and lays out every image, dropping each image once its row exists. */
    private static LabelledSamples samples(List<String> ids, List<float[][]> images, List<Integer> labels,
            StandardScaler scaler, TrainingConfig config, Shape shape) {
        float[][] rows = new float[images.size()][];
        int[] y = new int[images.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = ModelBundle.modelInput(config.architecture(), config.preset(), scaler, images.get(i));
            images.set(i, null);
            y[i] = labels.get(i);
        }
        return new LabelledSamples(ids, rows, y, shape);
    }

    private FeatureCache.Listener progress(String stage) {
        return (u, done, total) -> {
            synchronized (listener) {
                listener.onDataProgress(stage, done, total);
            }
        };
    }
}
