package org.ser4j.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ser4j.data.Utterance;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/** Turns predictions for labelled utterances into an {@link Evaluation}. */
public final class Evaluator {

    private Evaluator() {}

    /**
     * Evaluates class probabilities (or logits, or any scores): the prediction for an utterance is the
     * class with the highest score, the lowest class index on ties.
     *
     * @param labels the model's classes, in score order
     * @param utterances the labelled utterances
     * @param probabilities one array of scores per utterance, in {@code labels} order
     * @throws IllegalArgumentException if the lists differ in length, an array does not have one entry
     *     per label or holds NaN (the message names the utterance), or an utterance's label is not in
     *     {@code labels}
     */
    public static Evaluation evaluate(List<String> labels, List<Utterance> utterances, List<float[]> probabilities) {
        if (utterances.size() != probabilities.size()) {
            throw new IllegalArgumentException("expected one probability vector per utterance: "
                    + utterances.size() + " utterances, " + probabilities.size() + " vectors");
        }
        List<String> predicted = new ArrayList<>(utterances.size());
        for (int i = 0; i < utterances.size(); i++) {
            predicted.add(labels.get(argmax(probabilities.get(i), labels, utterances.get(i))));
        }
        return evaluatePredictions(labels, utterances, predicted);
    }

    /** The index of the predicted class of one score vector: the highest score, the lowest index on ties. */
    public static int argmax(float[] scores, List<String> labels, Utterance forMessage) {
        if (scores.length != labels.size()) {
            throw new IllegalArgumentException(forMessage.path() + ": expected " + labels.size() + " scores, found " + scores.length);
        }
        int best = 0;
        for (int k = 0; k < scores.length; k++) {
            if (Float.isNaN(scores[k])) {
                throw new IllegalArgumentException(forMessage.path() + ": score " + k + " (" + labels.get(k) + ") is NaN");
            }
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Evaluates predicted classes directly.
     *
     * @throws IllegalArgumentException when a true or predicted label is not in {@code labels}
     */
    public static Evaluation evaluatePredictions(List<String> labels, List<Utterance> utterances, List<String> predicted) {
        if (utterances.size() != predicted.size()) {
            throw new IllegalArgumentException("expected one prediction per utterance: "
                    + utterances.size() + " utterances, " + predicted.size() + " predictions");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            index.put(labels.get(k), k);
        }
        int[][] confusion = new int[labels.size()][labels.size()];
        Map<Intensity, int[]> intensity = new EnumMap<>(Intensity.class);
        Map<Gender, int[]> gender = new EnumMap<>(Gender.class);
        Map<String, int[]> speakers = new TreeMap<>(Utterance.SPEAKER_ORDER);
        Map<String, int[]> corpora = new TreeMap<>();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            Integer t = index.get(u.label());
            Integer p = index.get(predicted.get(i));
            if (t == null) {
                throw new IllegalArgumentException(u.path() + ": label '" + u.label() + "' is not one of the model's labels " + labels);
            }
            if (p == null) {
                throw new IllegalArgumentException(u.path() + ": predicted '" + predicted.get(i) + "' is not one of " + labels);
            }
            confusion[t][p]++;
            int hit = t.equals(p) ? 1 : 0;
            if (u.intensity() != null) {
                tally(intensity.computeIfAbsent(u.intensity(), k -> new int[2]), hit);
            }
            if (u.gender() != null) {
                tally(gender.computeIfAbsent(u.gender(), k -> new int[2]), hit);
            }
            tally(speakers.computeIfAbsent(u.speaker(), k -> new int[2]), hit);
            tally(corpora.computeIfAbsent(u.corpus(), k -> new int[2]), hit);
        }
        return new Evaluation(labels, confusion, scores(intensity, new EnumMap<>(Intensity.class)),
                scores(gender, new EnumMap<>(Gender.class)), scores(speakers, new TreeMap<>(Utterance.SPEAKER_ORDER)),
                scores(corpora, new TreeMap<>()));
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
