package io.ofql.experiments.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.experiments.run.CsvTable;
import io.ofql.experiments.run.RunDirectory;
import io.ofql.experiments.run.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a run directory says about its run: where it stands, how fast it went, on what, and with
 * which configuration. Read from the files the trainer writes ({@link RunDirectory}):
 * {@code summary.json} marks a finished run; {@code failed.json} a run that stopped on an
 * exception (its step and error line); otherwise the run is taken as running, at the step of its
 * committed checkpoint ({@code state.json}), with the time of its last write so a reader can tell
 * a stalled or killed process (which leaves no mark) from a live one.
 *
 * @param dir the run directory
 * @param settings {@code settings} of {@code config.json} (algorithm, task, seeds, steps, ...)
 * @param config the resolved hyperparameters ({@code config} of {@code config.json})
 * @param run {@code run} of {@code config.json} (device, sizes, start time)
 * @param versions library versions ({@code versions} of {@code config.json})
 * @param state finished, running or failed
 * @param step the steps done: all of them when finished, the committed checkpoint's when running,
 *     the step the loop had reached when failed
 * @param wallSeconds training wall time at {@code step} (NaN before the first checkpoint)
 * @param error the failed run's error line, else {@code null}
 * @param lastWrite the newest modification time of the run's files
 * @param train {@code train.csv}, or {@code null} before the first checkpoint
 */
public record RunStatus(Path dir, JsonObject settings, JsonObject config, JsonObject run, Map<String, String> versions,
                        State state, long step, double wallSeconds, String error, Instant lastWrite, CsvTable train) {

    /** Where a run stands. */
    public enum State { FINISHED, RUNNING, FAILED }

    public String algo() {
        return settings.get("algo").getAsString();
    }

    public String task() {
        return settings.get("task").getAsString();
    }

    /** The run's evaluation protocol ({@code paper} for runs recorded before protocols existed). */
    public String protocol() {
        return Training.protocolOf(settings).cliName();
    }

    /** The gradient steps the run was asked for. */
    public long steps() {
        return settings.get("steps").getAsLong();
    }

    public List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        settings.getAsJsonArray("seeds").forEach(e -> seeds.add(e.getAsLong()));
        return seeds;
    }

    /** Gradient steps per second of training wall time, NaN when unknown. */
    public double stepsPerSecond() {
        return step > 0 && wallSeconds > 0 ? step / wallSeconds : Double.NaN;
    }

    /**
     * Seconds of training wall time per gradient step, from {@code train.csv}: the wall time between
     * consecutive logged steps a < b, summed over the intervals whose start a is neither an
     * evaluation nor a checkpoint step (the trainer evaluates and checkpoints after logging a
     * step, so only those intervals hold nothing but gradient steps), over the steps they cover.
     * The interval before the first logged step, which holds the start-up, is left out too. NaN
     * when no interval qualifies.
     */
    public double trainingSecondsPerStep() {
        if (train == null) {
            return Double.NaN;
        }
        long evalEvery = settings.get("eval_every").getAsLong();
        long checkpointEvery = settings.get("checkpoint_every").getAsLong();
        // Every seed's row of a step carries the same wall time.
        SortedMap<Long, Double> wall = new TreeMap<>();
        for (int i = 0; i < train.size(); i++) {
            wall.put(Long.parseLong(train.rows().get(i)[train.column("step")]), train.number(i, "wall_s"));
        }
        double seconds = 0;
        long steps = 0;
        Map.Entry<Long, Double> previous = null;
        for (Map.Entry<Long, Double> e : wall.entrySet()) {
            if (previous != null && previous.getKey() % evalEvery != 0 && previous.getKey() % checkpointEvery != 0) {
                seconds += e.getValue() - previous.getValue();
                steps += e.getKey() - previous.getKey();
            }
            previous = e;
        }
        return steps == 0 ? Double.NaN : seconds / steps;
    }

    /** {@code device} of the run, as the trainer recorded it. */
    public String device() {
        return run.has("device") ? run.get("device").getAsString() : "";
    }

    /** One line for people: {@code finished}, {@code running at step N of M}, {@code failed at step N: error}. */
    public String describe() {
        return switch (state) {
            case FINISHED -> "finished";
            case RUNNING -> "running at step " + step + " of " + steps();
            case FAILED -> "failed at step " + step + ": " + error;
        };
    }

    /**
     * Per training metric ({@code train.csv}'s columns after {@code step, seed, wall_s}), seed to
     * step to value; empty before the first checkpoint.
     */
    public Map<String, SortedMap<Long, SortedMap<Long, Double>>> metrics() {
        Map<String, SortedMap<Long, SortedMap<Long, Double>>> out = new LinkedHashMap<>();
        if (train == null) {
            return out;
        }
        int stepCol = train.column("step");
        int seedCol = train.column("seed");
        for (String metric : train.header()) {
            if (metric.equals("step") || metric.equals("seed") || metric.equals("wall_s")) {
                continue;
            }
            SortedMap<Long, SortedMap<Long, Double>> bySeed = new TreeMap<>();
            for (int i = 0; i < train.size(); i++) {
                double v = train.number(i, metric);
                if (Double.isFinite(v)) {
                    String[] row = train.rows().get(i);
                    bySeed.computeIfAbsent(Long.parseLong(row[seedCol]), k -> new TreeMap<>()).put(Long.parseLong(row[stepCol]), v);
                }
            }
            out.put(metric, bySeed);
        }
        return out;
    }

    /**
     * Every run directory under the paths: a directory whose {@code config.json} has the
     * {@code settings} of a run (other files of that name are not runs and are passed over).
     */
    public static List<RunStatus> find(List<Path> paths) throws IOException {
        List<RunStatus> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new InputException("run path " + p + " does not exist");
            }
            List<Path> configs;
            try (Stream<Path> files = Files.walk(p)) {
                configs = files.filter(f -> f.getFileName().toString().equals("config.json")).filter(RunStatus::isRunConfig)
                        .sorted().toList();
            }
            for (Path config : configs) {
                out.add(read(new RunDirectory(config.getParent())));
            }
        }
        return out;
    }

    /** Reads one run directory. */
    public static RunStatus read(RunDirectory dir) throws IOException {
        JsonObject config = parse(dir.config());
        JsonObject settings = config.getAsJsonObject("settings");
        if (settings == null || !settings.has("algo") || !settings.has("task")) {
            throw new InputException(dir.config() + ": expected a run's config.json with settings.algo and settings.task");
        }
        Map<String, String> versions = new LinkedHashMap<>();
        if (config.has("versions")) {
            for (Map.Entry<String, JsonElement> e : config.getAsJsonObject("versions").entrySet()) {
                versions.put(e.getKey(), e.getValue().getAsString());
            }
        }
        JsonObject hyper = config.has("config") ? config.getAsJsonObject("config") : new JsonObject();
        JsonObject run = config.has("run") ? config.getAsJsonObject("run") : new JsonObject();
        CsvTable train = Files.isRegularFile(dir.trainCsv()) ? CsvTable.read(dir.trainCsv()) : null;
        long steps = settings.get("steps").getAsLong();
        State state;
        long step;
        double wall;
        String error = null;
        if (dir.isFinished()) {
            state = State.FINISHED;
            step = steps;
            wall = number(parse(dir.summary()), "wall_s");
        } else if (Files.isRegularFile(dir.failure())) {
            JsonObject f = parse(dir.failure());
            state = State.FAILED;
            step = f.get("step").getAsLong();
            wall = number(f, "wall_s");
            error = f.get("error").getAsString();
        } else {
            state = State.RUNNING;
            JsonObject s = Files.isRegularFile(dir.state()) ? parse(dir.state()) : new JsonObject();
            step = s.has("step") ? s.get("step").getAsLong() : 0;
            wall = number(s, "wall_s");
        }
        return new RunStatus(dir.root(), settings, hyper, run, versions, state, step, wall, error, lastWrite(dir.root()), train);
    }

    private static boolean isRunConfig(Path file) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            return e.isJsonObject() && e.getAsJsonObject().has("settings");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static JsonObject parse(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new InputException(file + " is not a JSON object (" + e.getMessage() + ")");
        }
    }

    private static double number(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsDouble() : Double.NaN;
    }

    private static Instant lastWrite(Path dir) throws IOException {
        FileTime newest = Files.getLastModifiedTime(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                FileTime t = Files.getLastModifiedTime(f);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        }
        return newest.toInstant();
    }
}
