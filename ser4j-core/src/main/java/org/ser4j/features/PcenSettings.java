package org.ser4j.features;

/**
 * Per-channel energy normalisation (PCEN; Wang et al., "Trainable frontend for robust and far-field
 * keyword spotting", ICASSP 2017), with the meaning of {@code librosa.pcen}'s arguments: each mel
 * band's magnitude {@code E} is divided by a smoothed copy of itself raised to {@code gain}, then
 * root-compressed:
 *
 * <pre>
 *   M[t] = (1 - s) M[t-1] + s E[t],   M[0] = E[0]   (librosa's steady-state start)
 *   P[t] = (E[t] / (eps + M[t])^gain + bias)^power - bias^power
 * </pre>
 *
 * with {@code s} from the time constant {@code T} in frames as librosa computes it,
 * {@code s = (sqrt(1 + 4 T^2) - 1) / (2 T^2)}. A stationary background (hum, an air conditioner,
 * a room's tail) is divided away band by band and a level change is nearly removed (gain close to 1),
 * where a dB image keeps both. {@code E} is the mel magnitude (square root of the mel power, as in
 * librosa's example) relative to the image's largest value, so that a quieter recording gives nearly
 * the same image.
 *
 * @param timeConstant smoothing time constant in seconds (librosa 0.4)
 * @param gain the exponent {@code alpha} of the smoother, 0 to 1 (librosa 0.98)
 * @param bias {@code delta}, positive (librosa 2)
 * @param power {@code r}, 0 to 1 (librosa 0.5)
 * @param eps floor of the smoother, relative to the image's largest magnitude, positive (librosa 1e-6)
 */
public record PcenSettings(double timeConstant, double gain, double bias, double power, double eps) {

    /** librosa's defaults. */
    public static final PcenSettings LIBROSA = new PcenSettings(0.4, 0.98, 2.0, 0.5, 1e-6);

    public PcenSettings {
        if (!(timeConstant > 0) || !Double.isFinite(timeConstant)) {
            throw new IllegalArgumentException("PCEN time constant must be positive, got " + timeConstant);
        }
        if (!(gain >= 0 && gain <= 1)) {
            throw new IllegalArgumentException("PCEN gain must be in [0, 1], got " + gain);
        }
        if (!(bias > 0) || !Double.isFinite(bias)) {
            throw new IllegalArgumentException("PCEN bias must be positive, got " + bias);
        }
        if (!(power > 0 && power <= 1)) {
            throw new IllegalArgumentException("PCEN power must be in (0, 1], got " + power);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("PCEN eps must be positive, got " + eps);
        }
    }

    /** The smoothing coefficient {@code s} for frames {@code hopSeconds} apart (librosa's formula). */
    public double smoothing(double hopSeconds) {
        double t = timeConstant / hopSeconds;
        return (Math.sqrt(1 + 4 * t * t) - 1) / (2 * t * t);
    }

    /**
     * PCEN of a mel power image {@code [bands][frames]} (not modified) whose frames are
     * {@code hopSeconds} apart; an all-zero image gives zeros.
     */
    public float[][] apply(double[][] melPower, double hopSeconds) {
        double max = 0;
        for (double[] row : melPower) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double norm = max > 0 ? 1 / Math.sqrt(max) : 0;
        double s = smoothing(hopSeconds);
        double offset = Math.pow(bias, power);
        float[][] out = new float[melPower.length][];
        for (int b = 0; b < melPower.length; b++) {
            double[] row = melPower[b];
            float[] o = new float[row.length];
            double m = row.length == 0 ? 0 : Math.sqrt(Math.max(0, row[0])) * norm;
            for (int t = 0; t < row.length; t++) {
                double e = Math.sqrt(Math.max(0, row[t])) * norm;
                m = (1 - s) * m + s * e;
                o[t] = (float) (Math.pow(e / Math.pow(eps + m, gain) + bias, power) - offset);
            }
            out[b] = o;
        }
        return out;
    }
}
