package io.ofql.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes small AntMaze files in D4RL's layout (key names, shapes and types of the v2
 * "sparse_fixed" files, facts A7), for tests here and in the command-line module.
 *
 * <p>Content: {@code segments} segments of {@code length} steps, each a walk along +x from the
 * origin at 0.02 m per step (the other 27 observation values small seeded noise), the goal point
 * (2, 0): the reward is 1 when the next x is within 0.5 of it, i.e. for steps t = 74..124 of a
 * segment (51 per segment), terminals equal rewards, and the last step of each segment is a
 * time-out. {@code infos/qpos}/{@code infos/qvel} hold the state after the step (the next row's
 * observation), {@code infos/goal} the goal point.
 */
public final class AntMazeFixture {
    /** Steps per segment whose reward is 1 (t = 74..124). */
    public static final int GOAL_STEPS_PER_SEGMENT = 51;

    private AntMazeFixture() {}

    /** Writes the file and returns it. */
    public static Path write(Path file, int segments, int length) {
        return fixtures(segments, length).write(file);
    }

    static Fixtures fixtures(int segments, int length) {
        int n = segments * length;
        SplittableRandom rng = new SplittableRandom(11);
        float[][] obs = new float[n + 1][29];
        for (int i = 0; i <= n; i++) {
            int t = i % length;
            obs[i][0] = 0.02f * t;
            obs[i][2] = 0.55f;
            obs[i][3] = 1f;
            for (int k = 4; k < 29; k++) {
                obs[i][k] = (float) rng.nextDouble(-0.1, 0.1);
            }
        }
        float[][] actions = new float[n][8];
        float[] rewards = new float[n];
        boolean[] terminals = new boolean[n];
        boolean[] timeouts = new boolean[n];
        float[][] goal = new float[n][];
        float[][] qpos = new float[n][15];
        float[][] qvel = new float[n][14];
        for (int i = 0; i < n; i++) {
            int t = i % length;
            for (int k = 0; k < 8; k++) {
                actions[i][k] = (float) rng.nextDouble(-1, 1);
            }
            // The state after the step: the segment's next position (the next row's observation
            // within a segment).
            float nextX = 0.02f * (t + 1);
            boolean atGoal = Math.abs(nextX - 2.0f) <= 0.5f;
            rewards[i] = atGoal ? 1f : 0f;
            terminals[i] = atGoal;
            timeouts[i] = t == length - 1;
            goal[i] = new float[] {2f, 0f};
            System.arraycopy(obs[i + 1], 0, qpos[i], 0, 15);
            qpos[i][0] = nextX;
            System.arraycopy(obs[i + 1], 15, qvel[i], 0, 14);
        }
        return new Fixtures()
                .put("observations", java.util.Arrays.copyOf(obs, n))
                .put("actions", actions)
                .put("rewards", rewards)
                .put("terminals", terminals)
                .put("timeouts", timeouts)
                .put("infos/goal", goal)
                .put("infos/qpos", qpos)
                .put("infos/qvel", qvel);
    }
}
