package io.ofql.data;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.ofql.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads a D4RL dataset file (HDF5, layout in D4RL's {@code get_dataset}) into a {@link
 * D4rlDataset}, rejecting anything that is not a complete, consistent, finite dataset.
 *
 * <p>Keys: {@code observations} (N, obs), {@code actions} (N, act), {@code rewards} (N) or (N, 1),
 * {@code terminals} and {@code timeouts} (N) or (N, 1) are required ({@code timeouts} is optional in
 * {@link Layout#KITCHEN}); {@code next_observations} (N, obs), {@code infos} (N, numbers),
 * {@code metadata/episode_returns} and the reference returns {@code metadata/ref_min_score} and
 * {@code metadata/ref_max_score} (scalars) are optional. Float data may be float32 or float64
 * (converted to float). Flags may be h5py's bool enum (which jHDF returns as the strings
 * "TRUE"/"FALSE"), HDF5 bit fields, or integers or floats holding 0/1.
 *
 * <p>Every problem is an {@link InputException} whose one-line message starts with the file and
 * names the key: missing file, not HDF5, truncated, missing key, wrong rank or shape, lengths
 * that disagree, a value that is not a boolean, NaN or infinity.
 */
public final class D4rlReader {
    private static final Logger LOG = LogManager.getLogger(D4rlReader.class);

    /** HDF5's format signature; the superblock starts at 0, 512, 1024, 2048, ... after a user block. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /** The keys every D4RL family but Kitchen requires. */
    private static final List<String> REQUIRED = List.of("observations", "actions", "rewards", "terminals", "timeouts");

    /**
     * A dataset family's file layout: the keys its files must have, and per-step float matrices
     * they always carry (AntMaze: {@code infos/goal}, {@code infos/qpos}, {@code infos/qvel}), whose
     * shapes are checked and whose values are not loaded.
     *
     * @param name the family, named in messages ("AntMaze datasets have ...")
     * @param required keys a file must have
     * @param extraMatrices key to the number of columns it must have
     */
    public record Layout(String name, List<String> required, Map<String, Integer> extraMatrices) {
        /** Gym-MuJoCo locomotion and the families without a layout of their own: time-outs required. */
        public static final Layout D4RL = new Layout("D4RL", REQUIRED, Map.of());
        /**
         * Franka kitchen files: D4RL's generation script writes observations (N, 60), actions (N, 9),
         * rewards, terminals (1 on each demo's last step) and infos (the demo index, optional here);
         * some hosted copies add timeouts. Without a timeouts key no step is a time-out, so episodes
         * end at the terminals.
         */
        public static final Layout KITCHEN = new Layout("Kitchen",
                List.of("observations", "actions", "rewards", "terminals"), Map.of());

        public Layout {
            required = List.copyOf(required);
            extraMatrices = Map.copyOf(extraMatrices);
        }
    }

    private D4rlReader() {}

    /** Reads and validates {@code file} as a plain D4RL dataset. */
    public static D4rlDataset read(Path file) {
        return read(file, Layout.D4RL);
    }

    /**
     * Reads and validates {@code file}, which must also follow {@code layout}.
     *
     * @throws InputException naming the file and the key when a layout key is missing, has another
     *     shape than (N, columns) or holds no float data
     */
    public static D4rlDataset read(Path file, Layout layout) {
        long started = System.nanoTime();
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such file (expected a D4RL HDF5 dataset)");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InputException(file + ": not a readable file (expected a D4RL HDF5 dataset)");
        }
        long superblockAt = signatureOffset(file);
        if (superblockAt < 0) {
            throw new InputException(file + ": not an HDF5 file (no HDF5 signature; D4RL datasets are HDF5)");
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            checkNotTruncated(file, superblockAt);
            throw new InputException(file + ": unreadable HDF5 file (" + e.getMessage() + ")", e);
        }
        try (hdf) {
            checkNotTruncated(file, superblockAt);
            D4rlDataset data = read(file, hdf, layout);
            LOG.info("read {}: {} steps, obs {}, act {}, {} episodes in {} ms", file, data.size(), data.obsDim(),
                    data.actDim(), data.episodeCount(), (System.nanoTime() - started) / 1_000_000);
            return data;
        }
    }

    private static D4rlDataset read(Path file, HdfFile hdf, Layout layout) {
        List<String> keys = new ArrayList<>();
        collectKeys(hdf, keys);
        keys.sort(null);
        List<String> required = layout.required();
        for (String key : required) {
            if (!keys.contains(key)) {
                // A D4RL file may hold dozens of metadata keys (policy weights); name a few.
                String found = keys.size() <= 12 ? String.join(", ", keys)
                        : String.join(", ", keys.subList(0, 12)) + ", ... (" + keys.size() + " keys)";
                throw new InputException(file + ": missing required key '" + key + "' (a D4RL dataset has "
                        + String.join(", ", required) + "; found " + (keys.isEmpty() ? "none" : found) + ")");
            }
        }
        Dataset obsSet = dataset(file, hdf, "observations");
        Dataset actSet = dataset(file, hdf, "actions");
        int[] obsShape = matrixShape(file, "observations", obsSet);
        int[] actShape = matrixShape(file, "actions", actSet);
        int n = obsShape[0];
        sameLength(file, "actions", actShape[0], n);
        int rewardLength = vectorLength(file, "rewards", dataset(file, hdf, "rewards"));
        sameLength(file, "rewards", rewardLength, n);
        sameLength(file, "terminals", vectorLength(file, "terminals", dataset(file, hdf, "terminals")), n);
        boolean hasTimeouts = keys.contains("timeouts");
        if (hasTimeouts) {
            sameLength(file, "timeouts", vectorLength(file, "timeouts", dataset(file, hdf, "timeouts")), n);
        }
        if (keys.contains("infos")) {
            Dataset infos = dataset(file, hdf, "infos");
            sameLength(file, "infos", vectorLength(file, "infos", infos), n);
            if (numbers(flat(file, "infos", infos)) == null) {
                throw new InputException(file + ": key 'infos' holds " + dtype(infos)
                        + " values, expected numbers (the demo index of each step)");
            }
        }
        Dataset nextSet = keys.contains("next_observations") ? dataset(file, hdf, "next_observations") : null;
        if (nextSet != null) {
            int[] nextShape = matrixShape(file, "next_observations", nextSet);
            if (nextShape[0] != n || nextShape[1] != obsShape[1]) {
                throw new InputException(file + ": key 'next_observations' has shape " + Arrays.toString(nextShape)
                        + " but 'observations' has shape " + Arrays.toString(obsShape));
            }
        }
        if (n == 0) {
            throw new InputException(file + ": key 'observations' has no rows (the dataset is empty)");
        }
        checkLayout(file, hdf, keys, layout, n);

        float[] observations = floats(file, "observations", obsSet, obsShape[1]);
        float[] actions = floats(file, "actions", actSet, actShape[1]);
        float[] rewards = floats(file, "rewards", dataset(file, hdf, "rewards"), 0);
        float[] next = nextSet == null ? null : floats(file, "next_observations", nextSet, obsShape[1]);
        boolean[] terminals = flags(file, "terminals", dataset(file, hdf, "terminals"));
        boolean[] timeouts = hasTimeouts ? flags(file, "timeouts", dataset(file, hdf, "timeouts")) : new boolean[n];
        double[] episodeReturns = null;
        if (keys.contains("metadata/episode_returns")) {
            Dataset returns = dataset(file, hdf, "metadata/episode_returns");
            vectorLength(file, "metadata/episode_returns", returns);
            episodeReturns = doubles(file, "metadata/episode_returns", returns);
        }
        double[] reference = null;
        if (keys.contains("metadata/ref_min_score") && keys.contains("metadata/ref_max_score")) {
            reference = new double[] {scalar(file, hdf, "metadata/ref_min_score"), scalar(file, hdf, "metadata/ref_max_score")};
        }
        return new D4rlDataset(file, obsShape[1], actShape[1], observations, actions, rewards, next, terminals,
                timeouts, episodeReturns, dtype(obsSet), dtype(actSet), keys, "d4rl", reference);
    }

    /** A finite numeric scalar such as {@code metadata/ref_min_score}. */
    private static double scalar(Path file, HdfFile hdf, String key) {
        Object value = dataset(file, hdf, key).getData();
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new InputException(file + ": key '" + key + "' is " + value + ", expected a finite number");
        }
        return n.doubleValue();
    }

    private static void checkLayout(Path file, HdfFile hdf, List<String> keys, Layout layout, int n) {
        List<String> expected = layout.extraMatrices().keySet().stream().sorted().toList();
        for (String key : expected) {
            int columns = layout.extraMatrices().get(key);
            if (!keys.contains(key)) {
                throw new InputException(file + ": missing key '" + key + "' (" + layout.name() + " datasets have "
                        + expected.stream().map(k -> k + " (N, " + layout.extraMatrices().get(k) + ")")
                                .reduce((a, b) -> a + ", " + b).orElse("")
                        + " besides " + String.join(", ", REQUIRED) + ")");
            }
            Dataset set = dataset(file, hdf, key);
            int[] dims = set.getDimensions();
            if (dims.length != 2 || dims[0] != n || dims[1] != columns) {
                throw new InputException(file + ": key '" + key + "' has shape " + Arrays.toString(dims)
                        + ", expected [" + n + ", " + columns + "] (one row of " + columns + " per step in "
                        + layout.name() + " datasets)");
            }
            Class<?> type = set.getJavaType();
            if (type != float.class && type != double.class) {
                throw new InputException(file + ": key '" + key + "' holds " + dtype(set)
                        + " values, expected float32 or float64");
            }
        }
    }

    /** Offset of the HDF5 signature, or -1 when the file has none. */
    static long signatureOffset(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate(SIGNATURE.length);
            for (long offset = 0; offset + SIGNATURE.length <= size; offset = offset == 0 ? 512 : offset * 2) {
                head.clear();
                channel.read(head, offset);
                if (Arrays.equals(head.array(), SIGNATURE)) {
                    return offset;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new InputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The superblock records the file's length; a shorter file lost its tail in a copy or download. */
    static void checkNotTruncated(Path file, long superblockAt) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Superblock superblock = Superblock.readSuperblock(channel, superblockAt);
            long expected = superblockAt + superblock.getEndOfFileAddress();
            long actual = channel.size();
            if (actual < expected) {
                throw new InputException(file + ": truncated: its HDF5 superblock says it is " + expected
                        + " bytes long but it has " + actual + " bytes (an interrupted download or copy?)");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException) {
                throw (InputException) e;
            }
            throw new InputException(file + ": unreadable HDF5 superblock (" + e.getMessage() + ")", e);
        }
    }

    private static void collectKeys(Group group, List<String> keys) {
        for (Node child : group) {
            if (child.isLink()) {
                continue;
            }
            if (child instanceof Dataset) {
                keys.add(child.getPath().replaceFirst("^/", ""));
            } else if (child instanceof Group) {
                collectKeys((Group) child, keys);
            }
        }
    }

    static Dataset dataset(Path file, HdfFile hdf, String key) {
        Node node;
        try {
            node = hdf.getByPath(key);
        } catch (HdfInvalidPathException e) {
            throw new InputException(file + ": missing key '" + key + "'", e);
        }
        if (!(node instanceof Dataset)) {
            throw new InputException(file + ": key '" + key + "' is a " + node.getType() + ", expected a dataset");
        }
        return (Dataset) node;
    }

    private static int[] matrixShape(Path file, String key, Dataset set) {
        return matrixShape(file, key, set.getDimensions());
    }

    /** The dimensions of a per-step matrix key, checked to be (N, size) with size &gt; 0. */
    static int[] matrixShape(Path file, String key, int[] dims) {
        if (dims.length != 2 || dims[1] <= 0) {
            throw new InputException(file + ": key '" + key + "' has shape " + Arrays.toString(dims)
                    + ", expected (N, size) with size > 0");
        }
        return dims;
    }

    /** Length of a per-step vector stored as (N) or, as some D4RL files do, (N, 1). */
    private static int vectorLength(Path file, String key, Dataset set) {
        return vectorLength(file, key, set.getDimensions());
    }

    /** Length of a per-step vector key stored as (N) or (N, 1). */
    static int vectorLength(Path file, String key, int[] dims) {
        if (dims.length == 1 || (dims.length == 2 && dims[1] == 1)) {
            return dims[0];
        }
        throw new InputException(file + ": key '" + key + "' has shape " + Arrays.toString(dims)
                + ", expected (N) or (N, 1)");
    }

    static void sameLength(Path file, String key, int length, int observations) {
        if (length != observations) {
            throw new InputException(file + ": key '" + key + "' has " + length + " rows but 'observations' has "
                    + observations + " (all per-step keys must have the same length)");
        }
    }

    private static Object flat(Path file, String key, Dataset set) {
        try {
            return set.getDataFlat();
        } catch (RuntimeException e) {
            throw new InputException(file + ": key '" + key + "' cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static String dtype(Dataset set) {
        Class<?> type = set.getJavaType();
        return type == float.class ? "float32" : type == double.class ? "float64" : type.getSimpleName();
    }

    /** Float data as float, each value checked finite; {@code columns} (0 for a vector) places errors. */
    static float[] floats(Path file, String key, Dataset set, int columns) {
        Object data = flat(file, key, set);
        float[] out;
        if (data instanceof float[]) {
            out = (float[]) data;
            for (int i = 0; i < out.length; i++) {
                if (!Float.isFinite(out[i])) {
                    throw nonFinite(file, key, i, columns, out[i]);
                }
            }
        } else if (data instanceof double[]) {
            double[] d = (double[]) data;
            out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
                if (!Float.isFinite(out[i])) {
                    throw nonFinite(file, key, i, columns, d[i]);
                }
            }
        } else {
            throw new InputException(file + ": key '" + key + "' holds " + dtype(set)
                    + " values, expected float32 or float64");
        }
        return out;
    }

    private static double[] doubles(Path file, String key, Dataset set) {
        Object data = flat(file, key, set);
        double[] out = data instanceof double[] ? (double[]) data : data instanceof float[] ? widen((float[]) data) : null;
        if (out == null) {
            throw new InputException(file + ": key '" + key + "' holds " + dtype(set)
                    + " values, expected float32 or float64");
        }
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                throw nonFinite(file, key, i, 0, out[i]);
            }
        }
        return out;
    }

    private static double[] widen(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    /** {@code columns} is the row size of a matrix key, 0 for a per-step vector. */
    static InputException nonFinite(Path file, String key, int index, int columns, double value) {
        String what = Double.isNaN(value) ? "a NaN value"
                : Double.isInfinite(value) ? "an infinite value (" + value + ")"
                : "a value out of float32 range (" + value + ")";
        String where = columns > 0 ? "row " + index / columns + ", column " + index % columns : "index " + index;
        return new InputException(file + ": key '" + key + "' has " + what + " at " + where
                + "; expected finite numbers");
    }

    static boolean[] flags(Path file, String key, Dataset set) {
        Object data = flat(file, key, set);
        if (data instanceof boolean[]) {
            return (boolean[]) data;
        }
        if (data instanceof String[]) {
            String[] s = (String[]) data;
            boolean[] out = new boolean[s.length];
            for (int i = 0; i < s.length; i++) {
                if ("TRUE".equalsIgnoreCase(s[i])) {
                    out[i] = true;
                } else if (!"FALSE".equalsIgnoreCase(s[i])) {
                    throw notBoolean(file, key, i, "'" + s[i] + "'");
                }
            }
            return out;
        }
        double[] numbers = numbers(data);
        if (numbers == null) {
            throw new InputException(file + ": key '" + key + "' holds " + dtype(set)
                    + " values, expected booleans (h5py bool, uint8 or 0/1 numbers)");
        }
        boolean[] out = new boolean[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] == 1) {
                out[i] = true;
            } else if (numbers[i] != 0) {
                throw notBoolean(file, key, i, String.valueOf(numbers[i]));
            }
        }
        return out;
    }

    static InputException notBoolean(Path file, String key, int index, String value) {
        return new InputException(file + ": key '" + key + "' has value " + value + " at index " + index
                + "; expected a boolean (0/1 or TRUE/FALSE)");
    }

    /** Numeric flat arrays widened to double (uint8 arrives from jHDF as int[]), else null. */
    private static double[] numbers(Object data) {
        if (data instanceof byte[]) {
            byte[] a = (byte[]) data;
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof short[]) {
            short[] a = (short[]) data;
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof int[]) {
            return Arrays.stream((int[]) data).asDoubleStream().toArray();
        }
        if (data instanceof long[]) {
            return Arrays.stream((long[]) data).asDoubleStream().toArray();
        }
        if (data instanceof float[]) {
            return widen((float[]) data);
        }
        if (data instanceof double[]) {
            return (double[]) data;
        }
        return null;
    }
}
