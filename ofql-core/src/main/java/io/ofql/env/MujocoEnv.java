package io.ofql.env;

import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One locomotion environment as D4RL's evaluation sees it: gym v2 dynamics and rewards, the
 * action clipped to [-1, 1] first (D4RL's wrapper does this, so the control cost uses the clipped
 * action), and a 1000-step time limit that ends the episode without making it terminal.
 *
 * <p>Reset noise comes from a {@link SplittableRandom} seeded per episode, so an episode is a pure
 * function of its seed and the policy. Not thread-safe; {@link VectorEnv} gives each thread its
 * own instances.
 */
public final class MujocoEnv implements Environment {
    private static final Logger LOG = LogManager.getLogger(MujocoEnv.class);

    private final EnvSpec spec;
    private final Simulator sim;
    private final int torsoBody;
    private final double dt;
    private final double[] qpos0;
    private final double[] ctrl;
    private int elapsedSteps;
    private boolean warned;

    public MujocoEnv(EnvSpec spec) {
        this.spec = spec;
        this.sim = Simulator.fromXml(spec.mjcf(), spec.mjcfResource());
        if (sim.nq() != spec.nq() || sim.nv() != spec.nv() || sim.nu() != spec.actionDim()) {
            sim.close();
            throw new IllegalStateException(spec.mjcfResource() + " compiled to nq/nv/nu " + sim.nq() + "/"
                    + sim.nv() + "/" + sim.nu() + ", expected " + spec.nq() + "/" + spec.nv() + "/"
                    + spec.actionDim());
        }
        this.torsoBody = sim.bodyId("torso");
        this.dt = sim.timestep() * spec.frameSkip();
        this.qpos0 = sim.qpos0();
        this.ctrl = new double[spec.actionDim()];
    }

    public EnvSpec spec() {
        return spec;
    }

    /** The registry entry of a locomotion environment: sizes, 1000-step limit, D4RL reference returns. */
    public static EnvironmentFactory factory(EnvSpec spec) {
        String end = spec == EnvSpec.HALFCHEETAH ? "never terminal; ends after "
                : "ends unhealthy (terminal) or after ";
        String description = "gym v2 " + spec.displayName() + " (frame skip " + spec.frameSkip() + "); " + end
                + EnvSpec.MAX_EPISODE_STEPS + " steps";
        return new EnvironmentFactory(spec.id(), spec.displayName(), spec.observationDim(), spec.actionDim(),
                EnvSpec.MAX_EPISODE_STEPS, spec.refMin(), spec.refMax(), description, () -> new MujocoEnv(spec));
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public int observationDim() {
        return spec.observationDim();
    }

    @Override
    public int actionDim() {
        return spec.actionDim();
    }

    @Override
    public int maxEpisodeSteps() {
        return EnvSpec.MAX_EPISODE_STEPS;
    }

    @Override
    public double normalizedScore(double episodeReturn) {
        return spec.normalizedScore(episodeReturn);
    }

    /** The underlying simulator, for state inspection in tests and tools. */
    public Simulator simulator() {
        return sim;
    }

    /** Control period: the model's timestep times the frame skip. */
    public double dt() {
        return dt;
    }

    public int elapsedSteps() {
        return elapsedSteps;
    }

    /** Starts an episode at qpos0 and zero velocity plus the environment's seeded reset noise. */
    @Override
    public double[] reset(long seed) {
        double[] qpos = qpos0.clone();
        double[] qvel = new double[spec.nv()];
        spec.addResetNoise(new SplittableRandom(seed), qpos, qvel);
        return resetTo(qpos, qvel);
    }

    /** Starts an episode from a given state (no noise); returns its observation. */
    public double[] resetTo(double[] qpos, double[] qvel) {
        sim.reset(qpos, qvel);
        elapsedSteps = 0;
        return observation();
    }

    /** The observation of the current state (a fresh array). */
    public double[] observation() {
        double[] obs = new double[spec.observationDim()];
        spec.observe(sim, obs);
        return obs;
    }

    /** Advances one control step; the action is clipped to [-1, 1] first. */
    @Override
    public Step step(double[] action) {
        if (action.length != ctrl.length) {
            throw new IllegalArgumentException(
                    "action has " + action.length + " values, " + spec.displayName() + " expects " + ctrl.length);
        }
        double ctrlCost = 0;
        for (int i = 0; i < ctrl.length; i++) {
            if (Double.isNaN(action[i])) {
                throw new IllegalArgumentException("NaN in action component " + i + " for " + spec.displayName());
            }
            ctrl[i] = EnvSpec.clip(action[i], 1.0);
            ctrlCost += ctrl[i] * ctrl[i];
        }
        double xBefore = spec.forwardPosition(sim, torsoBody);
        int warnings = sim.step(ctrl, spec.frameSkip());
        if (warnings > 0 && !warned) {
            // MuJoCo resets the state itself when the accelerations blow up; gym ignores it too,
            // but a diverging policy should be visible in the log.
            warned = true;
            LOG.warn("{}: MuJoCo raised {} warning(s) at step {} (unstable simulation); further ones not logged",
                    spec.displayName(), warnings, elapsedSteps + 1);
        }
        double xAfter = spec.forwardPosition(sim, torsoBody);
        elapsedSteps++;

        double reward = (xAfter - xBefore) / dt
                + spec.healthyReward()
                - spec.ctrlCostWeight() * ctrlCost
                - spec.contactCost(sim);
        boolean terminal = !spec.healthy(sim.qposView(), sim.qvelView());
        boolean timeout = !terminal && elapsedSteps >= EnvSpec.MAX_EPISODE_STEPS;
        return new Step(observation(), reward, terminal, timeout);
    }

    @Override
    public void close() {
        sim.close();
    }
}
