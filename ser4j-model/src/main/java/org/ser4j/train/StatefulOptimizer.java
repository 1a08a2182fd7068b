package org.ser4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum and AdamW with PyTorch's update rules, whose state (momentum buffers, moments,
 * step count) can be saved and restored exactly, so that a resumed run continues as if it had never
 * stopped. DJL's own optimizers keep their state private.
 *
 * <p>SGD ({@code torch.optim.SGD}, dampening 0, no Nesterov): {@code d = g + wd*w; b = d} on the
 * first step, else {@code b = momentum*b + d}; {@code w -= lr*b}.
 * <br>AdamW ({@code torch.optim.AdamW}): {@code w *= 1 - lr*wd; m = b1*m + (1-b1)g;
 * v = b2*v + (1-b2)g^2; w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}.
 *
 * <p>Gradients are zeroed after each update (DJL's PyTorch engine accumulates them).
 */
final class StatefulOptimizer implements AutoCloseable {

    /** {@code torch.optim.AdamW} default betas and epsilon. */
    static final double ADAM_BETA1 = 0.9;
    static final double ADAM_BETA2 = 0.999;
    static final double ADAM_EPSILON = 1e-8;

    private static final int STATE_MAGIC = 0x53344A4F; // "S4JO"
    private static final int STATE_VERSION = 1;

    private final OptimizerKind kind;
    private final double baseLearningRate;
    private double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private long steps;

    StatefulOptimizer(TrainingConfig config, NDManager parent) {
        this.kind = config.optimisation().optimizer();
        this.baseLearningRate = config.optimisation().learningRate();
        this.learningRate = baseLearningRate;
        this.momentum = config.optimisation().momentum();
        this.weightDecay = config.optimisation().weightDecay();
        this.stateManager = parent.newSubManager();
    }

    /** Sets the rate of the following steps to the configured rate times {@code factor} (a schedule). */
    void scaleLearningRate(double factor) {
        learningRate = baseLearningRate * factor;
    }

    long steps() {
        return steps;
    }

    /** Applies one update to every trainable parameter from its gradient, then zeroes the gradient. */
    void step(List<Pair<String, Parameter>> parameters) {
        step(parameters, java.util.Set.of());
    }

    /**
     * Applies one update to every trainable parameter not in {@code frozen} from its gradient, then
     * zeroes every gradient (a frozen parameter's too, so that none is carried into a later step).
     */
    void step(List<Pair<String, Parameter>> parameters, java.util.Set<String> frozen) {
        steps++;
        for (Pair<String, Parameter> p : parameters) {
            Parameter parameter = p.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray w = parameter.getArray();
            try (NDArray g = w.getGradient()) {
                if (!frozen.contains(p.getKey())) {
                    switch (kind) {
                        case SGD -> sgd(p.getKey(), w, g);
                        case ADAMW -> adamW(p.getKey(), w, g);
                    }
                }
                g.subi(g);
            }
        }
    }

    private void sgd(String id, NDArray w, NDArray g) {
        if (weightDecay != 0) {
            try (NDArray decay = w.mul(weightDecay)) {
                g.addi(decay);
            }
        }
        NDArray[] s = state.get(id);
        NDArray buffer;
        if (s == null) {
            buffer = g.duplicate();
            buffer.attach(stateManager);
            state.put(id, new NDArray[] {buffer});
        } else {
            buffer = s[0];
            buffer.muli(momentum).addi(g);
        }
        try (NDArray update = buffer.mul(learningRate)) {
            w.subi(update);
        }
    }

    private void adamW(String id, NDArray w, NDArray g) {
        NDArray[] s = state.get(id);
        if (s == null) {
            NDArray m = stateManager.zeros(w.getShape(), w.getDataType());
            NDArray v = stateManager.zeros(w.getShape(), w.getDataType());
            s = new NDArray[] {m, v};
            state.put(id, s);
        }
        if (weightDecay != 0) {
            w.muli(1 - learningRate * weightDecay);
        }
        NDArray m = s[0];
        NDArray v = s[1];
        try (NDArray g1 = g.mul(1 - ADAM_BETA1); NDArray g2 = g.square()) {
            m.muli(ADAM_BETA1).addi(g1);
            g2.muli(1 - ADAM_BETA2);
            v.muli(ADAM_BETA2).addi(g2);
        }
        double bias1 = 1 - Math.pow(ADAM_BETA1, steps);
        double bias2 = 1 - Math.pow(ADAM_BETA2, steps);
        try (NDArray denominator = v.sqrt()) {
            denominator.divi(Math.sqrt(bias2)).addi(ADAM_EPSILON);
            try (NDArray update = m.div(denominator)) {
                update.muli(learningRate / bias1);
                w.subi(update);
            }
        }
    }

    /** Writes the step count and every state array, keyed by parameter id. */
    void save(DataOutputStream out) throws IOException {
        out.writeInt(STATE_MAGIC);
        out.writeInt(STATE_VERSION);
        out.writeUTF(kind.id());
        out.writeLong(steps);
        out.writeInt(state.size());
        for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (NDArray a : e.getValue()) {
                byte[] bytes = a.encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /** Restores what {@link #save} wrote; the optimizer kind must match. */
    void load(DataInputStream in, String source) throws IOException {
        if (in.readInt() != STATE_MAGIC || in.readInt() != STATE_VERSION) {
            throw new IOException(source + ": not a ser4j optimizer state (version " + STATE_VERSION + ")");
        }
        String k = in.readUTF();
        if (!k.equals(kind.id())) {
            throw new IOException(source + ": optimizer state of " + k + ", expected " + kind.id());
        }
        for (NDArray[] arrays : state.values()) {
            for (NDArray a : arrays) {
                a.close();
            }
        }
        state.clear();
        steps = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            NDArray[] arrays = new NDArray[in.readInt()];
            for (int j = 0; j < arrays.length; j++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                arrays[j] = stateManager.decode(bytes);
            }
            state.put(id, arrays);
        }
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
