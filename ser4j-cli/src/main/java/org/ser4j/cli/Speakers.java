package org.ser4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.ser4j.data.RavdessCorpus;

/** Speaker lists given on the command line by corpus id: {@code 4} and {@code 04} both mean RAVDESS actor 04. */
final class Speakers {

    private Speakers() {}

    /**
     * Parses ids such as {@code ["1", "02", "3,4"]} (picocli already split at commas; commas are
     * accepted here too) into sorted distinct speaker numbers.
     *
     * @throws UsageException naming the option and the bad id
     */
    static TreeSet<Integer> parse(String option, List<String> ids) {
        TreeSet<Integer> out = new TreeSet<>();
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
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new UsageException(option + ": '" + p + "' is not a speaker number (expected e.g. 4 or 04)", e);
            }
            if (n < 1 || n > RavdessCorpus.MAX_ACTOR) {
                throw new UsageException(option + ": speaker " + p + " is outside 1.." + RavdessCorpus.MAX_ACTOR);
            }
            out.add(n);
        }
        return out;
    }
}
