/**
 * Training: the seed's training loop (cross-entropy on logits, SGD with momentum or AdamW, seeded
 * per-epoch shuffling, validation every epoch), listeners for progress, divergence and early
 * stopping, crash-safe checkpoints and exact resume, and the data pipeline from a corpus and a split
 * to scaled feature tensors. The run directory layout is described in {@link org.ser4j.train.RunDirectory}.
 */
package org.ser4j.train;
