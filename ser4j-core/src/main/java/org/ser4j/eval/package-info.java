/**
 * Metrics as values: {@link org.ser4j.eval.Evaluator} turns predictions into an
 * {@link org.ser4j.eval.Evaluation} (counts, and accuracy, unweighted accuracy, macro F1, per-class
 * precision/recall/F1, breakdowns by intensity, gender and speaker derived from them);
 * {@link org.ser4j.eval.FoldSummary} aggregates k folds; {@link org.ser4j.eval.TrainingHistory} records
 * the loss and accuracy per epoch. All of them are written and read as JSON; pictures and pages are
 * made elsewhere ({@code ser4j-report}).
 */
package org.ser4j.eval;
