package io.ofql.experiments.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Table 1 of the OFQL paper (Nguyen and Yoo, ICLR 2026): published D4RL normalized scores, read
 * from the resource {@code paper-table1.csv}. Cells are {@code mean} or {@code mean±std}.
 *
 * <p>The columns do not all score a run the same way ({@link #selection}): the DQL column repeats
 * DQL's own Table 1 (Wang et al., ICLR 2023), which reports the best evaluation during training
 * (its "online model selection"; its appendix gives the lower numbers of offline selection); the
 * OFQL column evaluates the trained model at the end (150 episodes of the final model, the
 * CleanDiffuser protocol the paper follows); the FQL column is taken at the end of training too
 * (the OFQL paper's re-run under its protocol on MuJoCo; elsewhere FQL's published numbers, which
 * FQL reports at the end of training). Columns of algorithms this toolkit does not train are not
 * labelled.
 */
public final class PaperTable {
    /** The selection of each column whose source says which one it used. */
    private static final Map<String, RunResult.Select> SELECTION = Map.of(
            "DQL", RunResult.Select.BEST,
            "FQL", RunResult.Select.FINAL,
            "OFQL", RunResult.Select.FINAL);

    private final List<String> columns;
    private final Map<String, Map<String, Cell>> byTask = new LinkedHashMap<>();

    /** A published entry; {@code std} is NaN where the paper gives none. */
    public record Cell(double mean, double std) {}

    private PaperTable(List<String> columns) {
        this.columns = columns;
    }

    public static PaperTable load() {
        try (InputStream in = PaperTable.class.getResourceAsStream("/io/ofql/experiments/paper-table1.csv")) {
            if (in == null) {
                throw new IllegalStateException("resource io/ofql/experiments/paper-table1.csv is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = r.readLine().split(",");
            PaperTable t = new PaperTable(List.of(header).subList(1, header.length));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                Map<String, Cell> row = new LinkedHashMap<>();
                for (int c = 1; c < f.length; c++) {
                    row.put(header[c], parse(f[c]));
                }
                t.byTask.put(f[0], row);
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Cell parse(String text) {
        String[] p = text.split("±");
        return new Cell(Double.parseDouble(p[0].trim()), p.length > 1 ? Double.parseDouble(p[1].trim()) : Double.NaN);
    }

    /** The paper's column for an algorithm name, matched ignoring case ({@code ofql} -> {@code OFQL}). */
    public Optional<String> column(String algo) {
        return columns.stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(algo.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** How a column's numbers picked one score per seed, when its source says so. */
    public Optional<RunResult.Select> selection(String column) {
        return Optional.ofNullable(SELECTION.get(column));
    }

    /**
     * The published entry of a task, matched exactly or without the version suffix (the paper
     * writes {@code antmaze-medium-play} for what D4RL names {@code antmaze-medium-play-v0}).
     */
    public Optional<Cell> get(String task, String column) {
        return Optional.ofNullable(byTask.getOrDefault(row(task), Map.of()).get(column));
    }

    /** The paper's row name for a task, or the task itself when the paper has no such row. */
    public String row(String task) {
        if (byTask.containsKey(task)) {
            return task;
        }
        String bare = unversioned(task);
        return byTask.keySet().stream().filter(t -> unversioned(t).equals(bare)).findFirst().orElse(task);
    }

    private static String unversioned(String task) {
        return task.replaceFirst("-v\\d+$", "");
    }

    /** Tasks in the paper's row order. */
    public List<String> tasks() {
        return new ArrayList<>(byTask.keySet());
    }
}
