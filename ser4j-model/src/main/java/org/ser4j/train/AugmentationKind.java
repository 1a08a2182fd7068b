package org.ser4j.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Augmentation of the training signals (never of validation or test). */
public enum AugmentationKind {
    /** SEC-PyTorch's: two copies with additive white Gaussian noise at an SNR drawn in [15, 29] dB. */
    AWGN,
    /**
     * Not SEC-PyTorch's: two copies of each training clip at 0.9 and 1.1 times the speed (pitch and
     * formants scaled likewise), made from the whole clip before the preset's window.
     */
    SPEED,
    /** Clean training signals only. */
    NONE;

    /** The CLI and JSON name: {@code awgn}, {@code none}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AugmentationKind fromId(String id) {
        for (AugmentationKind k : values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown augmentation '" + id + "' (expected awgn, speed or none)");
    }
}
