/**
 * Train/validation/test splits of a corpus, each reproducible from a seed and saved as JSON with a run:
 * the seed's random split stratified by emotion ({@link org.ser4j.split.Splits#seed}), held-out speakers
 * ({@link org.ser4j.split.Splits#bySpeaker}) and k-fold cross-validation by speaker, balanced by gender
 * ({@link org.ser4j.split.Splits#kFoldBySpeaker}).
 */
package org.ser4j.split;
