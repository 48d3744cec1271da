package io.ofql.experiments.report;

import java.util.Comparator;
import java.util.List;

/**
 * Groups tasks into the domains of the paper's table: MuJoCo locomotion, AntMaze, Kitchen,
 * Adroit; any other task (e.g. {@code toy-bandit}) forms a domain named by its first word.
 */
public final class Domains {
    private static final List<String> ORDER = List.of("MuJoCo", "AntMaze", "Kitchen", "Adroit");

    private Domains() {}

    public static String of(String task) {
        String head = task.split("-", 2)[0];
        return switch (head) {
            case "halfcheetah", "hopper", "walker2d", "ant" -> "MuJoCo";
            case "antmaze" -> "AntMaze";
            case "kitchen" -> "Kitchen";
            case "pen", "hammer", "door", "relocate" -> "Adroit";
            default -> head;
        };
    }

    /** Known domains in the paper's order first, then the rest alphabetically. */
    public static Comparator<String> order() {
        return Comparator.<String>comparingInt(d -> ORDER.contains(d) ? ORDER.indexOf(d) : ORDER.size())
                .thenComparing(Comparator.naturalOrder());
    }
}
