package org.ser4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Label sets: the classes a model tells apart, in its output order.
 *
 * <p>A label set made from a corpus ({@link #of}) lists the eight RAVDESS emotions that occur first, in
 * RAVDESS code order, then every other label in alphabetical order. A model trained on RAVDESS alone
 * thus keeps the class order of every model ser4j made before labels were strings.
 */
public final class Labels {

    private Labels() {}

    /** The label set of {@code utterances}: each distinct label once, in the order described above. */
    public static List<String> of(Collection<Utterance> utterances) {
        TreeSet<String> found = new TreeSet<>();
        for (Utterance u : utterances) {
            found.add(u.label());
        }
        return order(found);
    }

    /** {@code labels} in label-set order (RAVDESS emotions first, in code order, then alphabetical), each once. */
    public static List<String> order(Collection<String> labels) {
        TreeSet<String> rest = new TreeSet<>(labels);
        List<String> out = new ArrayList<>(rest.size());
        for (Emotion e : Emotion.values()) {
            if (rest.remove(e.label())) {
                out.add(e.label());
            }
        }
        out.addAll(rest);
        return List.copyOf(out);
    }

    /** The eight RAVDESS emotion labels in code order: the label set of models made before labels were strings. */
    public static List<String> ravdess() {
        List<String> out = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            out.add(e.label());
        }
        return List.copyOf(out);
    }

    /**
     * A label as ser4j stores it: trimmed, lower case, inner blanks as '_'.
     *
     * @throws IllegalArgumentException when it is empty or holds a control character, ',' or '"'
     */
    public static String normalise(String label) {
        String s = label.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty label");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == ',' || c == '"') {
                throw new IllegalArgumentException("label '" + label + "' holds a control character, ',' or '\"'");
            }
        }
        return s;
    }

    /**
     * Checks a model's label set: at least two labels, none blank, none twice.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static List<String> check(List<String> labels) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a model needs at least 2 labels, found " + labels);
        }
        TreeSet<String> seen = new TreeSet<>();
        for (String l : labels) {
            if (l == null || l.isBlank()) {
                throw new IllegalArgumentException("blank label in " + labels);
            }
            if (!seen.add(l)) {
                throw new IllegalArgumentException("label '" + l + "' appears twice in " + labels);
            }
        }
        return List.copyOf(labels);
    }
}
