package org.ser4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * A training run in its own JVM, for {@link KillResumeTest}: {@code TrainingChild RUN_DIR EPOCHS train|resume}.
 * Prints {@code checkpoint N} after each epoch's checkpoint.
 */
public final class TrainingChild {

    private TrainingChild() {}

    static TrainingConfig config(Path runDir, int epochs) {
        return TrainingConfig.builder().setArchitecture(TrainerTest.ARCH).setRunDir(runDir).optEpochs(epochs)
                .optBatchSize(4).optLimitBatches(2).optSeed(11).build();
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Trainer trainer = new Trainer(config(runDir, epochs), List.of(new TrainingListener() {
            @Override
            public void onCheckpoint(int epoch, Path dir) {
                System.out.println("checkpoint " + epoch);
                System.out.flush();
            }
        }));
        if (args[2].equals("train")) {
            trainer.train(TrainerTest.data());
        } else {
            trainer.resume(TrainerTest.data());
        }
        System.exit(0);
    }
}
