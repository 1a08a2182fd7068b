package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.FoldSummary;
import org.ser4j.report.ReportPage;
import org.ser4j.split.SecPytorchLeak;
import org.ser4j.split.Split;
import org.ser4j.train.Experiment;
import org.ser4j.train.KFoldRun;
import org.ser4j.train.LeaveOneCorpusOut;
import org.ser4j.train.RunDirectory;
import org.ser4j.train.TrainingConfig;
import org.ser4j.train.TrainingResult;
import org.ser4j.train.TrainingRun;

/**
 * What {@code ser4j train} shows of an {@link Experiment}: each run's progress ({@link TrainingProgress}),
 * split and test figures, the summaries of k-fold and leave-one-corpus-out, and the report pages of
 * runs and folds.
 */
final class ExperimentReport implements Experiment.Listener {

    private final PrintWriter out;
    private final PrintWriter err;

    ExperimentReport(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public TrainingRun.Listener progress(String prefix) {
        return new TrainingProgress(out, TrainingProgress.terminalOrNull(), prefix) {
            @Override
            public void onSkipped(String problem) {
                err.println(prefix + "skipping " + problem);
            }
        };
    }

    @Override
    public void onValidationSpeakers(Set<String> speakers, long splitSeed) {
        out.println("validation speakers (drawn with seed " + splitSeed + "): " + speakers);
    }

    @Override
    public void onFoldDone(String prefix, Path metrics) {
        out.println(prefix + "already finished (" + metrics + ")");
    }

    @Override
    public void onFoldStart(String prefix, Split split) {
        out.println(prefix + "test speakers " + split.speakers(Split.Part.TEST) + ", validation speakers "
                + split.speakers(Split.Part.VALIDATION));
    }

    @Override
    public void onRunStart(String prefix, Split split, SecPytorchLeak leak) {
        if (leak == null) {
            out.printf(Locale.ROOT, "%ssplit %s: %d train, %d validation, %d test clips%n", prefix, split.name(),
                    split.train().size(), split.validation().size(), split.test().size());
        } else {
            out.printf(Locale.ROOT, "%ssplit %s (clips and their %d noisy copies drawn together; test clips'"
                            + " copies are trained on): %d train, %d validation, %d test items%n", prefix, split.name(),
                    leak.copies(), leak.count(split, Split.Part.TRAIN), leak.count(split, Split.Part.VALIDATION),
                    leak.count(split, Split.Part.TEST));
        }
    }

    @Override
    public void onRunEnd(String prefix, TrainingConfig config, TrainingRun.Outcome outcome) throws IOException {
        Evaluation test = outcome.test();
        if (test == null) {
            out.println(prefix + "no test clips: no test metrics");
            return;
        }
        TrainingResult result = outcome.result();
        Split used = outcome.split();
        RunDirectory run = RunDirectory.of(config.runDir());
        TrainingConfig.Optimisation fitting = config.optimisation();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", config.architecture().id());
        details.put("data", config.data().corpora().isEmpty() ? String.valueOf(config.data().dataDir())
                : String.join(", ", config.data().corpora()));
        details.put("split", used.name() + " (" + used.protocol() + "), test speakers " + used.speakers(Split.Part.TEST));
        details.put("training", config.stopping().epochs() + " epochs, " + fitting.optimizer().id() + " lr "
                + fitting.learningRate() + ", batch " + fitting.batchSize() + ", augmentation "
                + config.regularisation().augmentation().id() + ", seed " + config.seed());
        details.put("kept epoch", result.bestEpoch() + " (lowest validation loss)");
        ReportPage.write("ser4j train: " + config.architecture().id() + " on the test part", details, test,
                result.history(), run.evaluation());
        out.printf(Locale.ROOT, "%sbest epoch %d (validation loss %.4f)%s; test: accuracy %.4f, unweighted"
                        + " accuracy %.4f, macro F1 %.4f, n %d -> %s%n", prefix, result.bestEpoch(),
                result.bestValidationLoss(), result.stoppedEarly() ? ", stopped early" : "", test.accuracy(),
                test.unweightedAccuracy(), test.macroF1(), test.n(), run.metrics());
        out.printf(Locale.ROOT, "%smodel bundle: %s%n", prefix, run.model());
    }

    @Override
    public void onFoldsSummarised(KFoldRun k, KFoldRun.Summary summary) throws IOException {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("folds", summary.foldsDone() + " of " + k.folds());
        ReportPage.writeFolds("ser4j train: k-fold by speaker", details, summary.evaluations(), k.root());
        FoldSummary s = summary.summary();
        out.printf(Locale.ROOT, "k-fold summary over %d of %d folds: accuracy %s, unweighted accuracy %s,"
                        + " macro F1 %s -> %s%n", summary.foldsDone().size(), k.folds(), s.accuracy().format(),
                s.unweightedAccuracy().format(), s.macroF1().format(), k.root().resolve(KFoldRun.SUMMARY_FILE));
    }

    @Override
    public void onCorporaSummarised(LeaveOneCorpusOut loco, Map<String, Evaluation> figures) {
        if (figures.size() > 1) {
            out.println("leave-one-corpus-out: trained on the others, tested on");
            figures.forEach((c, e) -> out.printf(Locale.ROOT, "  %-12s n %5d, %d labels, accuracy %.4f,"
                    + " unweighted accuracy %.4f%n", c, e.n(), e.labels().size(), e.accuracy(), e.unweightedAccuracy()));
            out.println("-> " + loco.root().resolve(LeaveOneCorpusOut.SUMMARY_FILE));
        }
    }
}
