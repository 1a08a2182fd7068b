package org.ser4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A model's scores on the same clips under a grid of recording conditions (see
 * {@code org.ser4j.augment.condition.RobustnessGrid}): a value, rendered elsewhere.
 *
 * @param rows one per condition, in grid order
 */
public record Robustness(List<Row> rows) {

    /**
     * The score under one condition.
     *
     * @param group {@code clean}, {@code noise}, {@code reverb}, {@code telephone}, {@code mp3} or {@code gain}
     * @param label the noise kind or room; the group's name otherwise
     * @param severity SNR (dB), bit rate (kbit/s) or gain (dB); NaN where none applies
     * @param spec the condition in the spec language
     * @param n clips scored
     * @param accuracy accuracy
     * @param unweightedAccuracy mean recall over the classes
     * @param macroF1 macro F1
     * @param check what the recording check said of the condition's clips; null when not checked
     */
    public record Row(String group, String label, double severity, String spec, int n, double accuracy,
            double unweightedAccuracy, double macroF1, CheckSummary check) {

        /** The row of {@code evaluation} under one condition, with what the recording check said (or null). */
        public static Row of(String group, String label, double severity, String spec, Evaluation evaluation,
                CheckSummary check) {
            return new Row(group, label, severity, spec, evaluation.n(), evaluation.accuracy(),
                    evaluation.unweightedAccuracy(), evaluation.macroF1(), check);
        }
    }

    public Robustness {
        rows = List.copyOf(rows);
    }

    /** UA of the clean row, or NaN when the grid has none. */
    public double cleanUa() {
        return rows.stream().filter(r -> r.group().equals("clean")).mapToDouble(Row::unweightedAccuracy).findFirst()
                .orElse(Double.NaN);
    }

    /** Mean UA of the rows of {@code group} at {@code severity} (any severity when NaN); empty when none. */
    public OptionalDouble meanUa(String group, double severity) {
        return rows.stream().filter(r -> r.group().equals(group)
                        && (Double.isNaN(severity) || Double.compare(r.severity(), severity) == 0))
                .mapToDouble(Row::unweightedAccuracy).average();
    }

    /** Mean UA over every row but the clean one: one figure for "how it does off the studio". */
    public double meanDegradedUa() {
        return rows.stream().filter(r -> !r.group().equals("clean")).mapToDouble(Row::unweightedAccuracy).average()
                .orElse(Double.NaN);
    }

    /** The value written to {@code robustness.json}: the details given, summary figures and every row. */
    public Map<String, Object> toJson(Map<String, String> details) {
        Map<String, Object> out = new LinkedHashMap<>(details);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("clean_ua", cleanUa());
        summary.put("mean_degraded_ua", meanDegradedUa());
        meanUa("noise", 10).ifPresent(v -> summary.put("noise_10db_mean_ua", v));
        meanUa("noise", 20).ifPresent(v -> summary.put("noise_20db_mean_ua", v));
        meanUa("reverb", Double.NaN).ifPresent(v -> summary.put("reverb_mean_ua", v));
        meanUa("telephone", Double.NaN).ifPresent(v -> summary.put("telephone_ua", v));
        meanUa("gain", -30).ifPresent(v -> summary.put("gain_minus30_ua", v));
        out.put("summary", summary);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", r.group());
            m.put("label", r.label());
            m.put("severity", Double.isNaN(r.severity()) ? null : r.severity());
            m.put("spec", r.spec());
            m.put("n", r.n());
            m.put("accuracy", r.accuracy());
            m.put("unweighted_accuracy", r.unweightedAccuracy());
            m.put("macro_f1", r.macroF1());
            if (r.check() != null) {
                m.put("recording_check", r.check().toJson());
            }
            list.add(m);
        }
        out.put("conditions", list);
        return out;
    }
}
