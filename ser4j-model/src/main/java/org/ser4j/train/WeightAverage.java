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
 * An exponential moving average of a model's weights over the training steps ({@code --ema}), the
 * model that is validated and kept instead of the last step's weights.
 *
 * <p>After step {@code t} (1-based) every initialised parameter {@code w} (the trainable ones and
 * the batch-norm running statistics alike) updates its average {@code a = d a + (1 - d) w} with
 * {@code d = min(decay, (1 + t) / (10 + t))}: the early averages follow the fast-moving first steps
 * instead of holding on to the random initialisation (the warm-up of timm's {@code ModelEma}). A
 * decay of 0.995 averages over about the last 200 steps, 8 epochs of 840 clips in batches of 32.
 *
 * <p>{@link #swapIn} puts the averages into the model (for validation and saving the bundle) and
 * {@link #swapOut} puts the training weights back; the optimizer only ever sees the training
 * weights. The averages and the step count are saved and restored with the resume state, so a
 * resumed run averages exactly as the uninterrupted one. The arrays live in a sub-manager of the
 * manager given at construction and are freed with it (the trainer's run manager).
 */
final class WeightAverage {

    private static final int MAGIC = 0x53344A45; // "S4JE"
    private static final int VERSION = 1;

    private final double decay;
    private final NDManager manager;
    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private final Map<String, NDArray> saved = new LinkedHashMap<>();
    private long steps;

    /**
     * Starts the averages at the model's current weights.
     *
     * @param decay the decay per step, in (0, 1)
     * @param parameters the model's parameters
     * @param parent the manager the averages are kept under
     */
    WeightAverage(double decay, List<Pair<String, Parameter>> parameters, NDManager parent) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight average decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().isInitialized()) {
                NDArray a = p.getValue().getArray().duplicate();
                a.attach(manager);
                averages.put(p.getKey(), a);
            }
        }
    }

    /** The steps averaged so far. */
    long steps() {
        return steps;
    }

    /** The decay of step {@code t} (1-based): {@code min(decay, (1 + t) / (10 + t))}. */
    double decayAt(long t) {
        return Math.min(decay, (1.0 + t) / (10.0 + t));
    }

    /** Folds the weights after one optimizer step into the averages. */
    void update(List<Pair<String, Parameter>> parameters) {
        steps++;
        float d = (float) decayAt(steps);
        for (Pair<String, Parameter> p : parameters) {
            NDArray a = averages.get(p.getKey());
            if (a == null) {
                continue;
            }
            try (NDArray share = p.getValue().getArray().mul(1 - d)) {
                a.muli(d).addi(share);
            }
        }
    }

    /** Puts the averages into the model, keeping the training weights aside; {@link #swapOut} undoes it. */
    void swapIn(List<Pair<String, Parameter>> parameters) {
        if (!saved.isEmpty()) {
            throw new IllegalStateException("the averaged weights are in the model already");
        }
        for (Pair<String, Parameter> p : parameters) {
            NDArray a = averages.get(p.getKey());
            if (a == null) {
                continue;
            }
            NDArray w = p.getValue().getArray();
            NDArray keep = w.duplicate();
            keep.attach(manager);
            saved.put(p.getKey(), keep);
            overwrite(w, a);
        }
    }

    /** Puts the training weights back after {@link #swapIn}. */
    void swapOut(List<Pair<String, Parameter>> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            NDArray keep = saved.remove(p.getKey());
            if (keep != null) {
                overwrite(p.getValue().getArray(), keep);
                keep.close();
            }
        }
    }

    /**
     * Writes {@code source}'s values into {@code target} in place ({@code 0 * target + source}, exact for
     * finite weights). Unlike {@code NDArray.copyTo}, which hands PyTorch a new data buffer, the tensor
     * itself stays the one the parameter, the optimizer state and autograd know.
     */
    private static void overwrite(NDArray target, NDArray source) {
        target.muli(0f).addi(source);
    }

    /** Writes the step count and the averages, keyed by parameter id. */
    void save(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeDouble(decay);
        out.writeLong(steps);
        out.writeInt(averages.size());
        for (Map.Entry<String, NDArray> e : averages.entrySet()) {
            out.writeUTF(e.getKey());
            byte[] bytes = e.getValue().encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    /** Restores what {@link #save} wrote; the decay and the parameter ids must match. */
    void load(DataInputStream in, String source) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException(source + ": not a ser4j weight average (version " + VERSION + ")");
        }
        double d = in.readDouble();
        if (d != decay) {
            throw new IOException(source + ": weight average of decay " + d + ", this run has " + decay);
        }
        long s = in.readLong();
        int n = in.readInt();
        if (n != averages.size()) {
            throw new IOException(source + ": " + n + " averaged parameters, the model has " + averages.size());
        }
        Map<String, NDArray> read = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            NDArray a = manager.decode(bytes);
            NDArray old = averages.get(id);
            if (old == null || !old.getShape().equals(a.getShape())) {
                a.close();
                read.values().forEach(NDArray::close);
                throw new IOException(source + ": averaged parameter " + id + " does not fit the model");
            }
            read.put(id, a);
        }
        averages.values().forEach(NDArray::close);
        averages.putAll(read);
        steps = s;
    }
}
