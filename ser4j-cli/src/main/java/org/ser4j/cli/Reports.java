package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.TrainingHistory;

/** Writes the report pictures and page of an evaluation (ser4j-report) beside its metrics.json. */
final class Reports {

    private Reports() {}

    /**
     * @param history the training history, or null when unknown
     * @param err where to say that no report could be drawn (metrics.json is written anyway)
     */
    static void write(Evaluation evaluation, TrainingHistory history, Path dir, PrintWriter err) throws IOException {
        // ser4j-report's ReportPage (confusion heat map, intensity/gender/speaker charts, curves, report.html)
        // is wired in here once it is merged.
    }
}
