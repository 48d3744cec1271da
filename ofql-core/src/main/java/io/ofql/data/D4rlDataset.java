package io.ofql.data;

import io.ofql.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of an offline dataset in D4RL's layout, validated and converted to float, with its
 * episodes: a D4RL HDF5 file ({@link D4rlReader}), a Minari dataset ({@link MinariReader}) or an
 * OGBench {@code .npz} file ({@link OgbenchReader}); {@link Datasets#read} picks the reader.
 *
 * <p>Shapes: {@code observations} (and {@code nextObservations} when the file has them) hold
 * size x obsDim floats row-major, {@code actions} size x actDim, {@code rewards}, {@code
 * terminals} and {@code timeouts} size. Episodes end at a terminal step, at a time-out step, or at
 * the end of the file (an episode the recording cut short). Read with {@link D4rlReader#read}.
 */
public final class D4rlDataset {
    private final Path file;
    private final int size;
    private final int obsDim;
    private final int actDim;
    private final float[] observations;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObservations;
    private final boolean[] terminals;
    private final boolean[] timeouts;
    private final double[] metadataEpisodeReturns;
    private final String observationDtype;
    private final String actionDtype;
    private final List<String> keys;
    private final String format;
    private final double[] referenceScores;
    private final int[] episodeStarts;
    private final int[] episodeLengths;
    private final double[] episodeReturns;

    D4rlDataset(Path file, int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
            float[] nextObservations, boolean[] terminals, boolean[] timeouts, double[] metadataEpisodeReturns,
            String observationDtype, String actionDtype, List<String> keys) {
        this(file, obsDim, actDim, observations, actions, rewards, nextObservations, terminals, timeouts,
                metadataEpisodeReturns, observationDtype, actionDtype, keys, "d4rl", null);
    }

    /**
     * @param format {@code d4rl}, {@code minari} or {@code ogbench}
     * @param referenceScores the dataset's own {ref_min_score, ref_max_score}, or null
     */
    D4rlDataset(Path file, int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
            float[] nextObservations, boolean[] terminals, boolean[] timeouts, double[] metadataEpisodeReturns,
            String observationDtype, String actionDtype, List<String> keys, String format, double[] referenceScores) {
        this.format = format;
        this.referenceScores = referenceScores == null ? null : referenceScores.clone();
        this.file = file;
        this.size = rewards.length;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.observations = observations;
        this.actions = actions;
        this.rewards = rewards;
        this.nextObservations = nextObservations;
        this.terminals = terminals;
        this.timeouts = timeouts;
        this.metadataEpisodeReturns = metadataEpisodeReturns;
        this.observationDtype = observationDtype;
        this.actionDtype = actionDtype;
        this.keys = List.copyOf(keys);

        List<int[]> episodes = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < size; i++) {
            if (terminals[i] || timeouts[i] || i == size - 1) {
                episodes.add(new int[] {start, i + 1 - start});
                start = i + 1;
            }
        }
        episodeStarts = new int[episodes.size()];
        episodeLengths = new int[episodes.size()];
        episodeReturns = new double[episodes.size()];
        for (int e = 0; e < episodes.size(); e++) {
            episodeStarts[e] = episodes.get(e)[0];
            episodeLengths[e] = episodes.get(e)[1];
            double sum = 0;
            for (int i = episodeStarts[e]; i < episodeStarts[e] + episodeLengths[e]; i++) {
                sum += rewards[i];
            }
            episodeReturns[e] = sum;
        }
    }

    /**
     * Checks the observation and action sizes against those of a task.
     *
     * @throws InputException naming the file, the key and both sizes on a mismatch
     */
    public void requireDims(int expectedObsDim, int expectedActDim, String task) {
        if (obsDim != expectedObsDim) {
            throw new InputException(file + ": key 'observations' has size " + obsDim + " per step but task "
                    + task + " has observations of size " + expectedObsDim);
        }
        if (actDim != expectedActDim) {
            throw new InputException(file + ": key 'actions' has size " + actDim + " per step but task "
                    + task + " has actions of size " + expectedActDim);
        }
    }

    /** {@code d4rl} (HDF5), {@code minari} (a Minari dataset folder) or {@code ogbench} ({@code .npz}). */
    public String format() {
        return format;
    }

    /**
     * The dataset's own reference returns {ref_min_score, ref_max_score} for normalized scores
     * (Minari's metadata, or a collected file's), or {@code null} when it has none and the task's
     * D4RL ones apply.
     */
    public double[] referenceScores() {
        return referenceScores == null ? null : referenceScores.clone();
    }

    /** The file (or Minari dataset folder) this dataset was read from. */
    public Path file() {
        return file;
    }

    /** Number of steps in the file. */
    public int size() {
        return size;
    }

    public int obsDim() {
        return obsDim;
    }

    public int actDim() {
        return actDim;
    }

    /** size x obsDim, row-major; shared, do not modify. */
    public float[] observations() {
        return observations;
    }

    /** size x actDim, row-major; shared, do not modify. */
    public float[] actions() {
        return actions;
    }

    /** size values; shared, do not modify. */
    public float[] rewards() {
        return rewards;
    }

    /** Whether the file has {@code next_observations}. */
    public boolean hasNextObservations() {
        return nextObservations != null;
    }

    /** size x obsDim, row-major, or {@code null} when the file has none; shared, do not modify. */
    public float[] nextObservations() {
        return nextObservations;
    }

    /** True where the episode ended in a terminal (unhealthy) state; shared, do not modify. */
    public boolean[] terminals() {
        return terminals;
    }

    /** True on the last step of a time-limited episode; shared, do not modify. */
    public boolean[] timeouts() {
        return timeouts;
    }

    /** {@code metadata/episode_returns} as recorded, or {@code null} when the file has none. */
    public double[] metadataEpisodeReturns() {
        return metadataEpisodeReturns == null ? null : metadataEpisodeReturns.clone();
    }

    /** {@code float32} or {@code float64}, the type stored in the file. */
    public String observationDtype() {
        return observationDtype;
    }

    /** {@code float32} or {@code float64}, the type stored in the file. */
    public String actionDtype() {
        return actionDtype;
    }

    /** Paths of every dataset in the file, sorted, e.g. {@code metadata/episode_returns}. */
    public List<String> keys() {
        return keys;
    }

    public int terminalCount() {
        return count(terminals);
    }

    public int timeoutCount() {
        return count(timeouts);
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }

    public int episodeCount() {
        return episodeStarts.length;
    }

    /** Index of the first step of each episode. */
    public int[] episodeStarts() {
        return episodeStarts.clone();
    }

    /** Number of steps of each episode. */
    public int[] episodeLengths() {
        return episodeLengths.clone();
    }

    /** Sum of the rewards of each episode, accumulated in double. */
    public double[] episodeReturns() {
        return episodeReturns.clone();
    }

    @Override
    public String toString() {
        return "D4rlDataset[file=" + file + ", size=" + size + ", obsDim=" + obsDim + ", actDim=" + actDim
                + ", episodes=" + episodeCount() + ", terminals=" + terminalCount() + ", timeouts="
                + timeoutCount() + ", nextObservations=" + hasNextObservations() + "]";
    }
}
