package io.ofql.experiments.bench;

import io.ofql.InputException;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One column of a learning benchmark: an algorithm with hyperparameter overrides, written
 * {@code algo} or {@code algo:name=value[,name=value...]} (e.g. {@code ofql:eta=0}).
 *
 * @param label the text it was written as, used as the column header and the output folder
 * @param algo the algorithm name
 * @param overrides the overrides, sorted by name
 */
public record Variant(String label, String algo, SortedMap<String, String> overrides) {

    public Variant {
        overrides = Collections.unmodifiableSortedMap(new TreeMap<>(overrides));
    }

    /**
     * Parses {@code algo[:name=value,...]}.
     *
     * @throws InputException naming the text and the expected form
     */
    public static Variant parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        String algo = colon < 0 ? trimmed : trimmed.substring(0, colon);
        if (algo.isEmpty()) {
            throw new InputException("--variants '" + text + "': expected algo or algo:name=value,...");
        }
        SortedMap<String, String> overrides = new TreeMap<>();
        if (colon >= 0) {
            for (String pair : trimmed.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new InputException("--variants '" + text + "': '" + pair + "' is not name=value");
                }
                overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new Variant(trimmed, algo, overrides);
    }

    /** The label as a folder name: {@code ofql:eta=0} becomes {@code ofql_eta=0}. */
    public String folder() {
        return label.replaceAll("[^A-Za-z0-9=.+-]", "_");
    }
}
