package org.ser4j.augment.condition;

/**
 * A second-order IIR section with the coefficient formulas of R. Bristow-Johnson's "Cookbook
 * formulae for audio EQ biquad filter coefficients", normalised so that {@code a0 = 1}; run in
 * direct form I, in double.
 */
record Biquad(double b0, double b1, double b2, double a1, double a2) {

    /** A peaking equaliser at {@code f0} Hz with {@code gainDb} at the peak and quality {@code q}. */
    static Biquad peaking(double f0, double gainDb, double q, int sampleRate) {
        double a = Math.pow(10, gainDb / 40);
        double w = 2 * Math.PI * f0 / sampleRate;
        double alpha = Math.sin(w) / (2 * q);
        double cos = Math.cos(w);
        double a0 = 1 + alpha / a;
        return new Biquad((1 + alpha * a) / a0, -2 * cos / a0, (1 - alpha * a) / a0, -2 * cos / a0, (1 - alpha / a) / a0);
    }

    /** A high-pass at {@code f0} Hz with quality {@code q} (1/sqrt(2): Butterworth). */
    static Biquad highPass(double f0, double q, int sampleRate) {
        double w = 2 * Math.PI * f0 / sampleRate;
        double alpha = Math.sin(w) / (2 * q);
        double cos = Math.cos(w);
        double a0 = 1 + alpha;
        return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    /** Filters {@code x} in place, from rest. */
    void filterInPlace(double[] x) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double in = x[i];
            double y = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = y;
            x[i] = y;
        }
    }
}
