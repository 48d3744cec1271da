package io.ofql.config;

/**
 * How an agent acts at evaluation: with its online or its EMA policy ({@code actingPolicy}), the
 * plain generated action, or {@code candidates} actions per state drawn from noise scaled by
 * {@code candidateNoise}, one of which is sampled with probability softmax(Q' * temperature) over
 * the candidates (Q' the target critics' minimum).
 *
 * @param actingPolicy which copy of the policy acts
 * @param selectByQ pick among candidates by Q (true) or act with one generated action
 * @param candidates actions drawn per state when selecting by Q
 * @param temperature weight of Q in the softmax
 * @param candidateNoise scale of the candidates' initial noise (1: the policy's own noise)
 */
public record Selection(ActingPolicy actingPolicy, boolean selectByQ, int candidates, double temperature, double candidateNoise) {
    public Selection {
        if (actingPolicy == null) {
            throw new IllegalArgumentException("actingPolicy must be set");
        }
        Checks.positive("candidates", candidates);
        Checks.positive("temperature", temperature);
        Checks.positive("candidateNoise", candidateNoise);
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
