package io.ofql.collect;

import io.ofql.env.EnvSpec;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Transitions collected in one environment, in D4RL's layout, with the returns of the episodes
 * they hold.
 *
 * <p>Shapes, for {@code n = size()}: {@code observations} and {@code nextObservations} n x obs,
 * {@code actions} n x act (the clipped actions the environment applied), {@code rewards},
 * {@code terminals} and {@code timeouts} n, {@code qpos} n x nq and {@code qvel} n x nv (the
 * simulator state of each row's observation, before its action). Episodes are contiguous and
 * end at a terminal or a time-out; an episode cut short by the end of the collection ends with a
 * time-out too (a truncation, so bootstrapping continues through it) but is not <i>complete</i>
 * and is left out of {@link #episodeReturns()}.
 */
public final class CollectedData {
    private final EnvSpec env;
    private final float[][] observations;
    private final float[][] actions;
    private final float[] rewards;
    private final float[][] nextObservations;
    private final boolean[] terminals;
    private final boolean[] timeouts;
    private final double[][] qpos;
    private final double[][] qvel;
    private final double[] episodeReturns;
    private final int[] episodeLengths;

    CollectedData(EnvSpec env, float[][] observations, float[][] actions, float[] rewards, float[][] nextObservations,
            boolean[] terminals, boolean[] timeouts, double[][] qpos, double[][] qvel, double[] episodeReturns,
            int[] episodeLengths) {
        this.env = env;
        this.observations = observations;
        this.actions = actions;
        this.rewards = rewards;
        this.nextObservations = nextObservations;
        this.terminals = terminals;
        this.timeouts = timeouts;
        this.qpos = qpos;
        this.qvel = qvel;
        this.episodeReturns = episodeReturns;
        this.episodeLengths = episodeLengths;
    }

    /** {@code first} followed by {@code second} (D4RL's medium-expert is medium then expert). */
    public static CollectedData concat(CollectedData first, CollectedData second) {
        if (first.env != second.env) {
            throw new IllegalArgumentException("cannot join " + first.env + " and " + second.env + " data");
        }
        return new CollectedData(first.env, join(first.observations, second.observations),
                join(first.actions, second.actions), join(first.rewards, second.rewards),
                join(first.nextObservations, second.nextObservations), join(first.terminals, second.terminals),
                join(first.timeouts, second.timeouts), join(first.qpos, second.qpos), join(first.qvel, second.qvel),
                join(first.episodeReturns, second.episodeReturns), join(first.episodeLengths, second.episodeLengths));
    }

    /** The arrays {@code a} and {@code b} (of one component type) one after the other. */
    @SuppressWarnings("unchecked")
    private static <A> A join(A a, A b) {
        int n = Array.getLength(a);
        int m = Array.getLength(b);
        A out = (A) Array.newInstance(a.getClass().getComponentType(), n + m);
        System.arraycopy(a, 0, out, 0, n);
        System.arraycopy(b, 0, out, n, m);
        return out;
    }

    public EnvSpec env() {
        return env;
    }

    /** Number of transitions. */
    public int size() {
        return rewards.length;
    }

    /** Rows of observations; shared, do not modify. */
    public float[][] observations() {
        return observations;
    }

    /** Rows of the actions applied (in [-1, 1]); shared, do not modify. */
    public float[][] actions() {
        return actions;
    }

    /** Shared, do not modify. */
    public float[] rewards() {
        return rewards;
    }

    /** Rows of the observations after each action; shared, do not modify. */
    public float[][] nextObservations() {
        return nextObservations;
    }

    /** True where the step left the healthy range; shared, do not modify. */
    public boolean[] terminals() {
        return terminals;
    }

    /** True where the time limit or the end of the collection cut the episode; shared, do not modify. */
    public boolean[] timeouts() {
        return timeouts;
    }

    /** Rows of qpos at each observation; shared, do not modify. */
    public double[][] qpos() {
        return qpos;
    }

    /** Rows of qvel at each observation; shared, do not modify. */
    public double[][] qvel() {
        return qvel;
    }

    /** Returns of the complete episodes, in file order. */
    public double[] episodeReturns() {
        return episodeReturns.clone();
    }

    /** Lengths of the complete episodes, in file order. */
    public int[] episodeLengths() {
        return episodeLengths.clone();
    }

    /** Mean return of the complete episodes (the behaviour's return), NaN when none completed. */
    public double returnMean() {
        return Arrays.stream(episodeReturns).average().orElse(Double.NaN);
    }

    /** D4RL normalized score of {@link #returnMean()}. */
    public double normalizedScore() {
        return env.normalizedScore(returnMean());
    }
}
