package org.ser4j.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/**
 * Counts of a corpus: utterances per emotion, intensity, emotion x intensity, gender and speaker.
 * Every emotion, intensity and gender appears in the maps (with 0 when absent), in enum order;
 * speakers appear in ascending id order.
 *
 * @param total number of utterances
 * @param emotions utterances per emotion
 * @param intensities utterances per intensity
 * @param emotionIntensities utterances per emotion and intensity (the seed's second bar chart)
 * @param genders utterances per speaker gender
 * @param speakers utterances per speaker id
 */
public record CorpusSummary(
        int total,
        Map<Emotion, Integer> emotions,
        Map<Intensity, Integer> intensities,
        Map<Emotion, Map<Intensity, Integer>> emotionIntensities,
        Map<Gender, Integer> genders,
        SortedMap<Integer, Integer> speakers) {

    public CorpusSummary {
        emotions = Collections.unmodifiableMap(new EnumMap<>(emotions));
        intensities = Collections.unmodifiableMap(new EnumMap<>(intensities));
        EnumMap<Emotion, Map<Intensity, Integer>> ei = new EnumMap<>(Emotion.class);
        emotionIntensities.forEach((e, m) -> ei.put(e, Collections.unmodifiableMap(new EnumMap<>(m))));
        emotionIntensities = Collections.unmodifiableMap(ei);
        genders = Collections.unmodifiableMap(new EnumMap<>(genders));
        speakers = Collections.unmodifiableSortedMap(new TreeMap<>(speakers));
    }

    /** Counts the given utterances. */
    public static CorpusSummary of(List<Utterance> utterances) {
        EnumMap<Emotion, Integer> emotions = zeros(Emotion.class);
        EnumMap<Intensity, Integer> intensities = zeros(Intensity.class);
        EnumMap<Emotion, Map<Intensity, Integer>> ei = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            ei.put(e, zeros(Intensity.class));
        }
        EnumMap<Gender, Integer> genders = zeros(Gender.class);
        TreeMap<Integer, Integer> speakers = new TreeMap<>();
        for (Utterance u : utterances) {
            emotions.merge(u.emotion(), 1, Integer::sum);
            intensities.merge(u.intensity(), 1, Integer::sum);
            ei.get(u.emotion()).merge(u.intensity(), 1, Integer::sum);
            genders.merge(u.gender(), 1, Integer::sum);
            speakers.merge(u.speaker(), 1, Integer::sum);
        }
        return new CorpusSummary(utterances.size(), emotions, intensities, ei, genders, speakers);
    }

    /** Number of distinct speakers. */
    public int speakerCount() {
        return speakers.size();
    }

    /**
     * A plain-text table for terminals, e.g.
     * <pre>
     * utterances: 1200 from 20 speakers
     * emotion     total  normal  strong
     * neutral        80      80       0
     * ...
     * </pre>
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "utterances: %d from %d speakers%n", total, speakers.size()));
        sb.append(String.format(Locale.ROOT, "%n%-10s %6s %7s %7s%n", "emotion", "total", "normal", "strong"));
        for (Emotion e : Emotion.values()) {
            Map<Intensity, Integer> m = emotionIntensities.get(e);
            sb.append(String.format(Locale.ROOT, "%-10s %6d %7d %7d%n", e.label(), emotions.get(e),
                    m.get(Intensity.NORMAL), m.get(Intensity.STRONG)));
        }
        sb.append(String.format(Locale.ROOT, "%-10s %6d %7d %7d%n", "all", total,
                intensities.get(Intensity.NORMAL), intensities.get(Intensity.STRONG)));
        sb.append(String.format(Locale.ROOT, "%n%-10s %6s%n", "gender", "total"));
        for (Gender g : Gender.values()) {
            sb.append(String.format(Locale.ROOT, "%-10s %6d%n", g.name().toLowerCase(Locale.ROOT), genders.get(g)));
        }
        sb.append(String.format(Locale.ROOT, "%n%-10s %6s%n", "speaker", "total"));
        speakers.forEach((s, n) -> sb.append(String.format(Locale.ROOT, "%-10s %6d%n", String.format(Locale.ROOT, "%02d", s), n)));
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
