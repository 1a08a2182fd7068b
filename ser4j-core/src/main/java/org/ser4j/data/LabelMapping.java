package org.ser4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renames labels so that corpora that name the same class differently agree (TESS {@code fear} and
 * RAVDESS {@code fearful}), and may merge or drop classes. A label the mapping does not name is kept
 * as it is.
 *
 * <p>Named mappings: {@code common} (the default: the corpora's names for the same class become
 * RAVDESS's: fear -&gt; fearful, pleasant_surprise -&gt; surprised, anger -&gt; angry, happiness -&gt; happy,
 * sadness -&gt; sad, joy -&gt; happy, disgusted -&gt; disgust, surprise -&gt; surprised; boredom and calm kept),
 * {@code common-calm-as-neutral} (the same, and calm merged into neutral), {@code common-no-boredom}
 * (the same as common, and boredom dropped) and {@code none}. A mapping file is a JSON object from
 * label to label, {@code null} to drop: {@code {"fear": "fearful", "boredom": null}}.
 *
 * @param name what the mapping is called in messages and in a run's config
 * @param renames label -&gt; new label, or -&gt; null to drop the utterances of that label
 */
public record LabelMapping(String name, Map<String, String> renames) {

    /** The named mappings. */
    public static final List<String> NAMES = List.of("common", "common-calm-as-neutral", "common-no-boredom", "none");

    private static final Map<String, String> COMMON = Map.of(
            "fear", "fearful",
            "pleasant_surprise", "surprised",
            "surprise", "surprised",
            "anger", "angry",
            "happiness", "happy",
            "sadness", "sad",
            "joy", "happy",
            "disgusted", "disgust");

    public LabelMapping {
        renames = Collections.unmodifiableMap(new TreeMap<>(renames));
    }

    /** The identity. */
    public static LabelMapping none() {
        return new LabelMapping("none", Map.of());
    }

    /** The {@code common} mapping. */
    public static LabelMapping common() {
        return new LabelMapping("common", COMMON);
    }

    /**
     * A named mapping or a mapping file.
     *
     * @throws IllegalArgumentException naming the problem when {@code nameOrFile} is neither, or the file
     *     is not a JSON object of labels
     */
    public static LabelMapping of(String nameOrFile) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (nameOrFile) {
            case "none":
                return none();
            case "common":
                return common();
            case "common-calm-as-neutral":
                m.putAll(COMMON);
                m.put("calm", "neutral");
                return new LabelMapping(nameOrFile, m);
            case "common-no-boredom":
                m.putAll(COMMON);
                m.put("boredom", null);
                return new LabelMapping(nameOrFile, m);
            default:
                return read(Path.of(nameOrFile));
        }
    }

    private static LabelMapping read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("label mapping '" + file + "': no such file, and no mapping of that name"
                    + " (named mappings: " + String.join(", ", NAMES) + ")");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object from label to label (or null to drop)");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isTextual()) {
                throw new IllegalArgumentException(file + ": \"" + e.getKey() + "\" maps to " + v + ", expected a label or null");
            }
            try {
                m.put(Labels.normalise(e.getKey()), v.isNull() ? null : Labels.normalise(v.asText()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
            }
        }
        return new LabelMapping(file.toString(), m);
    }

    /** The label {@code label} becomes, or null when it is dropped. */
    public String map(String label) {
        return renames.containsKey(label) ? renames.get(label) : label;
    }

    /** The utterances with their labels mapped, without those whose label is dropped. */
    public List<Utterance> apply(List<Utterance> utterances) {
        if (renames.isEmpty()) {
            return List.copyOf(utterances);
        }
        List<Utterance> out = new ArrayList<>(utterances.size());
        for (Utterance u : utterances) {
            String l = map(u.label());
            if (l != null) {
                out.add(l.equals(u.label()) ? u : u.withLabel(l));
            }
        }
        return out;
    }
}
