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
 * Reader for SAVEE, the Surrey Audio-Visual Expressed Emotion database (Haq &amp; Jackson, University of
 * Surrey, 2008-2009): four male speakers, {@code DC}, {@code JE}, {@code JK} and {@code KL}, each
 * reading 15 sentences per emotion, sampled at 44.1 kHz.
 *
 * <p>Names, as the corpus's {@code AudioData/Info.txt} defines them: in {@code AudioData/<speaker>/},
 * "the initial letter(s) of the file name represents the emotion class, and the following digits
 * represent the sentence number", {@code a} anger, {@code d} disgust, {@code f} fear, {@code h}
 * happiness, {@code n} neutral, {@code sa} sadness, {@code su} surprise ({@code d03.wav} is the 3rd
 * disgust sentence). The flattened form of copies that put every file in one folder,
 * {@code DC_a01.wav}, is read too; when such a file lies in a speaker folder, the two must agree. A
 * file in no speaker folder and without the speaker in its name is a problem (its speaker is unknown).
 *
 * <p>Labels are the emotion class words; every speaker is male; the sentence is the number without
 * leading zeros ({@code "3"}). The numbers count within each emotion: 1 to 15, and 1 to 30 for neutral,
 * whose 30 recordings repeat the common and emotion-specific sentences of the other emotions in a neutral
 * voice (the SAVEE web page's description of its 120 utterances per speaker); the same number under two
 * emotions need not be the same text. Fields are matched in any case and stored as the corpus writes
 * them (speaker upper case).
 */
public final class SaveeCorpus implements CorpusReader {

    /** The reader's name and the utterances' corpus. */
    public static final String NAME = "savee";
    /** Sentences per emotion. */
    public static final int SENTENCES = 15;
    /** Neutral sentences: the common and emotion-specific sentences of every emotion, read neutrally. */
    public static final int NEUTRAL_SENTENCES = 30;

    private static final List<String> SPEAKERS = List.of("DC", "JE", "JK", "KL");
    private static final Map<String, String> LABELS = Map.of(
            "a", "anger",
            "d", "disgust",
            "f", "fear",
            "h", "happiness",
            "n", "neutral",
            "sa", "sadness",
            "su", "surprise");
    /** {@code a01}, {@code sa15} (the original layout), or {@code DC_a01} (flattened). */
    private static final Pattern NAME_PATTERN = Pattern.compile("(?i)(?:([a-z]+)_)?([a-z]+)([0-9]+)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scheme() {
        return "SPEAKER/eNN.wav or SPEAKER_eNN.wav, DC|JE|JK|KL, a|d|f|h|n|sa|su (SAVEE AudioData/Info.txt, Haq & Jackson)";
    }

    /** Finds every SAVEE clip below {@code dir}. Takes no options. */
    @Override
    public CorpusScan scan(Path dir, Map<String, String> options) throws IOException {
        Corpora.noOptions(NAME, options);
        return CorpusFiles.scan(dir, "a SAVEE directory (AudioData)", (file, rel) -> clip(file), List.of());
    }

    /**
     * Parses one SAVEE file name and its folder (the file itself is not opened).
     *
     * @throws IllegalArgumentException naming the file, the field, the expected and the found value
     */
    public static Utterance parse(Path file) {
        return CorpusFiles.parse(file, SaveeCorpus::clip);
    }

    private static Clip clip(Path file) {
        String stem = CorpusFiles.stem(file.getFileName().toString());
        Matcher m = NAME_PATTERN.matcher(stem);
        if (!m.matches()) {
            throw new IllegalArgumentException("name does not follow the SAVEE pattern eNN or SPEAKER_eNN (emotion letters"
                    + " and a two-digit sentence number, e.g. a01 or DC_a01), found '" + stem + "'");
        }
        String folder = CorpusFiles.folder(file);
        String folderSpeaker = folder != null && SPEAKERS.contains(folder.toUpperCase(Locale.ROOT))
                ? folder.toUpperCase(Locale.ROOT) : null;
        String speaker;
        if (m.group(1) != null) {
            speaker = m.group(1).toUpperCase(Locale.ROOT);
            if (!SPEAKERS.contains(speaker)) {
                throw new IllegalArgumentException("speaker '" + m.group(1) + "': expected DC, JE, JK or KL");
            }
            if (folderSpeaker != null && !folderSpeaker.equals(speaker)) {
                throw new IllegalArgumentException("speaker " + speaker + " in the name but the file lies in folder "
                        + folder);
            }
        } else if (folderSpeaker != null) {
            speaker = folderSpeaker;
        } else {
            throw new IllegalArgumentException("no speaker: expected the file in a DC, JE, JK or KL folder, or the speaker"
                    + " in its name (DC_" + stem + ")");
        }
        String code = m.group(2).toLowerCase(Locale.ROOT);
        String label = LABELS.get(code);
        if (label == null) {
            throw new IllegalArgumentException("emotion '" + m.group(2) + "': expected a, d, f, h, n, sa or su");
        }
        String digits = m.group(3);
        int number = digits.length() == 2 ? Integer.parseInt(digits) : -1;
        int last = code.equals("n") ? NEUTRAL_SENTENCES : SENTENCES;
        if (number < 1 || number > last) {
            throw new IllegalArgumentException("sentence " + digits + ": expected two digits, 01 to " + last
                    + (code.equals("n") ? " for neutral" : ""));
        }
        Utterance u = new Utterance(file, label, speaker, NAME, Gender.MALE, null, Integer.toString(number), 0);
        return new Clip(u, speaker + "_" + code + digits);
    }
}
