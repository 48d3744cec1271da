package io.ofql.collect;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@link CollectedData} as a D4RL-layout HDF5 file (jHDF's writer): {@code observations},
 * {@code actions}, {@code next_observations} (float32, n x size), {@code rewards} (float32, n),
 * {@code terminals}, {@code timeouts} (uint8 0/1, n), {@code infos/qpos}, {@code infos/qvel}
 * (float64, n x nq and n x nv), and under {@code metadata/} the caller's entries (scalars,
 * strings, arrays, or nested maps as subgroups) plus {@code episode_returns}, the returns of the
 * complete episodes (absent when none completed).
 *
 * <p>The output is a pure function of the data and the metadata: jHDF writes no time stamps, and
 * the metadata is written in the map's iteration order, so equal inputs give equal bytes.
 */
public final class DatasetWriter {
    private static final DatasetCreationOptions UINT8 = DatasetCreationOptions.builder().unsigned().build();

    private DatasetWriter() {}

    /**
     * Writes {@code file}, replacing it; the caller makes the write atomic.
     *
     * @throws UncheckedIOException when an existing file cannot be removed first
     */
    public static void write(Path file, CollectedData data, Map<String, ?> metadata) {
        try {
            // jHDF opens without truncating: a longer old file would keep its tail.
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
        try (WritableHdfFile out = HdfFile.write(file)) {
            out.putDataset("observations", data.observations());
            out.putDataset("actions", data.actions());
            out.putDataset("rewards", data.rewards());
            out.putDataset("next_observations", data.nextObservations());
            out.putDataset("terminals", bytes(data.terminals()), UINT8);
            out.putDataset("timeouts", bytes(data.timeouts()), UINT8);
            WritableGroup infos = out.putGroup("infos");
            infos.putDataset("qpos", data.qpos());
            infos.putDataset("qvel", data.qvel());
            WritableGroup meta = out.putGroup("metadata");
            putAll(meta, metadata);
            if (data.episodeReturns().length > 0) {
                // jHDF cannot write an empty array; no key means no complete episode
                meta.putDataset("episode_returns", data.episodeReturns());
            }
        }
    }

    private static void putAll(WritableGroup group, Map<String, ?> entries) {
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> sub) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) sub;
                putAll(group.putGroup(e.getKey()), typed);
            } else {
                group.putDataset(e.getKey(), e.getValue());
            }
        }
    }

    /** Flags as numpy's uint8 0/1, which h5py and this toolkit's reader both take as booleans. */
    private static byte[] bytes(boolean[] flags) {
        byte[] out = new byte[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = (byte) (flags[i] ? 1 : 0);
        }
        return out;
    }
}
