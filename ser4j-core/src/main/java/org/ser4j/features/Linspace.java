package org.ser4j.features;

/** {@code numpy.linspace(start, stop, num, endpoint=True)} computed exactly as NumPy does. */
final class Linspace {

    private Linspace() {}

    /** {@code y[i] = i * step + start} with {@code step = (stop - start) / (num - 1)}, {@code y[num-1] = stop}. */
    static double[] of(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        for (int i = 0; i < num; i++) {
            y[i] = step == 0 ? (i / (double) div) * delta + start : i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }
}
