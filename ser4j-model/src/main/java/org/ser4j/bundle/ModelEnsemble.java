package org.ser4j.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.ser4j.data.AtomicFiles;
import org.ser4j.features.FeaturePreset;

/**
 * Several model bundles whose class probabilities are averaged: a directory with
 * {@value #FILE} and one bundle directory per member ({@code member-1}, {@code member-2}, ...).
 * Members must hear the same window of a recording (sample rate, offset and duration) and share
 * the labels; each keeps its own features (e.g. dB and PCEN front ends side by side), architecture,
 * weights and scaler. Members of the same feature settings share one image of a window.
 *
 * <p>{@value #FILE}: {@code {"format_version": 1, "members": ["member-1", ...], "description":
 * "...", "metrics": {...}, "class_weights": {...}}}; the metrics are the ensemble's own (e.g.
 * {@code test_accuracy} of the averaged probabilities), recorded by whoever built it. The optional
 * class weights multiply the averaged probabilities of every window, which are then renormalised
 * ({@link #reweigh}): {@code ensemble --balance-classes} sets each to (1 / classes) / the class's share
 * of the training clips, the decision that weighs every class alike (what unweighted accuracy
 * scores) instead of following the training corpus's class frequencies; {@code ensemble --exclude}
 * sets a label's weight to 0, so that it is never the answer (a user's recordings that cannot be
 * "calm", say).
 *
 * <p>A plain bundle is an ensemble of one ({@link #load} takes either), so the rest of ser4j has one
 * code path.
 *
 * @param members the member bundles, at least one
 * @param description what the ensemble is, for display (may be empty)
 * @param metrics the ensemble's recorded metrics; for a single bundle, the bundle's
 * @param classWeights label -> weight of its averaged probability; empty: none (every label 1)
 */
public record ModelEnsemble(List<ModelBundle> members, String description, Map<String, Double> metrics,
        Map<String, Double> classWeights) {

    /** The file that marks a directory as an ensemble. */
    public static final String FILE = "ensemble.json";
    static final int FORMAT_VERSION = 1;

    public ModelEnsemble {
        members = List.copyOf(members);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        classWeights = Collections.unmodifiableMap(new LinkedHashMap<>(classWeights));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        ModelBundle first = members.get(0);
        for (Map.Entry<String, Double> w : classWeights.entrySet()) {
            if (!first.labels().contains(w.getKey())) {
                throw new IllegalArgumentException("class weight for '" + w.getKey() + "', which is not one of the labels "
                        + first.labels());
            }
            if (!(w.getValue() >= 0) || Double.isInfinite(w.getValue())) {
                throw new IllegalArgumentException("class weight of '" + w.getKey() + "' must be 0 or positive and finite,"
                        + " found " + w.getValue());
            }
        }
        Map<String, Double> weights = classWeights;
        if (first.labels().stream().allMatch(l -> weights.getOrDefault(l, 1.0) == 0)) {
            throw new IllegalArgumentException("class weights leave no label to decide on");
        }
        for (int i = 1; i < members.size(); i++) {
            ModelBundle m = members.get(i);
            if (!sameWindow(m.preset(), first.preset())) {
                throw new IllegalArgumentException("ensemble member " + (i + 1) + " uses preset " + m.preset().name()
                        + " (" + window(m.preset()) + "), member 1 uses " + first.preset().name() + " ("
                        + window(first.preset()) + "); members must hear the same window of a recording");
            }
            if (!m.labels().equals(first.labels())) {
                throw new IllegalArgumentException("ensemble member " + (i + 1) + " has labels " + m.labels()
                        + ", member 1 has " + first.labels());
            }
        }
    }

    /** An ensemble without class weights. */
    public ModelEnsemble(List<ModelBundle> members, String description, Map<String, Double> metrics) {
        this(members, description, metrics, Map.of());
    }

    /**
     * Multiplies {@code probabilities} (in {@link #labels()} order) by the class weights and
     * renormalises them to sum 1, in place; nothing happens without weights.
     *
     * @return {@code probabilities}
     */
    public float[] reweigh(float[] probabilities) {
        if (classWeights.isEmpty()) {
            return probabilities;
        }
        List<String> labels = labels();
        double sum = 0;
        double[] w = new double[probabilities.length];
        for (int c = 0; c < probabilities.length; c++) {
            w[c] = probabilities[c] * classWeights.getOrDefault(labels.get(c), 1.0);
            sum += w[c];
        }
        if (sum > 0) {
            for (int c = 0; c < probabilities.length; c++) {
                probabilities[c] = (float) (w[c] / sum);
            }
        }
        return probabilities;
    }

    /**
     * Weights that make the decision weigh every class alike: (1 / classes) / share, the share being the
     * class's count among {@code trainingCounts} (labels missing there keep 1).
     *
     * @throws IllegalArgumentException when no count is positive
     */
    public static Map<String, Double> balancingWeights(List<String> labels, Map<String, Integer> trainingCounts) {
        long total = 0;
        for (String l : labels) {
            total += trainingCounts.getOrDefault(l, 0);
        }
        if (total == 0) {
            throw new IllegalArgumentException("no training clip of any of the labels " + labels);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String l : labels) {
            int n = trainingCounts.getOrDefault(l, 0);
            if (n > 0) {
                out.put(l, ((double) total / labels.size()) / n);
            }
        }
        return out;
    }

    private static boolean sameWindow(FeaturePreset a, FeaturePreset b) {
        return a.sampleRate() == b.sampleRate() && a.offsetSeconds() == b.offsetSeconds()
                && Objects.equals(a.durationSeconds(), b.durationSeconds());
    }

    private static String window(FeaturePreset p) {
        return p.sampleRate() + " Hz, from " + p.offsetSeconds() + " s, "
                + (p.durationSeconds() == null || p.durationSeconds() <= 0 ? "whole clip" : p.durationSeconds() + " s");
    }

    /**
     * The members' distinct feature presets (by {@link FeaturePreset#settingsText() settings}), in the
     * order of their first member: the images a clip needs, one each.
     */
    /** The classes every member distinguishes, in their shared output order. */
    public List<String> labels() {
        return members.get(0).labels();
    }

    public List<FeaturePreset> presets() {
        Map<String, FeaturePreset> distinct = new LinkedHashMap<>();
        for (ModelBundle m : members) {
            distinct.putIfAbsent(m.preset().settingsText(), m.preset());
        }
        return List.copyOf(distinct.values());
    }

    /** Index into {@link #presets()} of the features member {@code i} (from 0) takes. */
    public int presetOf(int i) {
        String settings = members.get(i).preset().settingsText();
        List<FeaturePreset> presets = presets();
        for (int k = 0; k < presets.size(); k++) {
            if (presets.get(k).settingsText().equals(settings)) {
                return k;
            }
        }
        throw new IllegalStateException("member " + (i + 1) + " has no preset");
    }

    /** The presets' names joined, e.g. {@code speech-16k} or {@code speech-16k + speech-16k-pcen}. */
    public String presetNames() {
        return presets().stream().map(FeaturePreset::name).collect(Collectors.joining(" + "));
    }

    /** Whether {@code path} is an ensemble directory (holds {@value #FILE}). */
    public static boolean isEnsemble(Path path) {
        return Files.isRegularFile(path.resolve(FILE));
    }

    /**
     * Loads an ensemble directory, or any single bundle {@link ModelBundle#load} reads (directory,
     * zip, training run) as an ensemble of one.
     *
     * @throws InvalidBundleException naming the file when something is missing or malformed
     */
    public static ModelEnsemble load(Path path) throws IOException {
        if (!isEnsemble(path)) {
            ModelBundle single = ModelBundle.load(path);
            return new ModelEnsemble(List.of(single), "", single.info().metrics());
        }
        Path file = path.resolve(FILE);
        JsonNode root;
        try {
            root = ModelBundle.json().readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidBundleException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (root.path("format_version").asInt() != FORMAT_VERSION) {
            throw new InvalidBundleException(file, "format_version " + root.path("format_version")
                    + " is not the supported " + FORMAT_VERSION);
        }
        JsonNode names = root.path("members");
        if (!names.isArray() || names.isEmpty()) {
            throw new InvalidBundleException(file, "'members' must list at least one member directory");
        }
        List<ModelBundle> members = new ArrayList<>();
        for (JsonNode n : names) {
            String name = n.asText();
            Path member = path.resolve(name).normalize();
            if (!member.startsWith(path.normalize()) || name.isBlank()) {
                throw new InvalidBundleException(file, "member '" + name + "' is not a directory inside the ensemble");
            }
            members.add(ModelBundle.load(member));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        root.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        Map<String, Double> weights = new LinkedHashMap<>();
        JsonNode w = root.path("class_weights");
        if (!w.isMissingNode() && !w.isNull() && !w.isObject()) {
            throw new InvalidBundleException(file, "'class_weights' must be an object of label: weight");
        }
        for (var it = w.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isNumber()) {
                throw new InvalidBundleException(file, "class weight of '" + e.getKey() + "' is not a number");
            }
            weights.put(e.getKey(), e.getValue().asDouble());
        }
        try {
            return new ModelEnsemble(members, root.path("description").asText(""), metrics, weights);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(file, e.getMessage(), e);
        }
    }

    /**
     * Saves the ensemble as directory {@code dir}, atomically: each member as {@code member-K}, then
     * {@value #FILE}.
     */
    public void save(Path dir) throws IOException {
        AtomicFiles.writeDirectory(dir, tmp -> {
            ObjectNode root = ModelBundle.json().createObjectNode();
            root.put("format_version", FORMAT_VERSION);
            ArrayNode names = root.putArray("members");
            for (int i = 0; i < members.size(); i++) {
                String name = "member-" + (i + 1);
                members.get(i).writeInto(tmp.resolve(name));
                names.add(name);
            }
            root.put("description", description);
            root.set("metrics", ModelBundle.json().valueToTree(metrics));
            if (!classWeights.isEmpty()) {
                root.set("class_weights", ModelBundle.json().valueToTree(classWeights));
            }
            Files.write(tmp.resolve(FILE), ModelBundle.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        });
    }

    /** The same members with other recorded metrics. */
    public ModelEnsemble withMetrics(Map<String, Double> newMetrics) {
        return new ModelEnsemble(members, description, newMetrics, classWeights);
    }

    /** The same members with other class weights (empty: none). */
    public ModelEnsemble withClassWeights(Map<String, Double> weights) {
        return new ModelEnsemble(members, description, metrics, weights);
    }

    /** Whether this is a single bundle rather than several. */
    public boolean single() {
        return members.size() == 1;
    }

    /** The members' architectures, e.g. {@code compact-cnn} or {@code 3 x compact-cnn}. */
    public String architectures() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ModelBundle m : members) {
            counts.merge(m.architecture().id(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((id, n) -> parts.add(n == 1 ? id : n + " x " + id));
        return String.join(" + ", parts);
    }
}
