package org.ser4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ser4j.vad.RecordingCheck;

class CheckSummaryTest {

    private static RecordingCheck check(double snr, double rt) {
        return new RecordingCheck(-25, snr, 0, rt, 0.5, 30, List.of());
    }

    @Test
    void countsAccuracyWarningsAndSplitsAccuracyByThem() {
        List<RecordingCheck> checks = List.of(check(-3, 0.3), check(12, 0.2), check(Double.NaN, 2.0), check(30, Double.NaN));
        CheckSummary s = CheckSummary.of(checks, List.of(false, true, true, false));
        assertEquals(4, s.checked());
        assertEquals(3, s.snrRead());
        assertEquals(2, s.warned()); // very noisy, and echoey
        assertEquals(0.5, s.accuracyWarned());
        assertEquals(0.5, s.accuracyNotWarned());
        assertEquals(12, s.medianSnrDb()); // of -3, 12, 30
        assertEquals(0.3, s.medianReverberationSeconds(), 1e-12); // of 0.2, 0.3, 2.0
        assertTrue(checks.get(0).veryNoisy() && !checks.get(0).echoey() && checks.get(2).echoey());
    }

    @Test
    void emptyPartsAreNullInJson() {
        CheckSummary s = CheckSummary.of(List.of(check(Double.NaN, Double.NaN)), List.of(true));
        assertEquals(0, s.warned());
        assertTrue(Double.isNaN(s.medianSnrDb()));
        assertNull(s.toJson().get("median_snr_db"));
        assertNull(s.toJson().get("accuracy_warned"));
        assertEquals(1.0, s.toJson().get("accuracy_not_warned"));
        assertEquals(2.5, CheckSummary.median(List.of(1.0, 4.0, 2.0, 3.0)));
        assertThrows(IllegalArgumentException.class, () -> CheckSummary.of(List.of(), List.of(true)));
    }
}
