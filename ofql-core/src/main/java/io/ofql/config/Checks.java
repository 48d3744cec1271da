package io.ofql.config;

/**
 * Argument checks for every algorithm's hyperparameter record (compact constructors). Each failure names the
 * hyperparameter, the value and what was expected, in one line.
 */
public final class Checks {
    private Checks() {}

    public static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
        }
    }

    public static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    public static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** A fraction in the open-closed interval (0, 1]. */
    public static void fraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }

    /** A probability or mixing weight in the closed interval [0, 1]. */
    public static void unit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    /** A decay or discount in [0, 1). */
    public static void unitOpen(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    /** A sinusoidal embedding size: even (sin and cos halves) and at least 4. */
    public static void evenEmbedding(String name, int value) {
        if (value < 4 || value % 2 != 0) {
            throw new IllegalArgumentException(name + " must be even and at least 4 (sin and cos halves), got " + value);
        }
    }
}
