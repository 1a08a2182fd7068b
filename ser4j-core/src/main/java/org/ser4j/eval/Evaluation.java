package org.ser4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Json;
import org.ser4j.data.Labels;
import org.ser4j.data.Utterance;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/**
 * The result of evaluating predictions: counts, from which every metric is derived, so that the
 * numbers can never disagree with each other. Made by {@link Evaluator}; written as
 * {@code metrics.json} by {@link #write(Path)}.
 *
 * @param labels the classes, in matrix order (the model's label set)
 * @param confusion {@code [k][k]} counts, rows = true class, columns = predicted class, both in
 *     {@code labels} order
 * @param intensity correct/total per intensity (SEC-PyTorch's intensity x correctness table); utterances
 *     whose corpus gives no intensity are in no group
 * @param gender correct/total per speaker gender (SEC-PyTorch's gender x correctness table); utterances
 *     whose corpus gives no gender are in no group
 * @param speakers correct/total per speaker id, in {@link Utterance#SPEAKER_ORDER}
 * @param corpora correct/total per corpus, by name
 */
public record Evaluation(
        List<String> labels,
        int[][] confusion,
        Map<Intensity, GroupScore> intensity,
        Map<Gender, GroupScore> gender,
        SortedMap<String, GroupScore> speakers,
        SortedMap<String, GroupScore> corpora) {

    private static final ObjectMapper JSON = Json.MAPPER;

    public Evaluation {
        labels = Labels.check(labels);
        int classes = labels.size();
        if (confusion.length != classes) {
            throw new IllegalArgumentException("confusion matrix must be " + classes + "x" + classes + ", found " + confusion.length + " rows");
        }
        int[][] copy = new int[classes][];
        int n = 0;
        int trace = 0;
        for (int i = 0; i < classes; i++) {
            if (confusion[i].length != classes) {
                throw new IllegalArgumentException("confusion row " + i + " must have " + classes + " columns, found " + confusion[i].length);
            }
            copy[i] = confusion[i].clone();
            for (int j = 0; j < classes; j++) {
                if (copy[i][j] < 0) {
                    throw new IllegalArgumentException("negative count " + copy[i][j] + " in confusion[" + i + "][" + j + "]");
                }
                n += copy[i][j];
            }
            trace += copy[i][i];
        }
        confusion = copy;
        intensity = Collections.unmodifiableMap(complete(intensity, Intensity.class));
        gender = Collections.unmodifiableMap(complete(gender, Gender.class));
        TreeMap<String, GroupScore> sp = new TreeMap<>(Utterance.SPEAKER_ORDER);
        sp.putAll(speakers);
        speakers = Collections.unmodifiableSortedMap(sp);
        corpora = Collections.unmodifiableSortedMap(new TreeMap<>(corpora));
        check("intensity", intensity.values(), n, trace, true);
        check("gender", gender.values(), n, trace, true);
        check("speakers", speakers.values(), n, trace, false);
        check("corpora", corpora.values(), n, trace, false);
    }

    private static <E extends Enum<E>> EnumMap<E, GroupScore> complete(Map<E, GroupScore> m, Class<E> type) {
        EnumMap<E, GroupScore> out = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            out.put(e, m.getOrDefault(e, new GroupScore(0, 0)));
        }
        return out;
    }

    private static void check(String what, Iterable<GroupScore> groups, int n, int trace, boolean partial) {
        int total = 0;
        int correct = 0;
        for (GroupScore g : groups) {
            total += g.total();
            correct += g.correct();
        }
        if (partial ? total > n || correct > trace || total - correct > n - trace : total != n || correct != trace) {
            throw new IllegalArgumentException(what + " breakdown counts " + correct + " correct of " + total
                    + " but the confusion matrix has " + trace + " correct of " + n);
        }
    }

    /** The confusion matrix (a copy). */
    @Override
    public int[][] confusion() {
        int[][] c = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    /** Count of utterances of true class {@code actual} predicted as {@code predicted}. */
    public int count(String actual, String predicted) {
        return confusion[index(actual)][index(predicted)];
    }

    private int index(String label) {
        int k = labels.indexOf(label);
        if (k < 0) {
            throw new IllegalArgumentException("'" + label + "' is not one of " + labels);
        }
        return k;
    }

    /** Number of evaluated utterances. */
    public int n() {
        int n = 0;
        for (int[] row : confusion) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Number of correct predictions (the trace of the confusion matrix). */
    public int correct() {
        int c = 0;
        for (int i = 0; i < confusion.length; i++) {
            c += confusion[i][i];
        }
        return c;
    }

    /** Correct predictions / n (0 when n = 0). */
    public double accuracy() {
        int n = n();
        return n == 0 ? 0 : (double) correct() / n;
    }

    /** Precision, recall, F1, support and predicted count of every class, in {@link #labels} order. */
    public List<ClassMetrics> perClass() {
        List<ClassMetrics> out = new ArrayList<>(labels.size());
        for (String l : labels) {
            out.add(classMetrics(l));
        }
        return out;
    }

    /** The metrics of one class. */
    public ClassMetrics classMetrics(String label) {
        int k = index(label);
        int tp = confusion[k][k];
        int support = 0;
        int predicted = 0;
        for (int j = 0; j < confusion.length; j++) {
            support += confusion[k][j];
            predicted += confusion[j][k];
        }
        double precision = predicted == 0 ? 0 : (double) tp / predicted;
        double recall = support == 0 ? 0 : (double) tp / support;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(label, precision, recall, f1, support, predicted);
    }

    /**
     * Unweighted accuracy (UA, balanced accuracy): the mean recall over the classes that occur in the
     * truth (support &gt; 0). 0 when n = 0.
     */
    public double unweightedAccuracy() {
        double sum = 0;
        int classes = 0;
        for (ClassMetrics m : perClass()) {
            if (m.support() > 0) {
                sum += m.recall();
                classes++;
            }
        }
        return classes == 0 ? 0 : sum / classes;
    }

    /**
     * Macro F1: the mean F1 over the classes that occur in the truth or in the predictions (as
     * scikit-learn's {@code f1_score(average='macro')} without {@code labels}); a class predicted but
     * never true counts with F1 = 0. 0 when n = 0.
     */
    public double macroF1() {
        double sum = 0;
        int classes = 0;
        for (ClassMetrics m : perClass()) {
            if (m.present()) {
                sum += m.f1();
                classes++;
            }
        }
        return classes == 0 ? 0 : sum / classes;
    }

    /** Accuracy per speaker id, ascending. */
    public SortedMap<String, Double> speakerAccuracy() {
        TreeMap<String, Double> out = new TreeMap<>(Utterance.SPEAKER_ORDER);
        speakers.forEach((s, g) -> out.put(s, g.accuracy()));
        return out;
    }

    /**
     * The evaluation of all utterances of several evaluations together (counts added), e.g. the pooled
     * confusion matrix over the k folds of a cross-validation.
     *
     * @throws IllegalArgumentException when the evaluations have different label sets, or there are none
     */
    public static Evaluation pool(List<Evaluation> evaluations) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool");
        }
        List<String> labels = evaluations.get(0).labels;
        int classes = labels.size();
        int[][] c = new int[classes][classes];
        EnumMap<Intensity, GroupScore> in = new EnumMap<>(Intensity.class);
        EnumMap<Gender, GroupScore> ge = new EnumMap<>(Gender.class);
        TreeMap<String, GroupScore> sp = new TreeMap<>(Utterance.SPEAKER_ORDER);
        TreeMap<String, GroupScore> co = new TreeMap<>();
        for (Evaluation e : evaluations) {
            if (!e.labels.equals(labels)) {
                throw new IllegalArgumentException("cannot pool evaluations with labels " + labels + " and " + e.labels);
            }
            for (int i = 0; i < classes; i++) {
                for (int j = 0; j < classes; j++) {
                    c[i][j] += e.confusion[i][j];
                }
            }
            e.intensity.forEach((k, g) -> in.merge(k, g, GroupScore::plus));
            e.gender.forEach((k, g) -> ge.merge(k, g, GroupScore::plus));
            e.speakers.forEach((k, g) -> sp.merge(k, g, GroupScore::plus));
            e.corpora.forEach((k, g) -> co.merge(k, g, GroupScore::plus));
        }
        return new Evaluation(labels, c, in, ge, sp, co);
    }

    /** Mean and standard deviation of accuracy, UA and macro F1 over folds; see {@link FoldSummary#of}. */
    public static FoldSummary summarize(List<Evaluation> folds) {
        return FoldSummary.of(folds);
    }

    // ---------------------------------------------------------------- JSON

    /**
     * The evaluation as JSON: {@code n}, {@code accuracy}, {@code unweighted_accuracy}, {@code macro_f1},
     * {@code labels} (emotion labels in matrix order), {@code confusion} (rows true, columns predicted),
     * {@code per_class} (label -&gt; precision, recall, f1, support, predicted), {@code intensity} and
     * {@code gender} (group -&gt; correct, wrong, total, accuracy) and {@code speakers} (id -&gt; the same).
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode()) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise evaluation", e);
        }
    }

    /** The JSON tree of {@link #toJson()}, for embedding in other documents. */
    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("n", n());
        root.put("accuracy", accuracy());
        root.put("unweighted_accuracy", unweightedAccuracy());
        root.put("macro_f1", macroF1());
        ArrayNode ls = root.putArray("labels");
        labels.forEach(ls::add);
        ArrayNode conf = root.putArray("confusion");
        for (int[] row : confusion) {
            ArrayNode r = conf.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        ObjectNode pc = root.putObject("per_class");
        for (ClassMetrics m : perClass()) {
            ObjectNode o = pc.putObject(m.label());
            o.put("precision", m.precision());
            o.put("recall", m.recall());
            o.put("f1", m.f1());
            o.put("support", m.support());
            o.put("predicted", m.predicted());
        }
        ObjectNode in = root.putObject("intensity");
        intensity.forEach((k, g) -> group(in.putObject(k.name().toLowerCase(Locale.ROOT)), g));
        ObjectNode ge = root.putObject("gender");
        gender.forEach((k, g) -> group(ge.putObject(k.name().toLowerCase(Locale.ROOT)), g));
        ObjectNode sp = root.putObject("speakers");
        speakers.forEach((k, g) -> group(sp.putObject(k), g));
        ObjectNode co = root.putObject("corpora");
        corpora.forEach((k, g) -> group(co.putObject(k), g));
        return root;
    }

    private static void group(ObjectNode o, GroupScore g) {
        o.put("correct", g.correct());
        o.put("wrong", g.wrong());
        o.put("total", g.total());
        o.put("accuracy", g.accuracy());
    }

    /** Writes {@link #toJson()} to {@code file} (e.g. {@code metrics.json}) atomically, creating directories. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /** Reads the counts back from {@link #toJson()} output (the derived numbers are recomputed). */
    public static Evaluation fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        JsonNode labelNode = root == null ? null : root.get("labels");
        List<String> labels = new ArrayList<>();
        if (labelNode == null) {
            labels.addAll(Labels.ravdess()); // metrics.json written before labels were recorded
        } else if (!labelNode.isArray()) {
            throw new IllegalArgumentException("expected 'labels' as an array of strings");
        } else {
            labelNode.forEach(l -> labels.add(l.asText()));
        }
        int classes = labels.size();
        JsonNode conf = root == null ? null : root.get("confusion");
        if (conf == null || !conf.isArray() || conf.size() != classes) {
            throw new IllegalArgumentException("expected 'confusion' as " + classes + " arrays of " + classes + " counts");
        }
        int[][] c = new int[classes][classes];
        for (int i = 0; i < classes; i++) {
            JsonNode row = conf.get(i);
            if (!row.isArray() || row.size() != classes) {
                throw new IllegalArgumentException("confusion row " + i + ": expected " + classes + " counts, found " + row);
            }
            for (int j = 0; j < classes; j++) {
                c[i][j] = intValue(row.get(j), "confusion[" + i + "][" + j + "]");
            }
        }
        EnumMap<Intensity, GroupScore> in = new EnumMap<>(Intensity.class);
        for (Intensity i : Intensity.values()) {
            in.put(i, groupFrom(root, "intensity", i.name().toLowerCase(Locale.ROOT)));
        }
        EnumMap<Gender, GroupScore> ge = new EnumMap<>(Gender.class);
        for (Gender g : Gender.values()) {
            ge.put(g, groupFrom(root, "gender", g.name().toLowerCase(Locale.ROOT)));
        }
        TreeMap<String, GroupScore> sp = new TreeMap<>(Utterance.SPEAKER_ORDER);
        JsonNode speakers = root.get("speakers");
        if (speakers == null || !speakers.isObject()) {
            throw new IllegalArgumentException("expected an object 'speakers'");
        }
        for (Iterator<String> it = speakers.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            sp.put(id, groupFrom(root, "speakers", id));
        }
        TreeMap<String, GroupScore> co = new TreeMap<>();
        JsonNode corpora = root.get("corpora");
        if (corpora != null && corpora.isObject()) {
            for (Iterator<String> it = corpora.fieldNames(); it.hasNext(); ) {
                String id = it.next();
                co.put(id, groupFrom(root, "corpora", id));
            }
        } else {
            GroupScore all = new GroupScore(0, 0);
            for (GroupScore g : sp.values()) {
                all = all.plus(g);
            }
            co.put("ravdess", all); // metrics.json written before corpora were recorded
        }
        return new Evaluation(labels, c, in, ge, sp, co);
    }

    /** Reads a {@code metrics.json} written by {@link #write(Path)}. */
    public static Evaluation read(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static GroupScore groupFrom(JsonNode root, String table, String key) {
        JsonNode t = root.get(table);
        JsonNode g = t == null ? null : t.get(key);
        if (g == null || !g.isObject()) {
            throw new IllegalArgumentException("expected '" + table + "." + key + "' with correct and total");
        }
        return new GroupScore(intValue(g.get("correct"), table + "." + key + ".correct"),
                intValue(g.get("total"), table + "." + key + ".total"));
    }

    private static int intValue(JsonNode v, String where) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": expected an integer count, found " + v);
        }
        return v.asInt();
    }

    // ---------------------------------------------------------------- value semantics for the array

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && labels.equals(e.labels) && Arrays.deepEquals(confusion, e.confusion)
                && intensity.equals(e.intensity) && gender.equals(e.gender) && speakers.equals(e.speakers)
                && corpora.equals(e.corpora);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(confusion) * 31 + speakers.hashCode();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Evaluation[n=%d, accuracy=%.4f, unweightedAccuracy=%.4f, macroF1=%.4f]",
                n(), accuracy(), unweightedAccuracy(), macroF1());
    }
}
