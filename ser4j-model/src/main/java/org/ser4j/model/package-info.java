/**
 * The four SEC-PyTorch architectures and ser4j's compact CNN as DJL blocks
 * ({@link org.ser4j.model.Architecture}), initialised as PyTorch initialises them. Shared layers
 * live in {@link org.ser4j.model.layers}.
 *
 * <p>Inputs: {@code [B, 7, 1, 128, 128]} (seven chunks of the mel image) for the stacked models,
 * {@code [B, 1, 128, 563]} (the whole mel image) for the parallel models, {@code [B, 1, 64, 301]}
 * (the {@code speech-16k} image) for the compact CNN. Output: logits {@code [B, classes]}.
 */
package org.ser4j.model;
