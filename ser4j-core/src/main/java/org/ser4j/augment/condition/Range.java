package org.ser4j.augment.condition;

import java.util.Locale;
import java.util.Random;

/**
 * A closed interval of a condition's parameter, drawn uniformly; a single value when {@code min == max}.
 * Written {@code 10} or {@code 0..20} (negative values allowed: {@code -35..0}).
 *
 * @param min lowest value, finite
 * @param max highest value, finite, at least {@code min}
 */
public record Range(double min, double max) {

    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("a range needs finite min <= max, got " + min + ".." + max);
        }
    }

    /** The single value {@code v}. */
    public static Range of(double v) {
        return new Range(v, v);
    }

    /**
     * Parses {@code A} or {@code A..B}.
     *
     * @param text the range as written in a condition spec
     * @param what the parameter's name, for the error message
     * @return the range
     */
    public static Range parse(String text, String what) {
        String t = text.trim();
        int dots = t.indexOf("..");
        try {
            if (dots < 0) {
                return of(Double.parseDouble(t));
            }
            return new Range(Double.parseDouble(t.substring(0, dots)), Double.parseDouble(t.substring(dots + 2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": expected a number or a range like 0..20, found '" + text + "'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage() + " in '" + text + "'", e);
        }
    }

    /**
     * A uniform draw from the range. Always takes exactly one {@code nextDouble()} from {@code rng},
     * also for a single value, so that the draws after it do not depend on the range's width.
     */
    public double draw(Random rng) {
        double u = rng.nextDouble();
        return min == max ? min : min + u * (max - min);
    }

    /** Whether every value of the range lies in {@code [lo, hi]}. */
    public boolean within(double lo, double hi) {
        return min >= lo && max <= hi;
    }

    @Override
    public String toString() {
        return min == max ? fmt(min) : fmt(min) + ".." + fmt(max);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
