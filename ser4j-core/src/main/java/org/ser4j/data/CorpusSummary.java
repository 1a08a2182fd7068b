package org.ser4j.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/**
 * Counts of a corpus: utterances per label, intensity, label x intensity, gender, speaker and corpus.
 * Labels are in label-set order ({@link Labels#of}); every intensity and gender appears in the maps
 * (with 0 when absent), in enum order, and clips whose corpus gives none are counted as
 * {@link #noIntensity} and {@link #noGender}; speakers appear in {@link Utterance#SPEAKER_ORDER}.
 *
 * @param total number of utterances
 * @param labels utterances per label
 * @param intensities utterances per intensity
 * @param labelIntensities utterances per label and intensity (SEC-PyTorch's second bar chart)
 * @param genders utterances per speaker gender
 * @param speakers utterances per speaker id
 * @param corpora utterances per corpus
 * @param noIntensity utterances without an intensity
 * @param noGender utterances without a speaker gender
 */
public record CorpusSummary(
        int total,
        Map<String, Integer> labels,
        Map<Intensity, Integer> intensities,
        Map<String, Map<Intensity, Integer>> labelIntensities,
        Map<Gender, Integer> genders,
        SortedMap<String, Integer> speakers,
        SortedMap<String, Integer> corpora,
        int noIntensity,
        int noGender) {

    public CorpusSummary {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        intensities = Collections.unmodifiableMap(new EnumMap<>(intensities));
        LinkedHashMap<String, Map<Intensity, Integer>> li = new LinkedHashMap<>();
        labelIntensities.forEach((e, m) -> li.put(e, Collections.unmodifiableMap(new EnumMap<>(m))));
        labelIntensities = Collections.unmodifiableMap(li);
        genders = Collections.unmodifiableMap(new EnumMap<>(genders));
        TreeMap<String, Integer> sp = new TreeMap<>(Utterance.SPEAKER_ORDER);
        sp.putAll(speakers);
        speakers = Collections.unmodifiableSortedMap(sp);
        corpora = Collections.unmodifiableSortedMap(new TreeMap<>(corpora));
    }

    /** Counts the given utterances. */
    public static CorpusSummary of(List<Utterance> utterances) {
        LinkedHashMap<String, Integer> labels = new LinkedHashMap<>();
        LinkedHashMap<String, Map<Intensity, Integer>> li = new LinkedHashMap<>();
        for (String l : Labels.of(utterances)) {
            labels.put(l, 0);
            li.put(l, zeros(Intensity.class));
        }
        EnumMap<Intensity, Integer> intensities = zeros(Intensity.class);
        EnumMap<Gender, Integer> genders = zeros(Gender.class);
        TreeMap<String, Integer> speakers = new TreeMap<>(Utterance.SPEAKER_ORDER);
        TreeMap<String, Integer> corpora = new TreeMap<>();
        int noIntensity = 0;
        int noGender = 0;
        for (Utterance u : utterances) {
            labels.merge(u.label(), 1, Integer::sum);
            if (u.intensity() == null) {
                noIntensity++;
            } else {
                intensities.merge(u.intensity(), 1, Integer::sum);
                li.get(u.label()).merge(u.intensity(), 1, Integer::sum);
            }
            if (u.gender() == null) {
                noGender++;
            } else {
                genders.merge(u.gender(), 1, Integer::sum);
            }
            speakers.merge(u.speaker(), 1, Integer::sum);
            corpora.merge(u.corpus(), 1, Integer::sum);
        }
        return new CorpusSummary(utterances.size(), labels, intensities, li, genders, speakers, corpora, noIntensity, noGender);
    }

    /** Number of distinct speakers. */
    public int speakerCount() {
        return speakers.size();
    }

    /**
     * A plain-text table for terminals, e.g.
     * <pre>
     * utterances: 1200 from 20 speakers
     * label       total  normal  strong
     * neutral        80      80       0
     * ...
     * </pre>
     * Intensity columns appear only when some clip has an intensity, the gender table only when some
     * clip has a gender, the corpus table only for several corpora.
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "utterances: %d from %d speakers%n", total, speakers.size()));
        boolean withIntensity = noIntensity < total;
        if (withIntensity) {
            sb.append(String.format(Locale.ROOT, "%n%-18s %6s %7s %7s%n", "label", "total", "normal", "strong"));
        } else {
            sb.append(String.format(Locale.ROOT, "%n%-18s %6s%n", "label", "total"));
        }
        for (String l : labels.keySet()) {
            Map<Intensity, Integer> m = labelIntensities.get(l);
            sb.append(withIntensity
                    ? String.format(Locale.ROOT, "%-18s %6d %7d %7d%n", l, labels.get(l), m.get(Intensity.NORMAL), m.get(Intensity.STRONG))
                    : String.format(Locale.ROOT, "%-18s %6d%n", l, labels.get(l)));
        }
        sb.append(withIntensity
                ? String.format(Locale.ROOT, "%-18s %6d %7d %7d%n", "all", total, intensities.get(Intensity.NORMAL), intensities.get(Intensity.STRONG))
                : String.format(Locale.ROOT, "%-18s %6d%n", "all", total));
        if (noGender < total) {
            sb.append(String.format(Locale.ROOT, "%n%-18s %6s%n", "gender", "total"));
            for (Gender g : Gender.values()) {
                sb.append(String.format(Locale.ROOT, "%-18s %6d%n", g.name().toLowerCase(Locale.ROOT), genders.get(g)));
            }
            if (noGender > 0) {
                sb.append(String.format(Locale.ROOT, "%-18s %6d%n", "not given", noGender));
            }
        }
        if (corpora.size() > 1) {
            sb.append(String.format(Locale.ROOT, "%n%-18s %6s%n", "corpus", "total"));
            corpora.forEach((c, n) -> sb.append(String.format(Locale.ROOT, "%-18s %6d%n", c, n)));
        }
        sb.append(String.format(Locale.ROOT, "%n%-18s %6s%n", "speaker", "total"));
        speakers.forEach((s, n) -> sb.append(String.format(Locale.ROOT, "%-18s %6d%n", s, n)));
        return sb.toString();
    }

    private static <E extends Enum<E>> EnumMap<E, Integer> zeros(Class<E> type) {
        EnumMap<E, Integer> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, 0);
        }
        return m;
    }
}
