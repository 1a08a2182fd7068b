package org.ser4j.features;

/**
 * Power spectrogram to decibels, exactly as {@code librosa.power_to_db} (0.8/0.9):
 * {@code 10 log10(max(amin, S)) - 10 log10(max(amin, |ref|))}, then clipped below at
 * {@code max - topDb}.
 */
public final class PowerToDb {

    private static final double DB_PER_DECADE = 10.0;

    private PowerToDb() {}

    /** Returns a new array; {@code power} is not modified. */
    public static double[][] apply(double[][] power, DbSettings settings) {
        double[][] out = new double[power.length][];
        for (int r = 0; r < power.length; r++) {
            out[r] = power[r].clone();
        }
        applyInPlace(out, settings);
        return out;
    }

    /** Converts {@code values} (power) to dB in place. */
    public static void applyInPlace(double[][] values, DbSettings settings) {
        double amin = settings.amin();
        double refValue;
        if (settings.refIsMax()) {
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : values) {
                for (double v : row) {
                    max = Math.max(max, v);
                }
            }
            refValue = max;
        } else {
            refValue = Math.abs(settings.ref());
        }
        double refDb = DB_PER_DECADE * Math.log10(Math.max(amin, refValue));
        double maxDb = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (int i = 0; i < row.length; i++) {
                double db = DB_PER_DECADE * Math.log10(Math.max(amin, row[i])) - refDb;
                row[i] = db;
                maxDb = Math.max(maxDb, db);
            }
        }
        if (settings.topDb() != null) {
            double floor = maxDb - settings.topDb();
            for (double[] row : values) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = Math.max(row[i], floor);
                }
            }
        }
    }
}
