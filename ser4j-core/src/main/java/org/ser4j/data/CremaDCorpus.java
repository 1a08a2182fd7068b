package org.ser4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ser4j.data.CorpusFiles.Clip;
import org.ser4j.data.Utterance.Gender;

/**
 * Reader for CREMA-D, the Crowd-sourced Emotional Multimodal Actors Dataset (Cao, Cooper, Keutmann, Gur,
 * Nenkova &amp; Verma, IEEE Transactions on Affective Computing 5(4):377-390, 2014; files and README at
 * github.com/CheyneyComputerScience/CREMA-D): 7442 clips of 91 actors, 12 sentences, 6 emotions.
 *
 * <p>Names, as the README's "Filename labeling conventions" define them:
 * {@code AudioWAV/1001_DFA_ANG_XX.wav} is actor, sentence, emotion and emotion level, separated by '_':
 * <ul>
 *   <li>actor: four digits, 1001 to 1091, the speaker id as written ({@code "1001"});</li>
 *   <li>sentence: IEO (It's eleven o'clock), TIE, IOM, IWW, TAI, MTI, IWL, ITH, DFA, ITS, TSI, WSI; the
 *       utterance's sentence is this code;</li>
 *   <li>emotion: ANG anger, DIS disgust, FEA fear, HAP happy ("Happy/Joy"), NEU neutral, SAD sad; the
 *       label is the word;</li>
 *   <li>level: LO (low), MD (medium), HI (high), XX (unspecified). Validated but not kept: the
 *       utterance's {@link Utterance.Intensity} is NORMAL or STRONG, RAVDESS's two acted intensities,
 *       and three levels plus "unspecified" map onto them by no rule the corpus gives, so the intensity
 *       is null.</li>
 * </ul>
 * Fields are matched in any case. The README's {@code VideoDemographics.csv} (columns ActorID, Age, Sex,
 * Race, Ethnicity; Sex "Male" or "Female") gives each speaker's gender when it lies in the scanned
 * directory or its parent (the repository holds it next to {@code AudioWAV}); without it, or for an
 * actor it does not list, the gender is null. An unreadable demographics file is an error naming it.
 * The repository also holds every clip as MP3 ({@code AudioMP3}): scanning its root finds both, keeps
 * the WAV and reports each MP3 as a second copy.
 */
public final class CremaDCorpus implements CorpusReader {

    /** The reader's name and the utterances' corpus. */
    public static final String NAME = "crema-d";
    /** The demographics file of the CREMA-D repository. */
    public static final String DEMOGRAPHICS = "VideoDemographics.csv";
    /** First actor id. */
    public static final int FIRST_ACTOR = 1001;
    /** Last actor id. */
    public static final int LAST_ACTOR = 1091;

    private static final Pattern NAME_PATTERN = Pattern.compile("(?i)([0-9]{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{2})");
    private static final Set<String> SENTENCES =
            Set.of("IEO", "TIE", "IOM", "IWW", "TAI", "MTI", "IWL", "ITH", "DFA", "ITS", "TSI", "WSI");
    private static final Map<String, String> LABELS = Map.of(
            "ANG", "anger",
            "DIS", "disgust",
            "FEA", "fear",
            "HAP", "happy",
            "NEU", "neutral",
            "SAD", "sad");
    private static final Set<String> LEVELS = Set.of("LO", "MD", "HI", "XX");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scheme() {
        return "AudioWAV/ACTOR_SEN_EMO_LV.wav, 1001-1091, ANG|DIS|FEA|HAP|NEU|SAD, LO|MD|HI|XX"
                + " (Cao et al. 2014; CheyneyComputerScience/CREMA-D README)";
    }

    /**
     * Finds every CREMA-D clip below {@code dir}, with genders from {@value #DEMOGRAPHICS} when it lies in
     * {@code dir} or its parent. Takes no options.
     *
     * @throws IllegalArgumentException when options are given or the demographics file cannot be read
     */
    @Override
    public CorpusScan scan(Path dir, Map<String, String> options) throws IOException {
        Corpora.noOptions(NAME, options);
        Map<String, Gender> genders = Map.of();
        Path demographics = demographicsFile(dir);
        if (demographics != null) {
            genders = genders(demographics);
        }
        Map<String, Gender> g = genders;
        return CorpusFiles.scan(dir, "a CREMA-D directory (AudioWAV)", (file, rel) -> clip(file, g), List.of());
    }

    /**
     * Parses one CREMA-D file name (the file itself is not opened); the gender is null.
     *
     * @throws IllegalArgumentException naming the file, the field, the expected and the found value
     */
    public static Utterance parse(Path file) {
        return CorpusFiles.parse(file, f -> clip(f, Map.of()));
    }

    /** {@value #DEMOGRAPHICS} in {@code dir}, else in its parent, else null. */
    static Path demographicsFile(Path dir) {
        Path here = dir.resolve(DEMOGRAPHICS);
        if (Files.isRegularFile(here)) {
            return here;
        }
        Path parent = dir.toAbsolutePath().normalize().getParent();
        Path there = parent == null ? null : parent.resolve(DEMOGRAPHICS);
        return there != null && Files.isRegularFile(there) ? there : null;
    }

    /**
     * Actor id to gender from a {@value #DEMOGRAPHICS} file.
     *
     * @throws IllegalArgumentException naming the file and line of a row that cannot be read, a missing
     *     ActorID or Sex column, a Sex other than Male or Female, or an actor listed twice
     */
    static Map<String, Gender> genders(Path file) throws IOException {
        String source = file.toString();
        List<Csv.Row> rows = Csv.parse(Csv.decode(Files.readAllBytes(file), source));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": empty file, expected a header with ActorID and Sex");
        }
        Map<String, Integer> columns = Csv.header(rows.get(0), source);
        Integer actorColumn = columns.get("actorid");
        Integer sexColumn = columns.get("sex");
        if (actorColumn == null || sexColumn == null) {
            throw new IllegalArgumentException(source + ":" + rows.get(0).line() + ": the header has no "
                    + (actorColumn == null ? "ActorID" : "Sex") + " column (found " + columns.keySet() + ")");
        }
        Map<String, Gender> out = new HashMap<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            String where = source + ":" + row.line() + ": ";
            if (row.error() != null) {
                throw new IllegalArgumentException(where + row.error());
            }
            if (row.fields().size() != rows.get(0).fields().size()) {
                throw new IllegalArgumentException(where + "row has " + row.fields().size() + " fields, the header "
                        + rows.get(0).fields().size());
            }
            String actor = row.fields().get(actorColumn).strip();
            String sex = row.fields().get(sexColumn).strip();
            Gender gender = switch (sex.toLowerCase(Locale.ROOT)) {
                case "male" -> Gender.MALE;
                case "female" -> Gender.FEMALE;
                default -> throw new IllegalArgumentException(where + "Sex '" + sex + "' of actor " + actor
                        + ": expected Male or Female");
            };
            if (out.put(actor, gender) != null) {
                throw new IllegalArgumentException(where + "actor " + actor + " is listed twice");
            }
        }
        return out;
    }

    private static Clip clip(Path file, Map<String, Gender> genders) {
        String stem = CorpusFiles.stem(file.getFileName().toString());
        Matcher m = NAME_PATTERN.matcher(stem);
        if (!m.matches()) {
            throw new IllegalArgumentException("name does not follow the CREMA-D pattern ACTOR_SEN_EMO_LV (four digits and"
                    + " three letter codes separated by '_', e.g. 1001_DFA_ANG_XX), found '" + stem + "'");
        }
        String actor = m.group(1);
        String sentence = m.group(2).toUpperCase(Locale.ROOT);
        String emotion = m.group(3).toUpperCase(Locale.ROOT);
        String level = m.group(4).toUpperCase(Locale.ROOT);
        int id = Integer.parseInt(actor);
        if (id < FIRST_ACTOR || id > LAST_ACTOR) {
            throw new IllegalArgumentException("actor " + actor + ": expected " + FIRST_ACTOR + " to " + LAST_ACTOR);
        }
        if (!SENTENCES.contains(sentence)) {
            throw new IllegalArgumentException("sentence " + m.group(2) + ": expected one of IEO, TIE, IOM, IWW, TAI, MTI,"
                    + " IWL, ITH, DFA, ITS, TSI, WSI");
        }
        String label = LABELS.get(emotion);
        if (label == null) {
            throw new IllegalArgumentException("emotion " + m.group(3) + ": expected ANG, DIS, FEA, HAP, NEU or SAD");
        }
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("emotion level " + m.group(4) + ": expected LO, MD, HI or XX");
        }
        Utterance u = new Utterance(file, label, actor, NAME, genders.get(actor), null, sentence, 0);
        return new Clip(u, actor + "_" + sentence + "_" + emotion + "_" + level);
    }
}
