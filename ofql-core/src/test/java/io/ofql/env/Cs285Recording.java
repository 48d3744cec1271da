package io.ofql.env;

import io.jhdf.HdfFile;
import java.nio.file.Path;

/** The CS285 recordings (D4RL layout written by h5py) as plain arrays, for the checks. */
record Cs285Recording(float[][] observations, float[][] actions, float[] rewards, float[][] nextObservations,
        boolean[] terminals, boolean[] timeouts, double[] episodeReturns) {

    static Cs285Recording read(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            return new Cs285Recording(
                    (float[][]) hdf.getDatasetByPath("observations").getData(),
                    (float[][]) hdf.getDatasetByPath("actions").getData(),
                    (float[]) hdf.getDatasetByPath("rewards").getData(),
                    (float[][]) hdf.getDatasetByPath("next_observations").getData(),
                    bools((String[]) hdf.getDatasetByPath("terminals").getData()),
                    bools((String[]) hdf.getDatasetByPath("timeouts").getData()),
                    (double[]) hdf.getDatasetByPath("metadata/episode_returns").getData());
        }
    }

    /** jHDF reads h5py's bool enum as the strings "TRUE"/"FALSE". */
    private static boolean[] bools(String[] values) {
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = "TRUE".equals(values[i]);
        }
        return out;
    }

    double meanEpisodeReturn() {
        double sum = 0;
        for (double r : episodeReturns) {
            sum += r;
        }
        return sum / episodeReturns.length;
    }
}
