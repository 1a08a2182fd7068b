package org.ser4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ser4j.data.AtomicFiles;
import org.ser4j.eval.ClassMetrics;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.FoldSummary;
import org.ser4j.eval.GroupScore;
import org.ser4j.eval.TrainingHistory;

/**
 * One self-contained HTML page ({@value #REPORT}) that shows an evaluation: the headline metrics, the
 * per-class table, the confusion matrix (as a heat map and as a table), the intensity, gender and
 * speaker breakdowns, and the training curves when a history is given. The PNGs and
 * {@value #METRICS} are written beside it; the page refers to them by relative names, so the directory
 * can be moved or served as it is.
 */
public final class ReportPage {

    public static final String REPORT = "report.html";
    public static final String METRICS = "metrics.json";
    public static final String FOLDS = "folds.json";
    public static final String CONFUSION_PNG = "confusion.png";
    public static final String PER_CLASS_PNG = "per-class.png";
    public static final String INTENSITY_PNG = "intensity.png";
    public static final String GENDER_PNG = "gender.png";
    public static final String SPEAKERS_PNG = "speakers.png";
    public static final String CURVES_PNG = "curves.png";

    private ReportPage() {}

    /**
     * Writes the report of one evaluation into {@code dir} (created if needed).
     *
     * @param history the training history to plot, or {@code null} (e.g. evaluating a bundle on new data)
     * @return the written {@value #REPORT}
     */
    public static Path write(Evaluation evaluation, TrainingHistory history, Path dir) throws IOException {
        return write("ser4j evaluation", Map.of(), evaluation, history, dir);
    }

    /**
     * As {@link #write(Evaluation, TrainingHistory, Path)}, with a title and a table of details shown
     * at the top (e.g. model, data directory, split, epochs), in the map's iteration order.
     */
    public static Path write(String title, Map<String, String> details, Evaluation evaluation, TrainingHistory history,
            Path dir) throws IOException {
        evaluation.write(dir.resolve(METRICS));
        StringBuilder body = new StringBuilder();
        detailsTable(body, details);
        evaluationSections(body, evaluation, dir);
        if (history != null && !history.epochs().isEmpty()) {
            Charts.curves(history, dir.resolve(CURVES_PNG));
            body.append("<h2>Training</h2>\n");
            history.bestByValidationLoss().ifPresent(best -> body.append(String.format(Locale.ROOT,
                    "<p>%d epochs, %.0f s. Lowest validation loss %.4f at epoch %d (validation accuracy %s).</p>\n",
                    history.epochs().size(), history.totalSeconds(), best.validationLoss(), best.epoch(),
                    pct(best.validationAccuracy()))));
            img(body, CURVES_PNG, "training and validation loss and accuracy per epoch");
        }
        return page(dir, title, body);
    }

    /**
     * Writes the report of a k-fold cross-validation: mean and standard deviation of accuracy, UA and
     * macro F1 over the folds ({@value #FOLDS}), a table per fold, and the sections of
     * {@link #write(Evaluation, TrainingHistory, Path)} for the pooled evaluation of all folds
     * ({@value #METRICS}).
     *
     * @return the written {@value #REPORT}
     */
    public static Path writeFolds(String title, Map<String, String> details, List<Evaluation> folds, Path dir)
            throws IOException {
        FoldSummary summary = FoldSummary.of(folds);
        Evaluation pooled = Evaluation.pool(folds);
        pooled.write(dir.resolve(METRICS));
        AtomicFiles.writeFile(dir.resolve(FOLDS), out -> out.write(summary.toJson().getBytes(StandardCharsets.UTF_8)));
        StringBuilder body = new StringBuilder();
        detailsTable(body, details);
        body.append(String.format(Locale.ROOT, "<h2>%d folds</h2>\n<table class=\"metrics\">\n", summary.k()));
        body.append("<tr><th>fold</th><th>n</th><th>accuracy</th><th>unweighted accuracy</th><th>macro F1</th></tr>\n");
        for (int i = 0; i < folds.size(); i++) {
            Evaluation f = folds.get(i);
            body.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                    i + 1, f.n(), pct(f.accuracy()), pct(f.unweightedAccuracy()), pct(f.macroF1())));
        }
        body.append(String.format(Locale.ROOT,
                "<tr class=\"total\"><td>mean &plusmn; std</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>\n</table>\n",
                pooled.n(), meanStd(summary.accuracy()), meanStd(summary.unweightedAccuracy()), meanStd(summary.macroF1())));
        body.append("<p>Standard deviation over folds with divisor k. Below: all folds pooled.</p>\n");
        evaluationSections(body, pooled, dir);
        return page(dir, title, body);
    }

    /** The chart of a robustness report. */
    public static final String ROBUSTNESS_PNG = "robustness-snr.png";

    /**
     * Writes the report of a robustness grid: the chart of UA against SNR per noise kind
     * ({@value #ROBUSTNESS_PNG}) and a table of every condition. {@code robustness.json} is the caller's.
     *
     * @return the written {@value #REPORT}
     */
    public static Path writeRobustness(String title, Map<String, String> details,
            org.ser4j.eval.Robustness robustness, Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        Charts.robustness(robustness, dir.resolve(ROBUSTNESS_PNG));
        StringBuilder body = new StringBuilder();
        detailsTable(body, details);
        body.append("<h2>Unweighted accuracy against SNR</h2>\n");
        img(body, ROBUSTNESS_PNG, "unweighted accuracy against signal-to-noise ratio, one line per noise kind");
        body.append("<h2>Every condition</h2>\n<table class=\"metrics\">\n")
                .append("<tr><th>group</th><th>condition</th><th>severity</th><th>n</th><th>accuracy</th>"
                        + "<th>unweighted accuracy</th><th>macro F1</th><th>SNR read</th><th>warned</th>"
                        + "<th>accuracy warned / not</th><th>spec</th></tr>\n");
        for (org.ser4j.eval.Robustness.Row r : robustness.rows()) {
            org.ser4j.eval.CheckSummary c = r.check();
            body.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                            + "<td>%s</td><td><code>%s</code></td></tr>\n",
                    escape(r.group()), escape(r.label()), Double.isNaN(r.severity()) ? "" : String.format(Locale.ROOT, "%g",
                            r.severity()), r.n(), pct(r.accuracy()), pct(r.unweightedAccuracy()), pct(r.macroF1()),
                    c == null || Double.isNaN(c.medianSnrDb()) ? "" : String.format(Locale.ROOT, "%.1f dB", c.medianSnrDb()),
                    c == null ? "" : c.warned() + " of " + c.checked(),
                    c == null ? "" : orDash(c.accuracyWarned()) + " / " + orDash(c.accuracyNotWarned()),
                    escape(r.spec())));
        }
        body.append(String.format(Locale.ROOT, "</table>\n<p>Clean %s; mean over the degraded conditions %s. SNR read,"
                + " warned: what the recording check of <code>predict</code> said of the clips it heard speech in (median"
                + " SNR; clips warned very noisy, busy background or echoey) and the accuracy of the warned clips and of the others.</p>\n",
                pct(robustness.cleanUa()), pct(robustness.meanDegradedUa())));
        return page(dir, title, body);
    }

    private static String orDash(double v) {
        return Double.isNaN(v) ? "-" : pct(v);
    }

    private static void evaluationSections(StringBuilder body, Evaluation e, Path dir) throws IOException {
        Charts.confusion(e, dir.resolve(CONFUSION_PNG));
        Charts.perClass(e, dir.resolve(PER_CLASS_PNG));
        Charts.intensity(e, dir.resolve(INTENSITY_PNG));
        Charts.gender(e, dir.resolve(GENDER_PNG));
        Charts.speakers(e, dir.resolve(SPEAKERS_PNG));

        body.append("<h2>Metrics</h2>\n<table class=\"metrics\">\n");
        row(body, "utterances", Integer.toString(e.n()));
        row(body, "accuracy", pct(e.accuracy()));
        row(body, "unweighted accuracy (mean recall)", pct(e.unweightedAccuracy()));
        row(body, "macro F1", pct(e.macroF1()));
        body.append("</table>\n<p><a href=\"").append(METRICS).append("\">").append(METRICS).append("</a></p>\n");

        body.append("<h2>Per class</h2>\n<table class=\"metrics\">\n")
                .append("<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr>\n");
        for (ClassMetrics m : e.perClass()) {
            body.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td></tr>\n",
                    escape(m.label()), pct(m.precision()), pct(m.recall()), pct(m.f1()), m.support(), m.predicted()));
        }
        body.append("</table>\n");
        img(body, PER_CLASS_PNG, "precision, recall and F1 per emotion");

        body.append("<h2>Confusion matrix</h2>\n<p>Rows: true class; columns: predicted class.</p>\n");
        img(body, CONFUSION_PNG, "confusion matrix heat map");
        body.append("<table class=\"confusion\">\n<tr><th>true \\ predicted</th>");
        for (String p : e.labels()) {
            body.append("<th>").append(escape(p)).append("</th>");
        }
        body.append("</tr>\n");
        int[][] confusion = e.confusion();
        for (int t = 0; t < confusion.length; t++) {
            body.append("<tr><th>").append(escape(e.labels().get(t))).append("</th>");
            for (int p = 0; p < confusion.length; p++) {
                body.append(t == p ? "<td class=\"diag\">" : "<td>").append(confusion[t][p]).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");

        body.append("<h2>Intensity and gender</h2>\n");
        groupTable(body, "intensity", e.intensity());
        img(body, INTENSITY_PNG, "correct and wrong predictions by intensity");
        groupTable(body, "gender", e.gender());
        img(body, GENDER_PNG, "correct and wrong predictions by gender");

        if (e.corpora().size() > 1) {
            body.append("<h2>Corpora</h2>\n");
            groupTable(body, "corpus", e.corpora());
        }
        body.append("<h2>Speakers</h2>\n");
        groupTable(body, "speaker", e.speakers());
        img(body, SPEAKERS_PNG, "accuracy per speaker");
    }

    private static void detailsTable(StringBuilder body, Map<String, String> details) {
        if (details.isEmpty()) {
            return;
        }
        body.append("<table class=\"details\">\n");
        details.forEach((k, v) -> row(body, k, escape(v)));
        body.append("</table>\n");
    }

    private static <K> void groupTable(StringBuilder body, String what, Map<K, GroupScore> groups) {
        body.append("<table class=\"metrics\">\n<tr><th>").append(what)
                .append("</th><th>correct</th><th>wrong</th><th>total</th><th>accuracy</th></tr>\n");
        groups.forEach((k, g) -> body.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>\n",
                escape(k instanceof Enum<?> en ? en.name().toLowerCase(Locale.ROOT) : k.toString()),
                g.correct(), g.wrong(), g.total(), pct(g.accuracy()))));
        body.append("</table>\n");
    }

    private static void row(StringBuilder body, String key, String valueHtml) {
        body.append("<tr><th>").append(escape(key)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static void img(StringBuilder body, String file, String alt) {
        body.append("<p><img src=\"").append(file).append("\" alt=\"").append(escape(alt)).append("\"></p>\n");
    }

    private static Path page(Path dir, String title, StringBuilder body) throws IOException {
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n"
                + "body{font-family:sans-serif;max-width:1650px;margin:1em auto;padding:0 1em;color:#222}\n"
                + "table{border-collapse:collapse;margin:0.5em 0}\n"
                + "th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}\n"
                + "th{background:#f3f3f3}\n"
                + "table.details th,table.metrics td:first-child{text-align:left}\n"
                + "td.diag{background:#dfeffa;font-weight:bold}\n"
                + "tr.total td{font-weight:bold}\n"
                + "img{max-width:100%;height:auto}\n"
                + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
        Path file = dir.resolve(REPORT);
        AtomicFiles.writeFile(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String meanStd(FoldSummary.Stat s) {
        return String.format(Locale.ROOT, "%.1f%% &plusmn; %.1f", 100 * s.mean(), 100 * s.std());
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
