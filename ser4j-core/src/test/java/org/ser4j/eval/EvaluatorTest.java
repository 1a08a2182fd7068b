package org.ser4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Labels;
import org.ser4j.data.Utterance;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

/** Ten hand-made predictions with every expected number worked out by hand in the comments. */
class EvaluatorTest {

    private static final double EPS = 1e-12;

    @TempDir
    Path tmp;

    private static final String NEUTRAL = "neutral";
    private static final String CALM = "calm";
    private static final String HAPPY = "happy";
    private static final String SAD = "sad";
    private static final String ANGRY = "angry";
    private static final String FEARFUL = "fearful";
    static final List<String> L = Labels.ravdess();

    private static Utterance u(int i, String e, Intensity in, int speaker) {
        return new Utterance(Path.of("u" + i + ".wav"), e, Integer.toString(speaker), "ravdess",
                speaker % 2 == 1 ? Gender.MALE : Gender.FEMALE, in, "1", 1);
    }

    private static final Intensity N = Intensity.NORMAL;
    private static final Intensity S = Intensity.STRONG;

    //                     true     intensity speaker  predicted
    // 1                   neutral  normal    1        neutral   ok
    // 2                   neutral  normal    2        calm
    // 3                   calm     normal    1        calm      ok
    // 4                   calm     strong    2        calm      ok
    // 5                   happy    strong    1        happy     ok
    // 6                   happy    strong    2        sad
    // 7                   happy    normal    3        happy     ok
    // 8                   sad      strong    3        sad       ok
    // 9                   angry    strong    1        fearful
    // 10                  angry    normal    2        angry     ok
    static final List<Utterance> TRUTH = List.of(
            u(1, NEUTRAL, N, 1), u(2, NEUTRAL, N, 2), u(3, CALM, N, 1), u(4, CALM, S, 2), u(5, HAPPY, S, 1),
            u(6, HAPPY, S, 2), u(7, HAPPY, N, 3), u(8, SAD, S, 3), u(9, ANGRY, S, 1), u(10, ANGRY, N, 2));
    static final List<String> PREDICTED = List.of(NEUTRAL, CALM, CALM, CALM, HAPPY, SAD, HAPPY, SAD, FEARFUL, ANGRY);

    static List<float[]> probabilities(List<String> predicted) {
        List<float[]> out = new ArrayList<>();
        for (String p : predicted) {
            float[] v = new float[8];
            java.util.Arrays.fill(v, 0.3f / 7);
            v[L.indexOf(p)] = 0.7f;
            out.add(v);
        }
        return out;
    }

    static Evaluation handMade() {
        return Evaluator.evaluate(L, TRUTH, probabilities(PREDICTED));
    }

    @Test
    void headlineMetrics() {
        Evaluation e = handMade();
        assertEquals(10, e.n());
        assertEquals(7, e.correct());
        assertEquals(0.7, e.accuracy(), EPS);
        // recall: neutral 1/2, calm 2/2, happy 2/3, sad 1/1, angry 1/2 (classes with support only)
        assertEquals((0.5 + 1 + 2.0 / 3 + 1 + 0.5) / 5, e.unweightedAccuracy(), EPS); // 11/15
        assertEquals(11.0 / 15, e.unweightedAccuracy(), EPS);
        // F1: neutral 2/3, calm 4/5, happy 4/5, sad 2/3, angry 2/3, fearful 0 (predicted, never true)
        assertEquals(3.0 / 5, e.macroF1(), EPS);
    }

    @Test
    void perClassPrecisionRecallF1() {
        Evaluation e = handMade();
        // calm: predicted 3 times (2, 3, 4), 2 right; support 2
        ClassMetrics calm = e.classMetrics(CALM);
        assertEquals(2, calm.support());
        assertEquals(2.0 / 3, calm.precision(), EPS);
        assertEquals(1.0, calm.recall(), EPS);
        assertEquals(0.8, calm.f1(), EPS);
        assertEquals(3, calm.predicted());
        // happy: predicted 2 times (5, 7), both right; support 3
        ClassMetrics happy = e.classMetrics(HAPPY);
        assertEquals(1.0, happy.precision(), EPS);
        assertEquals(2.0 / 3, happy.recall(), EPS);
        assertEquals(0.8, happy.f1(), EPS);
        // sad: predicted 2 times (6, 8), 1 right; support 1
        ClassMetrics sad = e.classMetrics(SAD);
        assertEquals(0.5, sad.precision(), EPS);
        assertEquals(1.0, sad.recall(), EPS);
        assertEquals(2.0 / 3, sad.f1(), EPS);
        // fearful: predicted once, never true: all zero, but present
        ClassMetrics fear = e.classMetrics(FEARFUL);
        assertEquals(new ClassMetrics(FEARFUL, 0, 0, 0, 0, 1), fear);
        assertTrue(fear.present());
        assertThrows(IllegalArgumentException.class, () -> e.classMetrics("bored"));
        // disgust: absent everywhere
        assertEquals(new ClassMetrics("disgust", 0, 0, 0, 0, 0), e.classMetrics("disgust"));
        assertEquals(8, e.perClass().size());
    }

    @Test
    void confusionRowsAreTruthColumnsArePredictions() {
        int[][] expected = new int[8][8];
        expected[0][0] = 1; // neutral -> neutral
        expected[0][1] = 1; // neutral -> calm
        expected[1][1] = 2;
        expected[2][2] = 2;
        expected[2][3] = 1; // happy -> sad
        expected[3][3] = 1;
        expected[4][5] = 1; // angry -> fearful
        expected[4][4] = 1;
        Evaluation e = handMade();
        assertArrayEquals(expected, e.confusion());
        assertEquals(1, e.count(ANGRY, FEARFUL));
        e.confusion()[0][0] = 99; // a copy: the evaluation is immutable
        assertEquals(1, e.count(NEUTRAL, NEUTRAL));
    }

    @Test
    void breakdownsByIntensityGenderAndSpeaker() {
        Evaluation e = handMade();
        // normal: 1, 2, 3, 7, 10 -> 4 right; strong: 4, 5, 6, 8, 9 -> 3 right
        assertEquals(new GroupScore(4, 5), e.intensity().get(Intensity.NORMAL));
        assertEquals(new GroupScore(3, 5), e.intensity().get(Intensity.STRONG));
        assertEquals(2, e.intensity().get(Intensity.STRONG).wrong());
        // speaker 1 (male): 1, 3, 5, 9 -> 3/4; speaker 2 (female): 2, 4, 6, 10 -> 2/4; speaker 3 (male): 7, 8 -> 2/2
        assertEquals(Map.of("1", new GroupScore(3, 4), "2", new GroupScore(2, 4), "3", new GroupScore(2, 2)), e.speakers());
        assertEquals(List.of(0.75, 0.5, 1.0), List.copyOf(e.speakerAccuracy().values()));
        assertEquals(new GroupScore(5, 6), e.gender().get(Gender.MALE));
        assertEquals(new GroupScore(2, 4), e.gender().get(Gender.FEMALE));
    }

    @Test
    void argmaxTakesTheLowestIndexOnTiesAndRejectsBadVectors() {
        Utterance x = TRUTH.get(0);
        assertEquals(1, Evaluator.argmax(new float[] {0.1f, 0.4f, 0.4f, 0, 0, 0, 0, 0.1f}, L, x));
        assertEquals(7, Evaluator.argmax(new float[] {-3, -2, -2, -5, -9, -1, -7, 4}, L, x));
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> Evaluator.argmax(new float[7], L, x));
        assertTrue(len.getMessage().contains("u1.wav: expected 8 scores, found 7"), len.getMessage());
        float[] nan = new float[8];
        nan[3] = Float.NaN;
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Evaluator.argmax(nan, L, x));
        assertTrue(n.getMessage().contains("score 3 (sad) is NaN"), n.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(L, TRUTH, probabilities(PREDICTED).subList(0, 9)));
    }

    @Test
    void perfectAndEmptyEvaluations() {
        Evaluation perfect = Evaluator.evaluatePredictions(L, TRUTH, TRUTH.stream().map(Utterance::label).toList());
        assertEquals(1.0, perfect.accuracy(), EPS);
        assertEquals(1.0, perfect.unweightedAccuracy(), EPS);
        assertEquals(1.0, perfect.macroF1(), EPS);
        Evaluation empty = Evaluator.evaluatePredictions(L, List.of(), List.of());
        assertEquals(0, empty.n());
        assertEquals(0.0, empty.accuracy());
        assertEquals(0.0, empty.macroF1());
    }

    @Test
    void jsonHasTheRequiredKeysAndRoundTrips() throws IOException {
        Evaluation e = handMade();
        Path file = tmp.resolve("out/metrics.json");
        e.write(file);
        JsonNode j = new ObjectMapper().readTree(file.toFile());
        assertEquals(10, j.get("n").asInt());
        assertEquals(0.7, j.get("accuracy").asDouble(), EPS);
        assertEquals(11.0 / 15, j.get("unweighted_accuracy").asDouble(), EPS);
        assertEquals(0.6, j.get("macro_f1").asDouble(), EPS);
        assertEquals(8, j.get("confusion").size());
        assertEquals(1, j.get("confusion").get(4).get(5).asInt());
        assertEquals("surprised", j.get("labels").get(7).asText());
        assertEquals(0.8, j.get("per_class").get("calm").get("f1").asDouble(), EPS);
        assertEquals(2, j.get("intensity").get("strong").get("wrong").asInt());
        assertEquals(0.5, j.get("gender").get("female").get("accuracy").asDouble(), EPS);
        assertEquals(0.75, j.get("speakers").get("1").get("accuracy").asDouble(), EPS);
        assertEquals(10, j.get("corpora").get("ravdess").get("total").asInt());
        assertEquals(e, Evaluation.read(file));
        assertEquals(e.hashCode(), Evaluation.read(file).hashCode());
    }

    @Test
    void inconsistentCountsAreRejected() {
        Evaluation e = handMade();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new Evaluation(L, e.confusion(),
                e.intensity(), e.gender(), new java.util.TreeMap<>(Map.of("1", new GroupScore(5, 6))), e.corpora()));
        assertTrue(x.getMessage().contains("speakers breakdown counts 5 correct of 6 but the confusion matrix has 7 correct of 10"),
                x.getMessage());
    }

    @Test
    void foldsArePooledAndSummarised() {
        Evaluation a = handMade(); // accuracy 0.7
        Evaluation b = Evaluator.evaluatePredictions(L, TRUTH, TRUTH.stream().map(Utterance::label).toList()); // 1.0
        Evaluation pooled = Evaluation.pool(List.of(a, b));
        assertEquals(20, pooled.n());
        assertEquals(17.0 / 20, pooled.accuracy(), EPS);
        assertEquals(new GroupScore(7, 8), pooled.speakers().get("1")); // 3/4 + 4/4
        assertEquals(new GroupScore(6, 8), pooled.speakers().get("2")); // 2/4 + 4/4
        assertEquals(new GroupScore(8, 10), pooled.intensity().get(Intensity.STRONG)); // 3/5 + 5/5
        assertEquals(4, pooled.count(CALM, CALM)); // 2 + 2
        assertEquals(1, pooled.count(NEUTRAL, CALM)); // 1 + 0

        FoldSummary s = Evaluation.summarize(List.of(a, b));
        assertEquals(2, s.k());
        assertEquals(0.85, s.accuracy().mean(), EPS);
        assertEquals(0.15, s.accuracy().std(), EPS); // population std of {0.7, 1.0}
        assertEquals((11.0 / 15 + 1) / 2, s.unweightedAccuracy().mean(), EPS);
        assertEquals(0.8, s.macroF1().mean(), EPS); // (0.6 + 1.0) / 2
        assertEquals(0.2, s.macroF1().std(), EPS);
        assertEquals(List.of(0.7, 1.0), s.accuracy().values());
        assertEquals("0.8500 ± 0.1500", s.accuracy().format());
        assertTrue(s.toJson().contains("\"unweighted_accuracy\""), s.toJson());
        assertThrows(IllegalArgumentException.class, () -> FoldSummary.of(List.of()));
    }

    @Test
    void anyLabelSetAndClipsWithoutIntensityOrGender() {
        List<String> labels = List.of("yes", "no", "maybe");
        List<Utterance> truth = List.of(Utterance.of(Path.of("a.wav"), "yes", "alice", "mine"),
                Utterance.of(Path.of("b.wav"), "no", "bob", "mine"), Utterance.of(Path.of("c.wav"), "no", "bob", "mine"));
        Evaluation e = Evaluator.evaluatePredictions(labels, truth, List.of("yes", "maybe", "no"));
        assertEquals(labels, e.labels());
        assertEquals(2, e.correct());
        assertEquals(1, e.count("no", "maybe"));
        assertEquals((1 + 0.5) / 2, e.unweightedAccuracy(), EPS);
        assertEquals(new GroupScore(0, 0), e.gender().get(Gender.MALE)); // no clip has a gender
        assertEquals(new GroupScore(2, 3), e.corpora().get("mine"));
        assertEquals(e, Evaluation.fromJson(e.toJson()));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluatePredictions(labels, truth, List.of("yes", "perhaps", "no")));
        assertTrue(x.getMessage().contains("b.wav: predicted 'perhaps' is not one of [yes, no, maybe]"), x.getMessage());
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class, () -> Evaluation.pool(List.of(e, handMade())));
        assertTrue(pool.getMessage().contains("cannot pool"), pool.getMessage());
    }
}
