package org.ser4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** A model whose prediction pools a sequence with attention weights that can be shown over time. */
public interface AttentionModel extends Block {

    /**
     * An inference forward pass (dropout off, BatchNorm running statistics) that also returns the
     * attention weights.
     *
     * @param parameterStore the parameter store
     * @param inputs the model input (see {@link Architecture#inputShape(int)})
     * @return logits {@code [B, classes]} and attention weights {@code [B, steps]} (rows sum to 1)
     */
    NDList forwardWithAttention(ParameterStore parameterStore, NDList inputs);

    /**
     * The number of attention steps for this model's input.
     *
     * @return 7 chunks, or 140 pooled frames for the parallel model
     */
    int attentionSteps();
}
