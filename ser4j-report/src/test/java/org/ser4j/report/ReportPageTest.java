package org.ser4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.eval.Evaluation;

class ReportPageTest {

    @TempDir
    Path tmp;

    private static List<String> imageSources(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void pageReferencesEveryPngAndShowsTheMetrics() throws IOException {
        Evaluation e = ReportFixtures.evaluation();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", "parallel-cnn-transformer");
        details.put("data", "<ravdess & co>");
        Path dir = tmp.resolve("report");
        Path html = ReportPage.write("Fold <1>", details, e, ReportFixtures.history(30), dir);
        assertEquals(dir.resolve("report.html"), html);
        String text = Files.readString(html);

        assertEquals(List.of("per-class.png", "confusion.png", "intensity.png", "gender.png", "speakers.png", "curves.png"),
                imageSources(text));
        for (String png : imageSources(text)) {
            int w = png.equals("curves.png") ? Charts.CURVES_WIDTH : png.equals("confusion.png") ? Charts.HEATMAP_SIZE : Charts.WIDTH;
            int h = png.equals("confusion.png") ? Charts.HEATMAP_SIZE : Charts.HEIGHT;
            PngAssertions.assertPng(dir.resolve(png), w, h);
        }
        assertEquals(e, Evaluation.read(dir.resolve("metrics.json")));
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "<th>accuracy</th><td>%.1f%%</td>", 100 * e.accuracy())), text);
        assertTrue(text.contains("unweighted accuracy"), text);
        assertTrue(text.contains("<title>Fold &lt;1&gt;</title>"), "title escaped");
        assertTrue(text.contains("&lt;ravdess &amp; co&gt;"), "details escaped");
        assertTrue(text.contains("<td class=\"diag\">" + e.count("calm", "calm") + "</td>"));
        assertTrue(text.contains("<td>17</td>") && text.contains("<td>20</td>"), "speaker rows");
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void withoutHistoryThereAreNoCurves() throws IOException {
        Path html = ReportPage.write(ReportFixtures.evaluation(), null, tmp);
        String text = Files.readString(html);
        assertFalse(text.contains("curves.png"), text);
        assertFalse(Files.exists(tmp.resolve("curves.png")));
        assertEquals(5, imageSources(text).size());
    }

    @Test
    void kFoldPageHasMeanAndStd() throws IOException {
        Evaluation a = ReportFixtures.evaluation();
        Path html = ReportPage.writeFolds("5-fold", Map.of(), List.of(a, a), tmp);
        String text = Files.readString(html);
        assertTrue(text.contains("<h2>2 folds</h2>"), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.1f%% &plusmn; 0.0", 100 * a.accuracy())), text);
        assertEquals(2 * a.n(), Evaluation.read(tmp.resolve("metrics.json")).n());
        assertTrue(Files.readString(tmp.resolve("folds.json")).contains("\"unweighted_accuracy\""));
        for (String png : imageSources(text)) {
            assertTrue(Files.isRegularFile(tmp.resolve(png)), png);
        }
    }
}
