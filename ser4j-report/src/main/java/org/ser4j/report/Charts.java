package org.ser4j.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.CorpusSummary;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;
import org.ser4j.eval.ClassMetrics;
import org.ser4j.eval.EpochRecord;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.GroupScore;
import org.ser4j.eval.TrainingHistory;

/**
 * PNG charts (XChart, rendered off-screen). Every method writes one PNG of {@link #WIDTH} x
 * {@link #HEIGHT} pixels (the confusion heat map is square, {@link #HEATMAP_SIZE}) and creates the
 * parent directory if needed. The JVM is switched to headless AWT on first use
 * ({@code java.awt.headless=true}) unless the property was set explicitly.
 */
public final class Charts {

    /** Width of the bar and line charts in pixels. */
    public static final int WIDTH = 800;
    /** Height of the bar and line charts in pixels. */
    public static final int HEIGHT = 500;
    /** Side of the square confusion heat map in pixels. */
    public static final int HEATMAP_SIZE = 720;

    /** File names written by {@link #corpus(CorpusSummary, Path)}. */
    public static final String CORPUS_EMOTIONS = "corpus-emotions.png";
    public static final String CORPUS_INTENSITY = "corpus-intensity.png";
    public static final String CORPUS_GENDER = "corpus-gender.png";
    public static final String CORPUS_SPEAKERS = "corpus-speakers.png";

    /** Width of {@link #curves}: loss and accuracy side by side. */
    public static final int CURVES_WIDTH = 2 * WIDTH;

    /** Above this many epochs the curves are drawn without point markers. */
    private static final int MARKER_EPOCHS = 60;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    /**
     * Writes the four corpus bar charts into {@code dir}: utterances per emotion ({@value #CORPUS_EMOTIONS}),
     * per emotion and intensity ({@value #CORPUS_INTENSITY}), per gender ({@value #CORPUS_GENDER}) and per
     * speaker ({@value #CORPUS_SPEAKERS}).
     *
     * @return the written files, in that order
     */
    public static List<Path> corpus(CorpusSummary summary, Path dir) throws IOException {
        List<Path> out = List.of(dir.resolve(CORPUS_EMOTIONS), dir.resolve(CORPUS_INTENSITY),
                dir.resolve(CORPUS_GENDER), dir.resolve(CORPUS_SPEAKERS));
        corpusEmotions(summary, out.get(0));
        corpusIntensity(summary, out.get(1));
        corpusGender(summary, out.get(2));
        corpusSpeakers(summary, out.get(3));
        return out;
    }

    /** Bar chart: utterances per emotion (SEC-PyTorch's first dataset picture). */
    public static void corpusEmotions(CorpusSummary summary, Path png) throws IOException {
        CategoryChart chart = bars("Utterances per emotion", "emotion", "utterances");
        List<String> labels = new ArrayList<>(summary.labels().keySet());
        List<Integer> counts = new ArrayList<>(summary.labels().values());
        if (labels.isEmpty()) {
            labels.add("(none)");
            counts.add(0);
        }
        chart.addSeries("utterances", labels, counts);
        headroom(chart, max(counts));
        chart.getStyler().setLegendVisible(false);
        save(chart, png);
    }

    /** Grouped bar chart: utterances per emotion and intensity (SEC-PyTorch's second dataset picture). */
    public static void corpusIntensity(CorpusSummary summary, Path png) throws IOException {
        CategoryChart chart = bars("Utterances per emotion and intensity", "emotion", "utterances");
        double tallest = 0;
        List<String> labels = new ArrayList<>(summary.labels().keySet());
        if (labels.isEmpty()) {
            labels.add("(none)");
        }
        for (Intensity i : Intensity.values()) {
            List<Integer> counts = new ArrayList<>();
            for (String l : labels) {
                Map<Intensity, Integer> m = summary.labelIntensities().get(l);
                counts.add(m == null ? 0 : m.get(i));
            }
            chart.addSeries(lower(i), labels, counts);
            tallest = Math.max(tallest, max(counts));
        }
        headroom(chart, tallest);
        save(chart, png);
    }

    /** Bar chart: utterances per speaker gender. */
    public static void corpusGender(CorpusSummary summary, Path png) throws IOException {
        CategoryChart chart = bars("Utterances per gender", "gender", "utterances");
        List<String> labels = new ArrayList<>();
        for (Gender g : Gender.values()) {
            labels.add(lower(g));
        }
        List<Integer> counts = values(summary.genders(), Gender.values());
        chart.addSeries("utterances", labels, counts);
        headroom(chart, max(counts));
        chart.getStyler().setLegendVisible(false);
        save(chart, png);
    }

    /** Bar chart: utterances per speaker id. */
    public static void corpusSpeakers(CorpusSummary summary, Path png) throws IOException {
        CategoryChart chart = bars("Utterances per speaker", "speaker", "utterances");
        List<String> labels = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        summary.speakers().forEach((s, n) -> {
            labels.add(s);
            counts.add(n);
        });
        if (labels.isEmpty()) {
            labels.add("(none)");
            counts.add(0);
        }
        chart.addSeries("utterances", labels, counts);
        headroom(chart, max(counts));
        chart.getStyler().setLegendVisible(false);
        save(chart, png);
    }

    static double max(List<? extends Number> values) {
        double m = 0;
        for (Number v : values) {
            m = Math.max(m, v.doubleValue());
        }
        return m;
    }

    // ---------------------------------------------------------------- evaluation charts

    /**
     * Confusion heat map, {@link #HEATMAP_SIZE} pixels square: true emotion top to bottom (neutral first),
     * predicted emotion left to right, every cell annotated with its count; the colour scale runs from
     * 0 to the largest count.
     */
    public static void confusion(Evaluation evaluation, Path png) throws IOException {
        HeatMapChart chart = new HeatMapChartBuilder().width(HEATMAP_SIZE).height(HEATMAP_SIZE)
                .title(String.format(Locale.ROOT, "Confusion matrix (n = %d, accuracy %.1f%%)", evaluation.n(),
                        100 * evaluation.accuracy()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        List<String> x = evaluation.labels();
        List<String> y = new ArrayList<>(x);
        java.util.Collections.reverse(y); // XChart draws the first y category at the bottom
        List<Number[]> cells = new ArrayList<>();
        int max = 1;
        int[][] confusion = evaluation.confusion();
        int k = confusion.length;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                int count = confusion[t][p];
                max = Math.max(max, count);
                cells.add(new Number[] {p, k - 1 - t, count});
            }
        }
        chart.addSeries("counts", x, y, cells);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0");
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setRangeColors(new java.awt.Color[] {
            new java.awt.Color(0xF7FBFF), new java.awt.Color(0x9ECAE1), new java.awt.Color(0x3182BD)});
        chart.getStyler().setValueFontColor(java.awt.Color.BLACK);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotContentSize(1.0);
        save(chart, png);
    }

    /** Stacked bars of correct and wrong predictions per intensity (SEC-PyTorch's intensity x correctness table). */
    public static void intensity(Evaluation evaluation, Path png) throws IOException {
        correctness("Correct and wrong predictions by emotion intensity", "intensity", evaluation.intensity(), png);
    }

    /** Stacked bars of correct and wrong predictions per speaker gender (SEC-PyTorch's gender x correctness table). */
    public static void gender(Evaluation evaluation, Path png) throws IOException {
        correctness("Correct and wrong predictions by speaker gender", "gender", evaluation.gender(), png);
    }

    private static <E extends Enum<E>> void correctness(String title, String xTitle, Map<E, GroupScore> groups, Path png)
            throws IOException {
        CategoryChart chart = bars(title, xTitle, "utterances");
        chart.getStyler().setStacked(true);
        List<String> labels = new ArrayList<>();
        List<Integer> correct = new ArrayList<>();
        List<Integer> wrong = new ArrayList<>();
        double tallest = 0;
        for (Map.Entry<E, GroupScore> e : groups.entrySet()) {
            GroupScore g = e.getValue();
            labels.add(String.format(Locale.ROOT, "%s (%.1f%% correct)", lower(e.getKey()), 100 * g.accuracy()));
            correct.add(g.correct());
            wrong.add(g.wrong());
            tallest = Math.max(tallest, g.total());
        }
        chart.addSeries("correct", labels, correct).setFillColor(new java.awt.Color(0x4CAF50));
        chart.addSeries("wrong", labels, wrong).setFillColor(new java.awt.Color(0xE57373));
        headroom(chart, tallest);
        save(chart, png);
    }

    /** Bars of the accuracy (in %) of every speaker, with the overall accuracy in the title. */
    public static void speakers(Evaluation evaluation, Path png) throws IOException {
        CategoryChart chart = bars(String.format(Locale.ROOT, "Accuracy per speaker (overall %.1f%%)", 100 * evaluation.accuracy()),
                "speaker", "accuracy (%)");
        List<String> labels = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        evaluation.speakers().forEach((s, g) -> {
            labels.add(s);
            acc.add(Math.round(1000 * g.accuracy()) / 10.0);
        });
        if (labels.isEmpty()) {
            labels.add("(none)");
            acc.add(0.0);
        }
        chart.addSeries("accuracy", labels, acc);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMax(100.0);
        save(chart, png);
    }

    /** Grouped bars of precision, recall and F1 (in %) per emotion. */
    public static void perClass(Evaluation evaluation, Path png) throws IOException {
        CategoryChart chart = bars(String.format(Locale.ROOT, "Per-class precision, recall and F1 (macro F1 %.1f%%)",
                100 * evaluation.macroF1()), "emotion", "%");
        List<Double> precision = new ArrayList<>();
        List<Double> recall = new ArrayList<>();
        List<Double> f1 = new ArrayList<>();
        for (ClassMetrics m : evaluation.perClass()) {
            precision.add(Math.round(1000 * m.precision()) / 10.0);
            recall.add(Math.round(1000 * m.recall()) / 10.0);
            f1.add(Math.round(1000 * m.f1()) / 10.0);
        }
        chart.addSeries("precision", evaluation.labels(), precision);
        chart.addSeries("recall", evaluation.labels(), recall);
        chart.addSeries("F1", evaluation.labels(), f1);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setYAxisMax(100.0);
        save(chart, png);
    }

    /**
     * Training curves, {@link #CURVES_WIDTH} x {@link #HEIGHT}: loss per epoch on the left and accuracy
     * (in %) on the right, training and validation (validation only where measured).
     *
     * @throws IllegalArgumentException if the history has no epochs
     */
    public static void curves(TrainingHistory history, Path png) throws IOException {
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        XYChart loss = lines("Loss", "loss");
        XYChart acc = lines("Accuracy", "accuracy (%)");
        List<Double> epochs = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> trainAcc = new ArrayList<>();
        List<Double> valEpochs = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAcc = new ArrayList<>();
        for (EpochRecord e : history.epochs()) {
            epochs.add((double) e.epoch());
            trainLoss.add(e.trainLoss());
            trainAcc.add(100 * e.trainAccuracy());
            if (e.hasValidation()) {
                valEpochs.add((double) e.epoch());
                valLoss.add(e.validationLoss());
                valAcc.add(100 * e.validationAccuracy());
            }
        }
        loss.addSeries("training", epochs, trainLoss);
        acc.addSeries("training", epochs, trainAcc);
        if (!valEpochs.isEmpty()) {
            loss.addSeries("validation", valEpochs, valLoss);
            acc.addSeries("validation", valEpochs, valAcc);
        }
        // XChart writes a label under every epoch when the x values are equally spaced; an x axis from 0
        // with labels only at round steps keeps ~10 readable numbers
        int step = epochLabelStep(history.last().orElseThrow().epoch());
        java.util.function.Function<Double, String> label = x -> {
            long e = Math.round(x);
            return Math.abs(x - e) < 1e-9 && e % step == 0 ? Long.toString(e) : "";
        };
        for (XYChart c : List.of(loss, acc)) {
            c.getStyler().setxAxisTickLabelsFormattingFunction(label);
            c.getStyler().setXAxisMin(0.0);
        }
        if (epochs.size() > MARKER_EPOCHS) {
            loss.getStyler().setMarkerSize(0);
            acc.getStyler().setMarkerSize(0);
        }
        acc.getStyler().setYAxisMin(0.0);
        acc.getStyler().setYAxisMax(100.0);
        AtomicFiles.writeFile(png, out -> BitmapEncoder.saveBitmap(List.of(loss, acc), 1, 2, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** A round step (1, 2, 5, 10, 20, 50, ...) that writes at most about ten epoch numbers. */
    static int epochLabelStep(int epochs) {
        int step = 1;
        while (epochs / step > 10) {
            step = switch (Integer.toString(step).charAt(0)) {
                case '1' -> step * 2;
                case '2' -> step / 2 * 5;
                default -> step * 2; // 5 -> 10
            };
        }
        return step;
    }

    /**
     * Unweighted accuracy against SNR, one line per noise kind, with the clean score as a dashed line
     * and chance (1/8) as a dotted one.
     */
    public static void robustness(org.ser4j.eval.Robustness robustness, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Unweighted accuracy under noise")
                .xAxisTitle("SNR against active speech (dB)").yAxisTitle("unweighted accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        Map<String, List<double[]>> byKind = new java.util.TreeMap<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (org.ser4j.eval.Robustness.Row r : robustness.rows()) {
            if (r.group().equals("noise")) {
                byKind.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(new double[] {r.severity(), r.unweightedAccuracy()});
                lo = Math.min(lo, r.severity());
                hi = Math.max(hi, r.severity());
            }
        }
        byKind.forEach((kind, points) -> {
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            chart.addSeries(kind, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
        });
        if (lo > hi) {
            lo = 0;
            hi = 30;
        }
        double clean = robustness.cleanUa();
        if (!Double.isNaN(clean)) {
            org.knowm.xchart.XYSeries line = chart.addSeries("clean", new double[] {lo, hi}, new double[] {clean, clean});
            line.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        org.knowm.xchart.XYSeries chance = chart.addSeries("chance", new double[] {lo, hi}, new double[] {0.125, 0.125});
        chance.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DOT_DOT);
        chance.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        save(chart, png);
    }

    private static XYChart lines(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(4);
        return chart;
    }

    static CategoryChart bars(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    static <E extends Enum<E>> List<Integer> values(Map<E, Integer> map, E[] keys) {
        List<Integer> out = new ArrayList<>();
        for (E k : keys) {
            out.add(map.getOrDefault(k, 0));
        }
        return out;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Leaves 15% head room above the tallest bar so that bar labels and several ticks fit. */
    static void headroom(CategoryChart chart, double max) {
        chart.getStyler().setYAxisMax(max <= 0 ? 1.0 : max * 1.15);
    }

    /** Renders the chart and writes it atomically as PNG. */
    static void save(Chart<?, ?> chart, Path png) throws IOException {
        AtomicFiles.writeFile(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

}
