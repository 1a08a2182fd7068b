package org.ser4j.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.ser4j.data.CorpusSummary;
import org.ser4j.data.Emotion;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.data.Utterance.Intensity;

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

    /** Bar chart: utterances per emotion (the seed's first dataset picture). */
    public static void corpusEmotions(CorpusSummary summary, Path png) throws IOException {
        CategoryChart chart = bars("Utterances per emotion", "emotion", "utterances");
        List<Integer> counts = values(summary.emotions(), Emotion.values());
        chart.addSeries("utterances", emotionLabels(), counts);
        headroom(chart, max(counts));
        chart.getStyler().setLegendVisible(false);
        save(chart, png);
    }

    /** Grouped bar chart: utterances per emotion and intensity (the seed's second dataset picture). */
    public static void corpusIntensity(CorpusSummary summary, Path png) throws IOException {
        CategoryChart chart = bars("Utterances per emotion and intensity", "emotion", "utterances");
        double tallest = 0;
        for (Intensity i : Intensity.values()) {
            List<Integer> counts = new ArrayList<>();
            for (Emotion e : Emotion.values()) {
                counts.add(summary.emotionIntensities().get(e).get(i));
            }
            chart.addSeries(lower(i), emotionLabels(), counts);
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
            labels.add(String.format(Locale.ROOT, "%02d", s));
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

    static List<String> emotionLabels() {
        List<String> labels = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            labels.add(e.label());
        }
        return labels;
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

    /** Renders the chart and writes it atomically (temporary file, then move) as PNG. */
    static void save(Chart<?, ?> chart, Path png) throws IOException {
        Path abs = png.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), ".chart", ".png.tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
