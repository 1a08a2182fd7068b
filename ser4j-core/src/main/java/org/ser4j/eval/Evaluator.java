package org.ser4j.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ser4j.data.Emotion;
import org.ser4j.data.Utterance;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/** Turns predictions for labelled utterances into an {@link Evaluation}. */
public final class Evaluator {

    private static final int CLASSES = Emotion.values().length;

    private Evaluator() {}

    /**
     * Evaluates class probabilities (or logits, or any scores): the prediction for an utterance is the
     * class with the highest score, the lowest class index on ties.
     *
     * @param utterances the labelled utterances
     * @param probabilities one array of 8 scores per utterance, in {@link Emotion} order
     * @throws IllegalArgumentException if the lists differ in length, an array does not have 8 entries
     *     or holds NaN (the message names the utterance)
     */
    public static Evaluation evaluate(List<Utterance> utterances, List<float[]> probabilities) {
        if (utterances.size() != probabilities.size()) {
            throw new IllegalArgumentException("expected one probability vector per utterance: "
                    + utterances.size() + " utterances, " + probabilities.size() + " vectors");
        }
        List<Emotion> predicted = new ArrayList<>(utterances.size());
        for (int i = 0; i < utterances.size(); i++) {
            predicted.add(argmax(probabilities.get(i), utterances.get(i)));
        }
        return evaluatePredictions(utterances, predicted);
    }

    /** The predicted class of one score vector: the highest score, the lowest index on ties. */
    public static Emotion argmax(float[] scores, Utterance forMessage) {
        if (scores.length != CLASSES) {
            throw new IllegalArgumentException(forMessage.path() + ": expected " + CLASSES + " scores, found " + scores.length);
        }
        int best = 0;
        for (int k = 0; k < CLASSES; k++) {
            if (Float.isNaN(scores[k])) {
                throw new IllegalArgumentException(forMessage.path() + ": score " + k + " (" + Emotion.values()[k].label() + ") is NaN");
            }
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return Emotion.values()[best];
    }

    /** Evaluates predicted classes directly. */
    public static Evaluation evaluatePredictions(List<Utterance> utterances, List<Emotion> predicted) {
        if (utterances.size() != predicted.size()) {
            throw new IllegalArgumentException("expected one prediction per utterance: "
                    + utterances.size() + " utterances, " + predicted.size() + " predictions");
        }
        int[][] confusion = new int[CLASSES][CLASSES];
        Map<Intensity, int[]> intensity = new EnumMap<>(Intensity.class);
        Map<Gender, int[]> gender = new EnumMap<>(Gender.class);
        Map<Integer, int[]> speakers = new TreeMap<>();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            Emotion p = predicted.get(i);
            confusion[u.emotion().ordinal()][p.ordinal()]++;
            int hit = u.emotion() == p ? 1 : 0;
            tally(intensity.computeIfAbsent(u.intensity(), k -> new int[2]), hit);
            tally(gender.computeIfAbsent(u.gender(), k -> new int[2]), hit);
            tally(speakers.computeIfAbsent(u.speaker(), k -> new int[2]), hit);
        }
        return new Evaluation(confusion, scores(intensity, new EnumMap<>(Intensity.class)),
                scores(gender, new EnumMap<>(Gender.class)), scores(speakers, new TreeMap<>()));
    }

    private static void tally(int[] correctTotal, int hit) {
        correctTotal[0] += hit;
        correctTotal[1]++;
    }

    private static <K, M extends Map<K, GroupScore>> M scores(Map<K, int[]> counts, M out) {
        counts.forEach((k, v) -> out.put(k, new GroupScore(v[0], v[1])));
        return out;
    }
}
