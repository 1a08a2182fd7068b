package org.ser4j.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Json;
import org.ser4j.data.Labels;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;

/**
 * The data handling of the first version of SEC-PyTorch (the PyTorch system ser4j started from,
 * github.com/Data-Science-kosta/Speech-Emotion-Classification-with-PyTorch), which its published
 * accuracies come from (SPEC.md, "Defects" 1): every clip and its noisy copies are made first, and
 * SEC-PyTorch's split (per emotion, a random permutation, the first 80% train, the next 10% validation,
 * the rest test) is drawn over all of them, so a test clip's noisy twins are usually in training.
 * {@code train --protocol sec-pytorch-leaky} reproduces it as a demonstration of how much the leak is
 * worth (issue 21); it is never a default.
 *
 * <p>A drawn leak is a {@link Split} of the clean clips (each clip in the part its clean version
 * fell in), plus the part of each noisy copy ({@link #part}). Copy {@code k} of a clip is the one
 * the AWGN augmentation makes as its {@code k}-th copy (seeded by the run's seed and the clip id).
 *
 * @param copies noisy copies per clip (SEC-PyTorch's: 2)
 * @param copyParts per clip id (relative to the corpus directory), the part of copies 1..copies
 */
public record SecPytorchLeak(int copies, Map<String, List<Split.Part>> copyParts) {

    /** The protocol's name, and the name of its splits. */
    public static final String PROTOCOL = "sec-pytorch-leaky";
    /** {@link #PROTOCOL}'s deprecated name, as runs made before issue 19 recorded it in their split.json. */
    public static final String OLD_PROTOCOL = "seed-leaky";

    /** A drawn leak: the clean clips' split and the noisy copies' parts. */
    public record Drawn(Split split, SecPytorchLeak leak) {}

    public SecPytorchLeak {
        if (copies < 1) {
            throw new IllegalArgumentException("a leak needs noisy copies, got " + copies);
        }
        Map<String, List<Split.Part>> c = new TreeMap<>();
        copyParts.forEach((id, parts) -> {
            if (parts.size() != copies) {
                throw new IllegalArgumentException(id + ": " + parts.size() + " copies' parts, expected " + copies);
            }
            c.put(id, List.copyOf(parts));
        });
        copyParts = Collections.unmodifiableMap(c);
    }

    /**
     * Draws SEC-PyTorch's leaky split: per label (in label-set order), the clips sorted by path, each
     * followed by its copies, permuted with {@code new Random(seed)}; the first {@code floor(0.8 n)}
     * of the {@code n = clips x (1 + copies)} items train, up to {@code floor(0.9 n)} validation, the
     * rest test.
     */
    public static Drawn draw(List<Utterance> utterances, Path corpusRoot, long seed, int copies) {
        List<Utterance> sorted = Splits.sorted(utterances);
        Map<String, List<int[]>> byLabel = new LinkedHashMap<>(); // items: {clip index, version}
        for (String label : Labels.of(sorted)) {
            byLabel.put(label, new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            for (int v = 0; v <= copies; v++) {
                byLabel.get(sorted.get(i).label()).add(new int[] {i, v});
            }
        }
        Split.Part[][] parts = new Split.Part[sorted.size()][copies + 1];
        Random rng = new Random(seed);
        for (List<int[]> items : byLabel.values()) {
            Collections.shuffle(items, rng);
            for (int k = 0; k < items.size(); k++) {
                int[] item = items.get(k);
                parts[item[0]][item[1]] = Splits.randomPart(k, items.size());
            }
        }
        List<Utterance> train = new ArrayList<>();
        List<Utterance> validation = new ArrayList<>();
        List<Utterance> test = new ArrayList<>();
        Map<String, List<Split.Part>> copyParts = new TreeMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            Utterance u = sorted.get(i);
            switch (parts[i][0]) {
                case TRAIN -> train.add(u);
                case VALIDATION -> validation.add(u);
                case TEST -> test.add(u);
            }
            List<Split.Part> p = new ArrayList<>();
            for (int v = 1; v <= copies; v++) {
                p.add(parts[i][v]);
            }
            copyParts.put(RavdessCorpus.relative(corpusRoot, u.path()), p);
        }
        return new Drawn(new Split(PROTOCOL, seed, train, validation, test), new SecPytorchLeak(copies, copyParts));
    }

    /**
     * The part of copy {@code copy} (1..copies) of the clip {@code id}.
     *
     * @throws IllegalArgumentException for a clip the leak was not drawn with, or a copy out of range
     */
    public Split.Part part(String id, int copy) {
        List<Split.Part> p = copyParts.get(id);
        if (p == null) {
            throw new IllegalArgumentException(id + ": not a clip of this leaky split");
        }
        if (copy < 1 || copy > copies) {
            throw new IllegalArgumentException("copy " + copy + " of " + id + ": copies are 1.." + copies);
        }
        return p.get(copy - 1);
    }

    /** Items (clean clips and copies) in {@code part}, given the clean split it was drawn with. */
    public int count(Split clean, Split.Part part) {
        int n = clean.part(part).size();
        for (List<Split.Part> p : copyParts.values()) {
            n += (int) p.stream().filter(part::equals).count();
        }
        return n;
    }

    /** Writes the leak as JSON ({@code copies}, and per clip id its copies' parts), atomically. */
    public void save(Path json) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("protocol", PROTOCOL);
        root.put("copies", copies);
        ObjectNode clips = root.putObject("copy_parts");
        copyParts.forEach((id, parts) -> {
            var a = clips.putArray(id);
            parts.forEach(p -> a.add(p.key()));
        });
        AtomicFiles.writeString(json, Json.MAPPER.writeValueAsString(root) + "\n");
    }

    /** Reads what {@link #save} wrote; a damaged file is named with what is wrong. */
    public static SecPytorchLeak read(Path json) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(json));
        } catch (IOException e) {
            throw new IOException(json + ": not a readable leak file (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.path("copies").canConvertToInt() || !root.path("copy_parts").isObject()) {
            throw new IOException(json + ": expected {\"copies\": N, \"copy_parts\": {clip id: [parts]}}");
        }
        Map<String, List<Split.Part>> parts = new TreeMap<>();
        var fields = root.get("copy_parts").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            List<Split.Part> p = new ArrayList<>();
            for (JsonNode n : e.getValue()) {
                p.add(partOf(json, n.asText()));
            }
            parts.put(e.getKey(), p);
        }
        try {
            return new SecPytorchLeak(root.get("copies").asInt(), parts);
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": " + e.getMessage(), e);
        }
    }

    private static Split.Part partOf(Path json, String key) throws IOException {
        for (Split.Part p : Split.Part.values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IOException(json + ": unknown part '" + key + "' (expected train, validation or test)");
    }
}
