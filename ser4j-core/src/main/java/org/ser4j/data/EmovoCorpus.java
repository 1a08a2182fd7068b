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
 * Reader for EMOVO, the Italian emotional speech corpus (Costantini, Iaderola, Paoloni &amp; Todisco,
 * "EMOVO Corpus: an Italian Emotional Speech Database", LREC 2014; Fondazione Ugo Bordoni): six actors
 * read 14 sentences in the six big emotions and neutral, 588 files.
 *
 * <p>Layout as distributed: {@code <speaker>/<emotion>-<speaker>-<sentence>.wav}, e.g.
 * {@code m3/dis-m3-b1.wav}:
 * <ul>
 *   <li>emotion, the Italian word's first letters: dis (disgusto) disgust, gio (gioia) joy, neu
 *       neutral, pau (paura) fear, rab (rabbia) anger, sor (sorpresa) surprise, tri (tristezza) sadness;
 *       the label is the English word;</li>
 *   <li>speaker: f1, f2, f3 (female) and m1, m2, m3 (male), kept as written;</li>
 *   <li>sentence: b1-b3, d1-d2, l1-l4, n1-n5, the paper's 14 sentences; the utterance's sentence is
 *       this code.</li>
 * </ul>
 * A folder named like a speaker ({@code f1} ... {@code m3}) must agree with the speaker in the names of
 * the files in it. Fields are matched in any case and stored lower case.
 */
public final class EmovoCorpus implements CorpusReader {

    /** The reader's name and the utterances' corpus. */
    public static final String NAME = "emovo";

    private static final Map<String, String> LABELS = Map.of(
            "dis", "disgust",
            "gio", "joy",
            "neu", "neutral",
            "pau", "fear",
            "rab", "anger",
            "sor", "surprise",
            "tri", "sadness");
    private static final List<String> SPEAKERS = List.of("f1", "f2", "f3", "m1", "m2", "m3");
    private static final List<String> SENTENCES =
            List.of("b1", "b2", "b3", "d1", "d2", "l1", "l2", "l3", "l4", "n1", "n2", "n3", "n4", "n5");
    private static final Pattern NAME_PATTERN = Pattern.compile("(?i)([a-z]+)-([a-z0-9]+)-([a-z0-9]+)");
    /** A folder that names a speaker, or tries to. */
    private static final Pattern SPEAKER_FOLDER = Pattern.compile("(?i)[fm][0-9]");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scheme() {
        return "SPEAKER/emo-SPEAKER-sentence.wav, f1..m3, dis|gio|neu|pau|rab|sor|tri (Costantini et al., LREC 2014)";
    }

    /** Finds every EMOVO clip below {@code dir}. Takes no options. */
    @Override
    public CorpusScan scan(Path dir, Map<String, String> options) throws IOException {
        Corpora.noOptions(NAME, options);
        return CorpusFiles.scan(dir, "an EMOVO directory", (file, rel) -> clip(file), List.of());
    }

    /**
     * Parses one EMOVO file name and its folder (the file itself is not opened).
     *
     * @throws IllegalArgumentException naming the file, the field, the expected and the found value
     */
    public static Utterance parse(Path file) {
        return CorpusFiles.parse(file, EmovoCorpus::clip);
    }

    private static Clip clip(Path file) {
        String stem = CorpusFiles.stem(file.getFileName().toString());
        Matcher m = NAME_PATTERN.matcher(stem);
        if (!m.matches()) {
            throw new IllegalArgumentException("name does not follow the EMOVO pattern emotion-speaker-sentence (three"
                    + " fields separated by '-', e.g. dis-m3-b1), found '" + stem + "'");
        }
        String emotion = m.group(1).toLowerCase(Locale.ROOT);
        String speaker = m.group(2).toLowerCase(Locale.ROOT);
        String sentence = m.group(3).toLowerCase(Locale.ROOT);
        String label = LABELS.get(emotion);
        if (label == null) {
            throw new IllegalArgumentException("emotion '" + m.group(1) + "': expected dis, gio, neu, pau, rab, sor or tri");
        }
        if (!SPEAKERS.contains(speaker)) {
            throw new IllegalArgumentException("speaker '" + m.group(2) + "': expected f1, f2, f3, m1, m2 or m3");
        }
        if (!SENTENCES.contains(sentence)) {
            throw new IllegalArgumentException("sentence '" + m.group(3) + "': expected b1-b3, d1-d2, l1-l4 or n1-n5");
        }
        String folder = CorpusFiles.folder(file);
        if (folder != null && SPEAKER_FOLDER.matcher(folder).matches() && !folder.equalsIgnoreCase(speaker)) {
            throw new IllegalArgumentException("speaker " + speaker + " in the name but the file lies in folder " + folder);
        }
        Gender gender = speaker.charAt(0) == 'f' ? Gender.FEMALE : Gender.MALE;
        Utterance u = new Utterance(file, label, speaker, NAME, gender, null, sentence, 0);
        return new Clip(u, emotion + "-" + speaker + "-" + sentence);
    }
}
