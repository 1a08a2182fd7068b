package org.ser4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ser4j.audio.AudioDecoder;

/**
 * The scan shared by the readers of corpora whose file names carry the labels: finds the candidate
 * audio files below a directory, lets the reader's {@link Scheme} parse each name, and collects the
 * {@link CorpusScan}: utterances in relative-path order, one problem per file that does not follow the
 * scheme, one per second copy of a clip.
 *
 * <p>Candidates are regular files (links followed) with an audio extension ({@value #EXTENSIONS},
 * any case; and {@link AudioDecoder#FFMPEG_EXTENSIONS}: phone and messenger formats, read through ffmpeg). Hidden files and everything in hidden folders (a name starting with '.', such as
 * {@code .DS_Store} or the {@code ._x.wav} of macOS archives) and other files (README, CSV, label
 * files) are ignored.
 */
final class CorpusFiles {

    /** The audio extensions of candidate files, as the class javadoc names them. */
    static final String EXTENSIONS = ".wav .flac .mp3 .aif .aiff";

    private static final Set<String> AUDIO = Stream.concat(
            Set.of("wav", "flac", "mp3", "aif", "aiff").stream(), AudioDecoder.FFMPEG_EXTENSIONS.stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** Lossy: when two copies of a clip are found, a lossless copy is kept rather than this one. */
    private static final Set<String> LOSSY = Stream.concat(Set.of("mp3").stream(),
            AudioDecoder.FFMPEG_EXTENSIONS.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private CorpusFiles() {}

    /**
     * One recognised clip.
     *
     * @param utterance the utterance its name describes
     * @param key what identifies the recording in the corpus (two files with one key are two copies of
     *     one clip, such as a WAV and an MP3 of it)
     */
    record Clip(Utterance utterance, String key) {}

    /** A corpus naming scheme: parses one candidate or says why it does not follow the scheme. */
    @FunctionalInterface
    interface Scheme {
        /**
         * @param file the candidate
         * @param relative its path below the scanned directory, '/'-separated
         * @throws IllegalArgumentException whose message is the reason (without the file name)
         */
        Clip parse(Path file, String relative);
    }

    /**
     * Parses one file with a reader's scheme, for the readers' public {@code parse(Path)}.
     *
     * @throws IllegalArgumentException whose message names the file, then the scheme's reason
     */
    static Utterance parse(Path file, java.util.function.Function<Path, Clip> scheme) {
        try {
            return scheme.apply(file).utterance();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every candidate audio file below {@code dir}, by its relative path ('/'-separated), in path order.
     *
     * @param what the corpus, for the error when {@code dir} is no directory ("a TESS directory")
     * @throws NoSuchFileException when {@code dir} does not exist
     * @throws NotDirectoryException when it is a file
     */
    static TreeMap<String, Path> audioFiles(Path dir, String what) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "corpus directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + " (expected " + what + ")");
        }
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String rel = RavdessCorpus.relative(dir, p);
                if (!hidden(rel) && isAudio(p.getFileName().toString())) {
                    files.put(rel, p);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

    /**
     * Scans {@code dir} with {@code scheme}.
     *
     * @param excluded relative paths to leave out ('/' or '\' separated): each must name a file below
     *     {@code dir}; such files are reported nowhere and counted in {@link CorpusScan#excluded()}
     * @throws IllegalArgumentException when an excluded path names no file below {@code dir}
     */
    static CorpusScan scan(Path dir, String what, Scheme scheme, List<String> excluded) throws IOException {
        TreeMap<String, Path> files = audioFiles(dir, what);
        Set<String> leftOut = excludedFiles(dir, excluded);
        files.keySet().removeAll(leftOut);
        Map<String, Clip> clips = new LinkedHashMap<>();
        Map<String, String> problems = new TreeMap<>();
        Map<String, List<String>> copies = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Clip clip;
            try {
                clip = scheme.parse(e.getValue(), e.getKey());
            } catch (IllegalArgumentException ex) {
                problems.put(e.getKey(), ex.getMessage());
                continue;
            }
            clips.put(e.getKey(), clip);
            copies.computeIfAbsent(clip.key(), k -> new ArrayList<>()).add(e.getKey());
        }
        for (List<String> same : copies.values()) {
            if (same.size() < 2) {
                continue;
            }
            String kept = same.stream().filter(r -> !LOSSY.contains(extension(r))).findFirst().orElse(same.get(0));
            boolean byQuality = !kept.equals(same.get(0));
            for (String r : same) {
                if (!r.equals(kept)) {
                    clips.remove(r);
                    problems.put(r, "the same clip as " + kept + " (kept " + kept + (byQuality ? ", the lossless copy)" : ")"));
                }
            }
        }
        List<Utterance> utterances = new ArrayList<>(clips.size());
        for (Clip c : clips.values()) {
            utterances.add(c.utterance());
        }
        List<String> lines = new ArrayList<>(problems.size());
        problems.forEach((rel, reason) -> lines.add(rel + ": " + reason));
        return new CorpusScan(utterances, lines, leftOut.size());
    }

    /** The {@code exclude} option's paths, checked to name files below {@code dir}, '/'-separated. */
    private static Set<String> excludedFiles(Path dir, List<String> excluded) {
        Set<String> out = new LinkedHashSet<>();
        Path root = dir.toAbsolutePath().normalize();
        if (excluded.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("exclude: empty path in the list " + excluded
                    + " (separate relative paths by single commas)");
        }
        for (String given : excluded) {
            String rel = given.strip().replace('\\', '/');
            while (rel.startsWith("./")) {
                rel = rel.substring(2);
            }
            Path file = root.resolve(rel).normalize();
            if (Path.of(rel).isAbsolute() || !file.startsWith(root) || file.equals(root)) {
                throw new IllegalArgumentException("exclude: '" + given + "' is not a path below " + dir
                        + " (give paths relative to the corpus directory)");
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("exclude: '" + given + "' names no file below " + dir
                        + (Files.isDirectory(file) ? " (it is a folder; name files)" : ""));
            }
            out.add(RavdessCorpus.relative(root, file));
        }
        return out;
    }

    /** The paths of a comma-separated option value ({@code exclude=a.wav,b.wav}). */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",", -1)) {
            out.add(s.strip());
        }
        return out;
    }

    /** Whether a relative path lies in a hidden folder or names a hidden file. */
    static boolean hidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file name has an audio extension ({@value #EXTENSIONS}, any case). */
    static boolean isAudio(String name) {
        return AUDIO.contains(extension(name));
    }

    /** The extension of a file name or path, lower case, without the dot; "" when none. */
    static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot <= slash + 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** A file name without its extension. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** The name of the folder holding {@code file}, or null. */
    static String folder(Path file) {
        Path parent = file.getParent();
        Path name = parent == null ? null : parent.getFileName();
        return name == null ? null : name.toString();
    }
}
