package org.ser4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Json;

/**
 * The loss and accuracy of every finished epoch of a training run, in order. Immutable:
 * {@link #plus(EpochRecord)} returns a longer history. Saved as JSON
 * ({@code {"epochs": [{"epoch": 1, "train_loss": ..., "train_accuracy": ..., "validation_loss": ...,
 * "validation_accuracy": ..., "seconds": ...}, ...]}}).
 *
 * @param epochs the epochs, with strictly increasing epoch numbers
 */
public record TrainingHistory(List<EpochRecord> epochs) {

    private static final ObjectMapper JSON = Json.MAPPER;

    public TrainingHistory {
        epochs = List.copyOf(epochs);
        for (int i = 1; i < epochs.size(); i++) {
            if (epochs.get(i).epoch() <= epochs.get(i - 1).epoch()) {
                throw new IllegalArgumentException("epoch numbers must increase: epoch " + epochs.get(i).epoch()
                        + " follows epoch " + epochs.get(i - 1).epoch());
            }
        }
    }

    /** A history without epochs. */
    public static TrainingHistory empty() {
        return new TrainingHistory(List.of());
    }

    /** This history followed by {@code next}. */
    public TrainingHistory plus(EpochRecord next) {
        List<EpochRecord> l = new ArrayList<>(epochs);
        l.add(next);
        return new TrainingHistory(l);
    }

    /** The last finished epoch, if any. */
    public Optional<EpochRecord> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /** The epoch with the lowest validation loss (the first one on ties), if any epoch has a validation loss. */
    public Optional<EpochRecord> bestByValidationLoss() {
        EpochRecord best = null;
        for (EpochRecord e : epochs) {
            if (e.hasValidation() && (best == null || e.validationLoss() < best.validationLoss())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Total wall time of all epochs in seconds. */
    public double totalSeconds() {
        return epochs.stream().mapToDouble(EpochRecord::seconds).sum();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("epochs");
        for (EpochRecord e : epochs) {
            ObjectNode o = arr.addObject();
            o.put("epoch", e.epoch());
            put(o, "train_loss", e.trainLoss());
            put(o, "train_accuracy", e.trainAccuracy());
            put(o, "validation_loss", e.validationLoss());
            put(o, "validation_accuracy", e.validationAccuracy());
            put(o, "seconds", e.seconds());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException ex) {
            throw new IllegalStateException("cannot serialise training history", ex);
        }
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key); // JSON has no NaN/Infinity
        }
    }

    public static TrainingHistory fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        JsonNode arr = root == null ? null : root.get("epochs");
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("expected an array 'epochs'");
        }
        List<EpochRecord> epochs = new ArrayList<>();
        for (JsonNode o : arr) {
            JsonNode epoch = o.get("epoch");
            if (epoch == null || !epoch.isIntegralNumber()) {
                throw new IllegalArgumentException("epoch " + (epochs.size() + 1) + ": expected an integer 'epoch', found " + epoch);
            }
            epochs.add(new EpochRecord(epoch.asInt(), number(o, "train_loss"), number(o, "train_accuracy"),
                    number(o, "validation_loss"), number(o, "validation_accuracy"), number(o, "seconds")));
        }
        return new TrainingHistory(epochs);
    }

    private static double number(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("epoch " + o.get("epoch") + ": expected a number '" + key + "', found " + v);
        }
        return v.asDouble();
    }

    /** Writes the JSON atomically (temporary file, then move), creating directories. */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    public static TrainingHistory load(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
