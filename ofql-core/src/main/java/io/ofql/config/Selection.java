package io.ofql.config;

/**
 * How an agent is evaluated, the settings a {@link Protocol} fixes: which copy of the policy acts
 * ({@code actingPolicy}), the plain generated action or {@code candidates} actions per state drawn
 * from noise scaled by {@code candidateNoise}, one of which is sampled with probability
 *
 * <pre>
 *   p_k = softmax_k(Q'(s, a_k) * factor * temperature)      factor = qScale's, from the dataset
 * </pre>
 *
 * over the candidates (Q' the target critics' minimum), how many episodes the final evaluation
 * runs, and whether the policy sees observations normalised with the dataset's statistics (in
 * training and in evaluation alike).
 *
 * @param actingPolicy which copy of the policy acts
 * @param selectByQ pick among candidates by Q (true) or act with one generated action
 * @param candidates actions drawn per state when selecting by Q
 * @param temperature weight of Q in the softmax
 * @param candidateNoise scale of the candidates' initial noise (1: the policy's own noise)
 * @param qScale the scale of Q the temperature applies to ({@link QScale})
 * @param finalEpisodes episodes per seed of the evaluation after the last training step (the
 *     evaluations before it run {@code --eval-episodes})
 * @param normalizeObservations standardise observations with the dataset's mean and std (false:
 *     the policy and critics see raw observations)
 */
public record Selection(
        ActingPolicy actingPolicy,
        boolean selectByQ,
        int candidates,
        double temperature,
        double candidateNoise,
        QScale qScale,
        int finalEpisodes,
        boolean normalizeObservations) {
    public Selection {
        if (actingPolicy == null || qScale == null) {
            throw new IllegalArgumentException("actingPolicy and qScale must be set");
        }
        Checks.positive("candidates", candidates);
        Checks.positive("temperature", temperature);
        Checks.positive("candidateNoise", candidateNoise);
        Checks.positive("finalEpisodes", finalEpisodes);
    }

    /** The weight of Q' in the softmax, {@code temperature * factor}, for the data's {@link QScale} factor. */
    public double weight(double qScaleFactor) {
        return temperature * qScaleFactor;
    }

    /**
     * Refuses a noise scale other than 1 for an algorithm whose sampler draws its own unscaled
     * noise, so that a setting it would ignore is an error rather than a silent no-op.
     */
    public void requireUnscaledNoise(String algorithm) {
        if (candidateNoise != 1.0) {
            throw new IllegalArgumentException("candidateNoise must be 1 for " + algorithm
                    + " (its sampler starts from unscaled noise), got " + candidateNoise);
        }
    }

    /**
     * Refuses the EMA policy for an algorithm that keeps none, so that the setting is an error
     * rather than a silent fall-back to the online policy.
     */
    public void requireOnlinePolicy(String algorithm) {
        if (actingPolicy != ActingPolicy.ONLINE) {
            throw new IllegalArgumentException("actingPolicy must be online for " + algorithm
                    + " (it keeps no EMA policy), got " + ConfigValues.format(actingPolicy));
        }
    }
}
