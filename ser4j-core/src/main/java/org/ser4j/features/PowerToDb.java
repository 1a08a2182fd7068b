package org.ser4j.features;

/**
 * Power spectrogram to decibels, exactly as {@code librosa.power_to_db} (0.8/0.9):
 * {@code 10 log10(max(amin, S)) - 10 log10(max(amin, |ref|))}, then clipped below at
 * {@code max - topDb}.
 *
 * <p>The maximum dB value is the dB value of the largest power ({@link Math#log10} is
 * semi-monotonic), so the clipping floor is known before the pass over the cells, and cells whose
 * power is clearly below the floor's power (by a relative margin of {@value #SKIP_MARGIN}, far above
 * rounding) are set to the floor without a logarithm: the same numbers as the plain computation,
 * faster on speech, whose quiet cells are often 20-40 % of an image.
 */
public final class PowerToDb {

    private static final double DB_PER_DECADE = 10.0;
    /** Relative margin below the floor's power under which the log is skipped (1e-6 in power = 4.3e-6 dB). */
    private static final double SKIP_MARGIN = 1e-6;

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
        Plan plan = Plan.of(values, settings);
        for (double[] row : values) {
            for (int i = 0; i < row.length; i++) {
                row[i] = plan.db(row[i]);
            }
        }
    }

    /**
     * The dB values rounded to float: {@code (float) apply(power, settings)[m][t]}, without a double
     * intermediate array.
     */
    public static float[][] toFloat(double[][] power, DbSettings settings) {
        Plan plan = Plan.of(power, settings);
        float[][] out = new float[power.length][];
        for (int r = 0; r < power.length; r++) {
            double[] row = power[r];
            float[] o = new float[row.length];
            for (int i = 0; i < row.length; i++) {
                o[i] = (float) plan.db(row[i]);
            }
            out[r] = o;
        }
        return out;
    }

    /** Reference, floor and skip threshold of one spectrogram. */
    private record Plan(double amin, double refDb, double floor, double skipBelow) {

        static Plan of(double[][] power, DbSettings settings) {
            double amin = settings.amin();
            double maxPower = Double.NEGATIVE_INFINITY;
            for (double[] row : power) {
                for (double v : row) {
                    maxPower = Math.max(maxPower, v);
                }
            }
            double refValue = settings.refIsMax() ? maxPower : Math.abs(settings.ref());
            double refDb = DB_PER_DECADE * Math.log10(Math.max(amin, refValue));
            if (settings.topDb() == null || maxPower == Double.NEGATIVE_INFINITY) {
                return new Plan(amin, refDb, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
            }
            double maxDb = DB_PER_DECADE * Math.log10(Math.max(amin, maxPower)) - refDb;
            double floor = maxDb - settings.topDb();
            double skipBelow = Math.pow(10.0, (floor + refDb) / DB_PER_DECADE) * (1 - SKIP_MARGIN);
            // skipping is exact only where max(amin, p) < skipBelow, i.e. when amin itself is below it
            return new Plan(amin, refDb, floor, amin < skipBelow ? skipBelow : Double.NEGATIVE_INFINITY);
        }

        double db(double p) {
            if (p < skipBelow) {
                return floor;
            }
            return Math.max(DB_PER_DECADE * Math.log10(Math.max(amin, p)) - refDb, floor);
        }
    }
}
