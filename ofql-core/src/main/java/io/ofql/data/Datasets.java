package io.ofql.data;

import io.ofql.InputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an offline dataset in any of the formats the toolkit knows, into a {@link D4rlDataset}:
 *
 * <ul>
 *   <li>a folder: a Minari dataset ({@link MinariReader});
 *   <li>a file that is a zip archive: an OGBench {@code .npz} ({@link OgbenchReader});
 *   <li>any other file: a D4RL HDF5 file ({@link D4rlReader}), including those {@code ofql
 *       dataset collect} writes;
 *   <li>a name that is no path but looks like {@code namespace/env/name-vN}: a Minari id, looked
 *       up in {@code $MINARI_DATASETS_PATH}, then {@code ~/.minari/datasets}.
 * </ul>
 *
 * Every problem is one {@link InputException} line naming the file, the group or key, and what
 * was expected.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * The file or folder a dataset argument names: an existing path, else a Minari id's folder.
     *
     * @throws InputException when it is neither
     */
    public static Path resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InputException("empty dataset name: expected a D4RL .hdf5 file, an OGBench .npz file, a Minari "
                    + "dataset folder or a Minari id such as mujoco/hopper/medium-v0");
        }
        Path path = Path.of(spec);
        if (Files.exists(path)) {
            return path;
        }
        if (MinariReader.looksLikeId(spec)) {
            return MinariReader.resolveId(spec, MinariReader.roots());
        }
        throw new InputException(spec + ": no such file or folder (expected a D4RL .hdf5 file, an OGBench .npz file, "
                + "a Minari dataset folder or a Minari id such as mujoco/hopper/medium-v0)");
    }

    /** Resolves {@code spec} ({@link #resolve}) and reads it. */
    public static D4rlDataset read(String spec) {
        return read(resolve(spec));
    }

    /** Reads the dataset at {@code path} with the reader its kind calls for. */
    public static D4rlDataset read(Path path) {
        if (Files.isDirectory(path)) {
            return MinariReader.read(path);
        }
        if (Files.isRegularFile(path) && OgbenchReader.looksLikeNpz(path)) {
            return OgbenchReader.read(path);
        }
        return D4rlReader.read(path);
    }
}
