package org.ser4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ser4j.vad.RecordingCheck;

/**
 * What the recording check ({@link RecordingCheck}) said of the clips scored under one condition,
 * and whether the clips it warned about were the ones the model got wrong.
 *
 * @param checked clips checked
 * @param snrRead of them, clips whose SNR could be read (a pause of 0.2 s clear of speech; babble often fills them)
 * @param warned of them, clips with a warning that says to expect lower accuracy (very noisy, busy background or echoey)
 * @param medianSnrDb median SNR read over the clips with an estimate; NaN when none had one
 * @param medianReverberationSeconds median reverberation time read over the clips with one; NaN when none
 * @param accuracyWarned accuracy over the warned clips; NaN when none was warned
 * @param accuracyNotWarned accuracy over the others; NaN when every clip was warned
 */
public record CheckSummary(int checked, int snrRead, int warned, double medianSnrDb, double medianReverberationSeconds,
        double accuracyWarned, double accuracyNotWarned) {

    /**
     * The summary of {@code checks}, with {@code correct.get(i)} whether the model was right on the
     * clip of {@code checks.get(i)}.
     */
    public static CheckSummary of(List<RecordingCheck> checks, List<Boolean> correct) {
        if (checks.size() != correct.size()) {
            throw new IllegalArgumentException(checks.size() + " checks for " + correct.size() + " verdicts");
        }
        List<Double> snr = new ArrayList<>();
        List<Double> rt = new ArrayList<>();
        int warned = 0;
        int warnedRight = 0;
        int plainRight = 0;
        for (int i = 0; i < checks.size(); i++) {
            RecordingCheck c = checks.get(i);
            if (c.hasSnr()) {
                snr.add(c.snrDb());
            }
            if (!Double.isNaN(c.reverberationSeconds())) {
                rt.add(c.reverberationSeconds());
            }
            if (c.accuracyWarning()) {
                warned++;
                warnedRight += correct.get(i) ? 1 : 0;
            } else {
                plainRight += correct.get(i) ? 1 : 0;
            }
        }
        int plain = checks.size() - warned;
        return new CheckSummary(checks.size(), snr.size(), warned, median(snr), median(rt),
                warned == 0 ? Double.NaN : (double) warnedRight / warned, plain == 0 ? Double.NaN : (double) plainRight / plain);
    }

    /** The median, the mean of the two middle values for an even count; NaN for none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** The JSON form; NaN figures are null. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checked", checked);
        m.put("snr_read", snrRead);
        m.put("warned", warned);
        m.put("median_snr_db", finite(medianSnrDb));
        m.put("median_reverberation_s", finite(medianReverberationSeconds));
        m.put("accuracy_warned", finite(accuracyWarned));
        m.put("accuracy_not_warned", finite(accuracyNotWarned));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
