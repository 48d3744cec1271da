package io.ofql.data;

import io.ofql.InputException;

/**
 * The Q-learning view of an offline dataset: {@code size} transitions (s, a, r, s', 1 - terminal)
 * as flat row-major host arrays.
 *
 * <p>Shapes: {@code observations} and {@code nextObservations} hold size x obsDim floats, {@code
 * actions} size x actDim, {@code rewards} and {@code notDone} size. Row {@code i} of a matrix
 * starts at {@code i * dim}. {@code notDone[i]} is 0 only when step {@code i} ended its episode in
 * a terminal state; a time-out is not a terminal, so the bootstrap through it is kept.
 *
 * <p>The arrays are shared, not copied, by the accessors (a D4RL dataset can be a few hundred MB):
 * callers must not modify them. Transforms ({@link RewardTransform}, {@link
 * ObservationNormalizer}) return new instances.
 */
public final class Transitions {
    private final int size;
    private final int obsDim;
    private final int actDim;
    private final float[] observations;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObservations;
    private final float[] notDone;

    private Transitions(int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
            float[] nextObservations, float[] notDone) {
        if (obsDim <= 0 || actDim <= 0) {
            throw new IllegalArgumentException("obsDim and actDim must be positive, got " + obsDim + ", " + actDim);
        }
        int n = rewards.length;
        if (n == 0) {
            throw new IllegalArgumentException("at least one transition is required");
        }
        checkLength("observations", observations, (long) n * obsDim);
        checkLength("actions", actions, (long) n * actDim);
        checkLength("nextObservations", nextObservations, (long) n * obsDim);
        checkLength("notDone", notDone, n);
        for (int i = 0; i < n; i++) {
            if (notDone[i] != 0f && notDone[i] != 1f) {
                throw new IllegalArgumentException("notDone must be 0 or 1, got " + notDone[i] + " at " + i);
            }
        }
        this.size = n;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.observations = observations;
        this.actions = actions;
        this.rewards = rewards;
        this.nextObservations = nextObservations;
        this.notDone = notDone;
    }

    private static void checkLength(String what, float[] array, long expected) {
        if (array.length != expected) {
            throw new IllegalArgumentException(
                    what + " has " + array.length + " values, expected " + expected);
        }
    }

    /**
     * Transitions from raw flat arrays (the arrays are kept, not copied).
     *
     * @param obsDim observation size
     * @param actDim action size
     * @param observations n x obsDim
     * @param actions n x actDim
     * @param rewards n
     * @param nextObservations n x obsDim
     * @param notDone n values, each 0 or 1
     */
    public static Transitions of(int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
            float[] nextObservations, float[] notDone) {
        return new Transitions(obsDim, actDim, observations, actions, rewards, nextObservations, notDone);
    }

    /**
     * The Q-learning transitions of a D4RL dataset.
     *
     * <p>With {@code next_observations} in the file every step is kept and its next state is
     * taken from there. Without it the next state is {@code observations[i + 1]}, which crosses
     * into the next episode after a time-out, so, as D4RL's {@code qlearning_dataset} does, the
     * time-out steps are dropped, and so is the file's last step (it has no successor). A terminal
     * step is kept either way: its next state is masked by {@code notDone = 0}.
     */
    public static Transitions from(D4rlDataset data) {
        int n = data.size();
        int od = data.obsDim();
        int ad = data.actDim();
        boolean[] terminals = data.terminals();
        boolean[] timeouts = data.timeouts();
        float[] obs = data.observations();
        float[] act = data.actions();
        float[] rew = data.rewards();
        if (data.hasNextObservations()) {
            float[] notDone = new float[n];
            for (int i = 0; i < n; i++) {
                notDone[i] = terminals[i] ? 0f : 1f;
            }
            return new Transitions(od, ad, obs, act, rew, data.nextObservations(), notDone);
        }
        int kept = 0;
        for (int i = 0; i < n - 1; i++) {
            if (!timeouts[i]) {
                kept++;
            }
        }
        if (kept == 0) {
            throw new InputException(data.file() + ": no transitions left once time-out steps and the last step "
                    + "are dropped (the file has no next_observations, so each step needs a successor)");
        }
        float[] o = new float[kept * od];
        float[] a = new float[kept * ad];
        float[] r = new float[kept];
        float[] next = new float[kept * od];
        float[] notDone = new float[kept];
        int k = 0;
        for (int i = 0; i < n - 1; i++) {
            if (timeouts[i]) {
                continue;
            }
            System.arraycopy(obs, i * od, o, k * od, od);
            System.arraycopy(obs, (i + 1) * od, next, k * od, od);
            System.arraycopy(act, i * ad, a, k * ad, ad);
            r[k] = rew[i];
            notDone[k] = terminals[i] ? 0f : 1f;
            k++;
        }
        return new Transitions(od, ad, o, a, r, next, notDone);
    }

    /** The same transitions with other rewards (n values). */
    public Transitions withRewards(float[] newRewards) {
        return new Transitions(obsDim, actDim, observations, actions, newRewards, nextObservations, notDone);
    }

    /** The same transitions with other observations and next observations (n x obsDim each). */
    public Transitions withObservations(float[] newObservations, float[] newNextObservations) {
        return new Transitions(obsDim, actDim, newObservations, actions, rewards, newNextObservations, notDone);
    }

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

    /** size x obsDim, row-major; shared, do not modify. */
    public float[] nextObservations() {
        return nextObservations;
    }

    /** size values, 1 - terminal; shared, do not modify. */
    public float[] notDone() {
        return notDone;
    }

    /** Number of terminal transitions ({@code notDone == 0}). */
    public int terminalCount() {
        int count = 0;
        for (float v : notDone) {
            if (v == 0f) {
                count++;
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return "Transitions[size=" + size + ", obsDim=" + obsDim + ", actDim=" + actDim
                + ", terminals=" + terminalCount() + "]";
    }
}
