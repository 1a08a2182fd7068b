package org.ser4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.ser4j.data.Json;

/**
 * Mean and standard deviation of the headline metrics over the k folds of a cross-validation.
 *
 * @param k number of folds
 * @param accuracy accuracy over folds
 * @param unweightedAccuracy unweighted accuracy over folds
 * @param macroF1 macro F1 over folds
 */
public record FoldSummary(int k, Stat accuracy, Stat unweightedAccuracy, Stat macroF1) {

    /**
     * The values of one metric over the folds, their mean, and their standard deviation: the population
     * standard deviation (divisor k, NumPy's {@code np.std} default), 0 for a single fold.
     */
    public record Stat(List<Double> values, double mean, double std) {

        public Stat {
            values = List.copyOf(values);
        }

        static Stat of(List<Double> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no folds to summarise");
            }
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= values.size();
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Stat(values, mean, Math.sqrt(ss / values.size()));
        }

        /** E.g. {@code "0.6312 ± 0.0421"}. */
        public String format() {
            return String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
        }
    }

    /** Summarises the evaluations of the folds (in fold order). */
    public static FoldSummary of(List<Evaluation> folds) {
        return new FoldSummary(folds.size(), stat(folds, Evaluation::accuracy), stat(folds, Evaluation::unweightedAccuracy),
                stat(folds, Evaluation::macroF1));
    }

    private static Stat stat(List<Evaluation> folds, ToDoubleFunction<Evaluation> metric) {
        return Stat.of(folds.stream().map(e -> metric.applyAsDouble(e)).toList());
    }

    /** JSON: {@code k}, and per metric ({@code accuracy}, {@code unweighted_accuracy}, {@code macro_f1}) mean, std and per-fold values. */
    public String toJson() {
        ObjectMapper json = Json.MAPPER;
        ObjectNode root = json.createObjectNode();
        root.put("k", k);
        put(root.putObject("accuracy"), accuracy);
        put(root.putObject("unweighted_accuracy"), unweightedAccuracy);
        put(root.putObject("macro_f1"), macroF1);
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise fold summary", e);
        }
    }

    private static void put(ObjectNode o, Stat s) {
        o.put("mean", s.mean());
        o.put("std", s.std());
        ArrayNode v = o.putArray("folds");
        s.values().forEach(v::add);
    }
}
