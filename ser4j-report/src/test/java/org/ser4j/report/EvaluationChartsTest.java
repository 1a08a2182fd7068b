package org.ser4j.report;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.eval.EpochRecord;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.TrainingHistory;

class EvaluationChartsTest {

    @TempDir
    Path tmp;

    @Test
    void everyChartIsAPngOfItsDocumentedSize() throws IOException {
        Evaluation e = ReportFixtures.evaluation();
        Charts.confusion(e, tmp.resolve("confusion.png"));
        PngAssertions.assertPng(tmp.resolve("confusion.png"), Charts.HEATMAP_SIZE, Charts.HEATMAP_SIZE);
        Charts.intensity(e, tmp.resolve("intensity.png"));
        PngAssertions.assertPng(tmp.resolve("intensity.png"), Charts.WIDTH, Charts.HEIGHT);
        Charts.gender(e, tmp.resolve("gender.png"));
        PngAssertions.assertPng(tmp.resolve("gender.png"), Charts.WIDTH, Charts.HEIGHT);
        Charts.speakers(e, tmp.resolve("speakers.png"));
        PngAssertions.assertPng(tmp.resolve("speakers.png"), Charts.WIDTH, Charts.HEIGHT);
        Charts.perClass(e, tmp.resolve("per-class.png"));
        PngAssertions.assertPng(tmp.resolve("per-class.png"), Charts.WIDTH, Charts.HEIGHT);
        Charts.curves(ReportFixtures.history(40), tmp.resolve("sub/curves.png"));
        PngAssertions.assertPng(tmp.resolve("sub/curves.png"), Charts.CURVES_WIDTH, Charts.HEIGHT);
    }

    @Test
    void curvesWithoutValidationAndEmptyHistory() throws IOException {
        TrainingHistory noValidation = TrainingHistory.empty()
                .plus(new EpochRecord(1, 2.0, 0.2, Double.NaN, Double.NaN, 1))
                .plus(new EpochRecord(2, 1.5, 0.4, Double.NaN, Double.NaN, 1));
        Charts.curves(noValidation, tmp.resolve("c.png"));
        PngAssertions.assertPng(tmp.resolve("c.png"), Charts.CURVES_WIDTH, Charts.HEIGHT);
        assertThrows(IllegalArgumentException.class, () -> Charts.curves(TrainingHistory.empty(), tmp.resolve("x.png")));
    }
}
