package io.ofql.experiments.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A small comma-separated table of the run files ({@code train.csv}, {@code evals.csv}): a header
 * and rows of plain fields. The toolkit writes every field itself (numbers and names without
 * commas or quotes), so no quoting is needed; a row with the wrong number of fields is rejected
 * on reading rather than silently misaligned.
 */
public final class CsvTable {
    private final List<String> header;
    private final List<String[]> rows = new ArrayList<>();

    public CsvTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public List<String> header() {
        return header;
    }

    public List<String[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Index of a column, or -1. */
    public int column(String name) {
        return header.indexOf(name);
    }

    public void add(String... fields) {
        if (fields.length != header.size()) {
            throw new IllegalArgumentException("row has " + fields.length + " fields, header " + header.size());
        }
        rows.add(fields.clone());
    }

    public void addAll(CsvTable other) {
        if (!other.header.equals(header)) {
            throw new IllegalArgumentException("headers differ: " + header + " vs " + other.header);
        }
        rows.addAll(other.rows);
    }

    /** Keeps only the rows the predicate accepts (resume drops rows past the checkpoint). */
    public void retain(Predicate<String[]> keep) {
        rows.removeIf(keep.negate());
    }

    public double number(int row, String column) {
        int c = column(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + header);
        }
        return parse(rows.get(row)[c]);
    }

    public String text() {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] r : rows) {
            sb.append(String.join(",", r)).append('\n');
        }
        return sb.toString();
    }

    public void writeAtomically(Path file) throws IOException {
        AtomicFiles.writeString(file, text());
    }

    /** Reads a file this class wrote. */
    public static CsvTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty (expected a header line)");
        }
        CsvTable t = new CsvTable(Arrays.asList(lines.get(0).split(",", -1)));
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != t.header.size()) {
                throw new IOException(file + " line " + (i + 1) + " has " + f.length + " fields, expected " + t.header.size());
            }
            t.rows.add(f);
        }
        return t;
    }

    /** A number as written into the run files: up to 7 significant digits, NaN as {@code NaN}. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.7g", v).replaceFirst("(\\.\\d*?)0+($|e)", "$1$2").replaceFirst("\\.($|e)", "$1");
    }

    public static double parse(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }
}
