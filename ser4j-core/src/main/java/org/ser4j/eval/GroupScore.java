package org.ser4j.eval;

/**
 * Correct and total predictions of one group of utterances (an intensity, a gender, a speaker).
 *
 * @param correct predictions equal to the true emotion
 * @param total utterances in the group
 */
public record GroupScore(int correct, int total) {

    public GroupScore {
        if (correct < 0 || total < 0 || correct > total) {
            throw new IllegalArgumentException("expected 0 <= correct <= total, found correct " + correct + ", total " + total);
        }
    }

    /** Wrong predictions: {@code total - correct}. */
    public int wrong() {
        return total - correct;
    }

    /** {@code correct / total}; 0 for an empty group. */
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    GroupScore plus(GroupScore o) {
        return new GroupScore(correct + o.correct, total + o.total);
    }
}
