package org.ser4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.ser4j.eval.EpochRecord;
import org.ser4j.train.TrainingRun;
import org.ser4j.train.TrainingResult;

/**
 * Shows a training run: on a terminal a progress bar per epoch (samples/s, loss, accuracy) and per
 * data stage; always one line per epoch and one per checkpoint event on {@code out}.
 */
class TrainingProgress implements TrainingRun.Listener {

    private final PrintWriter out;
    private final PrintStream terminal;
    private final String prefix;
    private ProgressBar bar;
    private String barStage;
    private int epochs;
    private int lastReportedPercent = -1;
    private String lineStage;

    /**
     * @param out where epoch lines go
     * @param terminal where progress bars go, or null for none (not a terminal, tests)
     * @param prefix prepended to every line (e.g. {@code "fold 2: "})
     */
    TrainingProgress(PrintWriter out, PrintStream terminal, String prefix) {
        this.out = out;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    /** Progress bars on stderr when the JVM has a console, else lines only. */
    static PrintStream terminalOrNull() {
        return System.console() != null ? System.err : null;
    }

    @Override
    public void onRunStart(RunStart s) {
        closeBar();
        epochs = s.config().stopping().epochs();
        if (s.firstEpoch() > epochs) {
            out.printf(Locale.ROOT, "%s%s: all %d epochs are done; nothing left to train (raise --epochs to continue)%n",
                    prefix, s.config().architecture().id(), epochs);
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%s%s: %,d parameters, %d training samples (%d batches of %d per epoch), %d validation;"
                        + " epochs %d..%d%n", prefix, s.config().architecture().id(), s.parameterCount(), s.trainSamples(),
                s.batchesPerEpoch(), s.config().optimisation().batchSize(), s.validationSamples(), s.firstEpoch(), epochs);
        out.flush();
    }

    @Override
    public void onDataProgress(String stage, int done, int total) {
        if (terminal != null) {
            if (!stage.equals(barStage)) {
                closeBar();
                barStage = stage;
                bar = new ProgressBarBuilder().setTaskName(prefix + stage).setInitialMax(total)
                        .setConsumer(new ConsoleProgressBarConsumer(terminal)).setUnit(" clips", 1).showSpeed()
                        .setSpeedUnit(ChronoUnit.SECONDS).build();
            }
            bar.stepTo(done);
            if (done == total) {
                closeBar();
            }
            return;
        }
        int percent = total == 0 ? 100 : done * 100 / total;
        if (!stage.equals(lineStage)) {
            lineStage = stage;
            lastReportedPercent = 0;
        }
        if (done == total || percent / 25 != lastReportedPercent / 25) {
            lastReportedPercent = percent;
            out.printf(Locale.ROOT, "%s%s: %d/%d%n", prefix, stage, done, total);
            out.flush();
        }
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        if (terminal != null) {
            closeBar();
            barStage = null;
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "%sepoch %d/%d", prefix, epoch, epochs))
                    .setInitialMax(batches).setConsumer(new ConsoleProgressBarConsumer(terminal)).setUnit(" batches", 1)
                    .build();
        }
    }

    @Override
    public void onBatchEnd(BatchEnd b) {
        if (bar != null) {
            bar.stepTo(b.batch());
            bar.setExtraMessage(String.format(Locale.ROOT, "%.1f samples/s loss %.4f acc %.3f",
                    b.samples() / Math.max(b.seconds(), 1e-9), b.meanLoss(), b.accuracy()));
        }
    }

    @Override
    public void onValidation(int epoch) {
        if (bar != null) {
            bar.setExtraMessage(bar.getExtraMessage() + " (validating)");
        }
    }

    @Override
    public void onEpochEnd(EpochRecord r, boolean improved) {
        closeBar();
        out.printf(Locale.ROOT, "%sepoch %d/%d  train loss %.4f acc %.4f  validation loss %.4f acc %.4f  %.1f s%s%n",
                prefix, r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(),
                r.seconds(), improved ? "  (best so far: saved as the run's model)" : "");
        out.flush();
    }

    @Override
    public void onEarlyStop(int epoch, int bestEpoch) {
        out.printf(Locale.ROOT, "%searly stop after epoch %d: no lower validation loss since epoch %d%n", prefix, epoch,
                bestEpoch);
        out.flush();
    }

    @Override
    public void onRunEnd(TrainingResult result) {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
