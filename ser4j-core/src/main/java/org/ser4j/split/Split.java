package org.ser4j.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Json;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;

/**
 * A partition of utterances into train, validation and test parts. No utterance is in two parts
 * (checked on construction). Saved as JSON with the utterance ids relative to the corpus directory
 * ({@link #save}); {@link #load} resolves them against a scanned corpus again.
 *
 * @param name what made the split, e.g. {@code "random"}, {@code "speaker"}, {@code "kfold-2of5"}
 * @param seed the random seed it was made with (0 for splits without randomness)
 * @param train training utterances
 * @param validation validation utterances (may be empty)
 * @param test test utterances
 */
public record Split(String name, long seed, List<Utterance> train, List<Utterance> validation, List<Utterance> test) {

    /** The three parts, in the order they are written. */
    public enum Part {
        TRAIN, VALIDATION, TEST;

        /** Lower-case name used as JSON key. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    /**
     * The protocol that made the split ({@code random}, {@code sec-pytorch-leaky}, {@code speaker} or
     * {@code kfold}): the name up to its first {@code -}, as {@link Splits} names them ({@code kfold-2of5}
     * is fold 2 of 5 of {@code kfold}). A split saved before issue 19 under a deprecated name ({@code seed},
     * {@code seed-leaky}) gives its protocol's new name.
     */
    public String protocol() {
        if (name.equals(SecPytorchLeak.PROTOCOL) || name.equals(SecPytorchLeak.OLD_PROTOCOL)) {
            return SecPytorchLeak.PROTOCOL;
        }
        int dash = name.indexOf('-');
        String protocol = dash < 0 ? name : name.substring(0, dash);
        return protocol.equals(Splits.OLD_RANDOM) ? Splits.RANDOM : protocol;
    }

    public Split {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a split needs a name");
        }
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        Map<Path, Part> seen = new HashMap<>();
        for (Part part : Part.values()) {
            for (Utterance u : part(part, train, validation, test)) {
                Part before = seen.putIfAbsent(u.path().toAbsolutePath().normalize(), part);
                if (before != null) {
                    throw new IllegalArgumentException("split '" + name + "': " + u.path() + " is in " + before.key()
                            + (before == part ? " twice" : " and in " + part.key()));
                }
            }
        }
    }

    private static List<Utterance> part(Part p, List<Utterance> train, List<Utterance> validation, List<Utterance> test) {
        return switch (p) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    /** The utterances of one part. */
    public List<Utterance> part(Part p) {
        return part(p, train, validation, test);
    }

    /** The speaker ids of one part, ascending. */
    public SortedSet<String> speakers(Part p) {
        TreeSet<String> s = new TreeSet<>(Utterance.SPEAKER_ORDER);
        for (Utterance u : part(p)) {
            s.add(u.speaker());
        }
        return Collections.unmodifiableSortedSet(s);
    }

    /** Total number of utterances in the three parts. */
    public int size() {
        return train.size() + validation.size() + test.size();
    }

    /**
     * The split as JSON: name, seed, sizes and speakers per part (for people), and per part the
     * utterance ids relative to {@code corpusRoot} with '/' separators.
     */
    public String toJson(Path corpusRoot) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.put("seed", seed);
        ObjectNode sizes = root.putObject("sizes");
        ObjectNode speakers = root.putObject("speakers");
        for (Part p : Part.values()) {
            sizes.put(p.key(), part(p).size());
            ArrayNode s = speakers.putArray(p.key());
            speakers(p).forEach(s::add);
        }
        for (Part p : Part.values()) {
            ArrayNode ids = root.putArray(p.key());
            for (Utterance u : part(p)) {
                ids.add(RavdessCorpus.relative(corpusRoot, u.path()));
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise split '" + name + "'", e);
        }
    }

    /** Writes {@link #toJson(Path)} to {@code json} atomically (temporary file, then move). */
    public void save(Path json, Path corpusRoot) throws IOException {
        AtomicFiles.writeString(json, toJson(corpusRoot));
    }

    /** Reads a saved split and resolves its ids against {@code corpus} (utterances scanned below {@code corpusRoot}). */
    public static Split load(Path json, Path corpusRoot, List<Utterance> corpus) throws IOException {
        try {
            return Ids.read(json).resolve(corpusRoot, corpus);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(json + ": " + e.getMessage(), e);
        }
    }

    /** The ids of this split relative to {@code corpusRoot}. */
    public Ids ids(Path corpusRoot) {
        List<List<String>> parts = new ArrayList<>();
        for (Part p : Part.values()) {
            List<String> ids = new ArrayList<>();
            for (Utterance u : part(p)) {
                ids.add(RavdessCorpus.relative(corpusRoot, u.path()));
            }
            parts.add(ids);
        }
        return new Ids(name, seed, parts.get(0), parts.get(1), parts.get(2));
    }

    /**
     * A split as stored: utterance ids relative to the corpus directory ('/' separators), usable without
     * the audio (e.g. inside a model bundle).
     */
    public record Ids(String name, long seed, List<String> train, List<String> validation, List<String> test) {

        public Ids {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            test = List.copyOf(test);
        }

        public List<String> part(Part p) {
            return switch (p) {
                case TRAIN -> train;
                case VALIDATION -> validation;
                case TEST -> test;
            };
        }

        /** Parses the JSON written by {@link Split#toJson(Path)} (extra keys are ignored). */
        public static Ids fromJson(String json) {
            JsonNode root;
            try {
                root = JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("expected a JSON object with name, seed, train, validation, test");
            }
            JsonNode name = root.get("name");
            JsonNode seed = root.get("seed");
            if (name == null || !name.isTextual()) {
                throw new IllegalArgumentException("expected a text field 'name'");
            }
            if (seed == null || !seed.canConvertToLong() || !seed.isIntegralNumber()) {
                throw new IllegalArgumentException("expected an integer field 'seed', found " + seed);
            }
            List<List<String>> parts = new ArrayList<>();
            for (Part p : Part.values()) {
                JsonNode arr = root.get(p.key());
                if (arr == null || !arr.isArray()) {
                    throw new IllegalArgumentException("expected an array of utterance ids '" + p.key() + "', found " + arr);
                }
                List<String> ids = new ArrayList<>();
                for (JsonNode id : arr) {
                    if (!id.isTextual()) {
                        throw new IllegalArgumentException("expected text ids in '" + p.key() + "', found " + id);
                    }
                    ids.add(id.asText());
                }
                parts.add(ids);
            }
            return new Ids(name.asText(), seed.asLong(), parts.get(0), parts.get(1), parts.get(2));
        }

        public static Ids read(Path json) throws IOException {
            try {
                return fromJson(Files.readString(json, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(json + ": " + e.getMessage(), e);
            }
        }

        /**
         * Finds every id among {@code corpus}, whose paths lie below {@code corpusRoot}. An id matches the
         * utterance with the same relative path; failing that, the one with the same relative path apart
         * from the extension (a split saved on the FLAC copy resolves on the WAV original).
         *
         * @throws IllegalArgumentException listing (the first few) ids that are not in the corpus, or an
         *     id that matches two utterances
         */
        public Split resolve(Path corpusRoot, List<Utterance> corpus) {
            Map<String, Utterance> exact = new HashMap<>();
            Map<String, Utterance> byStem = new HashMap<>();
            Set<String> ambiguousStems = new HashSet<>();
            for (Utterance u : corpus) {
                String rel = RavdessCorpus.relative(corpusRoot, u.path());
                exact.put(rel, u);
                if (byStem.put(stem(rel), u) != null) {
                    ambiguousStems.add(stem(rel));
                }
            }
            List<String> missing = new ArrayList<>();
            List<List<Utterance>> parts = new ArrayList<>();
            for (Part p : Part.values()) {
                List<Utterance> us = new ArrayList<>();
                for (String id : part(p)) {
                    Utterance u = exact.get(id);
                    if (u == null) {
                        if (ambiguousStems.contains(stem(id))) {
                            throw new IllegalArgumentException("split '" + name + "': id " + id
                                    + " is not in " + corpusRoot + " and matches several files apart from the extension");
                        }
                        u = byStem.get(stem(id));
                    }
                    if (u == null) {
                        missing.add(id);
                    } else {
                        us.add(u);
                    }
                }
                parts.add(us);
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("split '" + name + "': " + missing.size() + " utterance id(s) not found in "
                        + corpusRoot + " (" + corpus.size() + " utterances), e.g. "
                        + String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
            }
            return new Split(name, seed, parts.get(0), parts.get(1), parts.get(2));
        }

        private static String stem(String rel) {
            int slash = rel.lastIndexOf('/');
            int dot = rel.lastIndexOf('.');
            return dot > slash ? rel.substring(0, dot) : rel;
        }
    }
}
