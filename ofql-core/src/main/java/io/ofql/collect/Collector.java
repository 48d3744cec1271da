package io.ofql.collect;

import io.ofql.InputException;
import io.ofql.env.EnvSpec;
import io.ofql.env.Environments;
import io.ofql.env.MujocoEnv;
import io.ofql.env.BatchPolicy;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Rolls a {@link Behaviour} out in an environment until it has a given number of transitions.
 *
 * <p>Episodes are numbered 0, 1, 2, ... and written to the dataset in that order, cut at the
 * requested size. Episode e draws its reset seed and then its own random stream (action noise and
 * random steps) from {@code new SplittableRandom(seed)}, in episode order, so its steps depend
 * only on the seed, e and the policy. {@code envs} simulators run episodes in lock step with one
 * batched policy call per step; with a policy that treats rows independently (the CS285 experts)
 * the dataset does not depend on {@code envs}. Stepping happens on the caller's thread.
 *
 * <pre>
 * Collector collector = Collector.builder(EnvSpec.HOPPER, 100_000)
 *         .optPolicy(expert).optBehaviour(new Behaviour(0.1, 0.07)).optSeed(0).build();
 * CollectedData data = collector.collect();
 * </pre>
 */
public final class Collector {
    private final EnvSpec env;
    private final int transitions;
    private final BatchPolicy policy;
    private final Behaviour behaviour;
    private final long seed;
    private final int envs;
    private final LongConsumer progress;

    private Collector(Builder b) {
        this.env = b.env;
        this.transitions = b.transitions;
        this.policy = b.policy;
        this.behaviour = b.behaviour;
        this.seed = b.seed;
        this.envs = b.envs;
        this.progress = b.progress;
    }

    /**
     * @param env the environment to collect in
     * @param transitions how many transitions the dataset gets (at least 1)
     */
    public static Builder builder(EnvSpec env, int transitions) {
        return new Builder(env, transitions);
    }

    /** Options of a {@link Collector}; defaults: no noise, no random steps, seed 0, one simulator. */
    public static final class Builder {
        private final EnvSpec env;
        private final int transitions;
        private BatchPolicy policy;
        private Behaviour behaviour = new Behaviour(0, 0);
        private long seed;
        private int envs = 1;
        private LongConsumer progress = steps -> { };

        private Builder(EnvSpec env, int transitions) {
            this.env = env;
            this.transitions = transitions;
        }

        /** The policy the behaviour perturbs; required unless the behaviour is fully random. */
        public Builder optPolicy(BatchPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder optBehaviour(Behaviour behaviour) {
            this.behaviour = behaviour;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Simulators stepped in lock step (more rows per policy call; at most one partial episode each is wasted). */
        public Builder optEnvs(int envs) {
            this.envs = envs;
            return this;
        }

        /** Called after every lock step with the transitions gathered so far (at most the target). */
        public Builder optProgress(LongConsumer progress) {
            this.progress = progress;
            return this;
        }

        /**
         * @throws InputException when the sizes, counts or policy do not fit
         */
        public Collector build() {
            if (transitions < 1) {
                throw new InputException("--transitions " + transitions + ": expected at least 1");
            }
            if (envs < 1) {
                throw new InputException("--envs " + envs + ": expected at least 1");
            }
            if (behaviour.usesPolicy()) {
                if (policy == null) {
                    throw new InputException("a policy is required unless every action is random (--random-prob 1)");
                }
                Environments.forId(env.id()).requireMatches(policy.observationDim(), policy.actionDim(), "policy " + policy);
            }
            return new Collector(this);
        }
    }

    /** One episode's rows while it runs, at most the time limit long. */
    private final class Episode {
        final int number;
        final SplittableRandom rng;
        final float[][] obs = new float[EnvSpec.MAX_EPISODE_STEPS][];
        final float[][] act = new float[EnvSpec.MAX_EPISODE_STEPS][];
        final float[] rew = new float[EnvSpec.MAX_EPISODE_STEPS];
        final float[][] next = new float[EnvSpec.MAX_EPISODE_STEPS][];
        final double[][] qpos = new double[EnvSpec.MAX_EPISODE_STEPS][];
        final double[][] qvel = new double[EnvSpec.MAX_EPISODE_STEPS][];
        int length;
        double ret;
        boolean terminal;
        boolean over;
        double[] current;

        Episode(int number, SplittableRandom rng) {
            this.number = number;
            this.rng = rng;
        }
    }

    /** The output arrays and how much of them is filled. */
    private final class Output {
        final float[][] obs = new float[transitions][];
        final float[][] act = new float[transitions][];
        final float[] rew = new float[transitions];
        final float[][] next = new float[transitions][];
        final boolean[] terminals = new boolean[transitions];
        final boolean[] timeouts = new boolean[transitions];
        final double[][] qpos = new double[transitions][];
        final double[][] qvel = new double[transitions][];
        double[] returns = new double[0];
        int[] lengths = new int[0];
        int filled;

        /** Appends as much of the episode as fits; a cut episode ends in a time-out and is not complete. */
        void append(Episode e) {
            int n = Math.min(e.length, transitions - filled);
            System.arraycopy(e.obs, 0, obs, filled, n);
            System.arraycopy(e.act, 0, act, filled, n);
            System.arraycopy(e.rew, 0, rew, filled, n);
            System.arraycopy(e.next, 0, next, filled, n);
            System.arraycopy(e.qpos, 0, qpos, filled, n);
            System.arraycopy(e.qvel, 0, qvel, filled, n);
            boolean complete = e.over && n == e.length;
            int last = filled + n - 1;
            filled += n;
            if (complete && e.terminal) {
                terminals[last] = true;
            } else {
                timeouts[last] = true;
            }
            if (complete) {
                returns = Arrays.copyOf(returns, returns.length + 1);
                returns[returns.length - 1] = e.ret;
                lengths = Arrays.copyOf(lengths, lengths.length + 1);
                lengths[lengths.length - 1] = e.length;
            }
        }
    }

    /** Runs the collection. */
    public CollectedData collect() {
        int obsDim = env.observationDim();
        int actDim = env.actionDim();
        MujocoEnv[] sims = new MujocoEnv[envs];
        try {
            for (int i = 0; i < envs; i++) {
                sims[i] = new MujocoEnv(env);
            }
            SplittableRandom streams = new SplittableRandom(seed);
            Episode[] running = new Episode[envs];
            int started = 0;
            for (int i = 0; i < envs; i++) {
                running[i] = start(sims[i], started++, streams);
            }
            Output out = new Output();
            TreeMap<Integer, Episode> finished = new TreeMap<>();
            int nextToWrite = 0;
            float[] batch = new float[envs * obsDim];
            double[] action = new double[actDim];
            while (out.filled < transitions) {
                float[] policyActions = null;
                if (behaviour.usesPolicy()) {
                    for (int i = 0; i < envs; i++) {
                        for (int k = 0; k < obsDim; k++) {
                            batch[i * obsDim + k] = (float) running[i].current[k];
                        }
                    }
                    policyActions = policy.act(batch, envs);
                    if (policyActions.length != envs * actDim) {
                        throw new IllegalStateException("policy " + policy + " returned " + policyActions.length
                                + " values for " + envs + " observations, expected " + envs * actDim);
                    }
                }
                for (int i = 0; i < envs; i++) {
                    Episode e = running[i];
                    behaviour.act(e.rng, policyActions, i * actDim, action);
                    int t = e.length;
                    e.obs[t] = toFloats(e.current);
                    e.qpos[t] = sims[i].simulator().qpos();
                    e.qvel[t] = sims[i].simulator().qvel();
                    e.act[t] = toFloats(action);
                    var step = sims[i].step(action);
                    e.rew[t] = (float) step.reward();
                    e.next[t] = toFloats(step.observation());
                    e.ret += step.reward();
                    e.length = t + 1;
                    e.current = step.observation();
                    if (step.done()) {
                        e.over = true;
                        e.terminal = step.terminal();
                        finished.put(e.number, e);
                        running[i] = start(sims[i], started++, streams);
                    }
                }
                while (out.filled < transitions && finished.containsKey(nextToWrite)) {
                    out.append(finished.remove(nextToWrite++));
                }
                if (out.filled < transitions) {
                    Episode head = runningEpisode(running, nextToWrite);
                    if (out.filled + head.length >= transitions) {
                        out.append(head);
                    }
                }
                progress.accept(out.filled + (out.filled < transitions ? runningEpisode(running, nextToWrite).length : 0));
            }
            return new CollectedData(env, out.obs, out.act, out.rew, out.next, out.terminals, out.timeouts, out.qpos,
                    out.qvel, out.returns, out.lengths);
        } finally {
            for (MujocoEnv sim : sims) {
                if (sim != null) {
                    sim.close();
                }
            }
        }
    }

    /** The episode that is written next is still running (every finished one before it was written). */
    private static Episode runningEpisode(Episode[] running, int number) {
        for (Episode e : running) {
            if (e.number == number) {
                return e;
            }
        }
        throw new IllegalStateException("episode " + number + " is neither finished nor running");
    }

    private Episode start(MujocoEnv sim, int number, SplittableRandom streams) {
        long resetSeed = streams.nextLong();
        Episode e = new Episode(number, streams.split());
        e.current = sim.reset(resetSeed);
        return e;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
