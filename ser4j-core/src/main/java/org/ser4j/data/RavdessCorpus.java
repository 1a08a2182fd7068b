package org.ser4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/**
 * Reader for the RAVDESS speech corpus in its official layout: {@code Actor_NN/MM-VV-EE-II-SS-RR-AA.wav}
 * (or {@code .flac}). The seven two-digit fields are modality (03 audio-only), vocal channel (01 speech),
 * emotion (01..08), intensity (01 normal, 02 strong; neutral is only normal), statement (01, 02),
 * repetition (01, 02) and actor (01..24; odd actors are male, even female). Source: the RAVDESS
 * release notes, Livingstone &amp; Russo (2018), PLoS ONE 13(5): e0196391.
 *
 * <p>Every field is validated. A name that does not follow the convention, or an actor number that
 * disagrees with the {@code Actor_NN} folder holding the file, is reported with the reason and never
 * guessed. Labels are the {@link Emotion} labels ({@code neutral}, {@code calm}, ...); speakers the actor
 * number without leading zero ({@code "7"}); the sentence is the statement number.
 */
public final class RavdessCorpus {

    /** RAVDESS modality code of audio-only files (01 = full AV, 02 = video-only). */
    public static final int MODALITY_AUDIO_ONLY = 3;
    /** RAVDESS vocal channel code of speech (02 = song). */
    public static final int CHANNEL_SPEECH = 1;
    /** The corpus name of its utterances. */
    public static final String NAME_OF_CORPUS = "ravdess";
    /** Highest RAVDESS actor number. */
    public static final int MAX_ACTOR = 24;

    private static final Pattern NAME =
            Pattern.compile("(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})");
    private static final Pattern ACTOR_FOLDER = Pattern.compile("(?i)actor_(\\d{1,3})");
    private static final Set<String> SUPPORTED = Set.of("wav", "flac");
    /** Other audio/video extensions: such files are reported (not silently skipped) by {@link #scan}. */
    private static final Set<String> OTHER_MEDIA = Set.of("mp3", "mp4", "ogg", "opus", "m4a", "aif", "aiff", "au", "wma");

    private RavdessCorpus() {}

    /**
     * Parses one RAVDESS file name (the file itself is not opened).
     *
     * @throws IllegalArgumentException naming the file, the field, the expected and the found value
     */
    public static Utterance parse(Path file) {
        try {
            return parseOrReason(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finds every RAVDESS clip below {@code dir} (recursively, following links). Files with a
     * {@code .wav}/{@code .flac} extension, other media extensions, or a RAVDESS-like name are
     * candidates; a candidate that is not a valid RAVDESS speech clip, or that repeats a clip
     * already found (same seven fields, e.g. a WAV and a FLAC copy), goes to
     * {@link CorpusScan#problems()}. Other files (README, hidden files) are ignored.
     *
     * @return utterances sorted by relative path, and the problems in path order
     */
    public static CorpusScan scan(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "corpus directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + " (expected a RAVDESS directory with Actor_NN folders)");
        }
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.put(relative(dir, p), p));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<Utterance> utterances = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> firstByStem = new HashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path file = e.getValue();
            String name = file.getFileName().toString();
            if (!candidate(name)) {
                continue;
            }
            Utterance u;
            try {
                u = parseOrReason(file);
            } catch (IllegalArgumentException ex) {
                problems.add(e.getKey() + ": " + ex.getMessage());
                continue;
            }
            String previous = firstByStem.putIfAbsent(stem(name), e.getKey());
            if (previous != null) {
                problems.add(e.getKey() + ": the same clip as " + previous + " (kept " + previous + ")");
                continue;
            }
            utterances.add(u);
        }
        return new CorpusScan(utterances, problems);
    }

    /** {@code file} relative to {@code root}, with '/' separators on every platform. */
    public static String relative(Path root, Path file) {
        Path rel = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static boolean candidate(String name) {
        if (name.startsWith(".")) {
            return false;
        }
        String ext = extension(name);
        return SUPPORTED.contains(ext) || OTHER_MEDIA.contains(ext) || NAME.matcher(stem(name)).matches();
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** Parses or throws an IllegalArgumentException whose message is the reason only. */
    private static Utterance parseOrReason(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("not a file name");
        }
        String name = fileName.toString();
        String ext = extension(name);
        if (!SUPPORTED.contains(ext)) {
            throw new IllegalArgumentException("unsupported extension '" + (ext.isEmpty() ? "(none)" : "." + ext)
                    + "' (expected .wav or .flac)");
        }
        Matcher m = NAME.matcher(stem(name));
        if (!m.matches()) {
            throw new IllegalArgumentException("name does not follow the RAVDESS pattern MM-VV-EE-II-SS-RR-AA"
                    + " (seven two-digit fields), found '" + stem(name) + "'");
        }
        int modality = Integer.parseInt(m.group(1));
        int channel = Integer.parseInt(m.group(2));
        int emotionCode = Integer.parseInt(m.group(3));
        int intensityCode = Integer.parseInt(m.group(4));
        int statement = Integer.parseInt(m.group(5));
        int repetition = Integer.parseInt(m.group(6));
        int actor = Integer.parseInt(m.group(7));
        if (modality != MODALITY_AUDIO_ONLY) {
            throw new IllegalArgumentException("modality " + m.group(1) + ": expected 03 (audio-only)"
                    + (modality == 1 ? ", found 01 (full audio-video)" : modality == 2 ? ", found 02 (video-only)" : ""));
        }
        if (channel != CHANNEL_SPEECH) {
            throw new IllegalArgumentException("vocal channel " + m.group(2) + ": expected 01 (speech)"
                    + (channel == 2 ? ", found 02 (song)" : ""));
        }
        if (emotionCode < 1 || emotionCode > Emotion.values().length) {
            throw new IllegalArgumentException("emotion " + m.group(3) + ": expected 01..08");
        }
        Emotion emotion = Emotion.fromCode(emotionCode);
        Intensity intensity = switch (intensityCode) {
            case 1 -> Intensity.NORMAL;
            case 2 -> Intensity.STRONG;
            default -> throw new IllegalArgumentException("intensity " + m.group(4) + ": expected 01 (normal) or 02 (strong)");
        };
        if (emotion == Emotion.NEUTRAL && intensity == Intensity.STRONG) {
            throw new IllegalArgumentException("intensity 02 (strong) with emotion 01 (neutral): RAVDESS neutral has only 01 (normal)");
        }
        if (statement < 1 || statement > 2) {
            throw new IllegalArgumentException("statement " + m.group(5) + ": expected 01 or 02");
        }
        if (repetition < 1 || repetition > 2) {
            throw new IllegalArgumentException("repetition " + m.group(6) + ": expected 01 or 02");
        }
        if (actor < 1 || actor > MAX_ACTOR) {
            throw new IllegalArgumentException("actor " + m.group(7) + ": expected 01..24");
        }
        Path parent = file.getParent();
        Path folder = parent == null ? null : parent.getFileName();
        if (folder != null) {
            Matcher f = ACTOR_FOLDER.matcher(folder.toString());
            if (f.matches() && Integer.parseInt(f.group(1)) != actor) {
                throw new IllegalArgumentException("actor " + m.group(7) + " in the name but the file lies in folder "
                        + folder + " (expected Actor_" + m.group(7) + ")");
            }
        }
        Gender gender = actor % 2 == 1 ? Gender.MALE : Gender.FEMALE;
        return new Utterance(file, emotion.label(), Integer.toString(actor), NAME_OF_CORPUS, gender, intensity,
                Integer.toString(statement), repetition);
    }
}
