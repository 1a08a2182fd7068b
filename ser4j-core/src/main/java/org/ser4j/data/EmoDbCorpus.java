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
 * Reader for the Berlin Database of Emotional Speech (Emo-DB; Burkhardt, Paeschke, Rolfes, Sendlmeier &amp;
 * Weiss, "A Database of German Emotional Speech", Interspeech 2005; documentation at
 * emodb.bilderbar.info/docu): ten actors, ten sentences, seven emotions, about 535 files.
 *
 * <p>Names, as the documentation defines them ("every utterance is named according to the same
 * scheme"): {@code wav/03a01Fa.wav} is
 * <ul>
 *   <li>positions 1-2, the speaker: 03, 10, 11, 12, 15 (male) and 08, 09, 13, 14, 16 (female), kept
 *       as written ({@code "03"});</li>
 *   <li>positions 3-5, the text: a01, a02, a04, a05, a07, b01, b02, b03, b09, b10; the sentence;</li>
 *   <li>position 6, the emotion, a letter of its German word: W (Wut) anger, L (Langeweile) boredom,
 *       E (Ekel) disgust, A (Angst) fear, F (Freude) happiness, T (Trauer) sadness, N neutral; the
 *       label is the English word;</li>
 *   <li>position 7, the version, "if there are more than two versions these are numbered a, b, c ...":
 *       the repetition, a = 1, b = 2, ...</li>
 * </ul>
 * Fields are matched in any case. The download's label folders ({@code lablaut}, {@code labsilb},
 * {@code silb}) hold no audio and are ignored.
 */
public final class EmoDbCorpus implements CorpusReader {

    /** The reader's name and the utterances' corpus. */
    public static final String NAME = "emodb";

    private static final Map<String, Gender> SPEAKERS = Map.of(
            "03", Gender.MALE, "10", Gender.MALE, "11", Gender.MALE, "12", Gender.MALE, "15", Gender.MALE,
            "08", Gender.FEMALE, "09", Gender.FEMALE, "13", Gender.FEMALE, "14", Gender.FEMALE, "16", Gender.FEMALE);
    private static final List<String> TEXTS = List.of("a01", "a02", "a04", "a05", "a07", "b01", "b02", "b03", "b09", "b10");
    private static final Map<Character, String> LABELS = Map.of(
            'W', "anger",
            'L', "boredom",
            'E', "disgust",
            'A', "fear",
            'F', "happiness",
            'T', "sadness",
            'N', "neutral");
    private static final Pattern NAME_PATTERN = Pattern.compile("(?i)([0-9]{2})([a-z][0-9]{2})([a-z])([a-z])");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scheme() {
        return "wav/SStttEv.wav, speaker 03..16, text a01..b10, W|L|E|A|F|T|N, version a.. (Burkhardt et al. 2005,"
                + " emodb.bilderbar.info/docu)";
    }

    /** Finds every Emo-DB clip below {@code dir}. Takes no options. */
    @Override
    public CorpusScan scan(Path dir, Map<String, String> options) throws IOException {
        Corpora.noOptions(NAME, options);
        return CorpusFiles.scan(dir, "an Emo-DB directory (wav)", (file, rel) -> clip(file), List.of());
    }

    /**
     * Parses one Emo-DB file name (the file itself is not opened).
     *
     * @throws IllegalArgumentException naming the file, the field, the expected and the found value
     */
    public static Utterance parse(Path file) {
        return CorpusFiles.parse(file, EmoDbCorpus::clip);
    }

    private static Clip clip(Path file) {
        String stem = CorpusFiles.stem(file.getFileName().toString());
        Matcher m = NAME_PATTERN.matcher(stem);
        if (!m.matches()) {
            throw new IllegalArgumentException("name does not follow the Emo-DB pattern SStttEv (speaker, text, emotion,"
                    + " version; seven characters, e.g. 03a01Fa), found '" + stem + "'");
        }
        String speaker = m.group(1);
        Gender gender = SPEAKERS.get(speaker);
        if (gender == null) {
            throw new IllegalArgumentException("speaker " + speaker + ": expected 03, 08, 09, 10, 11, 12, 13, 14, 15 or 16");
        }
        String text = m.group(2).toLowerCase(Locale.ROOT);
        if (!TEXTS.contains(text)) {
            throw new IllegalArgumentException("text " + m.group(2) + ": expected one of " + String.join(", ", TEXTS));
        }
        char emotion = Character.toUpperCase(m.group(3).charAt(0));
        String label = LABELS.get(emotion);
        if (label == null) {
            throw new IllegalArgumentException("emotion " + m.group(3) + ": expected W (anger), L (boredom), E (disgust),"
                    + " A (fear), F (happiness), T (sadness) or N (neutral)");
        }
        char version = Character.toLowerCase(m.group(4).charAt(0));
        Utterance u = new Utterance(file, label, speaker, NAME, gender, null, text, version - 'a' + 1);
        return new Clip(u, speaker + text + emotion + version);
    }
}
