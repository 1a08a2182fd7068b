package org.ser4j.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ser4j.data.Utterance;
import org.ser4j.train.Experiment;
import picocli.CommandLine.Option;

/**
 * How {@code ser4j train} splits the corpus (picocli mixin): the protocol and its options, turned into
 * the library's {@link Experiment.Design}. They decide the run, so {@code --resume} refuses them
 * ({@code --fold}, which picks the folds a command trains, is {@link TrainCommand}'s own).
 */
final class ProtocolOptions {

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "random", converter = Choices.Protocols.class,
            completionCandidates = Choices.Protocols.class,
            description = "random (80/10/10 drawn per emotion, as SEC-PyTorch split), speaker (held-out speakers), kfold"
                    + " (by speaker), leave-one-corpus-out (train on all --data corpora but one, test on that one, over the"
                    + " labels both sides have) or sec-pytorch-leaky (a demonstration of SEC-PyTorch's published figures:"
                    + " the 80/10/10 drawn over the clips and their noisy copies, so test clips' twins are trained on; never"
                    + " for a model you use). Default: ${DEFAULT-VALUE}. The old names seed and seed-leaky still work.")
    Experiment.Protocol protocol;

    @Option(names = "--test-corpus", paramLabel = "NAME", description = "Leave-one-corpus-out: the corpus to test on"
            + " (default: each in turn, into RUN_DIR/test-NAME).")
    String testCorpus;

    /** The {@code --test-speakers} value for no test part. */
    static final String NONE = "none";

    @Option(names = "--test-speakers", split = ",", paramLabel = "IDS", description = "Speaker protocol: test speakers, e.g. 1,2; 'none' for no test part: every"
            + " speaker but the validation ones trains (a final model, whose test figures come from a k-fold run of"
            + " the same recipe).")
    List<String> testSpeakers;

    @Option(names = "--validation-speakers", split = ",", paramLabel = "IDS",
            description = "Speaker protocol: validation speakers (default: one male and one female of the others, drawn with the split seed).")
    List<String> validationSpeakers;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "k-fold: number of folds (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--split-seed", paramLabel = "S", description = "Seed of the split alone (default: --seed), so that"
            + " runs with other --seed values train on the same folds and can be averaged into one ensemble.")
    Long splitSeed;

    /**
     * The design over {@code corpus}.
     *
     * @param fold {@code --fold}: the one fold to train, or null
     * @throws UsageException when an option belongs to another protocol, names a speaker the corpus
     *     lacks, or the protocol misses one it needs
     */
    Experiment.Design design(Integer fold, List<Utterance> corpus) {
        if (protocol != Experiment.Protocol.LEAVE_ONE_CORPUS_OUT && testCorpus != null) {
            throw new UsageException("--test-corpus belongs to --protocol leave-one-corpus-out");
        }
        if (protocol != Experiment.Protocol.KFOLD && fold != null) {
            throw new UsageException("--fold belongs to --protocol kfold");
        }
        if (protocol != Experiment.Protocol.SPEAKER && (testSpeakers != null || validationSpeakers != null)) {
            throw new UsageException("--test-speakers and --validation-speakers belong to --protocol speaker");
        }
        Set<String> known = new HashSet<>();
        corpus.forEach(u -> known.add(u.speaker()));
        boolean withoutTest = testSpeakers != null && testSpeakers.size() == 1
                && testSpeakers.get(0).trim().equalsIgnoreCase(NONE);
        Set<String> test = withoutTest ? Set.of() : Speakers.parse("--test-speakers", testSpeakers, known);
        Set<String> validation = Speakers.parse("--validation-speakers", validationSpeakers, known);
        try {
            return new Experiment.Design(protocol, splitSeed, test, validation, folds, fold, testCorpus, withoutTest);
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e);
        }
    }
}
