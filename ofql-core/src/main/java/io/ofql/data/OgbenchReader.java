package io.ofql.data;

import io.ofql.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads an OGBench dataset, a {@code .npz} archive (a zip of {@code .npy} arrays, {@link
 * NpyArray}), into a {@link D4rlDataset}.
 *
 * <p>Arrays: {@code observations} (N, obs), {@code actions} (N, act), {@code terminals} (N),
 * {@code rewards} (N), optional {@code masks} (N), and either {@code next_observations} (N, obs)
 * or {@code valids} (N). In OGBench a terminal marks the end of a trajectory, not a failure, and
 * {@code masks} = 0 marks a step that must not bootstrap (the task was solved). So:
 *
 * <pre>
 * D4RL terminal = (masks == 0)                      (no masks: never)
 * D4RL time-out = terminals == 1 and not terminal   (the trajectory just ends)
 * </pre>
 *
 * With {@code next_observations} every row is a transition. Without it (OGBench's compact form,
 * or the raw file, where {@code valids = 1 - terminals}), row i is a transition only where
 * {@code valids[i] = 1}; its next observation is row i + 1, and the trajectory ends at i when
 * row i + 1 is not valid. Rewards are required: raw OGBench files have none (OGBench relabels
 * them per task when it loads a single-task dataset), so save the loaded single-task dataset.
 */
public final class OgbenchReader {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private OgbenchReader() {}

    /** Whether the file starts like a zip archive (an {@code .npz}). */
    static boolean looksLikeNpz(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), ZIP_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads and validates {@code file}. */
    public static D4rlDataset read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file (expected an OGBench .npz dataset)");
        }
        Map<String, NpyArray> arrays = arrays(file);
        List<String> keys = new ArrayList<>(arrays.keySet());
        keys.sort(null);
        for (String key : List.of("observations", "actions", "terminals", "rewards")) {
            if (!arrays.containsKey(key)) {
                throw new InputException(file + ": missing required key '" + key + "' (an OGBench dataset has "
                        + "observations, actions, terminals, rewards and next_observations or valids; found "
                        + String.join(", ", keys) + ")"
                        + (key.equals("rewards") ? "; raw OGBench files have no rewards: save the single-task dataset"
                        + " that ogbench.make_env_and_datasets returns" : ""));
            }
        }
        NpyArray obs = arrays.get("observations");
        int[] obsShape = matrix(file, obs);
        int n = obsShape[0];
        int[] actShape = matrix(file, arrays.get("actions"));
        D4rlReader.sameLength(file, "actions", actShape[0], n);
        for (String key : List.of("terminals", "rewards", "masks", "valids")) {
            if (arrays.containsKey(key)) {
                D4rlReader.sameLength(file, key, vector(file, arrays.get(key)), n);
            }
        }
        NpyArray nextArray = arrays.get("next_observations");
        if (nextArray != null) {
            int[] nextShape = matrix(file, nextArray);
            if (nextShape[0] != n || nextShape[1] != obsShape[1]) {
                throw new InputException(file + ": key 'next_observations' has shape " + Arrays.toString(nextShape)
                        + " but 'observations' has shape " + Arrays.toString(obsShape));
            }
        }
        if (n == 0) {
            throw new InputException(file + ": key 'observations' has no rows (the dataset is empty)");
        }
        int obsDim = obsShape[1];
        int actDim = actShape[1];
        float[] observations = finite(file, obs, obsDim);
        float[] actions = finite(file, arrays.get("actions"), actDim);
        float[] rewards = finite(file, arrays.get("rewards"), 0);
        boolean[] ends = flags(file, arrays.get("terminals"));
        boolean[] masks = arrays.containsKey("masks") ? flags(file, arrays.get("masks")) : null;

        boolean[] keep = new boolean[n];
        float[] next;
        if (nextArray != null) {
            Arrays.fill(keep, true);
            next = finite(file, nextArray, obsDim);
        } else {
            boolean[] valid = arrays.containsKey("valids") ? flags(file, arrays.get("valids")) : not(ends);
            next = new float[n * obsDim];
            for (int i = 0; i < n; i++) {
                keep[i] = valid[i] && i + 1 < n;
                if (keep[i]) {
                    System.arraycopy(observations, (i + 1) * obsDim, next, i * obsDim, obsDim);
                    // the trajectory ends here when the following row starts no transition
                    ends[i] = ends[i] || !valid[i + 1];
                }
            }
        }
        int m = 0;
        for (boolean k : keep) {
            m += k ? 1 : 0;
        }
        if (m == 0) {
            throw new InputException(file + ": key 'valids' leaves no transition (every row is invalid)");
        }
        float[] o = new float[m * obsDim];
        float[] a = new float[m * actDim];
        float[] r = new float[m];
        float[] no = new float[m * obsDim];
        boolean[] terminals = new boolean[m];
        boolean[] timeouts = new boolean[m];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (!keep[i]) {
                continue;
            }
            System.arraycopy(observations, i * obsDim, o, j * obsDim, obsDim);
            System.arraycopy(actions, i * actDim, a, j * actDim, actDim);
            System.arraycopy(next, i * obsDim, no, j * obsDim, obsDim);
            r[j] = rewards[i];
            terminals[j] = masks != null && !masks[i];
            timeouts[j] = ends[i] && !terminals[j];
            j++;
        }
        return new D4rlDataset(file, obsDim, actDim, o, a, r, no, terminals, timeouts, null, obs.dtype(),
                arrays.get("actions").dtype(), keys, "ogbench", null);
    }

    private static Map<String, NpyArray> arrays(Path file) {
        if (!looksLikeNpz(file)) {
            throw new InputException(file + ": not an .npz file (no zip signature; OGBench datasets are .npz)");
        }
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                out.put(name, NpyArray.parse(name, bytes, file + ": key '" + name + "'"));
            }
        } catch (ZipException e) {
            throw new InputException(file + ": unreadable .npz archive (" + e.getMessage() + "; truncated?)", e);
        } catch (IOException e) {
            throw new InputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static int[] matrix(Path file, NpyArray a) {
        return D4rlReader.matrixShape(file, a.name(), a.shape());
    }

    private static int vector(Path file, NpyArray a) {
        return D4rlReader.vectorLength(file, a.name(), a.shape());
    }

    private static float[] finite(Path file, NpyArray a, int columns) {
        if (a.dtype().equals("bool")) {
            throw new InputException(file + ": key '" + a.name() + "' holds bool values, expected numbers");
        }
        float[] values = a.floats();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw D4rlReader.nonFinite(file, a.name(), i, columns, a.doubles()[i]);
            }
        }
        return values;
    }

    private static boolean[] flags(Path file, NpyArray a) {
        double[] values = a.doubles();
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 1) {
                out[i] = true;
            } else if (values[i] != 0) {
                throw D4rlReader.notBoolean(file, a.name(), i, String.valueOf(values[i]));
            }
        }
        return out;
    }

    private static boolean[] not(boolean[] flags) {
        boolean[] out = new boolean[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = !flags[i];
        }
        return out;
    }
}
