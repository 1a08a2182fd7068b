package org.ser4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ser4j.data.Emotion;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.eval.EpochRecord;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.Evaluator;
import org.ser4j.eval.TrainingHistory;

/** A reproducible synthetic evaluation (RAVDESS-shaped, 4 speakers, ~70% right) and training history. */
final class ReportFixtures {

    private ReportFixtures() {}

    static Evaluation evaluation() {
        Random rng = new Random(1);
        List<Utterance> us = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int a = 17; a <= 20; a++) {
            for (int e = 1; e <= 8; e++) {
                for (int i = 1; i <= (e == 1 ? 1 : 2); i++) {
                    for (int s = 1; s <= 2; s++) {
                        for (int r = 1; r <= 2; r++) {
                            Utterance u = RavdessCorpus.parse(Path.of(String.format(
                                    "Actor_%02d/03-01-%02d-%02d-%02d-%02d-%02d.wav", a, e, i, s, r, a)));
                            us.add(u);
                            predicted.add(rng.nextDouble() < 0.7 ? u.label() : Emotion.values()[rng.nextInt(8)].label());
                        }
                    }
                }
            }
        }
        return Evaluator.evaluatePredictions(org.ser4j.data.Labels.ravdess(), us, predicted);
    }

    static TrainingHistory history(int epochs) {
        TrainingHistory h = TrainingHistory.empty();
        for (int e = 1; e <= epochs; e++) {
            double t = e / (double) epochs;
            h = h.plus(new EpochRecord(e, 2.1 * Math.exp(-2 * t), 0.12 + 0.8 * t, 2.1 * Math.exp(-1.2 * t) + 0.1 * t,
                    0.12 + 0.55 * t, 10 + e % 3));
        }
        return h;
    }
}
