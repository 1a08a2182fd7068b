package org.ser4j.data;

import java.util.List;

/**
 * The result of scanning a corpus directory: the utterances that were recognised and, separately,
 * every candidate file that was not, each with the reason. Nothing is guessed: a file whose name
 * does not follow the corpus convention is a problem, not an utterance.
 *
 * @param utterances the recognised utterances, sorted by their path relative to the scanned directory
 * @param problems one line per rejected file, {@code "<relative path>: <reason>"}, in path order
 */
public record CorpusScan(List<Utterance> utterances, List<String> problems) {

    public CorpusScan {
        utterances = List.copyOf(utterances);
        problems = List.copyOf(problems);
    }

    /** True when every candidate file was recognised. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
