package org.ser4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.ser4j.data.CorpusFiles.Clip;

/**
 * Reader for a corpus sorted into one folder per label, the layout of many small or home-made data
 * sets: {@code DIR/<label>/<file>}, with any subfolders below the label folder
 * ({@code DIR/angry/session2/take1.wav} is {@code angry}). The label is the folder's name as
 * {@link Labels#normalise} stores it ({@code "Angry"} becomes {@code angry}, {@code "pleasant
 * surprise"} {@code pleasant_surprise}); a folder name that is no valid label is a problem. A file lying
 * directly in {@code DIR}, outside every label folder, is a problem too.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code layout=label} (the default), {@code layout=speaker/label}
 *       ({@code DIR/<speaker>/<label>/<file>}) or {@code layout=label/speaker}
 *       ({@code DIR/<label>/<speaker>/<file>}): the speaker is the folder's name as written;</li>
 *   <li>{@code speaker=REGEX}: a Java regular expression with one capturing group, searched for in the
 *       file name (extension included); the group is the speaker: {@code ^([a-z]+)_} reads
 *       {@code anna} from {@code anna_03.wav}. A file name it is not found in is a problem. Not with a
 *       layout that names speaker folders. (In {@code folders:DIR?speaker=...} the pattern cannot hold
 *       '&amp;', which separates options there.)</li>
 *   <li>{@code name=NAME}: the utterances' corpus (default {@value #NAME}), so that two folder corpora
 *       can be read together.</li>
 * </ul>
 * Without a speaker layout or pattern every clip's speaker is {@value #UNKNOWN_SPEAKER}, and the scan
 * reports nothing about it: speaker splits and k-fold by speaker then cannot work (one speaker holds
 * every clip), and a random split puts one person's clips on both sides, which overstates accuracy.
 */
public final class FolderCorpus implements CorpusReader {

    /** The reader's name and the default corpus of its utterances. */
    public static final String NAME = "folders";
    /** The speaker of every clip when neither a layout nor a pattern names speakers. */
    public static final String UNKNOWN_SPEAKER = "unknown";
    /** Option: the folder layout. */
    public static final String LAYOUT = "layout";
    /** Option: the speaker pattern. */
    public static final String SPEAKER = "speaker";
    /** Option: the corpus name. */
    public static final String CORPUS_NAME = "name";

    /** Where labels and speakers are in the folders. */
    public enum Layout {
        /** {@code DIR/<label>/<file>}. */
        LABEL("label", 0, -1),
        /** {@code DIR/<speaker>/<label>/<file>}. */
        SPEAKER_LABEL("speaker/label", 1, 0),
        /** {@code DIR/<label>/<speaker>/<file>}. */
        LABEL_SPEAKER("label/speaker", 0, 1);

        private final String spelling;
        private final int labelFolder;
        private final int speakerFolder;

        Layout(String spelling, int labelFolder, int speakerFolder) {
            this.spelling = spelling;
            this.labelFolder = labelFolder;
            this.speakerFolder = speakerFolder;
        }

        /** The layout as the option spells it. */
        public static Layout of(String spelling) {
            for (Layout l : values()) {
                if (l.spelling.equals(spelling.strip())) {
                    return l;
                }
            }
            throw new IllegalArgumentException("layout '" + spelling + "': expected label, speaker/label or label/speaker");
        }

        /** As the option spells it. */
        public String spelling() {
            return spelling;
        }

        /** Folders between the corpus directory and the files, at least. */
        int depth() {
            return Math.max(labelFolder, speakerFolder) + 1;
        }

        boolean namesSpeakers() {
            return speakerFolder >= 0;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scheme() {
        return "DIR/<label>/<file> (or layout=speaker/label, label/speaker; speaker=REGEX with one group on the file name)";
    }

    /**
     * Finds every audio file below {@code dir} and reads its label (and speaker) from its folders.
     *
     * @throws IllegalArgumentException for unknown options, an unknown layout, a pattern that does not
     *     compile or has other than one group, a pattern with a speaker layout, or a blank name
     */
    @Override
    public CorpusScan scan(Path dir, Map<String, String> options) throws IOException {
        Corpora.onlyOptions(NAME, options, LAYOUT, SPEAKER, CORPUS_NAME);
        Layout layout = options.containsKey(LAYOUT) ? Layout.of(options.get(LAYOUT)) : Layout.LABEL;
        Pattern speaker = options.containsKey(SPEAKER) ? speakerPattern(options.get(SPEAKER)) : null;
        if (speaker != null && layout.namesSpeakers()) {
            throw new IllegalArgumentException("options speaker= and layout=" + layout.spelling()
                    + " both name the speaker; give one");
        }
        String corpus = options.containsKey(CORPUS_NAME) ? options.get(CORPUS_NAME).strip() : NAME;
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("option name= is empty; give the corpus a name");
        }
        return CorpusFiles.scan(dir, "a directory with one folder per label",
                (file, rel) -> clip(file, rel, layout, speaker, corpus), List.of());
    }

    /** The {@code speaker=} pattern, checked to compile and to have one group. */
    static Pattern speakerPattern(String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("speaker pattern '" + regex + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
        int groups = p.matcher("").groupCount();
        if (groups != 1) {
            throw new IllegalArgumentException("speaker pattern '" + regex + "' has " + groups + " capturing groups,"
                    + " expected one, around the speaker (e.g. ^([a-z]+)_; write other groups as (?:...))");
        }
        return p;
    }

    private static Clip clip(Path file, String rel, Layout layout, Pattern speakerPattern, String corpus) {
        String[] parts = rel.split("/");
        int folders = parts.length - 1;
        if (folders < layout.depth()) {
            String expected = switch (layout) {
                case LABEL -> "DIR/<label>/<file>";
                case SPEAKER_LABEL -> "DIR/<speaker>/<label>/<file>";
                case LABEL_SPEAKER -> "DIR/<label>/<speaker>/<file>";
            };
            String where = folders == 0 ? "label folder" : layout.spelling() + " folder pair";
            throw new IllegalArgumentException("not in a " + where + ": expected " + expected
                    + (layout == Layout.LABEL ? "" : " (layout=" + layout.spelling() + ")"));
        }
        String folder = parts[layout.labelFolder];
        String label;
        try {
            label = Labels.normalise(folder);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("label folder '" + folder + "': " + e.getMessage(), e);
        }
        String speaker;
        String fileName = parts[parts.length - 1];
        if (layout.namesSpeakers()) {
            speaker = parts[layout.speakerFolder];
        } else if (speakerPattern != null) {
            Matcher m = speakerPattern.matcher(fileName);
            if (!m.find()) {
                throw new IllegalArgumentException("speaker pattern '" + speakerPattern.pattern() + "' is not found in the"
                        + " file name '" + fileName + "'");
            }
            speaker = m.group(1) == null ? "" : m.group(1).strip();
            if (speaker.isEmpty()) {
                throw new IllegalArgumentException("speaker pattern '" + speakerPattern.pattern() + "' finds an empty speaker"
                        + " in '" + fileName + "'");
            }
        } else {
            speaker = UNKNOWN_SPEAKER;
        }
        Utterance u = new Utterance(file, label, speaker, corpus, null, null, null, 0);
        return new Clip(u, CorpusFiles.stem(rel));
    }
}
