package org.ser4j.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A single-layer bidirectional LSTM ({@code nn.LSTM(in, hidden, bidirectional=True,
 * batch_first=True)}) made of two one-directional DJL LSTMs, because DJL's own bidirectional LSTM
 * packs its weights in an order PyTorch does not expect and fails when the input size differs from
 * the hidden size. The backward LSTM reads the time-reversed sequence and its outputs are reversed
 * back, so step {@code t} of the output is {@code [forward_t, backward_t]} as in PyTorch.
 *
 * <p>Input {@code [B, T, in]}, output {@code [B, T, 2*hidden]}.
 */
public final class BiLstm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hidden;
    private final LSTM forward;
    private final LSTM backward;

    /**
     * Creates the layer.
     *
     * @param hidden hidden size per direction
     */
    public BiLstm(int hidden) {
        super(VERSION);
        this.hidden = hidden;
        this.forward = addChildBlock("forward", TorchLayers.lstm(hidden));
        this.backward = addChildBlock("backward", TorchLayers.lstm(hidden));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray f = forward.forward(parameterStore, new NDList(x), training, params).head();
        NDArray reversed = x.flip(1);
        NDArray b =
                backward.forward(parameterStore, new NDList(reversed), training, params)
                        .head()
                        .flip(1);
        return new NDList(f.concat(b, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), 2L * hidden)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        forward.initialize(manager, dataType, inputShapes[0]);
        backward.initialize(manager, dataType, inputShapes[0]);
    }
}
