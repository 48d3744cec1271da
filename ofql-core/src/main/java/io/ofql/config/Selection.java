package io.ofql.config;

/**
 * How an agent acts at evaluation: the plain generated action, or {@code candidates} actions per
 * state drawn from noise scaled by {@code candidateNoise}, one of which is sampled with
 * probability softmax(Q' * temperature) over the candidates (Q' the target critics' minimum).
 *
 * @param selectByQ pick among candidates by Q (true) or act with one generated action
 * @param candidates actions drawn per state when selecting by Q
 * @param temperature weight of Q in the softmax
 * @param candidateNoise scale of the candidates' initial noise (1: the policy's own noise)
 */
public record Selection(boolean selectByQ, int candidates, double temperature, double candidateNoise) {
    public Selection {
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
}
