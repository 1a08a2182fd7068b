package org.ser4j.augment.condition;

/** Sample quantisers: G.711 mu-law (8 bits) and linear PCM of a chosen bit depth, both clipping at full scale. */
final class Quantiser {

    /** G.711's mu (ITU-T G.711, North American and Japanese telephone lines). */
    static final double MU = 255;

    private Quantiser() {}

    /** Each sample through 8-bit mu-law companding and back: 256 levels, fine near 0 and coarse near full scale. */
    static float[] muLaw(float[] x) {
        float[] out = new float[x.length];
        double log1pMu = Math.log1p(MU);
        for (int i = 0; i < x.length; i++) {
            double v = Math.max(-1, Math.min(1, x[i]));
            double y = Math.signum(v) * Math.log1p(MU * Math.abs(v)) / log1pMu; // in [-1, 1]
            double q = Math.round(y * 127) / 127.0;
            out[i] = (float) (Math.signum(q) * Math.expm1(Math.abs(q) * log1pMu) / MU);
        }
        return out;
    }

    /** Each sample rounded to {@code bits}-bit linear PCM ({@code 2^(bits-1)} steps per unit), clipped to full scale. */
    static float[] linear(float[] x, int bits) {
        double steps = Math.pow(2, bits - 1);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = Math.max(-1, Math.min(1, x[i]));
            out[i] = (float) (Math.max(-steps, Math.min(steps - 1, Math.round(v * steps))) / steps);
        }
        return out;
    }
}
