package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** AntMaze files: their layout, the one-line errors, and the transitions training sees. */
public class AntMazeDataTest {
    private static final int SEGMENTS = 3;
    private static final int LENGTH = 200;

    @Test
    public void readsTheLayoutAndBuildsQLearningTransitions() throws Exception {
        Path file = AntMazeFixture.write(Files.createTempFile("antmaze", ".hdf5"), SEGMENTS, LENGTH);
        D4rlDataset data = AntMazeData.read(file);
        assertEquals(data.size(), SEGMENTS * LENGTH);
        assertEquals(data.obsDim(), 29);
        assertEquals(data.actDim(), 8);
        assertTrue(data.keys().containsAll(java.util.List.of("infos/goal", "infos/qpos", "infos/qvel")));

        Transitions t = AntMazeData.transitions(data, RewardTransform.ANTMAZE);
        // qlearning_dataset: the time-out steps (the last of each segment, the file's last step
        // among them) are dropped.
        assertEquals(t.size(), SEGMENTS * LENGTH - SEGMENTS);
        // The goal flag is the terminal: 51 goal steps per segment, none of them a time-out.
        assertEquals(t.terminalCount(), SEGMENTS * AntMazeFixture.GOAL_STEPS_PER_SEGMENT);
        int plus = 0;
        for (int k = 0; k < t.size(); k++) {
            float r = t.rewards()[k];
            assertTrue(r == -2f || r == 2f, "(r - 0.5) * 4 of a 0/1 reward, got " + r);
            assertEquals(r == 2f, t.notDone()[k] == 0f, "reward +2 exactly where the backup stops, row " + k);
            plus += r == 2f ? 1 : 0;
        }
        assertEquals(plus, SEGMENTS * AntMazeFixture.GOAL_STEPS_PER_SEGMENT);
        // Row LENGTH - 1 of the transitions is step LENGTH (the second segment's first step),
        // whose next state is the observation after it.
        float[] obs = data.observations();
        assertEquals(t.observations()[(LENGTH - 1) * 29], obs[LENGTH * 29]);
        assertEquals(t.nextObservations()[(LENGTH - 1) * 29], obs[(LENGTH + 1) * 29]);

        Transitions minusOne = AntMazeData.transitions(data, RewardTransform.MINUS_ONE);
        for (int k = 0; k < minusOne.size(); k++) {
            assertEquals(minusOne.rewards()[k], minusOne.notDone()[k] == 0f ? 0f : -1f, 0f);
        }
    }

    @Test
    public void missingInfosKeyIsOneLineNamingIt() throws Exception {
        Path file = AntMazeFixture.fixtures(1, 50).remove("infos/qpos").write(Files.createTempFile("antmaze", ".hdf5"));
        InputException e = expectThrows(InputException.class, () -> AntMazeData.read(file));
        assertTrue(e.getMessage().startsWith(file + ": missing key 'infos/qpos' (AntMaze datasets have"), e.getMessage());
        assertTrue(e.getMessage().contains("infos/qvel (N, 14)"), e.getMessage());
        assertEquals(e.getMessage().lines().count(), 1L);
        // The plain reader does not ask for it.
        assertEquals(D4rlReader.read(file).size(), 50);
    }

    @Test
    public void wronglyShapedInfosKeyIsRefused() throws Exception {
        Path file = AntMazeFixture.fixtures(1, 50).put("infos/goal", new float[50][3])
                .write(Files.createTempFile("antmaze", ".hdf5"));
        InputException e = expectThrows(InputException.class, () -> AntMazeData.read(file));
        assertTrue(e.getMessage().contains("key 'infos/goal' has shape [50, 3], expected [50, 2]"), e.getMessage());
    }

    @Test
    public void terminalsThatDifferFromRewardsAreRefused() throws Exception {
        boolean[] terminals = new boolean[200];
        Path file = AntMazeFixture.fixtures(1, 200).put("terminals", terminals)
                .write(Files.createTempFile("antmaze", ".hdf5"));
        InputException e = expectThrows(InputException.class, () -> AntMazeData.read(file));
        // Step 74 is the first whose next x (1.5) is within 0.5 of the goal (2, 0).
        assertTrue(e.getMessage().contains("key 'terminals' is false at index 74 where 'rewards' is 1.0"), e.getMessage());
    }

    @Test
    public void nonBinaryRewardsAreRefused() throws Exception {
        float[] rewards = new float[50];
        rewards[7] = 0.5f;
        Path file = AntMazeFixture.fixtures(1, 50).put("rewards", rewards)
                .write(Files.createTempFile("antmaze", ".hdf5"));
        InputException e = expectThrows(InputException.class, () -> AntMazeData.read(file));
        assertTrue(e.getMessage().contains("key 'rewards' has value 0.5 at index 7"), e.getMessage());
    }
}
