package io.ofql.task;

import io.ofql.data.RewardTransform;
import java.util.Locale;

/**
 * The benchmark domains of the paper's table (plus the toy bandit), each with the reward rule the
 * OFQL paper and its baselines apply to its datasets.
 */
public enum Domain {
    /** The 2-D bandit of the OFQL paper's App. C (generated data, no simulator). */
    TOY("toy", RewardTransform.NONE),
    /** D4RL locomotion: rewards unchanged. */
    MUJOCO("MuJoCo", RewardTransform.NONE),
    /** Sparse 0/1 goal rewards, mapped to (r - 0.5) * 4 (DQL, OFQL). */
    ANTMAZE("AntMaze", RewardTransform.ANTMAZE),
    /** Rewards unchanged (DQL's set-up). */
    KITCHEN("Kitchen", RewardTransform.NONE),
    /** Rewards standardised over the dataset (DQL's set-up). */
    ADROIT("Adroit", RewardTransform.STANDARDIZE);

    private final String displayName;
    private final RewardTransform reward;

    Domain(String displayName, RewardTransform reward) {
        this.displayName = displayName;
        this.reward = reward;
    }

    /** Lower-case name used in preset files and logs ({@code mujoco}, {@code antmaze}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name tables print ({@code MuJoCo}, {@code AntMaze}, ...). */
    public String displayName() {
        return displayName;
    }

    /** The reward transform this domain's datasets get unless an algorithm's preset says otherwise. */
    public RewardTransform reward() {
        return reward;
    }
}
