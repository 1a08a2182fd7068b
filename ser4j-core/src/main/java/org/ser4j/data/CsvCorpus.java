package org.ser4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/**
 * Reader for a manifest: a CSV file that lists the clips of a corpus that follows no known scheme, one
 * row each, under a header row:
 * <pre>
 * path,label,speaker,gender,intensity,sentence
 * clips/a1.wav,angry,anna,f,strong,
 * "clips/with, comma.wav",neutral,ben,male,,s2
 * </pre>
 * Columns are found by their header names, in any order and any case; {@code path}, {@code label} and
 * {@code speaker} are required, {@code gender} ({@code m}, {@code f}, {@code male}, {@code female}, any
 * case, or empty), {@code intensity} ({@code normal}, {@code strong} or empty) and {@code sentence}
 * optional; other columns are ignored. The file is UTF-8 (a byte order mark is allowed) in RFC 4180
 * form: fields in double quotes may hold commas, line breaks and doubled quotes. Values are trimmed;
 * paths are relative to the manifest's folder, or absolute; labels are stored as {@link Labels#normalise}
 * writes them, speakers as written.
 *
 * <p>Every row that cannot become an utterance is a problem {@code "<manifest name>:<line>: <reason>"}
 * (the line where the row starts), in line order: a row with another number of fields than the header,
 * a quoting error, an empty path, label or speaker, a missing file, an invalid label, gender or
 * intensity, and a path that an earlier row already listed (the earlier row is kept). A header without
 * {@code path}, {@code label} or {@code speaker} is an {@link IllegalArgumentException} naming the file.
 * The files are not opened.
 *
 * <p>The corpus of the utterances is the manifest's file name without extension ({@code my-data} for
 * {@code my-data.csv}), or option {@code name=NAME}. Utterances come in the order of their paths
 * relative to the manifest's folder.
 */
public final class CsvCorpus implements CorpusReader {

    /** The reader's name. */
    public static final String NAME = "csv";
    /** Option: the corpus name. */
    public static final String CORPUS_NAME = "name";

    private static final String PATH = "path";
    private static final String LABEL = "label";
    private static final String SPEAKER = "speaker";
    private static final String GENDER = "gender";
    private static final String INTENSITY = "intensity";
    private static final String SENTENCE = "sentence";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scheme() {
        return "a CSV manifest: path,label,speaker[,gender][,intensity][,sentence] with a header row (RFC 4180, UTF-8)";
    }

    /**
     * Reads the manifest {@code csv}.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws IOException when it is a directory or cannot be read
     * @throws IllegalArgumentException for unknown options, a blank name, a file that is not UTF-8, or a
     *     header that cannot be read, names a column twice or lacks path, label or speaker
     */
    @Override
    public CorpusScan scan(Path csv, Map<String, String> options) throws IOException {
        Corpora.onlyOptions(NAME, options, CORPUS_NAME);
        String corpus = options.containsKey(CORPUS_NAME) ? options.get(CORPUS_NAME).strip()
                : CorpusFiles.stem(csv.getFileName().toString());
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("option name= is empty; give the corpus a name");
        }
        if (!Files.exists(csv)) {
            throw new NoSuchFileException(csv.toString(), null, "manifest does not exist");
        }
        if (Files.isDirectory(csv)) {
            throw new IOException(csv + ": is a directory, expected a CSV manifest (path,label,speaker,...)");
        }
        String source = csv.toString();
        List<Csv.Row> rows = Csv.parse(Csv.decode(Files.readAllBytes(csv), source));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": empty manifest, expected a header row with path, label and speaker");
        }
        Csv.Row head = rows.get(0);
        Map<String, Integer> columns = Csv.header(head, source);
        for (String required : List.of(PATH, LABEL, SPEAKER)) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException(source + ":" + head.line() + ": the header has no '" + required
                        + "' column (found " + String.join(", ", head.fields()) + "); expected path, label and speaker"
                        + " columns, optionally gender, intensity and sentence");
            }
        }
        Path base = csv.toAbsolutePath().normalize().getParent();
        String name = csv.getFileName().toString();
        List<Utterance> utterances = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Path, Integer> firstLine = new HashMap<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            try {
                Utterance u = utterance(row, head.fields().size(), columns, base, corpus);
                Integer earlier = firstLine.putIfAbsent(u.path().toAbsolutePath().normalize(), row.line());
                if (earlier != null) {
                    throw new IllegalArgumentException("path " + u.path() + " is already listed on line " + earlier
                            + " (kept line " + earlier + ")");
                }
                utterances.add(u);
            } catch (IllegalArgumentException e) {
                problems.add(name + ":" + row.line() + ": " + e.getMessage());
            }
        }
        utterances.sort(Comparator.comparing(u -> RavdessCorpus.relative(base, u.path())));
        return new CorpusScan(utterances, problems);
    }

    /** One row's utterance, or an IllegalArgumentException whose message is the reason. */
    private static Utterance utterance(Csv.Row row, int width, Map<String, Integer> columns, Path base, String corpus) {
        if (row.error() != null) {
            throw new IllegalArgumentException(row.error());
        }
        List<String> f = row.fields();
        if (f.size() != width) {
            throw new IllegalArgumentException("row has " + f.size() + " field" + (f.size() == 1 ? "" : "s")
                    + ", the header " + width);
        }
        String path = value(f, columns, PATH);
        String label = value(f, columns, LABEL);
        String speaker = value(f, columns, SPEAKER);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        if (label.isEmpty()) {
            throw new IllegalArgumentException("empty label");
        }
        if (speaker.isEmpty()) {
            throw new IllegalArgumentException("empty speaker");
        }
        Path file;
        try {
            file = base.resolve(path).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("path '" + path + "' is not a valid path: " + e.getReason(), e);
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("file not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        try {
            label = Labels.normalise(label);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("label: " + e.getMessage(), e);
        }
        Gender gender = switch (value(f, columns, GENDER).toLowerCase(Locale.ROOT)) {
            case "" -> null;
            case "m", "male" -> Gender.MALE;
            case "f", "female" -> Gender.FEMALE;
            default -> throw new IllegalArgumentException("gender '" + value(f, columns, GENDER)
                    + "': expected m, f, male, female or empty");
        };
        Intensity intensity = switch (value(f, columns, INTENSITY).toLowerCase(Locale.ROOT)) {
            case "" -> null;
            case "normal" -> Intensity.NORMAL;
            case "strong" -> Intensity.STRONG;
            default -> throw new IllegalArgumentException("intensity '" + value(f, columns, INTENSITY)
                    + "': expected normal, strong or empty");
        };
        String sentence = value(f, columns, SENTENCE);
        return new Utterance(file, label, speaker, corpus, gender, intensity, sentence.isEmpty() ? null : sentence, 0);
    }

    /** The trimmed value of a column, "" when the manifest has no such column. */
    private static String value(List<String> fields, Map<String, Integer> columns, String column) {
        Integer c = columns.get(column);
        return c == null ? "" : fields.get(c).strip();
    }
}
