package org.ser4j.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Json;
import org.ser4j.data.Utterance;
import org.ser4j.eval.Evaluation;
import org.ser4j.split.Split;
import org.ser4j.split.Splits;

/**
 * A leave-one-corpus-out experiment in a root directory: one run per test corpus, each trained on
 * every other corpus ({@link Splits#leaveOneCorpusOut}); with one test corpus the run is the root
 * itself, with several each is {@code ROOT/test-NAME}. {@value #SUMMARY_FILE} holds every finished
 * run's test figures by corpus.
 *
 * @param root the directory
 * @param testCorpora the corpora tested on, in order
 * @param splitSeed the seed of the validation draw
 */
public record LeaveOneCorpusOut(Path root, List<String> testCorpora, long splitSeed) {

    /** The figures of every finished run, by test corpus. */
    public static final String SUMMARY_FILE = "summary.json";

    public LeaveOneCorpusOut {
        testCorpora = List.copyOf(testCorpora);
        if (testCorpora.isEmpty()) {
            throw new IllegalArgumentException("leave-one-corpus-out needs a corpus to test on");
        }
    }

    /**
     * The experiment over {@code corpus}: test on {@code testCorpus}, or on each corpus in turn when it
     * is null.
     *
     * @throws IllegalArgumentException when the clips come from fewer than two corpora, or
     *     {@code testCorpus} is not one of them
     */
    public static LeaveOneCorpusOut of(Path root, List<Utterance> corpus, String testCorpus, long splitSeed) {
        TreeSet<String> corpora = new TreeSet<>();
        corpus.forEach(u -> corpora.add(u.corpus()));
        if (corpora.size() < 2) {
            throw new IllegalArgumentException("leave-one-corpus-out needs at least two corpora (--data NAME:PATH twice),"
                    + " found " + corpora);
        }
        if (testCorpus != null && !corpora.contains(testCorpus)) {
            throw new IllegalArgumentException("no corpus '" + testCorpus + "' to test on among " + corpora);
        }
        return new LeaveOneCorpusOut(root, testCorpus != null ? List.of(testCorpus) : List.copyOf(corpora), splitSeed);
    }

    /** The run that tests on {@code corpus}. */
    public RunDirectory run(String corpus) {
        return RunDirectory.of(testCorpora.size() == 1 ? root : root.resolve("test-" + corpus));
    }

    /** The split of the run that tests on {@code corpus}. */
    public Split split(List<Utterance> corpus, String testCorpus) {
        return Splits.leaveOneCorpusOut(corpus, testCorpus, splitSeed);
    }

    /**
     * Writes {@value #SUMMARY_FILE} with the test figures of every run that has them.
     *
     * @return those figures by test corpus (empty when none has finished)
     */
    public Map<String, Evaluation> summarize() throws IOException {
        Map<String, Evaluation> done = new LinkedHashMap<>();
        for (String c : testCorpora) {
            Path metrics = run(c).metrics();
            if (Files.exists(metrics)) {
                done.put(c, Evaluation.read(metrics));
            }
        }
        if (!done.isEmpty()) {
            ObjectNode json = Json.MAPPER.createObjectNode();
            json.put("protocol", "leave-one-corpus-out");
            json.put("split_seed", splitSeed);
            ObjectNode byCorpus = json.putObject("test_corpora");
            done.forEach((c, e) -> byCorpus.set(c, e.toJsonNode()));
            AtomicFiles.writeString(root.resolve(SUMMARY_FILE), Json.MAPPER.writeValueAsString(json));
        }
        return done;
    }
}
