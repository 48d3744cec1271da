package io.ofql.experiments.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.config.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sweep: every task crossed with every algorithm, all seeds of a pair trained as one ensemble.
 *
 * <p>File format (JSON; every key optional except {@code tasks} and {@code algos}):
 *
 * <pre>
 * {
 *   "tasks": ["hopper-medium-v2", "walker2d-medium-v2"],
 *   "algos": ["ofql", "dql"],
 *   "seeds": [0, 1, 2],
 *   "steps": 1000000, "eval_every": 10000, "eval_episodes": 10,
 *   "log_every": 1000, "checkpoint_every": 10000,
 *   "data_dir": "/data/d4rl",
 *   "datasets": {"hopper-expert-v2": "/data/hopper.hdf5"},
 *   "set": {"ofql": {"eta": "0.1"}},
 *   "device": "gpu",
 *   "parallel": 2,
 *   "protocol": "paper"
 * }
 * </pre>
 *
 * {@code steps} 0 (the default) takes each algorithm's preset for the task ({@code trainingSteps}
 * of its config). {@code protocol} is the evaluation protocol of every run: {@code paper} (the
 * default) or {@code shared} ({@link Protocol}). A key outside this list is rejected with the list of known keys, so a typo cannot silently fall
 * back to a default.
 */
public record SweepConfig(
        List<String> tasks,
        List<String> algos,
        long[] seeds,
        long steps,
        long evalEvery,
        int evalEpisodes,
        long logEvery,
        long checkpointEvery,
        Path dataDir,
        SortedMap<String, String> datasets,
        SortedMap<String, SortedMap<String, String>> overrides,
        String device,
        int parallel,
        Protocol protocol) {

    public static final List<String> KEYS = List.of(
            "tasks", "algos", "seeds", "steps", "eval_every", "eval_episodes", "log_every",
            "checkpoint_every", "data_dir", "datasets", "set", "device", "parallel", "protocol");

    /** A sweep under the {@link Protocol#PAPER paper} protocol. */
    public SweepConfig(List<String> tasks, List<String> algos, long[] seeds, long steps, long evalEvery,
            int evalEpisodes, long logEvery, long checkpointEvery, Path dataDir, SortedMap<String, String> datasets,
            SortedMap<String, SortedMap<String, String>> overrides, String device, int parallel) {
        this(tasks, algos, seeds, steps, evalEvery, evalEpisodes, logEvery, checkpointEvery, dataDir, datasets,
                overrides, device, parallel, Protocol.PAPER);
    }

    public SweepConfig {
        if (steps < 0) {
            throw new InputException("sweep: steps must be >= 0 (0: each algorithm's preset), got " + steps);
        }
        if (parallel < 1) {
            throw new InputException("sweep: parallel must be >= 1, got " + parallel);
        }
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must be set");
        }
        tasks = List.copyOf(tasks);
        algos = List.copyOf(algos);
        seeds = seeds.clone();
    }

    /** One job per (task, algorithm), sorted by task then algorithm. */
    public List<SweepJob> jobs() {
        if (tasks.isEmpty()) {
            throw new InputException("sweep: no tasks given (--tasks or \"tasks\" in the config file)");
        }
        if (algos.isEmpty()) {
            throw new InputException("sweep: no algorithms given (--algos or \"algos\" in the config file)");
        }
        List<SweepJob> jobs = new ArrayList<>();
        for (String task : new java.util.TreeSet<>(tasks)) {
            for (String algo : new java.util.TreeSet<>(algos)) {
                jobs.add(new SweepJob(task, algo));
            }
        }
        return jobs;
    }

    /** Reads a JSON sweep file, starting from {@code defaults} for the keys it leaves out. */
    public static SweepConfig read(Path file, SweepConfig defaults) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) {
                throw new InputException(file + ": expected a JSON object with keys " + KEYS);
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new InputException(file + ": cannot read sweep config (" + e.getClass().getSimpleName() + ")");
        } catch (JsonParseException e) {
            throw new InputException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InputException(file + ": unknown key '" + key + "'; known keys: " + String.join(", ", KEYS));
            }
        }
        Reader r = new Reader(file, o);
        return new SweepConfig(
                r.strings("tasks", defaults.tasks),
                r.strings("algos", defaults.algos),
                r.longs("seeds", defaults.seeds),
                r.number("steps", defaults.steps),
                r.number("eval_every", defaults.evalEvery),
                (int) r.number("eval_episodes", defaults.evalEpisodes),
                r.number("log_every", defaults.logEvery),
                r.number("checkpoint_every", defaults.checkpointEvery),
                o.has("data_dir") ? Path.of(r.string("data_dir")) : defaults.dataDir,
                o.has("datasets") ? r.stringMap("datasets", o.get("datasets")) : defaults.datasets,
                o.has("set") ? r.overrides() : defaults.overrides,
                o.has("device") ? r.string("device") : defaults.device,
                (int) r.number("parallel", defaults.parallel),
                o.has("protocol") ? r.protocol() : defaults.protocol);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n", 2)[0];
    }

    /** Typed access to the file's keys; a wrong type names the key and the expected type. */
    private record Reader(Path file, JsonObject o) {
        InputException wrong(String key, String expected) {
            return new InputException(file + ": key '" + key + "' must be " + expected + ", got " + o.get(key));
        }

        Protocol protocol() {
            try {
                return Protocol.parse(string("protocol"));
            } catch (InputException e) {
                throw new InputException(file + ": key 'protocol': " + e.getMessage(), e);
            }
        }

        String string(String key) {
            JsonElement e = o.get(key);
            if (!e.isJsonPrimitive()) {
                throw wrong(key, "a string");
            }
            return e.getAsString();
        }

        long number(String key, long fallback) {
            if (!o.has(key)) {
                return fallback;
            }
            JsonElement e = o.get(key);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw wrong(key, "an integer");
            }
            double d = e.getAsDouble();
            if (d != Math.rint(d)) {
                throw wrong(key, "an integer");
            }
            return (long) d;
        }

        List<String> strings(String key, List<String> fallback) {
            if (!o.has(key)) {
                return fallback;
            }
            if (!o.get(key).isJsonArray()) {
                throw wrong(key, "a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray(key)) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw wrong(key, "a list of strings");
                }
                out.add(e.getAsString());
            }
            return out;
        }

        long[] longs(String key, long[] fallback) {
            if (!o.has(key)) {
                return fallback;
            }
            if (!o.get(key).isJsonArray()) {
                throw wrong(key, "a list of integers");
            }
            List<Long> out = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray(key)) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() != Math.rint(e.getAsDouble())) {
                    throw wrong(key, "a list of integers");
                }
                out.add(e.getAsLong());
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        SortedMap<String, String> stringMap(String key, JsonElement e) {
            if (!e.isJsonObject()) {
                throw wrong(key, "an object of name: value strings");
            }
            SortedMap<String, String> out = new TreeMap<>();
            for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
                if (!kv.getValue().isJsonPrimitive()) {
                    throw wrong(key, "an object of name: value strings");
                }
                out.put(kv.getKey(), kv.getValue().getAsString());
            }
            return out;
        }

        SortedMap<String, SortedMap<String, String>> overrides() {
            JsonElement e = o.get("set");
            if (!e.isJsonObject()) {
                throw wrong("set", "an object {algo: {name: value}}");
            }
            SortedMap<String, SortedMap<String, String>> out = new TreeMap<>();
            for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
                out.put(kv.getKey(), stringMap("set", kv.getValue()));
            }
            return out;
        }
    }
}
