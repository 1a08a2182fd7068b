/**
 * Train/validation/test splits of a corpus, each reproducible from a seed and saved as JSON with a run:
 * the random split stratified by emotion that SEC-PyTorch made ({@link org.ser4j.split.Splits#random}),
 * its leak of noisy copies across the parts ({@link org.ser4j.split.SecPytorchLeak}), held-out speakers
 * ({@link org.ser4j.split.Splits#bySpeaker}) and k-fold cross-validation by speaker, balanced by gender
 * ({@link org.ser4j.split.Splits#kFoldBySpeaker}).
 */
package org.ser4j.split;
