package org.ser4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHistoryTest {

    @TempDir
    Path tmp;

    static TrainingHistory sample() {
        return TrainingHistory.empty()
                .plus(new EpochRecord(1, 2.05, 0.15, 1.98, 0.2, 12.5))
                .plus(new EpochRecord(2, 1.70, 0.35, 1.61, 0.4, 11.0))
                .plus(new EpochRecord(3, 1.20, 0.55, 1.75, 0.38, 11.5));
    }

    @Test
    void saveLoadRoundTripKeepsEveryNumberAndNaN() throws IOException {
        TrainingHistory h = sample().plus(new EpochRecord(4, 1.0, 0.6, Double.NaN, Double.NaN, 9.0));
        Path file = tmp.resolve("run/history.json");
        h.save(file);
        String text = Files.readString(file);
        assertTrue(text.contains("\"validation_loss\" : null"), text);
        assertTrue(text.contains("\"train_loss\" : 2.05"), text);
        assertEquals(h, TrainingHistory.load(file));
    }

    @Test
    void bestLastAndTotal() {
        TrainingHistory h = sample();
        assertEquals(2, h.bestByValidationLoss().orElseThrow().epoch());
        assertEquals(3, h.last().orElseThrow().epoch());
        assertEquals(35.0, h.totalSeconds(), 1e-12);
        assertEquals(Optional.empty(), TrainingHistory.empty().last());
        assertEquals(Optional.empty(), new TrainingHistory(List.of(new EpochRecord(1, 1, 1, Double.NaN, Double.NaN, 1)))
                .bestByValidationLoss());
    }

    @Test
    void rejectsOutOfOrderEpochsAndBadJson() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sample().plus(new EpochRecord(3, 1, 1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("epoch 3 follows epoch 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EpochRecord(0, 1, 1, 1, 1, 1));
        IllegalArgumentException j = assertThrows(IllegalArgumentException.class,
                () -> TrainingHistory.fromJson("{\"epochs\":[{\"epoch\":1,\"train_loss\":\"high\"}]}"));
        assertTrue(j.getMessage().contains("expected a number 'train_loss', found \"high\""), j.getMessage());
    }
}
