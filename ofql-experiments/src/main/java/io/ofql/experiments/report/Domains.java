package io.ofql.experiments.report;

import io.ofql.task.Domain;
import io.ofql.task.Task;
import io.ofql.task.TaskRegistry;
import java.util.Comparator;
import java.util.List;

/**
 * Groups tasks into the domains of the paper's table (the registry's {@link Domain}s: MuJoCo
 * locomotion, AntMaze, Kitchen, Adroit, and the toy bandit); a name the registry does not know
 * forms a domain named by its first word.
 */
public final class Domains {
    private static final List<String> ORDER = List.of(Domain.MUJOCO.displayName(), Domain.ANTMAZE.displayName(),
            Domain.KITCHEN.displayName(), Domain.ADROIT.displayName());

    private Domains() {}

    public static String of(String task) {
        return TaskRegistry.find(task).map(Task::domain).map(Domain::displayName)
                .orElse(task.split("-", 2)[0]);
    }

    /** Known domains in the paper's order first, then the rest alphabetically. */
    public static Comparator<String> order() {
        return Comparator.<String>comparingInt(d -> ORDER.contains(d) ? ORDER.indexOf(d) : ORDER.size())
                .thenComparing(Comparator.naturalOrder());
    }
}
