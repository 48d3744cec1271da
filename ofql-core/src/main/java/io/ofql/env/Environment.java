package io.ofql.env;

/**
 * One episodic environment as the toolkit's evaluation and data collection see it: seeded
 * resets, one control step at a time, a time limit that ends an episode without making it
 * terminal, and the D4RL normalized score of an episode's return.
 *
 * <p>Shapes: observations have {@link #observationDim()} values, actions {@link #actionDim()}
 * values in [-1, 1] (an implementation clips them). An episode is a pure function of its reset
 * seed and the actions, so evaluations are reproducible. Not thread-safe: {@link VectorEnv}
 * gives each thread its own instances.
 */
public interface Environment extends AutoCloseable {
    /** The result of one step; {@code observation} is a fresh array. */
    record Step(double[] observation, double reward, boolean terminal, boolean timeout) {
        /** The episode is over (terminal, or out of time). */
        public boolean done() {
            return terminal || timeout;
        }
    }

    /** The environment's id as tasks name it ({@code hopper}, {@code antmaze-umaze}, {@code kitchen}). */
    String id();

    /** Values per observation. */
    int observationDim();

    /** Values per action. */
    int actionDim();

    /** Steps after which an episode times out. */
    int maxEpisodeSteps();

    /** Starts an episode with the reset noise (and any goal) drawn from {@code seed}; returns its observation. */
    double[] reset(long seed);

    /**
     * Advances one control step.
     *
     * @throws IllegalArgumentException when the action has the wrong size or a NaN
     */
    Step step(double[] action);

    /** D4RL normalized score of an episode return: 100 (return - ref_min) / (ref_max - ref_min). */
    double normalizedScore(double episodeReturn);

    /** Frees the native simulator. */
    @Override
    void close();
}
