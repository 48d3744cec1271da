package io.ofql.data;

import io.ofql.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How rewards are rescaled before training, as in the OFQL paper and its baselines.
 *
 * <ul>
 *   <li>{@link #NONE}: r unchanged (MuJoCo locomotion, Kitchen).
 *   <li>{@link #ANTMAZE}: (r - 0.5) * 4, mapping AntMaze's sparse 0/1 reward to -2/+2 (DQL, OFQL).
 *   <li>{@link #MINUS_ONE}: r - 1, IQL's AntMaze variant (every non-goal step costs 1).
 *   <li>{@link #STANDARDIZE}: (r - mean) / std over the whole dataset, population std (Adroit in
 *       DQL's set-up).
 * </ul>
 */
public enum RewardTransform {
    NONE("none"),
    ANTMAZE("antmaze"),
    MINUS_ONE("minus-one"),
    STANDARDIZE("standardize");

    private final String cliName;

    RewardTransform(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in run configurations. */
    public String cliName() {
        return cliName;
    }

    /** Parses {@code none|antmaze|minus-one|standardize} (case-insensitive). */
    public static RewardTransform parse(String name) {
        for (RewardTransform t : values()) {
            if (name != null && t.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new InputException("unknown reward transform '" + name + "'; expected one of "
                + Arrays.stream(values()).map(RewardTransform::cliName).collect(Collectors.joining("|")));
    }

    /** The transitions with transformed rewards (a new instance; the input is left as it is). */
    public Transitions apply(Transitions data) {
        if (this == NONE) {
            return data;
        }
        float[] r = data.rewards();
        float[] out = new float[r.length];
        switch (this) {
            case ANTMAZE:
                for (int i = 0; i < r.length; i++) {
                    out[i] = (r[i] - 0.5f) * 4f;
                }
                break;
            case MINUS_ONE:
                for (int i = 0; i < r.length; i++) {
                    out[i] = r[i] - 1f;
                }
                break;
            case STANDARDIZE:
                double sum = 0;
                for (float v : r) {
                    sum += v;
                }
                double mean = sum / r.length;
                double squares = 0;
                for (float v : r) {
                    squares += (v - mean) * (v - mean);
                }
                double std = Math.sqrt(squares / r.length);
                if (!(std > 0)) {
                    throw new InputException("reward transform standardize: all " + r.length
                            + " rewards equal " + mean + ", so their std is 0; use none instead");
                }
                for (int i = 0; i < r.length; i++) {
                    out[i] = (float) ((r[i] - mean) / std);
                }
                break;
            default:
                throw new IllegalStateException("unhandled transform " + this);
        }
        return data.withRewards(out);
    }
}
