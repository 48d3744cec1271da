package io.ofql.collect;

import io.ofql.InputException;
import io.ofql.config.ConfigValues;

/**
 * D4RL's dataset levels as collection presets. {@code medium-expert} is two collections written
 * one after the other, medium first, as D4RL joins its medium and expert datasets.
 *
 * <table>
 * <caption>Presets (explicit --noise / --random-prob override them)</caption>
 * <tr><th>level</th><th>noise</th><th>random prob</th></tr>
 * <tr><td>expert</td><td>0.1</td><td>0</td></tr>
 * <tr><td>medium</td><td>0.1</td><td>{@value #MEDIUM_RANDOM_PROB}</td></tr>
 * <tr><td>random</td><td>0</td><td>1</td></tr>
 * <tr><td>medium-expert</td><td>medium's, then expert's</td><td></td></tr>
 * </table>
 */
public enum Level {
    EXPERT(0.1, 0.0),
    MEDIUM(0.1, Level.MEDIUM_RANDOM_PROB),
    RANDOM(0.0, 1.0),
    MEDIUM_EXPERT(0.1, Level.MEDIUM_RANDOM_PROB);

    /**
     * The medium preset's chance of a random step. With the CS285 Hopper expert (return 3773) it
     * gave a mean return of 1165 (normalized 36) over 20,000 transitions, near D4RL's
     * hopper-medium (about 1420); 0.1 gave 928. Other environments tolerate more random steps
     * (HalfCheetah needs about 0.2 to 0.5 for a medium level), so pass --random-prob there.
     */
    public static final double MEDIUM_RANDOM_PROB = 0.07;

    private final double noise;
    private final double randomProb;

    Level(double noise, double randomProb) {
        this.noise = noise;
        this.randomProb = randomProb;
    }

    /** Parses {@code expert}, {@code medium}, {@code random} or {@code medium-expert}. */
    public static Level parse(String name) {
        Level found = ConfigValues.constantNamed(Level.class, name);
        if (found == null) {
            throw new InputException("--level '" + name + "': expected one of " + ConfigValues.constantNames(Level.class));
        }
        return found;
    }

    /** The name used on the command line and in metadata ({@code medium-expert}). */
    public String id() {
        return ConfigValues.format(this);
    }

    /** The preset's behaviour with any explicit value taking precedence ({@code null} keeps the preset). */
    public Behaviour behaviour(Double noiseOverride, Double randomProbOverride) {
        return new Behaviour(noiseOverride != null ? noiseOverride : noise,
                randomProbOverride != null ? randomProbOverride : randomProb);
    }
}
