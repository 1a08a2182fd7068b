package org.ser4j.eval;

/**
 * Precision, recall and F1 of one class. As scikit-learn's default ({@code zero_division=0}), a
 * ratio with a zero denominator is 0: precision of a class never predicted, recall of a class that
 * never occurs, F1 when precision and recall are both 0.
 *
 * @param label the class
 * @param precision true positives / predicted as this class
 * @param recall true positives / support
 * @param f1 harmonic mean of precision and recall
 * @param support utterances whose true class it is
 * @param predicted utterances predicted as this class
 */
public record ClassMetrics(String label, double precision, double recall, double f1, int support, int predicted) {

    /** True when the class occurs in the truth or in the predictions (it then counts in the macro F1). */
    public boolean present() {
        return support > 0 || predicted > 0;
    }
}
