package org.ser4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The corpus readers by name, and corpora read together.
 *
 * <p>A corpus is given as {@code NAME:PATH}, optionally with reader options as
 * {@code NAME:PATH?key=value&key=value}; a bare {@code PATH} is RAVDESS (as before corpora had names).
 * The readers: {@code ravdess} ({@link RavdessCorpus}), {@code tess} ({@link TessCorpus}, option
 * {@code exclude=}), {@code crema-d} ({@link CremaDCorpus}), {@code savee} ({@link SaveeCorpus}),
 * {@code emodb} ({@link EmoDbCorpus}), {@code emovo} ({@link EmovoCorpus}), {@code folders}
 * ({@link FolderCorpus}, options {@code layout=}, {@code speaker=}, {@code name=}) and {@code csv}
 * ({@link CsvCorpus}, a manifest file; option {@code name=}).
 *
 * <p>Any reader also takes {@code part=train} ({@link #PART_OPTION}): the corpus only trains. Its clips
 * join the training part of every split and never validate or test, and its speakers are not dealt
 * into folds, so that the other corpora's splits are the ones they have without it (issue 15: the
 * RAVDESS folds, with all of TESS added to each fold's training).
 */
public final class Corpora {

    private static final Map<String, CorpusReader> READERS = new LinkedHashMap<>();

    /** The option every reader takes: {@code part=train} makes a corpus that only trains. */
    public static final String PART_OPTION = "part";

    /** The one value of {@link #PART_OPTION}. */
    public static final String TRAIN_PART = "train";

    static {
        register(new CorpusReader() {
            @Override
            public String name() {
                return RavdessCorpus.NAME_OF_CORPUS;
            }

            @Override
            public String scheme() {
                return "Actor_NN/03-01-EE-II-SS-RR-AA.wav|flac (Livingstone & Russo 2018)";
            }

            @Override
            public CorpusScan scan(Path path, Map<String, String> options) throws IOException {
                noOptions(name(), options);
                return RavdessCorpus.scan(path);
            }
        });
        register(new TessCorpus());
        register(new CremaDCorpus());
        register(new SaveeCorpus());
        register(new EmoDbCorpus());
        register(new EmovoCorpus());
        register(new FolderCorpus());
        register(new CsvCorpus());
    }

    private Corpora() {}

    private static void register(CorpusReader reader) {
        READERS.put(reader.name(), reader);
    }

    /** The readers' names, in registration order. */
    public static Set<String> names() {
        return READERS.keySet();
    }

    /** The reader called {@code name}. */
    public static CorpusReader reader(String name) {
        CorpusReader r = READERS.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no corpus reader named '" + name + "' (readers: " + String.join(", ", names()) + ")");
        }
        return r;
    }

    /** Throws when a reader that takes no options got some. */
    public static void noOptions(String reader, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("corpus reader '" + reader + "' takes no options, found " + options.keySet());
        }
    }

    /** Throws when a reader got an option other than {@code known}, naming the ones it takes. */
    public static void onlyOptions(String reader, Map<String, String> options, String... known) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(List.of(known));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("corpus reader '" + reader + "' has no option" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + " (its options: " + String.join(", ", known) + ")");
        }
    }

    /**
     * A parsed {@code NAME:PATH?options} corpus argument.
     *
     * @param reader the reader's name
     * @param path the directory or manifest
     * @param options reader options, in the order given
     */
    public record Source(String reader, Path path, Map<String, String> options) {

        public Source {
            options = Map.copyOf(options);
            String part = options.get(PART_OPTION);
            if (part != null && !part.equals(TRAIN_PART)) {
                throw new IllegalArgumentException(reader + ":" + path + ": option " + PART_OPTION + "=" + part
                        + " is not known (the one value is " + PART_OPTION + "=" + TRAIN_PART
                        + ": the corpus only trains)");
            }
        }

        /** Whether the corpus only trains ({@code part=train}): never in validation or test, never dealt into folds. */
        public boolean trainOnly() {
            return TRAIN_PART.equals(options.get(PART_OPTION));
        }

        /**
         * Parses {@code NAME:PATH?key=value&...}; {@code PATH} alone means {@code ravdess:PATH}. A
         * prefix before ':' that is not a reader name (a Windows drive letter) is part of the path.
         */
        public static Source parse(String spec) {
            String s = spec.strip();
            String reader = RavdessCorpus.NAME_OF_CORPUS;
            int colon = s.indexOf(':');
            if (colon > 0 && READERS.containsKey(s.substring(0, colon))) {
                reader = s.substring(0, colon);
                s = s.substring(colon + 1);
            } else if (colon > 1 && s.substring(0, colon).matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("'" + spec + "': no corpus reader named '" + s.substring(0, colon)
                        + "' (readers: " + String.join(", ", names()) + ")");
            }
            Map<String, String> options = new LinkedHashMap<>();
            int q = s.indexOf('?');
            if (q >= 0) {
                for (String kv : s.substring(q + 1).split("&")) {
                    if (kv.isEmpty()) {
                        continue;
                    }
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("'" + spec + "': reader option '" + kv + "' is not key=value");
                    }
                    options.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                s = s.substring(0, q);
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException("'" + spec + "': no path");
            }
            return new Source(reader, Path.of(s), options);
        }

        /** Reads the corpus. */
        public CorpusScan scan() throws IOException {
            Map<String, String> readerOptions = new LinkedHashMap<>(options);
            readerOptions.remove(PART_OPTION);
            try {
                return Corpora.reader(reader).scan(path, readerOptions);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(reader + ":" + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(reader).append(':').append(path);
            char sep = '?';
            for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
                sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = '&';
            }
            return sb.toString();
        }
    }

    /**
     * Several corpora as one list of utterances. Speaker ids that occur in more than one corpus are
     * qualified with the corpus name ({@code "tess:OAF"}) in every corpus that has them, so that a split
     * by speaker never joins two people; ids that are unique stay as they are (RAVDESS actors keep
     * {@code "1"}..{@code "24"}).
     *
     * @throws IllegalArgumentException when two corpora have the same name or share a file
     */
    public static List<Utterance> combine(List<List<Utterance>> corpora) {
        Map<String, Set<String>> corporaBySpeaker = new HashMap<>();
        Set<String> names = new TreeSet<>();
        for (List<Utterance> c : corpora) {
            Set<String> inThis = new TreeSet<>();
            for (Utterance u : c) {
                inThis.add(u.corpus());
                corporaBySpeaker.computeIfAbsent(u.speaker(), k -> new TreeSet<>()).add(u.corpus());
            }
            for (String n : inThis) {
                if (!names.add(n)) {
                    throw new IllegalArgumentException("corpus '" + n + "' is given twice");
                }
            }
        }
        List<Utterance> out = new ArrayList<>();
        Map<Path, String> files = new HashMap<>();
        for (List<Utterance> c : corpora) {
            for (Utterance u : c) {
                String before = files.putIfAbsent(u.path().toAbsolutePath().normalize(), u.corpus());
                if (before != null) {
                    throw new IllegalArgumentException(u.path() + " is in corpus '" + before + "' and in '" + u.corpus() + "'");
                }
                out.add(corporaBySpeaker.get(u.speaker()).size() > 1 ? u.withSpeaker(u.corpus() + ":" + u.speaker()) : u);
            }
        }
        return out;
    }

    /**
     * Corpora read and combined: the utterances of every source with their labels mapped, the
     * problems of every source (each prefixed with the source), and the directory that all ids are
     * relative to.
     *
     * @param sources the corpora as given
     * @param mapping the label mapping applied
     * @param root the deepest directory that holds every source (ids in splits and bundles are relative to it)
     * @param utterances every clip, sorted by path relative to {@code root}
     * @param problems one line per file that was not taken
     * @param dropped clips left out because the mapping drops their label
     * @param trainOnly the names of the corpora that only train ({@code part=train})
     */
    public record Loaded(List<Source> sources, LabelMapping mapping, Path root, List<Utterance> utterances,
            List<String> problems, int dropped, Set<String> trainOnly) {

        public Loaded {
            sources = List.copyOf(sources);
            utterances = List.copyOf(utterances);
            problems = List.copyOf(problems);
            trainOnly = Collections.unmodifiableSet(new TreeSet<>(trainOnly));
        }

        /** Corpora that all take part in the splits. */
        public Loaded(List<Source> sources, LabelMapping mapping, Path root, List<Utterance> utterances,
                List<String> problems, int dropped) {
            this(sources, mapping, root, utterances, problems, dropped, Set.of());
        }

        /** The sources as the strings they were given as ({@code NAME:PATH?options}). */
        public List<String> specs() {
            return sources.stream().map(Source::toString).toList();
        }
    }

    /**
     * Reads every source, applies {@code mapping} and combines them ({@link #combine}).
     *
     * @throws IOException when a source cannot be read at all
     * @throws IllegalArgumentException when a source is malformed, or two share a corpus name or a file
     */
    public static Loaded load(List<Source> sources, LabelMapping mapping) throws IOException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no corpus given");
        }
        List<List<Utterance>> parts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        int dropped = 0;
        Set<String> trainOnly = new TreeSet<>();
        for (Source source : sources) {
            CorpusScan scan = source.scan();
            List<Utterance> mapped = mapping.apply(scan.utterances());
            dropped += scan.utterances().size() - mapped.size();
            parts.add(mapped);
            if (source.trainOnly()) {
                mapped.forEach(u -> trainOnly.add(u.corpus()));
            }
            String prefix = sources.size() > 1 ? source.reader() + ": " : "";
            scan.problems().forEach(p -> problems.add(prefix + p));
            Path abs = source.path().toAbsolutePath().normalize();
            dirs.add(java.nio.file.Files.isDirectory(abs) || abs.getParent() == null ? abs : abs.getParent());
        }
        Path root = dirs.get(0);
        for (Path d : dirs) {
            while (!d.startsWith(root)) {
                root = root.getParent();
                if (root == null) {
                    throw new IllegalArgumentException("the corpora " + sources + " share no directory");
                }
            }
        }
        List<Utterance> all = new ArrayList<>(combine(parts));
        final Path r = root;
        all.sort(java.util.Comparator.comparing((Utterance u) -> RavdessCorpus.relative(r, u.path())));
        return new Loaded(sources, mapping, root, all, problems, dropped, trainOnly);
    }

    /** {@link #load(List, LabelMapping)} of source strings ({@code NAME:PATH?options}). */
    public static Loaded load(List<String> specs, String mapping) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (String s : specs) {
            sources.add(Source.parse(s));
        }
        return load(sources, LabelMapping.of(mapping));
    }
}
