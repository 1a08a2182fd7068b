package org.ser4j.cli;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.ser4j.data.Utterance;

/**
 * Speaker lists given on the command line, matched against a corpus's speaker ids: an id is taken as
 * written, and a number also matches the corpus id of the same value ({@code 4} and {@code 04} both
 * mean RAVDESS actor 04, whose id is {@code "4"}).
 */
final class Speakers {

    private Speakers() {}

    /**
     * Parses ids such as {@code ["1", "02", "3,4"]} (picocli already split at commas; commas are
     * accepted here too) into the corpus's ids, in natural order.
     *
     * @param known the corpus's speaker ids
     * @throws UsageException naming the option, the id that matches no speaker, and the known ones
     */
    static TreeSet<String> parse(String option, List<String> ids, Collection<String> known) {
        TreeSet<String> out = new TreeSet<>(Utterance.SPEAKER_ORDER);
        if (ids == null) {
            return out;
        }
        List<String> parts = new ArrayList<>();
        for (String s : ids) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    parts.add(p.trim());
                }
            }
        }
        for (String p : parts) {
            out.add(match(option, p, known));
        }
        return out;
    }

    private static String match(String option, String id, Collection<String> known) {
        if (known.contains(id)) {
            return id;
        }
        if (id.matches("\\d{1,18}")) {
            for (String k : known) {
                if (k.matches("\\d{1,18}") && new BigInteger(k).equals(new BigInteger(id))) {
                    return k;
                }
            }
        }
        TreeSet<String> sorted = new TreeSet<>(Utterance.SPEAKER_ORDER);
        sorted.addAll(known);
        throw new UsageException(option + ": no speaker '" + id + "' in the corpus (speakers: " + sorted + ")");
    }
}
