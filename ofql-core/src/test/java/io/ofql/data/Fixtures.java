package io.ofql.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes small D4RL-layout HDF5 files with jHDF. Keys may contain one '/' (a group); values are
 * Java arrays as jHDF writes them (float[][], double[], boolean[], byte[], String[], ...).
 */
final class Fixtures {
    private final Map<String, Object> datasets = new LinkedHashMap<>();
    private final Map<String, DatasetCreationOptions> options = new LinkedHashMap<>();

    /**
     * A valid file of 7 steps, obs size 2, action size 1, in three episodes: steps 0-2 end in a
     * time-out, steps 3-4 in a terminal, steps 5-6 are cut off by the end of the file. Observation
     * row i is (i, 10 i), action -i, reward i + 0.5, next observation (i + 100, 0).
     */
    static Fixtures sevenSteps() {
        int n = 7;
        float[][] obs = new float[n][];
        float[][] next = new float[n][];
        float[][] act = new float[n][];
        float[] rew = new float[n];
        for (int i = 0; i < n; i++) {
            obs[i] = new float[] {i, 10 * i};
            next[i] = new float[] {i + 100, 0};
            act[i] = new float[] {-i};
            rew[i] = i + 0.5f;
        }
        return new Fixtures()
                .put("observations", obs)
                .put("actions", act)
                .put("rewards", rew)
                .put("next_observations", next)
                .put("terminals", new boolean[] {false, false, false, false, true, false, false})
                .put("timeouts", new boolean[] {false, false, true, false, false, false, false});
    }

    Fixtures put(String key, Object data) {
        datasets.put(key, data);
        return this;
    }

    /** Stores {@code data} as unsigned 8-bit integers, the way numpy's uint8 flags are written. */
    Fixtures putUint8(String key, byte[] data) {
        datasets.put(key, data);
        options.put(key, DatasetCreationOptions.builder().unsigned().build());
        return this;
    }

    /** Stores a matrix chunked by rows and deflate-compressed, as h5py writes D4RL files. */
    Fixtures putCompressed(String key, float[][] data, int chunkRows) {
        datasets.put(key, data);
        options.put(key, DatasetCreationOptions.builder().chunkDimensions(chunkRows, data[0].length).deflate().build());
        return this;
    }

    Fixtures remove(String key) {
        datasets.remove(key);
        options.remove(key);
        return this;
    }

    Path write(Path file) {
        try (WritableHdfFile out = HdfFile.write(file)) {
            Map<String, WritableGroup> groups = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : datasets.entrySet()) {
                String key = e.getKey();
                int slash = key.indexOf('/');
                DatasetCreationOptions opts = options.getOrDefault(key, DatasetCreationOptions.DEFAULT);
                if (slash < 0) {
                    out.putDataset(key, e.getValue(), opts);
                } else {
                    WritableGroup g = groups.computeIfAbsent(key.substring(0, slash), out::putGroup);
                    g.putDataset(key.substring(slash + 1), e.getValue(), opts);
                }
            }
        }
        return file;
    }
}
