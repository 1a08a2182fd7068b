package org.ser4j.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The optimizers the trainer offers, with PyTorch's update rules and SEC-PyTorch's defaults. */
public enum OptimizerKind {
    /** {@code torch.optim.SGD}: SEC-PyTorch's optimizer (lr 0.01, momentum 0.8, weight decay 1e-3). */
    SGD(0.01, 1e-3),
    /** {@code torch.optim.AdamW} with its defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 1e-2). */
    ADAMW(1e-3, 1e-2);

    private final double defaultLearningRate;
    private final double defaultWeightDecay;

    OptimizerKind(double defaultLearningRate, double defaultWeightDecay) {
        this.defaultLearningRate = defaultLearningRate;
        this.defaultWeightDecay = defaultWeightDecay;
    }

    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    public double defaultWeightDecay() {
        return defaultWeightDecay;
    }

    /** The CLI and JSON name: {@code sgd}, {@code adamw}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OptimizerKind fromId(String id) {
        for (OptimizerKind k : values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + id + "' (expected sgd or adamw)");
    }
}
