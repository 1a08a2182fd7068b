package org.ser4j.data;

import java.util.Locale;

/**
 * The eight RAVDESS emotions, in RAVDESS code order (code 01 = NEUTRAL ... 08 = SURPRISED).
 *
 * <p>{@link #ordinal()} is ser4j's class index. SEC-PyTorch used another order (surprise 0,
 * neutral 1, ...); {@link #seedIndex()} gives it for reproducing SEC-PyTorch's printed matrices.
 */
public enum Emotion {
    NEUTRAL(1),
    CALM(2),
    HAPPY(3),
    SAD(4),
    ANGRY(5),
    FEARFUL(6),
    DISGUST(7),
    SURPRISED(8);

    private final int code;

    Emotion(int code) {
        this.code = code;
    }

    /** The RAVDESS file-name code, 1..8. */
    public int code() {
        return code;
    }

    /** The lower-case label used in files, JSON and the CLI ("neutral", "calm", ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** SEC-PyTorch's class index: surprised 0, then neutral..disgust as 1..7. */
    public int seedIndex() {
        return this == SURPRISED ? 0 : code;
    }

    public static Emotion fromCode(int code) {
        for (Emotion e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("no RAVDESS emotion has code " + code + " (expected 1..8)");
    }

    public static Emotion fromLabel(String label) {
        for (Emotion e : values()) {
            if (e.label().equalsIgnoreCase(label.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown emotion '" + label + "' (expected one of neutral, calm, happy, sad, angry, fearful, disgust, surprised)");
    }
}
