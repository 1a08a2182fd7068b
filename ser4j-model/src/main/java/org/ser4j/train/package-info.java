/**
 * Training: SEC-PyTorch's training loop (cross-entropy on logits, SGD with momentum or AdamW, seeded
 * per-epoch shuffling, validation every epoch), listeners for progress, divergence and early
 * stopping, crash-safe checkpoints and exact resume, and the data pipeline from a corpus and a split
 * to scaled feature tensors. The run directory layout is described in {@link org.ser4j.train.RunDirectory}.
 * {@link org.ser4j.train.TrainingConfig} holds a run's settings in small records;
 * {@link org.ser4j.train.Experiment} runs the protocols (random, speaker, k-fold, leave-one-corpus-out,
 * sec-pytorch-leaky) and resumes them, one {@link org.ser4j.train.TrainingRun} per run.
 */
package org.ser4j.train;
