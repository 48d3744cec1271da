package io.ofql.env;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

/**
 * AntMaze against the facts of {@code shared/reference/antmaze-kitchen-facts.md}, part A: the
 * walls of the evaluation grids, the walls' physical effect, the 30x torque, the sparse reward and
 * goal end, the time limits and the target noise.
 */
public class AntMazeEnvTest {
    /** Joint dof driven by each actuator (hip_4, ankle_4, hip_1, ankle_1, ...): qvel index 6 + joint. */
    private static final int[] ACTUATOR_DOF = {12, 13, 6, 7, 8, 9, 10, 11};

    @Test
    public void wallCountsAndFreeCellsFollowTheGrids() {
        int[][] expected = {{18, 7}, {38, 26}, {62, 46}};
        Maze[] mazes = {Maze.UMAZE, Maze.MEDIUM, Maze.LARGE};
        for (int m = 0; m < 3; m++) {
            Maze maze = mazes[m];
            int cells = maze.rowCount() * maze.columnCount();
            assertEquals(maze.wallCentres().size(), expected[m][0], maze.id());
            assertEquals(cells - maze.wallCentres().size(), expected[m][1], maze.id());
            // One box per wall in the generated model.
            String xml = AntMazeEnv.mjcf(maze);
            assertEquals(xml.split("name=\"block_", -1).length - 1, expected[m][0], maze.id());
        }
    }

    @Test
    public void umazeWallsSitWhereTheGridPutsThem() {
        // U_MAZE_TEST by hand: rows at y = -4, 0, 4, 8, 12; columns at x = -4, 0, 4, 8, 12.
        List<String> expected = List.of(
                "-4,-4", "0,-4", "4,-4", "8,-4", "12,-4",
                "-4,0", "12,0",
                "-4,4", "0,4", "4,4", "12,4",
                "-4,8", "12,8",
                "-4,12", "0,12", "4,12", "8,12", "12,12");
        List<String> actual = new ArrayList<>();
        for (double[] c : Maze.UMAZE.wallCentres()) {
            actual.add((int) c[0] + "," + (int) c[1]);
        }
        assertEquals(actual, expected);
        assertTrue(AntMazeEnv.mjcf(Maze.UMAZE).contains(
                "name=\"block_2_1\" type=\"box\" pos=\"0.0 4.0 1.0\" size=\"2.0 2.0 1.0\""));
    }

    @Test
    public void mediumAndLargeExtentsAndCellsMatchTheFacts() {
        assertExtents(Maze.UMAZE, -6, 14, -6, 14);
        assertExtents(Maze.MEDIUM, -6, 26, -6, 26);
        assertExtents(Maze.LARGE, -6, 42, -6, 30);
        assertEquals(Maze.MEDIUM.cellCentre(6, 6), new double[] {20, 20});
        assertEquals(Maze.LARGE.cellCentre(7, 9), new double[] {32, 24});
        assertEquals(Maze.UMAZE.cellCentre(3, 1), new double[] {0, 8});
        // Spot checks of inner walls from the tables: medium (3, 5), large (6, 1) and (4, 8).
        assertTrue(Maze.MEDIUM.insideWall(16, 8));
        assertTrue(Maze.LARGE.insideWall(0, 20));
        assertTrue(Maze.LARGE.insideWall(28, 12));
        assertFalse(Maze.LARGE.insideWall(32, 24), "the goal cell is free");
        assertFalse(Maze.MEDIUM.insideWall(0, 0), "the reset cell is free");
    }

    private static void assertExtents(Maze maze, double xMin, double xMax, double yMin, double yMax) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] c : maze.wallCentres()) {
            for (int k = 0; k < 2; k++) {
                lo[k] = Math.min(lo[k], c[k] - 2);
                hi[k] = Math.max(hi[k], c[k] + 2);
            }
        }
        assertEquals(lo, new double[] {xMin, yMin}, maze.id());
        assertEquals(hi, new double[] {xMax, yMax}, maze.id());
    }

    @Test
    public void antDrivenIntoAWallKeepsItsCentreOutOfTheWallCell() {
        // U-maze cell (1, 2) is free at (4, 0); the wall cell (0, 2) below it spans y in [-6, -2]
        // and the wall cell (1, 4) to the right spans x in [10, 14].
        double[][] pushes = {{4, -0.9, 0, -6}, {8.9, 0, 6, 0}};
        for (double[] push : pushes) {
            try (AntMazeEnv env = new AntMazeEnv(Maze.UMAZE)) {
                env.reset(0);
                double[] qpos = env.simulator().qpos();
                double[] qvel = new double[14];
                qpos[0] = push[0];
                qpos[1] = push[1];
                qvel[0] = push[2];
                qvel[1] = push[3];
                env.resetTo(qpos, qvel);
                SplittableRandom rng = new SplittableRandom(7);
                double closest = Double.MAX_VALUE;
                for (int t = 0; t < 60; t++) {
                    double[] a = new double[8];
                    for (int k = 0; k < 8; k++) {
                        a[k] = rng.nextDouble(-1, 1);
                    }
                    double[] obs = env.step(a).observation();
                    assertFalse(Maze.UMAZE.insideWall(obs[0], obs[1]),
                            "torso centre (" + obs[0] + ", " + obs[1] + ") entered a wall cell at step " + t);
                    closest = Math.min(closest, push[2] != 0 ? 10 - obs[0] : obs[1] + 2);
                }
                // Without the wall it would have crossed: 6 m/s for 6 s. It reached the wall's face.
                assertTrue(closest < 0.8, "the ant never came near the wall: " + closest);
            }
        }
    }

    @Test
    public void torqueIsThirtyTimesTheClippedAction() {
        try (AntMazeEnv env = new AntMazeEnv(Maze.UMAZE)) {
            env.reset(1);
            double[] action = {0.5, -1, 0.25, 1, -0.75, 0.125, 2.0, -0.3};
            env.step(action);
            double[] qfrc = env.simulator().qfrcActuator();
            for (int k = 0; k < 8; k++) {
                double expected = 30 * Math.max(-1, Math.min(1, action[k]));
                assertEquals(qfrc[ACTUATOR_DOF[k]], expected, 1e-9, "actuator " + k);
            }
            for (int d = 0; d < 6; d++) {
                assertEquals(qfrc[d], 0.0, 0.0, "no actuator drives the free joint");
            }
        }
    }

    @Test
    public void observationIsAbsolutePositionThenVelocity() {
        try (AntMazeEnv env = new AntMazeEnv(Maze.MEDIUM)) {
            double[] obs = env.reset(5);
            assertEquals(obs.length, 29);
            double[] qpos = env.simulator().qpos();
            double[] qvel = env.simulator().qvel();
            for (int i = 0; i < 15; i++) {
                assertEquals(obs[i], qpos[i], 0.0);
            }
            for (int i = 0; i < 14; i++) {
                assertEquals(obs[15 + i], qvel[i], 0.0);
            }
            // qpos0 = (0, 0, 0.75, 1, 0, ..., 0) plus U(-0.1, 0.1) on each entry.
            double[] qpos0 = {0, 0, 0.75, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            for (int i = 0; i < 15; i++) {
                assertTrue(Math.abs(obs[i] - qpos0[i]) <= 0.1, "qpos[" + i + "] = " + obs[i]);
            }
            obs = env.step(new double[8]).observation();
            assertEquals(obs[0], env.simulator().qpos()[0], 0.0);
        }
    }

    @Test
    public void rewardIsOneExactlyWithinHalfAMetreAndEndsTheEpisode() {
        assertTrue(AntMazeEnv.goalReached(0.5, 0));
        assertTrue(AntMazeEnv.goalReached(0, -0.5));
        assertFalse(AntMazeEnv.goalReached(Math.nextUp(0.5), 0));
        assertFalse(AntMazeEnv.goalReached(0.36, 0.36)); // 0.509 m
        try (AntMazeEnv env = new AntMazeEnv(Maze.UMAZE)) {
            for (double offset : new double[] {0.0, 0.45, 0.56, 1.0}) {
                env.reset(3);
                double[] g = env.target();
                double[] qpos = env.simulator().qpos();
                qpos[0] = g[0] + offset;
                qpos[1] = g[1];
                env.resetTo(qpos, new double[14]);
                Environment.Step s = env.step(new double[8]);
                double[] obs = s.observation();
                double distance = Math.hypot(obs[0] - g[0], obs[1] - g[1]);
                boolean inside = offset < 0.5;
                assertEquals(distance <= 0.5, inside, "offset " + offset + " drifted to " + distance);
                assertEquals(s.reward(), inside ? 1.0 : 0.0, "offset " + offset);
                assertEquals(s.terminal(), inside, "offset " + offset);
                assertFalse(s.timeout());
            }
        }
    }

    @Test
    public void fallingOverDoesNotEndTheEpisode() {
        try (AntMazeEnv env = new AntMazeEnv(Maze.UMAZE)) {
            env.reset(0);
            double[] qpos = env.simulator().qpos();
            qpos[2] = 0.1; // below gym Ant's healthy range [0.2, 1]
            qpos[3] = 0; // upside down: quaternion (0, 1, 0, 0)
            qpos[4] = 1;
            qpos[5] = 0;
            qpos[6] = 0;
            env.resetTo(qpos, new double[14]);
            for (int t = 0; t < 20; t++) {
                assertFalse(env.step(new double[8]).done(), "step " + t);
            }
        }
    }

    @Test
    public void episodesTimeOutAfter700Or1000Steps() {
        assertEquals(Maze.LARGE.maxEpisodeSteps(), 1000);
        for (Maze maze : new Maze[] {Maze.UMAZE, Maze.MEDIUM}) {
            int limit = maze == Maze.UMAZE ? 700 : 1000;
            assertEquals(maze.maxEpisodeSteps(), limit);
            try (AntMazeEnv env = new AntMazeEnv(maze)) {
                env.reset(2);
                double[] still = new double[8];
                for (int t = 1; t < limit; t++) {
                    assertFalse(env.step(still).done(), maze.id() + " step " + t);
                }
                Environment.Step last = env.step(still);
                assertTrue(last.timeout(), maze.id());
                assertFalse(last.terminal(), maze.id());
                assertEquals(last.reward(), 0.0);
            }
        }
    }

    @Test
    public void targetNoiseIsPositiveAtMostOneAndAHalfAndSeeded() {
        for (Maze maze : Maze.values()) {
            int[] g = maze.goalCell();
            double[] centre = maze.cellCentre(g[0], g[1]);
            try (AntMazeEnv env = new AntMazeEnv(maze)) {
                int n = 1000;
                double[] sum = new double[2];
                double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
                double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
                for (int s = 0; s < n; s++) {
                    env.reset(s);
                    double[] t = env.target();
                    for (int k = 0; k < 2; k++) {
                        double noise = t[k] - centre[k];
                        assertTrue(noise >= 0 && noise < 1.5, maze.id() + " seed " + s + ": " + noise);
                        sum[k] += noise;
                        lo[k] = Math.min(lo[k], noise);
                        hi[k] = Math.max(hi[k], noise);
                    }
                }
                for (int k = 0; k < 2; k++) {
                    // U(0, 1) + U(0, 0.5): mean 0.75, sd 0.32; the mean of 1000 is within 0.03 (3 se).
                    assertEquals(sum[k] / n, 0.75, 0.03, maze.id());
                    assertTrue(lo[k] < 0.15 && hi[k] > 1.35, maze.id() + " range " + lo[k] + ".." + hi[k]);
                }
                env.reset(42);
                double[] first = env.target();
                double[] firstObs = env.observation();
                env.reset(43);
                assertNotEquals(env.target()[0], first[0]);
                env.reset(42);
                assertEquals(env.target(), first);
                assertEquals(env.observation(), firstObs);
            }
        }
    }
}
