package io.ofql.env;

import io.ofql.InputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every environment the toolkit can simulate, by id, and the lookup from a D4RL task name to the
 * environment that evaluates it.
 *
 * <table>
 *   <caption>Environments and the tasks they evaluate</caption>
 *   <tr><th>id</th><th>tasks</th></tr>
 *   <tr><td>hopper, halfcheetah, walker2d, ant</td><td>ENV-{random,medium,expert,...}-vN</td></tr>
 *   <tr><td>antmaze-umaze</td><td>antmaze-umaze-vN, antmaze-umaze-diverse-vN</td></tr>
 *   <tr><td>antmaze-medium</td><td>antmaze-medium-{play,diverse}-vN</td></tr>
 *   <tr><td>antmaze-large</td><td>antmaze-large-{play,diverse}-vN</td></tr>
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
        // Further environments (Kitchen: id "kitchen") are registered here, one add() each.
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
     * The environment of an environment id ({@code hopper}, {@code antmaze-umaze}) or of a D4RL
     * task name ({@code hopper-medium-v2}, {@code antmaze-medium-diverse-v2}), case-insensitive.
     *
     * @throws InputException naming the value and the known environments
     */
    public static EnvironmentFactory forTask(String name) {
        if (name == null || name.isBlank()) {
            throw new InputException("empty environment/task name: expected one of " + known());
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        EnvironmentFactory exact = ALL.get(lower);
        if (exact != null) {
            return exact;
        }
        String[] words = lower.split("-");
        // AntMaze ids carry the maze (antmaze-umaze); every other id is the task's first word.
        String id = words[0].equals("antmaze") && words.length > 1 ? words[0] + "-" + words[1] : words[0];
        EnvironmentFactory found = ALL.get(id);
        if (found == null) {
            throw new InputException("unknown environment '" + name + "': expected one of " + known()
                    + " (or a D4RL task name such as hopper-medium-v2)");
        }
        return found;
    }

    private static String known() {
        return String.join(", ", ALL.keySet());
    }
}
