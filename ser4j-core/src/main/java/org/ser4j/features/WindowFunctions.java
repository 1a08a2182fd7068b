package org.ser4j.features;

/**
 * Periodic window functions as {@code scipy.signal.get_window(name, n, fftbins=True)} computes them
 * (scipy's {@code general_cosine}: a symmetric window of {@code n + 1} points over
 * {@code linspace(-pi, pi, n + 1)}, last point dropped), and librosa's {@code util.pad_center}.
 */
public final class WindowFunctions {

    /** Hann coefficient: {@code scipy.signal.windows.hann = general_hamming(M, 0.5)}. */
    private static final double HANN_ALPHA = 0.5;
    /** Hamming coefficient: {@code scipy.signal.windows.hamming = general_hamming(M, 0.54)}. */
    private static final double HAMMING_ALPHA = 0.54;

    private WindowFunctions() {}

    /** The periodic window of {@code length} samples. */
    public static double[] periodic(MelSettings.Window window, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be positive, got " + length);
        }
        double alpha = switch (window) {
            case HANN -> HANN_ALPHA;
            case HAMMING -> HAMMING_ALPHA;
        };
        if (length == 1) {
            return new double[] {1.0};
        }
        int m = length + 1;
        double[] fac = Linspace.of(-Math.PI, Math.PI, m);
        double[] w = new double[length];
        for (int i = 0; i < length; i++) {
            // general_cosine: w = 0; w += a0 * cos(0 * fac); w += a1 * cos(1 * fac)
            w[i] = 0.0 + alpha * Math.cos(0.0 * fac[i]) + (1.0 - alpha) * Math.cos(fac[i]);
        }
        return w;
    }

    /** The periodic window of {@code winLength} samples centred in {@code nFft} zeros ({@code librosa.util.pad_center}). */
    public static double[] padded(MelSettings.Window window, int winLength, int nFft) {
        double[] w = periodic(window, winLength);
        double[] out = new double[nFft];
        int lpad = (nFft - winLength) / 2;
        System.arraycopy(w, 0, out, lpad, winLength);
        return out;
    }
}
