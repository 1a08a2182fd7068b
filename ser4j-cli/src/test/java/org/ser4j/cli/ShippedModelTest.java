package org.ser4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * evaluating it again through {@code ser4j evaluate} on its own held-out clips reproduces the figures
 * recorded in it when it was made: its test speakers' figures, or, for a model trained without a test
 * part ({@code --test-speakers none}), its validation speakers'.
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
    void reEvaluationOnItsHeldOutSpeakersReproducesTheRecordedFigures() throws IOException {
        Path model = shipped();
        Path data = SharedData.ravdess();
        Map<String, Double> recorded = ModelEnsemble.load(model).metrics(); // a bundle or an ensemble
        String part = recorded.containsKey("test_n") ? "test" : "validation";
        assertTrue(recorded.containsKey(part + "_n"), "the shipped model records held-out figures: " + recorded);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Path report = tmp.resolve("eval");
        int code = cl.execute("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--split", part, "--cache", tmp.resolve("cache").toString(), "--out", report.toString());
        assertEquals(0, code, out + "\n" + err);

        JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertEquals(recorded.get(part + "_n"), metrics.get("n").asDouble(), part + " clips");
        assertEquals(recorded.get(part + "_accuracy"), metrics.get("accuracy").asDouble(), 1e-9, "accuracy");
        assertEquals(recorded.get(part + "_unweighted_accuracy"), metrics.get("unweighted_accuracy").asDouble(), 1e-9,
                "unweighted accuracy");
    }
}
