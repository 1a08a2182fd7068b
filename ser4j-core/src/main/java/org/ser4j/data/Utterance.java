package org.ser4j.data;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One labelled recording of a corpus.
 *
 * @param path the audio file
 * @param label the class, as the corpus reader or the user's manifest names it (lower case, e.g.
 *     {@code "angry"}); a {@link LabelMapping} may rename it
 * @param speaker the speaker id within the corpus ({@code "7"} for RAVDESS actor 07, {@code "OAF"}
 *     for a TESS speaker); {@link Corpora#combine} qualifies ids that two corpora share
 * @param corpus the corpus the recording belongs to ({@code "ravdess"}, {@code "tess"}, a CSV's name)
 * @param gender the speaker's gender, or null when the corpus does not say
 * @param intensity NORMAL or STRONG where the corpus acts two intensities (RAVDESS), else null
 * @param sentence what is said, as the corpus codes it (RAVDESS {@code "1"}, {@code "2"}; the TESS
 *     word), or null
 * @param repetition the take (RAVDESS 1 or 2), 0 when the corpus has none
 */
public record Utterance(Path path, String label, String speaker, String corpus, Gender gender, Intensity intensity,
        String sentence, int repetition) {

    public enum Intensity { NORMAL, STRONG }

    public enum Gender { MALE, FEMALE }

    /**
     * Speaker ids in natural order: ids that are whole numbers by value ({@code "2" < "10"}), before
     * other ids in string order. Splits and reports list speakers in this order.
     */
    public static final Comparator<String> SPEAKER_ORDER = Utterance::compareSpeakers;

    public Utterance {
        Objects.requireNonNull(path, "path");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException(path + ": no label");
        }
        if (speaker == null || speaker.isBlank()) {
            throw new IllegalArgumentException(path + ": no speaker");
        }
        if (corpus == null || corpus.isBlank()) {
            throw new IllegalArgumentException(path + ": no corpus");
        }
    }

    /** An utterance with only the required fields. */
    public static Utterance of(Path path, String label, String speaker, String corpus) {
        return new Utterance(path, label, speaker, corpus, null, null, null, 0);
    }

    /** The file name without directory, used as the utterance id in reports. */
    public String id() {
        return path.getFileName().toString();
    }

    /** This utterance with another label (for label mappings). */
    public Utterance withLabel(String newLabel) {
        return new Utterance(path, newLabel, speaker, corpus, gender, intensity, sentence, repetition);
    }

    /** This utterance with another speaker id (for qualifying ids that two corpora share). */
    public Utterance withSpeaker(String newSpeaker) {
        return new Utterance(path, label, newSpeaker, corpus, gender, intensity, sentence, repetition);
    }

    private static int compareSpeakers(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            int c = new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
            return c != 0 ? c : a.compareTo(b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
