package org.ser4j.augment;

import java.util.Random;

/**
 * Mixup (Zhang et al., "mixup: Beyond Empirical Risk Minimization", ICLR 2018) of a batch of
 * feature rows: each row is blended with a partner row of the same batch, {@code lambda * row +
 * (1 - lambda) * partner}, with one {@code lambda ~ Beta(alpha, alpha)} per batch; the training loss
 * is blended with the same weights ({@code lambda} on the row's label, the rest on the partner's).
 *
 * @param alpha the Beta distribution's parameter, positive (small values keep most rows near one
 *     of the two; 1 is uniform)
 */
public record Mixup(double alpha) {

    public Mixup {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("mixup alpha must be positive, found " + alpha);
        }
    }

    /**
     * Draws a weight from Beta(alpha, alpha) by Johnk's method (exact for any alpha > 0).
     *
     * @param rng the source of the uniform draws
     * @return lambda in [0, 1]
     */
    public double drawWeight(Random rng) {
        while (true) {
            double x = Math.pow(rng.nextDouble(), 1 / alpha);
            double y = Math.pow(rng.nextDouble(), 1 / alpha);
            if (x + y <= 1 && x + y > 0) {
                return x / (x + y);
            }
        }
    }

    /**
     * The blended rows; the input is not modified.
     *
     * @param rows the batch, rows of equal length
     * @param partner for each row, the index of the row it is blended with
     * @param lambda the weight of the row itself
     * @return new rows {@code lambda * rows[i] + (1 - lambda) * rows[partner[i]]}
     */
    public static float[][] mix(float[][] rows, int[] partner, float lambda) {
        if (partner.length != rows.length) {
            throw new IllegalArgumentException("mixup: " + partner.length + " partners for " + rows.length + " rows");
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            float[] a = rows[i];
            float[] b = rows[partner[i]];
            float[] m = new float[a.length];
            for (int j = 0; j < m.length; j++) {
                m[j] = lambda * a[j] + (1 - lambda) * b[j];
            }
            out[i] = m;
        }
        return out;
    }
}
