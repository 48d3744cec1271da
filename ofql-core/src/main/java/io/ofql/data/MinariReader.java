package io.ofql.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.ofql.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Minari dataset ({@code <root>/<namespace>/<env>/<name>-v<N>/data/}) into a {@link
 * D4rlDataset}.
 *
 * <p>{@code metadata.json} gives {@code data_format} ({@code hdf5}; absent in old datasets, which
 * are HDF5), {@code total_episodes}, {@code total_steps} and optionally {@code ref_min_score} and
 * {@code ref_max_score}. {@code main_data.hdf5} holds one group {@code episode_<i>} per episode
 * with T steps:
 *
 * <pre>
 * observations (T + 1, obs)   the reset observation first; a group of arrays for dict observations
 * actions      (T, act)
 * rewards, terminations, truncations (T)
 * </pre>
 *
 * Transitions are {@code observations[:-1]}, {@code actions}, {@code observations[1:]}; a
 * termination is a D4RL terminal and a truncation a time-out. The last step of an episode that
 * is neither (a recording cut short) is marked as a time-out, so episodes stay apart. Dict
 * observations are flattened by concatenating their arrays in sorted key order ({@code
 * achieved_goal}, {@code desired_goal}, {@code observation}, ...). Episodes are read in the order
 * of their number.
 */
public final class MinariReader {
    private static final Pattern EPISODE = Pattern.compile("episode_(\\d+)");

    private MinariReader() {}

    /** The folder holding {@code metadata.json}: {@code dir/data} or {@code dir} itself; null if neither. */
    static Path dataDirectory(Path dir) {
        if (Files.isRegularFile(dir.resolve("data").resolve("metadata.json"))) {
            return dir.resolve("data");
        }
        return Files.isRegularFile(dir.resolve("metadata.json")) ? dir : null;
    }

    /**
     * Reads and validates the Minari dataset in {@code dir} (the dataset folder or its {@code data/}).
     *
     * @throws InputException naming the file, the group or key, and what was expected
     */
    public static D4rlDataset read(Path dir) {
        Path data = dataDirectory(dir);
        if (data == null) {
            throw new InputException(dir + ": not a Minari dataset folder (no data/metadata.json)");
        }
        Path metaFile = data.resolve("metadata.json");
        JsonObject meta = metadata(metaFile);
        String format = meta.has("data_format") ? meta.get("data_format").getAsString().toLowerCase(Locale.ROOT) : "hdf5";
        if (format.equals("arrow")) {
            throw new InputException(metaFile + ": data_format is 'arrow'; this toolkit reads Minari's HDF5 format only"
                    + " (create the dataset with data_format='hdf5')");
        }
        if (!format.equals("hdf5")) {
            throw new InputException(metaFile + ": data_format is '" + format + "', expected hdf5");
        }
        long totalEpisodes = count(meta, metaFile, "total_episodes");
        long totalSteps = count(meta, metaFile, "total_steps");
        double[] reference = null;
        if (meta.has("ref_min_score") && meta.has("ref_max_score")
                && !meta.get("ref_min_score").isJsonNull() && !meta.get("ref_max_score").isJsonNull()) {
            reference = new double[] {number(meta, metaFile, "ref_min_score"), number(meta, metaFile, "ref_max_score")};
        }
        Path file = data.resolve("main_data.hdf5");
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file (a Minari dataset keeps its episodes there)");
        }
        long superblockAt = D4rlReader.signatureOffset(file);
        if (superblockAt < 0) {
            throw new InputException(file + ": not an HDF5 file (no HDF5 signature)");
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            D4rlReader.checkNotTruncated(file, superblockAt);
            throw new InputException(file + ": unreadable HDF5 file (" + e.getMessage() + ")", e);
        }
        try (hdf) {
            D4rlReader.checkNotTruncated(file, superblockAt);
            return read(dir, file, metaFile, hdf, totalEpisodes, totalSteps, reference);
        }
    }

    private static D4rlDataset read(Path dir, Path file, Path metaFile, HdfFile hdf, long totalEpisodes,
                                    long totalSteps, double[] reference) {
        TreeMap<Long, String> episodes = new TreeMap<>();
        for (Node child : hdf) {
            Matcher m = EPISODE.matcher(child.getName());
            if (child instanceof Group && m.matches()) {
                episodes.put(Long.parseLong(m.group(1)), child.getName());
            }
        }
        if (episodes.size() != totalEpisodes) {
            throw new InputException(file + ": holds " + episodes.size() + " episode_<i> groups but " + metaFile
                    .getFileName() + " says total_episodes " + totalEpisodes);
        }
        List<Episode> read = new ArrayList<>();
        long steps = 0;
        int obsDim = -1;
        int actDim = -1;
        for (String name : episodes.values()) {
            Episode e = episode(file, hdf, name);
            if (obsDim >= 0 && (e.obsDim != obsDim || e.actDim != actDim)) {
                throw new InputException(file + ": group '" + name + "' has observation/action sizes " + e.obsDim + "/"
                        + e.actDim + " but the first episode has " + obsDim + "/" + actDim);
            }
            obsDim = e.obsDim;
            actDim = e.actDim;
            steps += e.steps;
            read.add(e);
        }
        if (steps != totalSteps) {
            throw new InputException(file + ": holds " + steps + " steps but " + metaFile.getFileName()
                    + " says total_steps " + totalSteps);
        }
        if (steps == 0) {
            throw new InputException(file + ": holds no steps (the dataset is empty)");
        }
        int n = (int) steps;
        float[] obs = new float[n * obsDim];
        float[] next = new float[n * obsDim];
        float[] act = new float[n * actDim];
        float[] rew = new float[n];
        boolean[] terminals = new boolean[n];
        boolean[] timeouts = new boolean[n];
        int at = 0;
        for (Episode e : read) {
            System.arraycopy(e.observations, 0, obs, at * obsDim, e.steps * obsDim);
            System.arraycopy(e.observations, obsDim, next, at * obsDim, e.steps * obsDim);
            System.arraycopy(e.actions, 0, act, at * actDim, e.steps * actDim);
            System.arraycopy(e.rewards, 0, rew, at, e.steps);
            System.arraycopy(e.terminations, 0, terminals, at, e.steps);
            System.arraycopy(e.truncations, 0, timeouts, at, e.steps);
            int last = at + e.steps - 1;
            if (e.steps > 0 && !terminals[last] && !timeouts[last]) {
                timeouts[last] = true;
            }
            at += e.steps;
        }
        List<String> keys = new ArrayList<>(List.of("observations", "actions", "rewards", "terminations", "truncations"));
        keys.addAll(read.get(0).observationKeys);
        return new D4rlDataset(dir, obsDim, actDim, obs, act, rew, next, terminals, timeouts, null,
                read.get(0).observationDtype, read.get(0).actionDtype, keys, "minari", reference);
    }

    /** One episode group, validated. */
    private record Episode(int steps, int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
                           boolean[] terminations, boolean[] truncations, String observationDtype, String actionDtype,
                           List<String> observationKeys) {}

    private static Episode episode(Path file, HdfFile hdf, String group) {
        Node obsNode = node(file, hdf, group, "observations");
        float[] observations;
        int rows;
        int obsDim;
        String obsDtype;
        List<String> obsKeys = new ArrayList<>();
        if (obsNode instanceof Group g) {
            Map<String, Dataset> parts = new TreeMap<>();
            leaves(g, group + "/observations", parts);
            if (parts.isEmpty()) {
                throw new InputException(file + ": group '" + group + "/observations' holds no arrays");
            }
            rows = -1;
            obsDim = 0;
            List<float[]> columns = new ArrayList<>();
            List<Integer> widths = new ArrayList<>();
            for (Map.Entry<String, Dataset> p : parts.entrySet()) {
                int[] dims = p.getValue().getDimensions();
                int width = dims.length == 1 ? 1 : D4rlReader.matrixShape(file, p.getKey(), dims)[1];
                if (rows >= 0 && dims[0] != rows) {
                    throw new InputException(file + ": key '" + p.getKey() + "' has " + dims[0] + " rows but '"
                            + parts.keySet().iterator().next() + "' has " + rows);
                }
                rows = dims[0];
                columns.add(D4rlReader.floats(file, p.getKey(), p.getValue(), width));
                widths.add(width);
                obsDim += width;
                obsKeys.add(p.getKey().substring(group.length() + 1));
            }
            observations = new float[rows * obsDim];
            int offset = 0;
            for (int c = 0; c < columns.size(); c++) {
                int w = widths.get(c);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(columns.get(c), r * w, observations, r * obsDim + offset, w);
                }
                offset += w;
            }
            obsDtype = "dict";
        } else {
            Dataset set = (Dataset) obsNode;
            int[] dims = D4rlReader.matrixShape(file, group + "/observations", set.getDimensions());
            rows = dims[0];
            obsDim = dims[1];
            observations = D4rlReader.floats(file, group + "/observations", set, obsDim);
            obsDtype = D4rlReader.dtype(set);
        }
        int steps = rows - 1;
        if (steps < 0) {
            throw new InputException(file + ": key '" + group + "/observations' has no rows, expected T + 1 >= 1");
        }
        Dataset actSet = dataset(file, hdf, group, "actions");
        int[] actShape = D4rlReader.matrixShape(file, group + "/actions", actSet.getDimensions());
        stepCount(file, group, "actions", actShape[0], steps);
        float[] actions = D4rlReader.floats(file, group + "/actions", actSet, actShape[1]);
        Dataset rewSet = dataset(file, hdf, group, "rewards");
        stepCount(file, group, "rewards", D4rlReader.vectorLength(file, group + "/rewards", rewSet.getDimensions()), steps);
        float[] rewards = D4rlReader.floats(file, group + "/rewards", rewSet, 0);
        boolean[] terminations = flags(file, hdf, group, "terminations", steps);
        boolean[] truncations = flags(file, hdf, group, "truncations", steps);
        return new Episode(steps, obsDim, actShape[1], observations, actions, rewards, terminations, truncations,
                obsDtype, D4rlReader.dtype(actSet), obsKeys);
    }

    private static void leaves(Group g, String path, Map<String, Dataset> out) {
        for (Node child : g) {
            if (child instanceof Dataset d) {
                out.put(path + "/" + child.getName(), d);
            } else if (child instanceof Group sub) {
                leaves(sub, path + "/" + child.getName(), out);
            }
        }
    }

    private static boolean[] flags(Path file, HdfFile hdf, String group, String key, int steps) {
        Dataset set = dataset(file, hdf, group, key);
        stepCount(file, group, key, D4rlReader.vectorLength(file, group + "/" + key, set.getDimensions()), steps);
        return D4rlReader.flags(file, group + "/" + key, set);
    }

    private static void stepCount(Path file, String group, String key, int length, int steps) {
        if (length != steps) {
            throw new InputException(file + ": key '" + group + "/" + key + "' has " + length + " rows but '" + group
                    + "/observations' has " + (steps + 1) + " (expected " + steps + " = observations - 1)");
        }
    }

    private static Node node(Path file, HdfFile hdf, String group, String key) {
        try {
            return hdf.getByPath(group + "/" + key);
        } catch (RuntimeException e) {
            throw new InputException(file + ": group '" + group + "' has no key '" + key + "' (a Minari episode has "
                    + "observations, actions, rewards, terminations and truncations)", e);
        }
    }

    private static Dataset dataset(Path file, HdfFile hdf, String group, String key) {
        Node node = node(file, hdf, group, key);
        if (!(node instanceof Dataset d)) {
            throw new InputException(file + ": key '" + group + "/" + key + "' is a " + node.getType()
                    + ", expected a dataset");
        }
        return d;
    }

    private static JsonObject metadata(Path metaFile) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(metaFile));
            if (!e.isJsonObject()) {
                throw new InputException(metaFile + ": expected a JSON object");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new InputException(metaFile + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (JsonParseException e) {
            throw new InputException(metaFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static long count(JsonObject meta, Path metaFile, String key) {
        double v = number(meta, metaFile, key);
        if (v < 0 || v != Math.rint(v)) {
            throw new InputException(metaFile + ": key '" + key + "' is " + meta.get(key) + ", expected a count >= 0");
        }
        return (long) v;
    }

    private static double number(JsonObject meta, Path metaFile, String key) {
        JsonElement v = meta.get(key);
        if (v == null) {
            throw new InputException(metaFile + ": missing key '" + key + "'");
        }
        try {
            double d = v.getAsDouble();
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (RuntimeException e) {
            // reported below with the value found
        }
        throw new InputException(metaFile + ": key '" + key + "' is " + v + ", expected a finite number");
    }

    /** The Minari ids' pattern: {@code namespace/env/name-vN} (the namespace may be nested or absent). */
    static boolean looksLikeId(String spec) {
        return spec.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*-v\\d+") && !spec.endsWith(".hdf5");
    }

    /** The folders searched for Minari ids, in order: {@code $MINARI_DATASETS_PATH}, then {@code ~/.minari/datasets}. */
    static List<Path> roots() {
        String env = System.getenv("MINARI_DATASETS_PATH");
        List<Path> out = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        out.add(Path.of(System.getProperty("user.home"), ".minari", "datasets"));
        return out;
    }

    /**
     * The folder of a Minari id such as {@code mujoco/hopper/medium-v0}.
     *
     * @throws InputException naming the id and the folders searched when it is in none of them
     */
    static Path resolveId(String id, List<Path> roots) {
        for (Path root : roots) {
            Path dir = root.resolve(id);
            if (dataDirectory(dir) != null) {
                return dir;
            }
        }
        throw new InputException("Minari dataset '" + id + "' not found in " + Arrays.toString(roots.toArray())
                + " (set MINARI_DATASETS_PATH, or run: minari download " + id + ")");
    }
}
