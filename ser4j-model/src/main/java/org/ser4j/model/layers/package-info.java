/**
 * Reusable DJL layers of the four SEC-PyTorch architectures: the convolution block, time-distributed
 * application over chunks, a bidirectional LSTM built from two one-directional ones, attention
 * pooling that exposes its weights, PyTorch's post-norm Transformer encoder layer, and layer
 * factories with PyTorch's default initialisation.
 *
 * <p>Tensor layouts are batch first: {@code [batch, steps, features]} for sequences and {@code
 * [batch, channels, height, width]} for images.
 */
package org.ser4j.model.layers;
