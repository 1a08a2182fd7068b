package org.ser4j.bundle;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Labels;
import org.ser4j.data.Json;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.Sha256;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;
import org.ser4j.model.layers.ConvBlock;

/**
 * A trained model with everything needed to apply it to a new recording: the architecture and its
 * weights, the feature preset, the fitted scaler and the class labels, plus provenance.
 *
 * <p>On disk a bundle is a directory (or a zip archive of the same three files):
 * <pre>
 *   bundle.json      {@link BundleInfo}: format version, architecture, preset settings, scaler kind,
 *                    labels, split, seeds, training settings, versions, dataset summary, metrics,
 *                    SHA-256 of the other two files
 *   weights.params   DJL {@code Block.saveParameters} of the model block
 *   scaler.bin       {@code StandardScaler.write}
 * </pre>
 * {@link #save(Path)} is atomic (see {@link AtomicFiles}). {@link #load(Path)} also accepts a training
 * run directory (it loads the run's {@code model/} bundle). Instances are immutable; the weights are
 * held as the bytes of {@code weights.params}.
 */
public final class ModelBundle {

    /** The bundle format this version writes and reads. */
    public static final int FORMAT_VERSION = 1;
    public static final String INFO_FILE = "bundle.json";
    public static final String WEIGHTS_FILE = "weights.params";
    public static final String SCALER_FILE = "scaler.bin";
    /** The bundle directory inside a training run directory. */
    public static final String RUN_MODEL_DIR = "model";

    private static final long MAX_ENTRY_BYTES = 1L << 30;
    private static final ObjectMapper JSON = Json.MAPPER;

    private final BundleInfo info;
    private final Architecture architecture;
    private final FeaturePreset preset;
    private final StandardScaler scaler;
    private final List<String> labels;
    private final byte[] weights;
    private final byte[] scalerBytes;

    private ModelBundle(BundleInfo info, Architecture architecture, FeaturePreset preset, StandardScaler scaler,
            List<String> labels, byte[] weights, byte[] scalerBytes) {
        this.info = info;
        this.architecture = architecture;
        this.preset = preset;
        this.scaler = scaler;
        this.labels = List.copyOf(labels);
        this.weights = weights;
        this.scalerBytes = scalerBytes;
    }

    /**
     * Provenance of a new bundle; every part may be null or empty.
     *
     * @param split the training split
     * @param seeds named seeds
     * @param training training settings
     * @param dataset corpus fingerprint
     * @param metrics metrics of the kept weights
     */
    public record Provenance(
            BundleInfo.SplitSummary split,
            Map<String, Long> seeds,
            Map<String, Object> training,
            BundleInfo.DatasetSummary dataset,
            Map<String, Double> metrics) {

        public static final Provenance NONE = new Provenance(null, Map.of(), Map.of(), null, Map.of());
    }

    /**
     * A bundle of a model block's current weights.
     *
     * @param architecture the block's architecture
     * @param preset the features the block takes
     * @param scaler the scaler fitted on the training features
     * @param labels class labels in output order; their count is the block's output size
     * @param block an initialized block built by {@code architecture.build(labels.size())}
     * @param provenance split, seeds, settings, dataset and metrics
     */
    public static ModelBundle create(Architecture architecture, FeaturePreset preset, StandardScaler scaler,
            List<String> labels, Block block, Provenance provenance) throws IOException {
        labels = Labels.check(labels);
        if (!block.isInitialized()) {
            throw new IllegalArgumentException("the block of " + architecture.id() + " is not initialized");
        }
        if (layoutMismatch(architecture, preset)) {
            throw new IllegalArgumentException(layoutProblem(architecture, preset));
        }
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(w)) {
            block.saveParameters(out);
        }
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        scaler.write(s);
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("num_classes", labels.size());
        hyper.put("input_shape", withoutBatch(architecture.inputShape(1)));
        hyper.put("parameter_count", parameterCount(block));
        BundleInfo info = new BundleInfo(
                FORMAT_VERSION,
                Instant.now().toString(),
                architecture.id(),
                hyper,
                preset.name(),
                JSON.valueToTree(preset),
                scaler.kind().name(),
                labels,
                provenance.split(),
                provenance.seeds(),
                provenance.training(),
                versions(),
                provenance.dataset(),
                provenance.metrics(),
                fileHashes(w.toByteArray(), s.toByteArray()));
        return new ModelBundle(info, architecture, preset, scaler, labels, w.toByteArray(), s.toByteArray());
    }

    /** This bundle with other metrics (e.g. test metrics added after training). */
    public ModelBundle withMetrics(Map<String, Double> metrics) {
        BundleInfo i = info;
        BundleInfo changed = new BundleInfo(i.formatVersion(), i.created(), i.architecture(), i.hyperParameters(),
                i.preset(), i.presetSettings(), i.scalerKind(), i.labels(), i.split(), i.seeds(), i.training(),
                i.versions(), i.dataset(), metrics, i.files());
        return new ModelBundle(changed, architecture, preset, scaler, labels, weights, scalerBytes);
    }

    public BundleInfo info() {
        return info;
    }

    public Architecture architecture() {
        return architecture;
    }

    public FeaturePreset preset() {
        return preset;
    }

    public StandardScaler scaler() {
        return scaler;
    }

    /** Class labels in the order of the model's outputs. */
    public List<String> labels() {
        return labels;
    }

    /**
     * The model input of one clip's features, as {@link #newModel()}'s block takes it: the image
     * scaled with {@link #scaler()}, laid out by the preset ({@code [7][128][128]} chunks or one
     * {@code [1][128][563]} image), flattened row-major. Stack such rows into
     * {@code architecture().inputShape(batch)}.
     *
     * @param features {@code [n_mels][frames]} dB features from {@code preset().extract(clip)}
     * @return {@code architecture().inputShape(1).size()} values
     */
    public float[] modelInput(float[][] features) {
        return modelInput(architecture, preset, scaler, features);
    }

    /** {@link #modelInput(float[][])} with explicit parts (used by training before a bundle exists). */
    public static float[] modelInput(Architecture architecture, FeaturePreset preset, StandardScaler scaler,
            float[][] features) {
        float[][][] laid = preset.layoutOf(scaler.transform(features));
        long size = architecture.inputShape(1).size();
        float[] row = new float[Math.toIntExact(size)];
        int at = 0;
        for (float[][] part : laid) {
            for (float[] band : part) {
                if (at + band.length > size) {
                    throw new IllegalArgumentException(tooBig(architecture, preset, laid));
                }
                System.arraycopy(band, 0, row, at, band.length);
                at += band.length;
            }
        }
        if (at != size) {
            throw new IllegalArgumentException(tooBig(architecture, preset, laid));
        }
        return row;
    }

    private static String tooBig(Architecture architecture, FeaturePreset preset, float[][][] laid) {
        return "features of preset " + preset.name() + " are [" + laid.length + "][" + laid[0].length + "]["
                + (laid[0].length == 0 ? 0 : laid[0][0].length) + "], but " + architecture.id() + " takes "
                + architecture.inputShape(1).slice(1);
    }

    /**
     * A new DJL model: the block built, initialized for {@code architecture().inputShape(1)} and
     * loaded with the bundle's weights. The caller closes it.
     */
    public Model newModel() throws IOException {
        Model model = Model.newInstance("ser4j-" + architecture.id());
        try {
            Block block = architecture.build(labels.size());
            model.setBlock(block);
            loadWeights(block, model.getNDManager());
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * {@link #newModel()} for inference only: no parameter requires a gradient, so forward passes
     * record no autograd graph (PyTorch's grad mode is per thread and on by default), and batch norms
     * that follow a convolution are folded into it ({@link ConvBlock#foldAll}; the model cannot be
     * trained afterwards).
     */
    public Model newInferenceModel() throws IOException {
        Model model = newModel();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().isInitialized()) {
                p.getValue().getArray().setRequiresGradient(false);
            }
        }
        if (!Boolean.getBoolean("ser4j.predict.noFold")) {
            ConvBlock.foldAll(model.getBlock());
        }
        return model;
    }

    /**
     * Loads the bundle's weights into {@code block} (built by {@code architecture().build(labels().size())}),
     * initializing it first when needed; the trainable parameters keep requiring gradients so the
     * block can be trained further (resume).
     */
    public void loadWeights(Block block, NDManager manager) throws IOException {
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, architecture.inputShape(1));
        }
        Map<String, Shape> expected = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            expected.put(p.getKey(), p.getValue().getArray().getShape());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new InvalidBundleException(Path.of(WEIGHTS_FILE), "weights do not fit architecture "
                    + architecture.id() + " with " + labels.size() + " classes: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        // DJL takes each saved array as it is: a bundle whose labels do not match its output layer loaded
        // and then failed on every request (issue 20), so the shapes are checked here, at load
        for (Pair<String, Parameter> p : block.getParameters()) {
            Shape want = expected.get(p.getKey());
            Shape found = p.getValue().getArray().getShape();
            if (want != null && !want.equals(found)) {
                throw new InvalidBundleException(Path.of(WEIGHTS_FILE), "parameter " + p.getKey() + " has shape "
                        + found + ", but " + architecture.id() + " with " + labels.size() + " classes ("
                        + INFO_FILE + " labels) needs " + want);
            }
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
    }

    /** Saves the bundle as directory {@code dir}, atomically (see {@link AtomicFiles}). */
    public void save(Path dir) throws IOException {
        AtomicFiles.writeDirectory(dir, this::writeInto);
    }

    /** Writes the three files into {@code dir} (created if needed), not atomically: for a directory being built. */
    void writeInto(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(WEIGHTS_FILE), weights);
        Files.write(dir.resolve(SCALER_FILE), scalerBytes);
        Files.write(dir.resolve(INFO_FILE), JSON.writeValueAsBytes(info));
    }

    /** Saves the bundle as one zip archive {@code zipFile} (three entries), atomically. */
    public void saveZip(Path zipFile) throws IOException {
        AtomicFiles.writeFile(zipFile, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            putEntry(zip, INFO_FILE, JSON.writeValueAsBytes(info));
            putEntry(zip, WEIGHTS_FILE, weights);
            putEntry(zip, SCALER_FILE, scalerBytes);
            zip.finish();
            zip.flush();
        });
    }

    /**
     * Loads a bundle from a bundle directory, a zip archive of one, or a training run directory
     * (its {@code model/} bundle). If a directory replacement was interrupted by a crash, its
     * previous complete version is loaded ({@link AtomicFiles#existingVersionOf}).
     *
     * @throws InvalidBundleException naming the file when something is missing or malformed
     */
    public static ModelBundle load(Path path) throws IOException {
        Path p = AtomicFiles.existingVersionOf(path);
        if (!Files.exists(p)) {
            throw new InvalidBundleException(path, "no model bundle here (expected a directory with " + INFO_FILE
                    + ", " + WEIGHTS_FILE + " and " + SCALER_FILE + ", a .zip of them, or a training run directory)");
        }
        if (Files.isRegularFile(p)) {
            return loadZip(p);
        }
        if (!Files.exists(p.resolve(INFO_FILE))) {
            Path inRun = AtomicFiles.existingVersionOf(p.resolve(RUN_MODEL_DIR));
            if (Files.exists(inRun.resolve(INFO_FILE))) {
                p = inRun;
            }
        }
        Map<String, byte[]> files = new HashMap<>();
        for (String name : List.of(INFO_FILE, WEIGHTS_FILE, SCALER_FILE)) {
            Path f = p.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new InvalidBundleException(f, "missing (a model bundle holds " + INFO_FILE + ", "
                        + WEIGHTS_FILE + " and " + SCALER_FILE + ")");
            }
            files.put(name, Files.readAllBytes(f));
        }
        return fromFiles(p, files);
    }

    private static ModelBundle loadZip(Path zipFile) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (List.of(INFO_FILE, WEIGHTS_FILE, SCALER_FILE).contains(name)) {
                    byte[] data = zip.readNBytes((int) Math.min(MAX_ENTRY_BYTES, Integer.MAX_VALUE - 8) + 1);
                    if (data.length > MAX_ENTRY_BYTES) {
                        throw new InvalidBundleException(zipFile, "entry " + e.getName() + " is larger than "
                                + MAX_ENTRY_BYTES + " bytes");
                    }
                    if (files.put(name, data) != null) {
                        throw new InvalidBundleException(zipFile, "holds " + name + " twice");
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new InvalidBundleException(zipFile, "not a readable zip archive: " + e.getMessage(), e);
        }
        for (String name : List.of(INFO_FILE, WEIGHTS_FILE, SCALER_FILE)) {
            if (!files.containsKey(name)) {
                throw new InvalidBundleException(zipFile, "archive has no " + name + " (a model bundle holds "
                        + INFO_FILE + ", " + WEIGHTS_FILE + " and " + SCALER_FILE + ")");
            }
        }
        return fromFiles(zipFile, files);
    }

    private static ModelBundle fromFiles(Path where, Map<String, byte[]> files) throws IOException {
        Path infoFile = where.resolve(INFO_FILE);
        BundleInfo info;
        try {
            info = JSON.readValue(files.get(INFO_FILE), BundleInfo.class);
        } catch (JsonProcessingException e) {
            throw new InvalidBundleException(infoFile, "not valid bundle JSON: " + e.getOriginalMessage(), e);
        }
        if (info.formatVersion() < 1 || info.formatVersion() > FORMAT_VERSION) {
            throw new InvalidBundleException(infoFile, "format_version " + info.formatVersion()
                    + " is not one this ser4j reads (1.." + FORMAT_VERSION + "); use a matching ser4j version");
        }
        Architecture architecture;
        try {
            architecture = Architecture.fromId(require(infoFile, "architecture", info.architecture()));
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(infoFile, "unknown architecture: " + e.getMessage(), e);
        }
        List<String> labels;
        try {
            labels = Labels.check(info.labels() == null ? List.of() : info.labels());
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(infoFile, "labels: " + e.getMessage(), e);
        }
        FeaturePreset preset = readPreset(infoFile, info);
        if (layoutMismatch(architecture, preset)) {
            throw new InvalidBundleException(infoFile, layoutProblem(architecture, preset));
        }
        checkHash(where.resolve(WEIGHTS_FILE), info, WEIGHTS_FILE, files.get(WEIGHTS_FILE));
        checkHash(where.resolve(SCALER_FILE), info, SCALER_FILE, files.get(SCALER_FILE));
        StandardScaler scaler;
        try (InputStream in = new ByteArrayInputStream(files.get(SCALER_FILE))) {
            scaler = StandardScaler.read(in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException(where.resolve(SCALER_FILE), "not a readable scaler: " + e.getMessage(), e);
        }
        if (info.scalerKind() != null && !info.scalerKind().equals(scaler.kind().name())) {
            throw new InvalidBundleException(where.resolve(SCALER_FILE), "scaler kind " + scaler.kind()
                    + " differs from scaler_kind " + info.scalerKind() + " in " + INFO_FILE);
        }
        return new ModelBundle(info, architecture, preset, scaler, labels, files.get(WEIGHTS_FILE),
                files.get(SCALER_FILE));
    }

    private static boolean layoutMismatch(Architecture architecture, FeaturePreset preset) {
        return (preset.layout() == FeaturePreset.Layout.CHUNKED) != architecture.chunked();
    }

    private static String layoutProblem(Architecture architecture, FeaturePreset preset) {
        return "preset " + preset.name() + " lays features out " + preset.layout() + ", but " + architecture.id()
                + " takes " + (architecture.chunked() ? "CHUNKED" : "FULL") + " input";
    }

    private static FeaturePreset readPreset(Path infoFile, BundleInfo info) throws InvalidBundleException {
        JsonNode settings = info.presetSettings();
        if (settings == null || settings.isNull()) {
            throw new InvalidBundleException(infoFile, "preset_settings missing (needed to compute the model's features)");
        }
        try {
            // a bundle saved before issue 19 names its preset seed..., now sec-pytorch... (same settings)
            FeaturePreset preset = JSON.treeToValue(settings, FeaturePreset.class);
            return preset.withName(FeaturePreset.currentName(preset.name()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidBundleException(infoFile, "preset_settings of preset '" + info.preset()
                    + "' are not valid: " + e.getMessage(), e);
        }
    }

    private static void checkHash(Path file, BundleInfo info, String name, byte[] data) throws InvalidBundleException {
        String expected = info.files().get(name);
        if (expected == null) {
            return; // bundles may omit hashes (hand-made); the content is still validated on use
        }
        String found = sha256(data);
        if (!expected.equals(found)) {
            throw new InvalidBundleException(file, "SHA-256 " + found + " differs from " + expected + " recorded in "
                    + INFO_FILE + " (file corrupted or from another bundle)");
        }
    }

    private static String require(Path file, String key, String value) throws InvalidBundleException {
        if (value == null || value.isBlank()) {
            throw new InvalidBundleException(file, key + " missing");
        }
        return value;
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static List<Long> withoutBatch(Shape shape) {
        List<Long> dims = new ArrayList<>();
        for (int i = 1; i < shape.dimension(); i++) {
            dims.add(shape.get(i));
        }
        return dims;
    }

    private static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized() && p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    private static Map<String, String> fileHashes(byte[] weights, byte[] scaler) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(WEIGHTS_FILE, sha256(weights));
        m.put(SCALER_FILE, sha256(scaler));
        return m;
    }

    /** Versions of Java, DJL, the engine and ser4j, as recorded in bundles. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version"));
        v.put("djl", Engine.getDjlVersion());
        Engine engine = Engines.get();
        v.put("engine", engine.getEngineName());
        v.put("engine_version", engine.getVersion());
        String ser4j = ModelBundle.class.getPackage().getImplementationVersion();
        v.put("ser4j", ser4j == null ? "development build" : ser4j);
        return v;
    }

    /** Hex SHA-256 of {@code data} ({@link Sha256#hex}). */
    public static String sha256(byte[] data) {
        return Sha256.hex(data);
    }

    /** A copy of the JSON mapper of bundle files (snake_case keys, indented), for the run files. */
    public static ObjectMapper json() {
        return JSON.copy();
    }
}
