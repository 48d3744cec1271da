package io.ofql.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * D4RL's AntMaze evaluation environment (v2, eval mode), written from the facts in
 * {@code shared/reference/antmaze-kitchen-facts.md}, part A: D4RL's own ant (not gym's Ant: timestep
 * 0.02, motors of gear 1 and ctrlrange +-30, softer contacts) in one of the three {@link Maze}s.
 *
 * <p>Per step, with the action {@code a} (8 values, actuator order hip_4, ankle_4, hip_1, ankle_1,
 * hip_2, ankle_2, hip_3, ankle_3) and the target {@code g}:
 *
 * <pre>
 * ctrl   = 30 * clip(a, -1, 1)                      (D4RL's action wrapper; torque = 30 a)
 * state  = 5 RK4 substeps of 0.02 s                 (dt = 0.1 s)
 * reward = 1 if |qpos[0:2] - g| &lt;= 0.5 else 0      (terminal on that step)
 * obs    = qpos[0:15] ++ qvel[0:14]                 (29 values, absolute x, y first)
 * </pre>
 *
 * Falling or flipping never ends an episode; the time limit does ({@link Maze#maxEpisodeSteps}).
 * Normalized score = 100 * return (D4RL's reference returns are 0 and 1), so the mean over episodes
 * is the success rate x 100.
 *
 * <p>Reset with seed s: one {@link SplittableRandom}(s) first draws the target (goal cell centre
 * plus U(0, 1) and then U(0, 0.5) on each axis, so it lies in [centre, centre + 1.5]), then the
 * ant's noise (qpos0 + U(-0.1, 0.1) on all 15 entries, 0.1 N(0, 1) on all 14 velocities, as gym's
 * Ant). D4RL draws the target from numpy's global generator, which its seeding does not fix; here
 * an episode is a pure function of its seed and the actions.
 */
public final class AntMazeEnv implements Environment {
    private static final Logger LOG = LogManager.getLogger(AntMazeEnv.class);

    /** The action wrapper's scale: ctrl = 30 a, the motors' ctrlrange being +-30 with gear 1. */
    public static final double ACTION_SCALE = 30.0;

    /** Physics steps per control step. */
    public static final int FRAME_SKIP = 5;

    /** The torso's (x, y) within this distance of the target ends the episode with reward 1. */
    public static final double GOAL_RADIUS = 0.5;

    /** Values per observation: qpos (15) and qvel (14). */
    public static final int OBSERVATION_DIM = 29;

    /** Motors. */
    public static final int ACTION_DIM = 8;

    private static final String RESOURCE = "antmaze.xml";
    private static final String WALL_MARKER = "    <!-- maze walls -->\n";
    private static final int NQ = 15;
    private static final int NV = 14;

    private final Maze maze;
    private final Simulator sim;
    private final double[] qpos0;
    private final double[] ctrl = new double[ACTION_DIM];
    private final double[] target = new double[2];
    private int elapsedSteps;
    private boolean warned;

    /** Builds the maze's model; call {@link #reset} before stepping. */
    public AntMazeEnv(Maze maze) {
        this.maze = maze;
        this.sim = Simulator.fromXml(mjcf(maze), RESOURCE + " (" + maze.id() + ")");
        if (sim.nq() != NQ || sim.nv() != NV || sim.nu() != ACTION_DIM) {
            sim.close();
            throw new IllegalStateException(RESOURCE + " compiled to nq/nv/nu " + sim.nq() + "/" + sim.nv() + "/"
                    + sim.nu() + ", expected " + NQ + "/" + NV + "/" + ACTION_DIM);
        }
        this.qpos0 = sim.qpos0();
    }

    /** The registry entry of a maze: sizes, time limit, reference returns 0 and 1. */
    public static EnvironmentFactory factory(Maze maze) {
        int[] g = maze.goalCell();
        String description = String.format(Locale.ROOT,
                "D4RL ant (x30 torque, dt 0.1), maze of %dx%d cells, %d walls, goal cell (%d, %d); ends at the goal"
                        + " (reward 1) or after %d steps",
                maze.rowCount(), maze.columnCount(), maze.wallCentres().size(), g[0], g[1], maze.maxEpisodeSteps());
        return new EnvironmentFactory(maze.id(), maze.displayName(), OBSERVATION_DIM, ACTION_DIM,
                maze.maxEpisodeSteps(), 0.0, 1.0, description, () -> new AntMazeEnv(maze));
    }

    /** The MJCF text of the ant in this maze: the ant model with the maze's wall boxes inserted. */
    static String mjcf(Maze maze) {
        String xml;
        try (InputStream in = AntMazeEnv.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("model resource io/ofql/env/" + RESOURCE + " missing from the classpath");
            }
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading model resource " + RESOURCE, e);
        }
        if (!xml.contains(WALL_MARKER)) {
            throw new IllegalStateException(RESOURCE + " has no wall marker");
        }
        return xml.replace(WALL_MARKER, maze.wallGeoms());
    }

    /** The maze this environment simulates. */
    public Maze maze() {
        return maze;
    }

    /** The underlying simulator, for state inspection in tests and tools. */
    public Simulator simulator() {
        return sim;
    }

    @Override
    public String id() {
        return maze.id();
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
        return maze.maxEpisodeSteps();
    }

    /** The current episode's target (x, y), drawn at the last {@link #reset}. */
    public double[] target() {
        return target.clone();
    }

    /** Steps taken in the current episode. */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    @Override
    public double[] reset(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] g = maze.goalCell();
        double[] centre = maze.cellCentre(g[0], g[1]);
        double x = centre[0] + rng.nextDouble(0.0, 1.0);
        double y = centre[1] + rng.nextDouble(0.0, 1.0);
        x += rng.nextDouble(0.0, 0.5);
        y += rng.nextDouble(0.0, 0.5);
        target[0] = Math.max(0.0, x);
        target[1] = Math.max(0.0, y);
        double[] qpos = qpos0.clone();
        double[] qvel = new double[NV];
        // D4RL's ant draws the same reset noise as gym's Ant.
        EnvSpec.ANT.addResetNoise(rng, qpos, qvel);
        return resetTo(qpos, qvel);
    }

    /** Starts an episode from a given state (no noise), keeping the current target; returns its observation. */
    public double[] resetTo(double[] qpos, double[] qvel) {
        sim.reset(qpos, qvel);
        elapsedSteps = 0;
        return observation();
    }

    /** The observation of the current state (a fresh array): qpos ++ qvel. */
    public double[] observation() {
        double[] obs = new double[OBSERVATION_DIM];
        System.arraycopy(sim.qposView(), 0, obs, 0, NQ);
        System.arraycopy(sim.qvelView(), 0, obs, NQ, NV);
        return obs;
    }

    @Override
    public Step step(double[] action) {
        if (action.length != ACTION_DIM) {
            throw new IllegalArgumentException(
                    "action has " + action.length + " values, " + maze.displayName() + " expects " + ACTION_DIM);
        }
        for (int i = 0; i < ACTION_DIM; i++) {
            if (Double.isNaN(action[i])) {
                throw new IllegalArgumentException("NaN in action component " + i + " for " + maze.displayName());
            }
            ctrl[i] = ACTION_SCALE * EnvSpec.clip(action[i], 1.0);
        }
        int warnings = sim.step(ctrl, FRAME_SKIP);
        if (warnings > 0 && !warned) {
            warned = true;
            LOG.warn("{}: MuJoCo raised {} warning(s) at step {} (unstable simulation); further ones not logged",
                    maze.displayName(), warnings, elapsedSteps + 1);
        }
        elapsedSteps++;
        double[] qpos = sim.qposView();
        boolean reached = goalReached(qpos[0] - target[0], qpos[1] - target[1]);
        boolean timeout = !reached && elapsedSteps >= maze.maxEpisodeSteps();
        return new Step(observation(), reached ? 1.0 : 0.0, reached, timeout);
    }

    /** D4RL's sparse rule: the Euclidean distance to the target is at most {@value #GOAL_RADIUS}. */
    static boolean goalReached(double dx, double dy) {
        return Math.sqrt(dx * dx + dy * dy) <= GOAL_RADIUS;
    }

    @Override
    public double normalizedScore(double episodeReturn) {
        return 100.0 * episodeReturn;
    }

    @Override
    public void close() {
        sim.close();
    }
}
