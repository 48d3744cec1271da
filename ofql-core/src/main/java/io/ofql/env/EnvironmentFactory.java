package io.ofql.env;

import io.ofql.InputException;
import java.util.function.Supplier;

/**
 * One environment as the toolkit knows it before building it: its id, sizes, time limit, D4RL
 * reference returns and a way to build instances. {@link Environments} holds one per environment;
 * {@link VectorEnv} and the evaluator build their simulators through it, so they work for every
 * {@link Environment} implementation alike.
 *
 * <p>Normalized score of an episode return R: {@code 100 (R - refMin) / (refMax - refMin)}.
 *
 * @param id the name tasks and the command line use ({@code hopper}, {@code antmaze-umaze})
 * @param displayName a readable name for messages and tables
 * @param observationDim values per observation
 * @param actionDim values per action
 * @param maxEpisodeSteps the time limit
 * @param refMin D4RL's REF_MIN_SCORE (a random policy's return)
 * @param refMax D4RL's REF_MAX_SCORE (an expert's return)
 * @param description one line on the model and the episode rule, for {@code ofql env info}
 * @param supplier builds a fresh instance (each holds its own native simulator)
 */
public record EnvironmentFactory(
        String id,
        String displayName,
        int observationDim,
        int actionDim,
        int maxEpisodeSteps,
        double refMin,
        double refMax,
        String description,
        Supplier<Environment> supplier) {

    public EnvironmentFactory {
        if (observationDim < 1 || actionDim < 1 || maxEpisodeSteps < 1 || !(refMax > refMin)) {
            throw new IllegalArgumentException("environment " + id + ": sizes and the time limit must be positive"
                    + " and refMax > refMin");
        }
    }

    /**
     * A fresh environment; close it when done.
     *
     * @throws IllegalStateException when the instance's sizes disagree with this description
     */
    public Environment create() {
        Environment env = supplier.get();
        if (env.observationDim() != observationDim || env.actionDim() != actionDim
                || env.maxEpisodeSteps() != maxEpisodeSteps) {
            env.close();
            throw new IllegalStateException(id + ": the instance has sizes " + env.observationDim() + "/"
                    + env.actionDim() + " and limit " + env.maxEpisodeSteps() + ", the registry says "
                    + observationDim + "/" + actionDim + " and " + maxEpisodeSteps);
        }
        return env;
    }

    /** D4RL normalized score: 100 * (return - refMin) / (refMax - refMin). */
    public double normalizedScore(double episodeReturn) {
        return 100.0 * (episodeReturn - refMin) / (refMax - refMin);
    }

    /**
     * Refuses data or a policy whose sizes do not fit this environment.
     *
     * @param source the file or policy the sizes came from, named in the message
     * @throws InputException naming the source, the sizes found and the sizes expected
     */
    public void requireMatches(int obsDim, int actDim, String source) {
        if (obsDim != observationDim || actDim != actionDim) {
            throw new InputException(
                    source + ": observation/action sizes " + obsDim + "/" + actDim + " do not match "
                            + displayName + " (expected " + observationDim + "/" + actionDim + ")");
        }
    }
}
