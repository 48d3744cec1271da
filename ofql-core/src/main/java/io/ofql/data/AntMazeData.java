package io.ofql.data;

import io.ofql.InputException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * D4RL's AntMaze files and the training transitions made from them, in one place.
 *
 * <p>Layout (the v2 "sparse_fixed" files; facts A7): {@code observations} (N, 29), {@code actions}
 * (N, 8), {@code rewards} 0/1 (1 when the next position is within 0.5 of the file's goal point),
 * {@code terminals} equal to {@code rewards} (the goal flag; the recorded episode does not stop
 * there), {@code timeouts} on the last step of each 1001-step segment, and {@code infos/goal}
 * (N, 2), {@code infos/qpos} (N, 15), {@code infos/qvel} (N, 14).
 *
 * <p>Transitions (facts A8): every official implementation the paper compares with builds them
 * with D4RL's {@code qlearning_dataset}: next state = observations[i + 1], time-out steps and the
 * last step dropped, and the bootstrap mask 1 - terminals, so the goal ends the backup. That is
 * {@link Transitions#from}'s rule for files without {@code next_observations}, which D4RL's
 * AntMaze files do not have. The
 * algorithms differ only in the reward transform, which comes from the algorithm's config:
 *
 * <pre>
 * DQL, CPQL (a DQL fork), OFQL:       r' = (r - 0.5) * 4   ({@link RewardTransform#ANTMAZE})
 * IQL, FQL, CleanDiffuser's DQL:     r' = r - 1           ({@link RewardTransform#MINUS_ONE})
 * </pre>
 *
 * The max-Q backup (DQL: every AntMaze task but umaze) is a critic setting of the algorithm's
 * config, not a property of the data.
 */
public final class AntMazeData {
    private static final Logger LOG = LogManager.getLogger(AntMazeData.class);

    /** The keys AntMaze files carry besides the standard ones, with their columns. */
    public static final D4rlReader.Layout LAYOUT = new D4rlReader.Layout("AntMaze", D4rlReader.Layout.D4RL.required(),
            Map.of("infos/goal", 2, "infos/qpos", 15, "infos/qvel", 14));

    private AntMazeData() {}

    /**
     * Reads an AntMaze file and checks its layout: the {@code infos} keys, 0/1 rewards and
     * terminals equal to the rewards.
     *
     * @throws InputException naming the file, the key and the offending value
     */
    public static D4rlDataset read(Path file) {
        D4rlDataset data = D4rlReader.read(file, LAYOUT);
        float[] rewards = data.rewards();
        boolean[] terminals = data.terminals();
        for (int i = 0; i < rewards.length; i++) {
            if (rewards[i] != 0f && rewards[i] != 1f) {
                throw new InputException(file + ": key 'rewards' has value " + rewards[i] + " at index " + i
                        + "; AntMaze rewards are 0 or 1 (1 = goal reached)");
            }
            if (terminals[i] != (rewards[i] == 1f)) {
                throw new InputException(file + ": key 'terminals' is " + terminals[i] + " at index " + i
                        + " where 'rewards' is " + rewards[i] + "; AntMaze files flag the goal in both"
                        + " (terminals equal rewards)");
            }
        }
        return data;
    }

    /**
     * The Q-learning transitions of an AntMaze dataset with the algorithm's reward transform.
     * Transforms other than {@code antmaze} and {@code minus-one} are applied but logged, as no
     * official implementation trains AntMaze on raw or standardised rewards.
     */
    public static Transitions transitions(D4rlDataset data, RewardTransform reward) {
        if (reward != RewardTransform.ANTMAZE && reward != RewardTransform.MINUS_ONE) {
            LOG.warn("{}: AntMaze rewards transformed by '{}'; the official implementations use 'antmaze'"
                    + " ((r - 0.5) * 4) or 'minus-one' (r - 1)", data.file(), reward.cliName());
        }
        return reward.apply(Transitions.from(data));
    }
}
