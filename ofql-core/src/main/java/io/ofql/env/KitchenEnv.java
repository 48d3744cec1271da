package io.ofql.env;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * D4RL's Franka kitchen (kitchen-complete-v0, kitchen-partial-v0, kitchen-mixed-v0): a 9-joint
 * Franka arm with two fingers in front of a kitchen whose 14 object joints and free kettle make up
 * the rest of the 30 qpos values. Facts: {@code shared/reference/antmaze-kitchen-facts.md}, Part B.
 *
 * <p><b>Observation</b> (60 values): {@code [qpos[0:9] + n_r, qpos[9:30] + n_o, goal]}, where the
 * noise is drawn fresh for every observation, {@code n_i = amp_i U(-1, 1)} with amplitude 0.01 for
 * the arm, fingers, hinge doors, microwave and the kettle quaternion's w, x, y, 0.0005 for knob 1,
 * burner 1, the light, the slide door, the kettle position and quaternion z, and 0.00005 for knobs
 * and burners 2-4 ({@link #NOISE_AMPLITUDE}); {@code goal} holds each task element's goal at
 * {@code 30 + qpos index} and zeros elsewhere. No velocities.
 *
 * <p><b>Control</b> (9 action values, one per arm joint and finger): velocity control through
 * position servos, built on the last observation (noise included, as in D4RL):
 *
 * <pre>
 * v      = 2 clip(a, -1, 1)                          (rad/s, m/s for the fingers)
 * target = clip(obs_last[0:9] + 0.08 v, lo, hi)      (pos_bound of D4RL's robot config)
 * ctrl   = target; 40 substeps of 0.002 s;  MuJoCo further clamps ctrl to each ctrlrange
 * </pre>
 *
 * D4RL also clips {@code v} to its velocity bound of 10, which |v| &lt;= 2 never reaches.
 *
 * <p><b>Reward and end</b>: after each step, every still-open task element whose distance in the
 * new (noisy) observation is below 0.3 is completed and removed; the reward is the number removed
 * on this step. The episode is terminal when all four are completed and times out after 280 steps,
 * so a return is the number of distinct elements completed and the normalized score is 25 x return.
 *
 * <p><b>Reset</b>: the fixed initial state of D4RL's KitchenV0 (no randomness besides the
 * observation noise), zero velocity. D4RL also draws five discarded observations at reset to fill a
 * cache; they only advance its generator, so they are not drawn here. The noise comes from a
 * {@link SplittableRandom} seeded by {@link #reset(long)}, so an episode is a pure function of its
 * seed and the actions. Not thread-safe.
 */
public final class KitchenEnv implements Environment {
    private static final Logger LOG = LogManager.getLogger(KitchenEnv.class);

    /** The model resource of this package. */
    public static final String MJCF_RESOURCE = "kitchen.xml";
    /** Values per observation: 30 qpos + 30 goal. */
    public static final int OBSERVATION_DIM = 60;
    /** Arm joints 1-7 and the two finger slides. */
    public static final int ACTION_DIM = 9;
    /** Length of qpos. */
    public static final int NQ = 30;
    /** Length of qvel. */
    public static final int NV = 29;
    /** gym's TimeLimit for all kitchen tasks. */
    public static final int MAX_EPISODE_STEPS = 280;
    /** Physics substeps per control step (0.08 s at a 0.002 s timestep). */
    public static final int FRAME_SKIP = 40;
    /** Scale from a clipped action to a joint velocity (D4RL's act_amp; act_mid is 0). */
    public static final double ACTION_TO_VELOCITY = 2.0;
    /** D4RL's REF_MAX_SCORE for the kitchen tasks (all four elements; REF_MIN_SCORE is 0). */
    public static final double REF_MAX_SCORE = 4.0;

    /** D4RL's initial qpos (the kettle quaternion slightly unnormalised, as there). */
    static final double[] INITIAL_QPOS = {
        0.148388023, -1.76848573, 1.84390296, -2.47685760, 0.260252026, 0.712533105, 1.59515394,
        0.0479267505, 0.0371350919,
        -2.66279850e-04, -5.18043486e-05, 3.12877220e-05, -4.51199853e-05, -3.90842156e-06,
        -4.22629655e-05, 6.28065475e-05, 4.04984708e-05, 4.62730939e-04, -2.26906415e-04,
        -4.65501369e-04, -6.44129196e-03, -1.77048263e-03, 1.08009684e-03,
        -0.269397440, 0.350383255, 1.61944683, 1.00618764, 4.06395120e-03, -6.62095997e-03, -2.68278933e-04
    };

    /** Observation noise amplitude per qpos index: 0.1 x the robot config's pos_noise_amp. */
    static final double[] NOISE_AMPLITUDE = {
        0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01,
        0.0005, 0.0005, 0.00005, 0.00005, 0.00005, 0.00005, 0.00005, 0.00005,
        0.0005, 0.0005, 0.0005, 0.01, 0.01, 0.01,
        0.0005, 0.0005, 0.0005, 0.01, 0.01, 0.01, 0.0005
    };

    /** Lower position bound of each controlled joint (the robot config's pos_bound). */
    static final double[] TARGET_LOW = {-2.9, -1.8, -2.9, -3.1, -2.9, 0.0, -2.9, 0.0, 0.0};
    /** Upper position bound of each controlled joint. */
    static final double[] TARGET_HIGH = {2.9, 1.8, 2.9, 0.0, 2.9, 3.8, 2.9, 0.04, 0.04};

    /** The two sets of four task elements D4RL's kitchen tasks use. */
    public enum TaskSet {
        /** kitchen-complete-v0 and kitchen-partial-v0. */
        MICROWAVE_KETTLE_LIGHT_SLIDER("kitchen", KitchenElement.MICROWAVE, KitchenElement.KETTLE,
                KitchenElement.LIGHT_SWITCH, KitchenElement.SLIDE_CABINET),
        /** kitchen-mixed-v0. */
        MICROWAVE_KETTLE_BOTTOMBURNER_LIGHT("kitchen-mixed", KitchenElement.MICROWAVE, KitchenElement.KETTLE,
                KitchenElement.BOTTOM_BURNER, KitchenElement.LIGHT_SWITCH);

        private final String id;
        private final List<KitchenElement> elements;

        TaskSet(String id, KitchenElement... elements) {
            this.id = id;
            this.elements = List.of(elements);
        }

        /** The id of the environment with this task set. */
        public String id() {
            return id;
        }

        /** The four elements, in D4RL's order. */
        public List<KitchenElement> elements() {
            return elements;
        }

        /** The 30-value goal vector: each element's goal at its qpos indices, zeros elsewhere. */
        public double[] goalVector() {
            double[] goal = new double[NQ];
            for (KitchenElement e : elements) {
                e.writeGoal(goal);
            }
            return goal;
        }

        /**
         * How many of the elements an observation satisfies, none removed: the reward D4RL's kitchen
         * datasets store (0..4), unlike the online reward, which counts each element once.
         */
        public int satisfiedCount(double[] observation) {
            int n = 0;
            for (KitchenElement e : elements) {
                if (e.satisfied(observation)) {
                    n++;
                }
            }
            return n;
        }
    }

    private final TaskSet taskSet;
    private final Simulator sim;
    private final double[] goal;
    private final Set<KitchenElement> open = EnumSet.noneOf(KitchenElement.class);
    private final double[] ctrl = new double[ACTION_DIM];
    private double[] lastObservation;
    private SplittableRandom noise;
    private int elapsedSteps;
    private boolean warned;

    /**
     * Compiles the kitchen model.
     *
     * @param taskSet the four elements that count for reward and termination
     */
    public KitchenEnv(TaskSet taskSet) {
        this.taskSet = taskSet;
        this.sim = Simulator.fromXml(mjcf(), MJCF_RESOURCE);
        if (sim.nq() != NQ || sim.nv() != NV || sim.nu() != ACTION_DIM) {
            sim.close();
            throw new IllegalStateException(MJCF_RESOURCE + " compiled to nq/nv/nu " + sim.nq() + "/" + sim.nv()
                    + "/" + sim.nu() + ", expected " + NQ + "/" + NV + "/" + ACTION_DIM);
        }
        this.goal = taskSet.goalVector();
    }

    /** The MJCF text of the kitchen model. */
    public static String mjcf() {
        return Simulator.modelResource(MJCF_RESOURCE);
    }

    @Override
    public String id() {
        return taskSet.id();
    }

    /** The registry entry of the kitchen with {@code taskSet}. */
    public static EnvironmentFactory factory(TaskSet taskSet) {
        String elements = taskSet.elements().stream().map(e -> e.name().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.joining(", "));
        String displayName = taskSet == TaskSet.MICROWAVE_KETTLE_LIGHT_SLIDER ? "Kitchen" : "Kitchen mixed";
        return new EnvironmentFactory(taskSet.id(), displayName, OBSERVATION_DIM, ACTION_DIM,
                MAX_EPISODE_STEPS, 0.0, 4.0, "Franka kitchen, velocity control, 40 substeps of 2 ms; reward per "
                        + "element completed (" + elements + "); ends when all four are done or after "
                        + MAX_EPISODE_STEPS + " steps", () -> new KitchenEnv(taskSet));
    }

    @Override
    public int observationDim() {
        return OBSERVATION_DIM;
    }

    @Override
    public int actionDim() {
        return ACTION_DIM;
    }

    @Override
    public int maxEpisodeSteps() {
        return MAX_EPISODE_STEPS;
    }

    /** The task elements this environment rewards. */
    public TaskSet taskSet() {
        return taskSet;
    }

    /** The underlying simulator, for state inspection in tests and tools. */
    public Simulator simulator() {
        return sim;
    }

    /** Steps taken in the current episode. */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    /** The task elements not yet completed in this episode (a fresh set). */
    public Set<KitchenElement> openElements() {
        return open.isEmpty() ? EnumSet.noneOf(KitchenElement.class) : EnumSet.copyOf(open);
    }

    @Override
    public double[] reset(long seed) {
        return resetTo(INITIAL_QPOS, new double[NV], seed);
    }

    /**
     * Starts an episode from a given state instead of the initial one (all four elements open).
     *
     * @param seed seeds the observation noise
     * @return the first observation
     */
    public double[] resetTo(double[] qpos, double[] qvel, long seed) {
        sim.reset(qpos, qvel);
        noise = new SplittableRandom(seed);
        open.clear();
        open.addAll(taskSet.elements());
        elapsedSteps = 0;
        lastObservation = observe();
        return lastObservation.clone();
    }

    /**
     * The position targets the next {@link #step} writes to the servos for this action, built on
     * the last observation (see the class comment).
     */
    public double[] controlTarget(double[] action) {
        requireEpisode();
        double[] target = new double[ACTION_DIM];
        writeTarget(action, target);
        return target;
    }

    @Override
    public Step step(double[] action) {
        requireEpisode();
        if (action.length != ACTION_DIM) {
            throw new IllegalArgumentException("action has " + action.length + " values, kitchen expects " + ACTION_DIM);
        }
        for (int i = 0; i < ACTION_DIM; i++) {
            if (Double.isNaN(action[i])) {
                throw new IllegalArgumentException("NaN in action component " + i + " for kitchen");
            }
        }
        writeTarget(action, ctrl);
        int warnings = sim.step(ctrl, FRAME_SKIP);
        if (warnings > 0 && !warned) {
            warned = true;
            LOG.warn("kitchen: MuJoCo raised {} warning(s) at step {} (unstable simulation); further ones not logged",
                    warnings, elapsedSteps + 1);
        }
        elapsedSteps++;
        lastObservation = observe();
        int completed = complete(lastObservation);
        boolean terminal = open.isEmpty();
        boolean timeout = !terminal && elapsedSteps >= MAX_EPISODE_STEPS;
        return new Step(lastObservation.clone(), completed, terminal, timeout);
    }

    /**
     * Removes every open element the observation satisfies and returns how many were removed: the
     * online reward of a step.
     */
    int complete(double[] observation) {
        int completed = 0;
        for (KitchenElement e : taskSet.elements()) {
            if (open.contains(e) && e.satisfied(observation)) {
                open.remove(e);
                completed++;
            }
        }
        return completed;
    }

    /** 100 x return / 4 (D4RL's reference scores are 0 and 4). */
    @Override
    public double normalizedScore(double episodeReturn) {
        return 100.0 * episodeReturn / REF_MAX_SCORE;
    }

    private void writeTarget(double[] action, double[] target) {
        for (int i = 0; i < ACTION_DIM; i++) {
            double velocity = ACTION_TO_VELOCITY * Math.max(-1.0, Math.min(1.0, action[i]));
            double t = lastObservation[i] + velocity * FRAME_SKIP * sim.timestep();
            target[i] = Math.max(TARGET_LOW[i], Math.min(TARGET_HIGH[i], t));
        }
    }

    private double[] observe() {
        double[] qpos = sim.qposView();
        double[] obs = new double[OBSERVATION_DIM];
        for (int i = 0; i < NQ; i++) {
            obs[i] = qpos[i] + NOISE_AMPLITUDE[i] * noise.nextDouble(-1.0, 1.0);
        }
        System.arraycopy(goal, 0, obs, NQ, NQ);
        return obs;
    }

    private void requireEpisode() {
        if (lastObservation == null) {
            throw new IllegalStateException("kitchen: reset before the first step");
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
