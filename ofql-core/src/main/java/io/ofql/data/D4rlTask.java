package io.ofql.data;

import io.ofql.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A D4RL task name such as {@code hopper-medium-v2}, split into its parts, with the name of the
 * file D4RL stores its dataset in.
 *
 * <p>D4RL downloads each dataset to {@code ~/.d4rl/datasets/<last part of its URL>}. For the
 * locomotion tasks of v1 and v2 that file name is the task name with the environment and dataset
 * joined by underscores ({@code halfcheetah-medium-replay-v2} -> {@code
 * halfcheetah_medium_replay-v2.hdf5}); the older v0 files, AntMaze and Kitchen use the names of
 * their original recordings, which are tabulated here.
 *
 * @param name the task name as given, e.g. {@code antmaze-large-diverse-v0}
 * @param env the environment family: {@code hopper}, {@code halfcheetah}, {@code walker2d},
 *     {@code ant}, {@code antmaze}, {@code kitchen}, {@code pen}, {@code hammer}, {@code door} or
 *     {@code relocate}
 * @param kind the dataset kind with underscores, e.g. {@code medium_replay}, {@code large_diverse},
 *     {@code mixed}, {@code human}
 * @param version the version number after {@code -v}
 * @param domain the benchmark domain, which decides the default reward transform
 */
public record D4rlTask(String name, String env, String kind, int version, Domain domain) {

    /** The D4RL benchmark domains this toolkit knows. */
    public enum Domain {
        MUJOCO,
        ANTMAZE,
        KITCHEN,
        ADROIT;

        /** Lower-case name used in file names and logs ({@code mujoco}, {@code antmaze}, ...). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Environment variable that overrides the data directory. */
    public static final String DATA_DIR_ENV = "OFQL_DATA_DIR";

    /** D4RL's own override of its dataset directory, honoured after {@link #DATA_DIR_ENV}. */
    public static final String D4RL_DATA_DIR_ENV = "D4RL_DATASET_DIR";

    private static final List<String> LOCOMOTION_ENVS = List.of("hopper", "halfcheetah", "walker2d", "ant");
    private static final List<String> LOCOMOTION_KINDS =
            List.of("random", "medium", "expert", "medium-replay", "full-replay", "medium-expert");
    private static final List<String> ANTMAZE_KINDS =
            List.of("umaze", "umaze-diverse", "medium-play", "medium-diverse", "large-play", "large-diverse");
    private static final List<String> ADROIT_ENVS = List.of("pen", "hammer", "door", "relocate");
    private static final List<String> ADROIT_KINDS = List.of("human", "cloned", "expert");

    /** Kitchen's recordings are named after the sub-tasks they contain. */
    private static final Map<String, String> KITCHEN_FILES = Map.of(
            "complete", "mini_kitchen_microwave_kettle_light_slider-v0.hdf5",
            "partial", "kitchen_microwave_kettle_light_slider-v0.hdf5",
            "mixed", "kitchen_microwave_kettle_bottomburner_light-v0.hdf5");

    /** AntMaze's recordings are named after the maze and whether starts and goals were varied. */
    private static final Map<String, String> ANTMAZE_STEMS = Map.of(
            "umaze", "Ant_maze_u-maze_noisy_multistart_False_multigoal_False_sparse",
            "umaze_diverse", "Ant_maze_u-maze_noisy_multistart_True_multigoal_True_sparse",
            "medium_play", "Ant_maze_big-maze_noisy_multistart_True_multigoal_False_sparse",
            "medium_diverse", "Ant_maze_big-maze_noisy_multistart_True_multigoal_True_sparse",
            "large_play", "Ant_maze_hardest-maze_noisy_multistart_True_multigoal_False_sparse",
            "large_diverse", "Ant_maze_hardest-maze_noisy_multistart_True_multigoal_True_sparse");

    private static final String ACCEPTED = "expected a D4RL task name ENV-DATASET-vN: "
            + "{hopper,halfcheetah,walker2d,ant}-{random,medium,expert,medium-replay,full-replay,medium-expert}-v{0,1,2}, "
            + "antmaze-{umaze,umaze-diverse,medium-play,medium-diverse,large-play,large-diverse}-v{0,2}, "
            + "kitchen-{complete,partial,mixed}-v0 or {pen,hammer,door,relocate}-{human,cloned,expert}-v{0,1}";

    public D4rlTask {
        if (name == null || env == null || kind == null || domain == null) {
            throw new IllegalArgumentException("name, env, kind and domain are required");
        }
    }

    /**
     * Parses a task name.
     *
     * @throws InputException naming the value and listing the accepted names when it is not a
     *     D4RL task this toolkit knows
     */
    public static D4rlTask parse(String name) {
        D4rlTask task = tryParse(name);
        if (task == null) {
            throw new InputException("unknown task '" + name + "'; " + ACCEPTED);
        }
        return task;
    }

    /** Whether {@code name} is a D4RL task (as opposed to, say, the toy bandit). */
    public static boolean isD4rl(String name) {
        return tryParse(name) != null;
    }

    private static D4rlTask tryParse(String name) {
        if (name == null) {
            return null;
        }
        int dash = name.lastIndexOf("-v");
        int first = name.indexOf('-');
        if (dash <= 0 || first <= 0 || first >= dash) {
            return null;
        }
        int version;
        try {
            String digits = name.substring(dash + 2);
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 2) {
                return null;
            }
            version = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return null;
        }
        String env = name.substring(0, first);
        String dataset = name.substring(first + 1, dash);
        String kind = dataset.replace('-', '_');
        if (LOCOMOTION_ENVS.contains(env) && LOCOMOTION_KINDS.contains(dataset) && version <= 2) {
            if (version == 0 && dataset.equals("full-replay")) {
                return null;
            }
            return new D4rlTask(name, env, kind, version, Domain.MUJOCO);
        }
        if (env.equals("antmaze") && ANTMAZE_KINDS.contains(dataset) && (version == 0 || version == 2)) {
            return new D4rlTask(name, env, kind, version, Domain.ANTMAZE);
        }
        if (env.equals("kitchen") && KITCHEN_FILES.containsKey(dataset) && version == 0) {
            return new D4rlTask(name, env, kind, version, Domain.KITCHEN);
        }
        if (ADROIT_ENVS.contains(env) && ADROIT_KINDS.contains(dataset) && version <= 1) {
            return new D4rlTask(name, env, kind, version, Domain.ADROIT);
        }
        return null;
    }

    /** The file name D4RL gives this task's dataset, e.g. {@code hopper_medium_replay-v2.hdf5}. */
    public String fileName() {
        switch (domain) {
            case MUJOCO:
                if (version > 0) {
                    return env + "_" + kind + "-v" + version + ".hdf5";
                }
                // v0 called the replay buffers "mixed" and abbreviated walker2d there.
                if (kind.equals("medium_replay")) {
                    return (env.equals("walker2d") ? "walker" : env) + "_mixed.hdf5";
                }
                return env + "_" + kind + ".hdf5";
            case ANTMAZE:
                return ANTMAZE_STEMS.get(kind) + (version == 2 ? "_fixed" : "") + ".hdf5";
            case KITCHEN:
                return KITCHEN_FILES.get(kind);
            case ADROIT:
                if (version == 1) {
                    return env + "-" + kind + "-v1.hdf5";
                }
                switch (kind) {
                    case "human":
                        return env + "-v0_demos_clipped.hdf5";
                    case "cloned":
                        return env + "-demos-v0-bc-combined.hdf5";
                    default:
                        return env + "-v0_expert_clipped.hdf5";
                }
            default:
                throw new IllegalStateException("unhandled domain " + domain);
        }
    }

    /**
     * The reward transform the OFQL paper and its baselines use for this domain: AntMaze
     * {@code (r - 0.5) * 4}, Adroit standardised, the others unchanged.
     */
    public RewardTransform defaultRewardTransform() {
        switch (domain) {
            case ANTMAZE:
                return RewardTransform.ANTMAZE;
            case ADROIT:
                return RewardTransform.STANDARDIZE;
            default:
                return RewardTransform.NONE;
        }
    }

    /**
     * The directory datasets are looked up in: {@code $OFQL_DATA_DIR}, else D4RL's own
     * {@code $D4RL_DATASET_DIR}, else {@code ~/.d4rl/datasets} (where D4RL downloads them).
     */
    public static Path defaultDataDir() {
        for (String variable : new String[] {DATA_DIR_ENV, D4RL_DATA_DIR_ENV}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Paths.get(value);
            }
        }
        return Paths.get(System.getProperty("user.home"), ".d4rl", "datasets");
    }

    /**
     * The dataset file of this task under {@code dataDir}.
     *
     * @throws InputException saying where it looked and which file it expected when it is missing
     */
    public Path resolve(Path dataDir) {
        Path file = dataDir.resolve(fileName());
        if (!Files.isRegularFile(file)) {
            throw new InputException("dataset for " + name + " not found: expected the file " + fileName()
                    + " in " + dataDir.toAbsolutePath() + " (set " + DATA_DIR_ENV
                    + " or pass the data directory; D4RL downloads it to ~/.d4rl/datasets)");
        }
        return file;
    }
}
