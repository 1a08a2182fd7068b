package org.ser4j.data;

import java.util.List;

/**
 * The result of scanning a corpus directory: the utterances that were recognised and, separately,
 * every candidate file that was not, each with the reason. Nothing is guessed: a file whose name
 * does not follow the corpus convention is a problem, not an utterance.
 *
 * @param utterances the recognised utterances, sorted by their path relative to the scanned directory
 * @param problems one line per rejected file, {@code "<relative path>: <reason>"}, in path order (a
 *     manifest's rows: {@code "<manifest>:<line>: <reason>"}, in line order)
 * @param excluded files left out because the reader's options named them (TESS {@code exclude=}):
 *     neither utterances nor problems, only counted here
 */
public record CorpusScan(List<Utterance> utterances, List<String> problems, int excluded) {

    public CorpusScan {
        utterances = List.copyOf(utterances);
        problems = List.copyOf(problems);
        if (excluded < 0) {
            throw new IllegalArgumentException("excluded file count must not be negative, got " + excluded);
        }
    }

    /** A scan that excluded nothing. */
    public CorpusScan(List<Utterance> utterances, List<String> problems) {
        this(utterances, problems, 0);
    }

    /** True when every candidate file was recognised. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
