package io.ofql.experiments.run;

/** Mean and sample standard deviation (n - 1), as reported for scores over seeds. */
public final class Stats {
    private Stats() {}

    public static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation; {@code NaN} for fewer than two values. */
    public static double sampleStd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
