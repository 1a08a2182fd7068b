package org.ser4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ser4j.data.CorpusFiles.Clip;
import org.ser4j.data.Utterance.Gender;

/**
 * Reader for the Toronto emotional speech set (TESS; K. Dupuis and M. K. Pichora-Fuller, University of
 * Toronto, 2010, published on the university's TSpace repository). Its description: 200 target words of
 * the Northwestern University Auditory Test No. 6 spoken in the carrier phrase "Say the word ___" by two
 * actresses, aged 26 and 64, portraying seven emotions (anger, disgust, fear, happiness, pleasant
 * surprise, sadness, neutral): 2800 stimuli. The older speaker is {@code OAF}, the younger {@code YAF}.
 *
 * <p>Layout as distributed: {@code <SPEAKER>_<emotion folder>/<SPEAKER>_<word>_<emotion>.wav}, e.g.
 * {@code OAF_angry/OAF_back_angry.wav} or {@code YAF_pleasant_surprise/YAF_bath_ps.wav}. The three
 * fields of a name are separated by '_': the speaker ({@code OAF} or {@code YAF}), the word (letters),
 * and the emotion: {@code angry}, {@code disgust}, {@code fear}, {@code happy}, {@code neutral},
 * {@code ps} (pleasant surprise) or {@code sad}. Labels are these words, {@code ps} written out as
 * {@code pleasant_surprise}; both speakers are female; the sentence is the word. Fields are matched in
 * any case and stored as the corpus writes them (speaker upper case, emotion and word lower case).
 *
 * <p>A folder named like the distribution's ({@code OAF_angry}, {@code YAF_pleasant_surprise}, also
 * {@code pleasant_surprised} and any case, as some copies spell it) must agree with the name of every
 * file in it: a speaker or emotion that differs is a problem, never resolved in favour of either. Any
 * other folder imposes nothing.
 *
 * <p>Option {@code exclude=REL1,REL2,...}: files to leave out, as paths relative to the corpus directory
 * (our copy holds two files that are not originals: {@code OAF_angry/OAF_back_angry.wav} and
 * {@code YAF_sad/YAF_beg_sad.wav}). Excluded files are neither utterances nor problems, only counted
 * ({@link CorpusScan#excluded()}); a path that names no file is an error. Two files of that copy named
 * {@code .wav} are AIFF, which {@link org.ser4j.audio.AudioDecoder} reads by their content.
 */
public final class TessCorpus implements CorpusReader {

    /** The reader's name and the utterances' corpus. */
    public static final String NAME = "tess";
    /** The option naming files to leave out. */
    public static final String EXCLUDE = "exclude";

    private static final Map<String, String> LABELS = Map.of(
            "angry", "angry",
            "disgust", "disgust",
            "fear", "fear",
            "happy", "happy",
            "neutral", "neutral",
            "ps", "pleasant_surprise",
            "sad", "sad");
    private static final List<String> SPEAKERS = List.of("OAF", "YAF");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    /** The distribution's folders: speaker and emotion, "ps" written out (in some copies "surprised"). */
    private static final Pattern FOLDER = Pattern.compile(
            "(?i)(OAF|YAF)_(angry|disgust|fear|happy|neutral|sad|ps|pleasant_surprised?)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scheme() {
        return "SPEAKER_emotion/SPEAKER_word_emotion.wav, OAF|YAF, angry|disgust|fear|happy|neutral|ps|sad"
                + " (Dupuis & Pichora-Fuller 2010, University of Toronto TSpace)";
    }

    /**
     * Finds every TESS clip below {@code dir}; see the class javadoc for the scheme and the
     * {@code exclude} option.
     *
     * @throws IllegalArgumentException for an unknown option or an excluded path that names no file
     */
    @Override
    public CorpusScan scan(Path dir, Map<String, String> options) throws IOException {
        Corpora.onlyOptions(NAME, options, EXCLUDE);
        List<String> excluded = options.containsKey(EXCLUDE) ? CorpusFiles.list(options.get(EXCLUDE)) : List.of();
        return CorpusFiles.scan(dir, "a TESS directory", (file, rel) -> clip(file), excluded);
    }

    /**
     * Parses one TESS file name (the file itself is not opened).
     *
     * @throws IllegalArgumentException naming the file, the field, the expected and the found value
     */
    public static Utterance parse(Path file) {
        return CorpusFiles.parse(file, TessCorpus::clip);
    }

    private static Clip clip(Path file) {
        String name = file.getFileName().toString();
        String stem = CorpusFiles.stem(name);
        String[] parts = stem.split("_", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("name does not follow the TESS pattern SPEAKER_word_emotion (three fields"
                    + " separated by '_'), found '" + stem + "'");
        }
        String speaker = parts[0].toUpperCase(Locale.ROOT);
        String word = parts[1].toLowerCase(Locale.ROOT);
        String emotion = parts[2].toLowerCase(Locale.ROOT);
        String folder = CorpusFiles.folder(file);
        Matcher f = folder == null ? null : FOLDER.matcher(folder);
        boolean tessFolder = f != null && f.matches();
        if (!SPEAKERS.contains(speaker)) {
            throw new IllegalArgumentException("speaker '" + parts[0] + "': expected OAF or YAF"
                    + (tessFolder ? " (the file lies in folder " + folder + ")" : ""));
        }
        if (!WORD.matcher(word).matches()) {
            throw new IllegalArgumentException("word '" + parts[1] + "': expected letters only");
        }
        String label = LABELS.get(emotion);
        if (label == null) {
            throw new IllegalArgumentException("emotion '" + parts[2] + "': expected angry, disgust, fear, happy, neutral,"
                    + " ps or sad");
        }
        if (tessFolder) {
            String folderSpeaker = f.group(1).toUpperCase(Locale.ROOT);
            String folderEmotion = f.group(2).toLowerCase(Locale.ROOT);
            String folderLabel = folderEmotion.startsWith("pleasant_surprise") ? LABELS.get("ps") : LABELS.get(folderEmotion);
            if (!folderSpeaker.equals(speaker)) {
                throw new IllegalArgumentException("speaker " + speaker + " in the name but the file lies in folder " + folder
                        + " (of speaker " + folderSpeaker + ")");
            }
            if (!folderLabel.equals(label)) {
                throw new IllegalArgumentException("emotion " + emotion + " in the name but the file lies in folder " + folder
                        + " (of emotion " + folderEmotion + ")");
            }
        }
        Utterance u = new Utterance(file, label, speaker, NAME, Gender.FEMALE, null, word, 0);
        return new Clip(u, speaker + "_" + word + "_" + emotion);
    }
}
