package io.ofql.task;

import io.ofql.InputException;
import io.ofql.env.EnvSpec;
import io.ofql.env.EnvironmentFactory;
import io.ofql.env.Environments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every task the toolkit knows, one row each, and the only parser of task names.
 *
 * <p>A row is a task without its version ({@code antmaze-umaze}): its domain, the environment it
 * is evaluated in, the dataset file of each accepted version, D4RL's reference scores and the
 * episode length. The versions of a row share everything but the file ({@code antmaze-umaze-v0}
 * and {@code -v2} build the same environment; D4RL's v2 files are the fixed recordings).
 *
 * <p>File names: D4RL downloads each dataset to {@code ~/.d4rl/datasets/<last part of its URL>}.
 * Locomotion v1 and v2 files join environment and dataset with underscores ({@code
 * halfcheetah-medium-replay-v2} -> {@code halfcheetah_medium_replay-v2.hdf5}); the v0 files,
 * AntMaze, Kitchen and Adroit v0 carry the names of their original recordings.
 *
 * <p>Reference scores: locomotion from {@link EnvSpec} (gym v2's environments, D4RL's
 * REF_MIN/MAX_SCORE); AntMaze 0 / 1 and Kitchen 0 / 4 (shared/reference/antmaze-kitchen-facts.md,
 * A1 and B1); Adroit from D4RL's hand-manipulation registrations. Episode lengths: 1000
 * locomotion, 700 / 1000 AntMaze (umaze / the others), 280 Kitchen, 100 pen and 200 the other
 * Adroit tasks.
 */
public final class TaskRegistry {

    /** The toy bandit's name. */
    public static final String TOY = "toy-bandit";

    /** A row of the table. {@code files} maps each accepted version to its dataset file. */
    private record Row(String base, Domain domain, String envId, Map<Integer, String> files, double refMin,
            double refMax, int episodeLength) {}

    private static final List<String> LOCOMOTION_KINDS =
            List.of("random", "medium", "expert", "medium-replay", "medium-expert", "full-replay");

    /** AntMaze's recordings are named after the maze and whether starts and goals were varied. */
    private static final Map<String, String> ANTMAZE_STEMS = ordered(
            "umaze", "Ant_maze_u-maze_noisy_multistart_False_multigoal_False_sparse",
            "umaze-diverse", "Ant_maze_u-maze_noisy_multistart_True_multigoal_True_sparse",
            "medium-play", "Ant_maze_big-maze_noisy_multistart_True_multigoal_False_sparse",
            "medium-diverse", "Ant_maze_big-maze_noisy_multistart_True_multigoal_True_sparse",
            "large-play", "Ant_maze_hardest-maze_noisy_multistart_True_multigoal_False_sparse",
            "large-diverse", "Ant_maze_hardest-maze_noisy_multistart_True_multigoal_True_sparse");

    /** Kitchen's recordings are named after the sub-tasks they contain. */
    private static final Map<String, String> KITCHEN_FILES = ordered(
            "complete", "mini_kitchen_microwave_kettle_light_slider-v0.hdf5",
            "partial", "kitchen_microwave_kettle_light_slider-v0.hdf5",
            "mixed", "kitchen_microwave_kettle_bottomburner_light-v0.hdf5");

    /** Adroit: REF_MIN, REF_MAX, episode length per environment. */
    private static final Map<String, double[]> ADROIT = Map.of(
            "pen", new double[] {96.262799, 3076.8331017826877, 100},
            "hammer", new double[] {-274.856578, 12794.134825156867, 200},
            "door", new double[] {-56.512833, 2880.5693087298737, 200},
            "relocate", new double[] {-6.425911, 4233.877797728884, 200});

    private static final Map<String, Row> ROWS = buildTable();

    private TaskRegistry() {}

    private static Map<String, Row> buildTable() {
        Map<String, Row> rows = new LinkedHashMap<>();
        add(rows, new Row(TOY, Domain.TOY, null, Collections.singletonMap(Task.UNVERSIONED, null), 0, 100, 1));
        for (EnvSpec env : EnvSpec.values()) {
            for (String kind : LOCOMOTION_KINDS) {
                Map<Integer, String> files = new TreeMap<>();
                String joined = env.id() + "_" + kind.replace('-', '_');
                if (!kind.equals("full-replay")) {
                    // v0 called the replay buffers "mixed" and abbreviated walker2d there.
                    files.put(0, kind.equals("medium-replay")
                            ? (env == EnvSpec.WALKER2D ? "walker" : env.id()) + "_mixed.hdf5"
                            : joined + ".hdf5");
                }
                files.put(1, joined + "-v1.hdf5");
                files.put(2, joined + "-v2.hdf5");
                add(rows, new Row(env.id() + "-" + kind, Domain.MUJOCO, env.id(), files, env.refMin(), env.refMax(),
                        1000));
            }
        }
        ANTMAZE_STEMS.forEach((kind, stem) -> {
            String maze = kind.substring(0, kind.contains("-") ? kind.indexOf('-') : kind.length());
            add(rows, new Row("antmaze-" + kind, Domain.ANTMAZE, "antmaze-" + maze,
                    new TreeMap<>(Map.of(0, stem + ".hdf5", 2, stem + "_fixed.hdf5")), 0, 1,
                    maze.equals("umaze") ? 700 : 1000));
        });
        KITCHEN_FILES.forEach((kind, file) ->
                add(rows, new Row("kitchen-" + kind, Domain.KITCHEN,
                        kind.equals("mixed") ? "kitchen-mixed" : "kitchen", Map.of(0, file), 0, 4, 280)));
        for (String env : List.of("pen", "hammer", "door", "relocate")) {
            double[] facts = ADROIT.get(env);
            Map<String, String> v0 = Map.of("human", env + "-v0_demos_clipped.hdf5",
                    "cloned", env + "-demos-v0-bc-combined.hdf5", "expert", env + "-v0_expert_clipped.hdf5");
            for (String kind : List.of("human", "cloned", "expert")) {
                add(rows, new Row(env + "-" + kind, Domain.ADROIT, env,
                        new TreeMap<>(Map.of(0, v0.get(kind), 1, env + "-" + kind + "-v1.hdf5")), facts[0], facts[1],
                        (int) facts[2]));
            }
        }
        return Collections.unmodifiableMap(rows);
    }

    private static void add(Map<String, Row> rows, Row row) {
        if (rows.put(row.base(), row) != null) {
            throw new IllegalStateException("task " + row.base() + " is in the table twice");
        }
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /**
     * The task of an accepted name ({@code hopper-medium-v2}, {@code antmaze-umaze-v0},
     * {@code toy-bandit}; exact spelling, lower case).
     *
     * @throws InputException naming the value and listing the known tasks
     */
    public static Task resolve(String name) {
        return find(name).orElseThrow(() -> new InputException("unknown task '" + name + "'; known: " + known()));
    }

    /** The task of {@code name}, or empty when the registry does not accept that name. */
    public static Optional<Task> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Row row = ROWS.get(name);
        if (row != null && row.files().containsKey(Task.UNVERSIONED)) {
            return Optional.of(task(row, name, Task.UNVERSIONED));
        }
        int dash = name.lastIndexOf("-v");
        if (dash <= 0) {
            return Optional.empty();
        }
        String digits = name.substring(dash + 2);
        if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int version = Integer.parseInt(digits);
        row = ROWS.get(name.substring(0, dash));
        if (row == null || !row.files().containsKey(version)) {
            return Optional.empty();
        }
        return Optional.of(task(row, name, version));
    }

    private static Task task(Row row, String name, int version) {
        return new Task(name, row.base(), version, row.domain(), row.envId(), row.files().get(version), row.refMin(),
                row.refMax(), row.episodeLength());
    }

    /** Every accepted task name, in the table's order (toy, locomotion, AntMaze, Kitchen, Adroit). */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Row row : ROWS.values()) {
            for (int version : row.files().keySet()) {
                names.add(version == Task.UNVERSIONED ? row.base() : row.base() + "-v" + version);
            }
        }
        return names;
    }

    /** Every task without its version (the keys of algorithm presets), in the table's order. */
    public static List<String> bases() {
        return List.copyOf(ROWS.keySet());
    }

    /** The environment ids tasks are evaluated in, each once, in the table's order. */
    public static List<String> environments() {
        return ROWS.values().stream().map(Row::envId).filter(id -> id != null).distinct().toList();
    }

    /**
     * The environment id of {@code taskOrEnvironment}: itself when it is an environment id
     * ({@code hopper}, {@code antmaze-umaze}), else the environment of the task it names.
     *
     * @throws InputException when it is neither, listing the environments and the tasks
     */
    public static String environmentOf(String taskOrEnvironment) {
        String lower = taskOrEnvironment == null ? "" : taskOrEnvironment.trim().toLowerCase(Locale.ROOT);
        if (environments().contains(lower)) {
            return lower;
        }
        Optional<Task> task = find(taskOrEnvironment);
        if (task.isPresent() && task.get().envId() != null) {
            return task.get().envId();
        }
        throw new InputException("unknown environment '" + taskOrEnvironment + "' (neither an environment nor a task); environments: "
                + String.join(", ", environments()) + "; tasks: " + known());
    }

    /**
     * The environment that evaluates {@code taskOrEnvironment} (an environment id or a task name).
     *
     * @throws InputException when it is neither, listing the environments and the tasks
     */
    public static EnvironmentFactory environment(String taskOrEnvironment) {
        return Environments.forId(environmentOf(taskOrEnvironment));
    }

    /**
     * The known names, compactly: rows of one environment with the same versions share one entry,
     * e.g. {@code hopper-{random,medium,...}-v{0,1,2}}.
     */
    public static String known() {
        SortedMap<String, List<String>> groups = new TreeMap<>();
        List<String> order = new ArrayList<>();
        for (Row row : ROWS.values()) {
            if (row.files().containsKey(Task.UNVERSIONED)) {
                order.add(row.base());
                continue;
            }
            String family = row.base().substring(0, row.base().indexOf('-'));
            String versions = row.files().keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
            String key = family + "|" + versions;
            if (!groups.containsKey(key)) {
                order.add(key);
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row.base().substring(family.length() + 1));
        }
        return order.stream().map(key -> {
            List<String> kinds = groups.get(key);
            if (kinds == null) {
                return key;
            }
            String family = key.substring(0, key.indexOf('|'));
            String versions = key.substring(key.indexOf('|') + 1);
            return family + "-" + (kinds.size() == 1 ? kinds.get(0) : "{" + String.join(",", kinds) + "}")
                    + "-v" + (versions.contains(",") ? "{" + versions + "}" : versions);
        }).collect(Collectors.joining(", "));
    }
}
