package io.ofql.env;

import io.ofql.task.TaskRegistry;
import io.ofql.InputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every environment the toolkit can simulate, by id. Which environment evaluates a task is a
 * column of the task registry ({@code io.ofql.task.TaskRegistry}).
 *
 * <table>
 *   <caption>Environments and the tasks they evaluate</caption>
 *   <tr><th>id</th><th>tasks</th></tr>
 *   <tr><td>hopper, halfcheetah, walker2d, ant</td><td>ENV-{random,medium,expert,...}-vN</td></tr>
 *   <tr><td>antmaze-umaze</td><td>antmaze-umaze-vN, antmaze-umaze-diverse-vN</td></tr>
 *   <tr><td>antmaze-medium</td><td>antmaze-medium-{play,diverse}-vN</td></tr>
 *   <tr><td>antmaze-large</td><td>antmaze-large-{play,diverse}-vN</td></tr>
 *   <tr><td>kitchen</td><td>kitchen-complete-v0, kitchen-partial-v0</td></tr>
 *   <tr><td>kitchen-mixed</td><td>kitchen-mixed-v0</td></tr>
 * </table>
 *
 * AntMaze's play and diverse tasks differ only in their datasets, and the v0 names evaluate in
 * the same (v2) environments.
 */
public final class Environments {
    private static final Map<String, EnvironmentFactory> ALL = register();

    private Environments() {}

    private static Map<String, EnvironmentFactory> register() {
        Map<String, EnvironmentFactory> all = new LinkedHashMap<>();
        for (EnvSpec spec : EnvSpec.values()) {
            add(all, MujocoEnv.factory(spec));
        }
        for (Maze maze : Maze.values()) {
            add(all, AntMazeEnv.factory(maze));
        }
        for (KitchenEnv.TaskSet taskSet : KitchenEnv.TaskSet.values()) {
            add(all, KitchenEnv.factory(taskSet));
        }
        return Collections.unmodifiableMap(all);
    }

    private static void add(Map<String, EnvironmentFactory> all, EnvironmentFactory factory) {
        if (all.put(factory.id(), factory) != null) {
            throw new IllegalStateException("environment id " + factory.id() + " registered twice");
        }
    }

    /** Every environment, locomotion first, in a fixed order. */
    public static List<EnvironmentFactory> all() {
        return List.copyOf(ALL.values());
    }

    /**
     * The environment with id {@code id} ({@code hopper}, {@code antmaze-umaze}), case-insensitive.
     * Task names are resolved to their environment id by {@code io.ofql.task.TaskRegistry}, the one
     * parser of task names ({@code TaskRegistry.environment(task)}).
     *
     * @throws InputException naming the value and the known environments
     */
    public static EnvironmentFactory forId(String id) {
        EnvironmentFactory found = id == null ? null : ALL.get(id.trim().toLowerCase(Locale.ROOT));
        if (found == null) {
            throw new InputException("unknown environment '" + id + "': expected one of " + known());
        }
        return found;
    }

    private static String known() {
        return String.join(", ", ALL.keySet());
    }
}
