package io.ofql.env;

import io.ofql.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The four D4RL locomotion environments as gym's v2 classes define them (the facts are in
 * {@code shared/reference/envs.md}): sizes, frame skip, reward weights, healthy rule,
 * observation, reset noise and the D4RL reference returns for normalised scores. Tasks find
 * their environment through {@code TaskRegistry.environment}.
 *
 * <p>Per step with clipped action {@code a} and forward position {@code x} (qpos[0], or the
 * torso's xpos for Ant) before and after the {@code frameSkip} physics steps:
 *
 * <pre>
 * reward = (x' - x) / dt + healthyReward - ctrlCostWeight * sum(a^2) - contactCost
 * dt     = timestep * frameSkip
 * </pre>
 *
 * The healthy reward is paid on the terminating step as well, as gym v2 does.
 */
public enum EnvSpec {
    /** Hopper-v2: qpos[1:6] ++ clip(qvel, -10, 10); healthy while upright and bounded. */
    HOPPER("hopper", "Hopper", "hopper.xml", 11, 3, 6, 6, 4, 1.0, 1e-3, -20.272305, 3234.3) {
        @Override
        void observe(Simulator sim, double[] out) {
            double[] qpos = sim.qposView();
            double[] qvel = sim.qvelView();
            System.arraycopy(qpos, 1, out, 0, 5);
            for (int i = 0; i < 6; i++) {
                out[5 + i] = clip(qvel[i], 10.0);
            }
        }

        @Override
        boolean healthy(double[] qpos, double[] qvel) {
            for (int i = 2; i < qpos.length; i++) {
                if (!(Math.abs(qpos[i]) < 100)) {
                    return false;
                }
            }
            for (double v : qvel) {
                if (!(Math.abs(v) < 100)) {
                    return false;
                }
            }
            return Double.isFinite(qpos[0]) && Double.isFinite(qpos[1])
                    && qpos[1] > 0.7 && Math.abs(qpos[2]) < 0.2;
        }

        @Override
        void addResetNoise(RandomGenerator rng, double[] qpos, double[] qvel) {
            addUniform(rng, qpos, 5e-3);
            addUniform(rng, qvel, 5e-3);
        }
    },

    /** HalfCheetah-v2: qpos[1:9] ++ qvel; never terminates. */
    HALFCHEETAH("halfcheetah", "HalfCheetah", "half_cheetah.xml", 17, 6, 9, 9, 5, 0.0, 0.1,
            -280.178953, 12135.0) {
        @Override
        void observe(Simulator sim, double[] out) {
            System.arraycopy(sim.qposView(), 1, out, 0, 8);
            System.arraycopy(sim.qvelView(), 0, out, 8, 9);
        }

        @Override
        boolean healthy(double[] qpos, double[] qvel) {
            return true;
        }

        @Override
        void addResetNoise(RandomGenerator rng, double[] qpos, double[] qvel) {
            addUniform(rng, qpos, 0.1);
            addGaussian(rng, qvel, 0.1);
        }
    },

    /** Walker2d-v2: qpos[1:9] ++ clip(qvel, -10, 10); healthy while 0.8 < z < 2 and |angle| < 1. */
    WALKER2D("walker2d", "Walker2d", "walker2d.xml", 17, 6, 9, 9, 4, 1.0, 1e-3, 1.629008, 4592.3) {
        @Override
        void observe(Simulator sim, double[] out) {
            double[] qvel = sim.qvelView();
            System.arraycopy(sim.qposView(), 1, out, 0, 8);
            for (int i = 0; i < 9; i++) {
                out[8 + i] = clip(qvel[i], 10.0);
            }
        }

        @Override
        boolean healthy(double[] qpos, double[] qvel) {
            double z = qpos[1];
            double angle = qpos[2];
            return z > 0.8 && z < 2.0 && angle > -1.0 && angle < 1.0;
        }

        @Override
        void addResetNoise(RandomGenerator rng, double[] qpos, double[] qvel) {
            addUniform(rng, qpos, 5e-3);
            addUniform(rng, qvel, 5e-3);
        }
    },

    /**
     * Ant-v2: qpos[2:15] ++ qvel ++ clip(cfrc_ext, -1, 1) over 14 bodies; healthy while the state
     * is finite and 0.2 &lt;= torso z &lt;= 1. The contact forces stay zero (see the bridge).
     */
    ANT("ant", "Ant", "ant.xml", 111, 8, 15, 14, 5, 1.0, 0.5, -325.6, 3879.7) {
        @Override
        void observe(Simulator sim, double[] out) {
            System.arraycopy(sim.qposView(), 2, out, 0, 13);
            System.arraycopy(sim.qvelView(), 0, out, 13, 14);
            double[] cfrc = sim.cfrcExtView();
            for (int i = 0; i < cfrc.length; i++) {
                out[27 + i] = clip(cfrc[i], 1.0);
            }
        }

        @Override
        boolean healthy(double[] qpos, double[] qvel) {
            for (double v : qpos) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            for (double v : qvel) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return qpos[2] >= 0.2 && qpos[2] <= 1.0;
        }

        @Override
        void addResetNoise(RandomGenerator rng, double[] qpos, double[] qvel) {
            // The free joint's quaternion gets noise too and is left unnormalised, as in gym.
            addUniform(rng, qpos, 0.1);
            addGaussian(rng, qvel, 0.1);
        }

        @Override
        double forwardPosition(Simulator sim, int torsoBody) {
            return sim.xposView()[3 * torsoBody];
        }

        @Override
        double contactCost(Simulator sim) {
            double sum = 0;
            for (double f : sim.cfrcExtView()) {
                double c = clip(f, 1.0);
                sum += c * c;
            }
            return 0.5 * 1e-3 * sum;
        }
    };

    /** Gym's TimeLimit for all four tasks; reaching it is a time-out, not a terminal. */
    public static final int MAX_EPISODE_STEPS = 1000;

    private final String id;
    private final String displayName;
    private final String resource;
    private final int observationDim;
    private final int actionDim;
    private final int nq;
    private final int nv;
    private final int frameSkip;
    private final double healthyReward;
    private final double ctrlCostWeight;
    private final double refMin;
    private final double refMax;

    EnvSpec(
            String id,
            String displayName,
            String resource,
            int observationDim,
            int actionDim,
            int nq,
            int nv,
            int frameSkip,
            double healthyReward,
            double ctrlCostWeight,
            double refMin,
            double refMax) {
        this.id = id;
        this.displayName = displayName;
        this.resource = resource;
        this.observationDim = observationDim;
        this.actionDim = actionDim;
        this.nq = nq;
        this.nv = nv;
        this.frameSkip = frameSkip;
        this.healthyReward = healthyReward;
        this.ctrlCostWeight = ctrlCostWeight;
        this.refMin = refMin;
        this.refMax = refMax;
    }

    /** Writes the observation of the simulator's current state into {@code out}. */
    abstract void observe(Simulator sim, double[] out);

    /** gym v2's healthy rule on the state after a step. */
    abstract boolean healthy(double[] qpos, double[] qvel);

    /** Adds the reset noise to qpos0 and the zero velocity, qpos first. */
    abstract void addResetNoise(RandomGenerator rng, double[] qpos, double[] qvel);

    /** The x coordinate whose change per dt is the forward reward. */
    double forwardPosition(Simulator sim, int torsoBody) {
        return sim.qposView()[0];
    }

    /** Contact cost from the (clipped) external contact forces; only Ant has one. */
    double contactCost(Simulator sim) {
        return 0.0;
    }

    /**
     * The locomotion environment with id {@code id} ({@code hopper}, {@code halfcheetah},
     * {@code walker2d}, {@code ant}), case-insensitive. Task names are resolved to their
     * environment id by {@code io.ofql.task.TaskRegistry}.
     *
     * @throws InputException naming the id and the known environments
     */
    public static EnvSpec forId(String id) {
        String lower = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (EnvSpec spec : values()) {
            if (spec.id.equals(lower)) {
                return spec;
            }
        }
        throw new InputException("environment '" + id + "' is not one of the MuJoCo locomotion environments "
                + knownNames());
    }

    private static String knownNames() {
        return Arrays.stream(values()).map(s -> s.id).collect(Collectors.joining(", "));
    }

    /** D4RL normalized score: 100 * (return - REF_MIN) / (REF_MAX - REF_MIN). */
    public double normalizedScore(double ret) {
        return 100.0 * (ret - refMin) / (refMax - refMin);
    }

    /** The lower-case name used in D4RL task names and on the command line. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public int observationDim() {
        return observationDim;
    }

    public int actionDim() {
        return actionDim;
    }

    public int nq() {
        return nq;
    }

    public int nv() {
        return nv;
    }

    public int frameSkip() {
        return frameSkip;
    }

    /** Reward per step for staying healthy (0 for HalfCheetah). */
    public double healthyReward() {
        return healthyReward;
    }

    public double ctrlCostWeight() {
        return ctrlCostWeight;
    }

    /** D4RL's REF_MIN_SCORE (a random policy's return). */
    public double refMin() {
        return refMin;
    }

    /** D4RL's REF_MAX_SCORE (an expert's return). */
    public double refMax() {
        return refMax;
    }

    /** The MJCF text of this environment's model (a classpath resource of this package). */
    public String mjcf() {
        return Simulator.modelResource(resource);
    }

    /** The model's resource name, for messages. */
    public String mjcfResource() {
        return resource;
    }

    static double clip(double v, double bound) {
        return Math.max(-bound, Math.min(bound, v));
    }

    private static void addUniform(RandomGenerator rng, double[] values, double half) {
        for (int i = 0; i < values.length; i++) {
            values[i] += rng.nextDouble(-half, half);
        }
    }

    private static void addGaussian(RandomGenerator rng, double[] values, double scale) {
        for (int i = 0; i < values.length; i++) {
            values[i] += scale * rng.nextGaussian();
        }
    }
}
