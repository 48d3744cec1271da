package io.ofql.experiments.cli;

import io.ofql.InputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Parsing shared by the commands that start runs: seed lists and {@code name=value} overrides. */
final class TrainOptions {
    private TrainOptions() {}

    /** {@code 0,1,2} to seeds. */
    static long[] seeds(String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new InputException("--seeds '" + text + "': expected comma-separated integers, e.g. 0,1,2");
        }
    }

    /** {@code name=value} pairs to a sorted map; a pair without {@code =} names itself. */
    static SortedMap<String, String> pairs(String option, Iterable<String> items) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new InputException(option + " '" + item + "': expected name=value");
            }
            out.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return out;
    }

    /** {@code algo:name=value} (one algorithm) or {@code name=value} (every algorithm) overrides. */
    static Map<String, SortedMap<String, String>> algoPairs(Iterable<String> items) {
        Map<String, SortedMap<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pairs("--set", items).entrySet()) {
            int colon = e.getKey().indexOf(':');
            String algo = colon < 0 ? "*" : e.getKey().substring(0, colon);
            String name = colon < 0 ? e.getKey() : e.getKey().substring(colon + 1);
            out.computeIfAbsent(algo, k -> new TreeMap<>()).put(name, e.getValue());
        }
        return out;
    }
}
