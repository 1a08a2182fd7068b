package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.testing.SharedData;

/**
 * The model committed in {@code models/default} is what README says it is: it loads, and
 * evaluating it again on its own held-out test clips (speakers it never heard) through
 * {@code ser4j evaluate} reproduces the test figures recorded in the bundle when it was trained.
 */
class ShippedModelTest {

    @TempDir
    Path tmp;

    private static Path shipped() {
        String root = System.getProperty("ser4j.root");
        Path dir = Path.of(root != null ? root : "..").resolve("models/default").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(dir), "skipped: no shipped model at " + dir);
        return dir;
    }

    @Test
    void reEvaluationOnItsTestSpeakersReproducesTheRecordedFigures() throws IOException {
        Path model = shipped();
        Path data = SharedData.ravdess();
        Map<String, Double> recorded = ModelEnsemble.load(model).metrics(); // a bundle or an ensemble

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Path report = tmp.resolve("eval");
        int code = cl.execute("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--split", "test", "--cache", tmp.resolve("cache").toString(), "--out", report.toString());
        assertEquals(0, code, out + "\n" + err);

        JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertEquals(recorded.get("test_n"), metrics.get("n").asDouble(), "test clips");
        assertEquals(recorded.get("test_accuracy"), metrics.get("accuracy").asDouble(), 1e-9, "accuracy");
        assertEquals(recorded.get("test_unweighted_accuracy"), metrics.get("unweighted_accuracy").asDouble(), 1e-9,
                "unweighted accuracy");
    }
}
