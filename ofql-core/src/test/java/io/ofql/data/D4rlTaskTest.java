package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class D4rlTaskTest {

    @DataProvider
    public Object[][] names() {
        return new Object[][] {
            {"hopper-medium-v2", "hopper", "medium", 2, D4rlTask.Domain.MUJOCO, "hopper_medium-v2.hdf5"},
            {"halfcheetah-medium-replay-v2", "halfcheetah", "medium_replay", 2, D4rlTask.Domain.MUJOCO,
                "halfcheetah_medium_replay-v2.hdf5"},
            {"walker2d-medium-expert-v2", "walker2d", "medium_expert", 2, D4rlTask.Domain.MUJOCO,
                "walker2d_medium_expert-v2.hdf5"},
            {"ant-full-replay-v1", "ant", "full_replay", 1, D4rlTask.Domain.MUJOCO, "ant_full_replay-v1.hdf5"},
            {"hopper-medium-replay-v0", "hopper", "medium_replay", 0, D4rlTask.Domain.MUJOCO, "hopper_mixed.hdf5"},
            {"walker2d-medium-replay-v0", "walker2d", "medium_replay", 0, D4rlTask.Domain.MUJOCO, "walker_mixed.hdf5"},
            {"antmaze-large-diverse-v0", "antmaze", "large_diverse", 0, D4rlTask.Domain.ANTMAZE,
                "Ant_maze_hardest-maze_noisy_multistart_True_multigoal_True_sparse.hdf5"},
            {"antmaze-medium-play-v2", "antmaze", "medium_play", 2, D4rlTask.Domain.ANTMAZE,
                "Ant_maze_big-maze_noisy_multistart_True_multigoal_False_sparse_fixed.hdf5"},
            {"antmaze-umaze-v0", "antmaze", "umaze", 0, D4rlTask.Domain.ANTMAZE,
                "Ant_maze_u-maze_noisy_multistart_False_multigoal_False_sparse.hdf5"},
            {"kitchen-mixed-v0", "kitchen", "mixed", 0, D4rlTask.Domain.KITCHEN,
                "kitchen_microwave_kettle_bottomburner_light-v0.hdf5"},
            {"pen-human-v1", "pen", "human", 1, D4rlTask.Domain.ADROIT, "pen-human-v1.hdf5"},
            {"door-cloned-v0", "door", "cloned", 0, D4rlTask.Domain.ADROIT, "door-demos-v0-bc-combined.hdf5"},
        };
    }

    @Test(dataProvider = "names")
    public void parsesNamesIntoPartsAndFileNames(String name, String env, String kind, int version,
            D4rlTask.Domain domain, String fileName) {
        D4rlTask task = D4rlTask.parse(name);
        assertEquals(task, new D4rlTask(name, env, kind, version, domain));
        assertEquals(task.fileName(), fileName);
        assertTrue(D4rlTask.isD4rl(name));
    }

    @Test
    public void rewardTransformFollowsTheDomain() {
        assertEquals(D4rlTask.parse("antmaze-medium-diverse-v0").defaultRewardTransform(), RewardTransform.ANTMAZE);
        assertEquals(D4rlTask.parse("pen-cloned-v1").defaultRewardTransform(), RewardTransform.STANDARDIZE);
        assertEquals(D4rlTask.parse("kitchen-partial-v0").defaultRewardTransform(), RewardTransform.NONE);
        assertEquals(D4rlTask.parse("hopper-medium-v2").defaultRewardTransform(), RewardTransform.NONE);
    }

    @DataProvider
    public Object[][] badNames() {
        return new Object[][] {
            {"toy-bandit"}, {"hopper-medium"}, {"hopper-v2"}, {"hopper-medium-v9"}, {"Hopper-medium-v2"},
            {"hopper-medium-vx"}, {""}, {"antmaze-large-diverse-v1"}, {"kitchen-mixed-v2"}, {"pen-medium-v1"},
            {"hopper-full-replay-v0"}, {"-medium-v2"},
        };
    }

    @Test(dataProvider = "badNames")
    public void rejectsOtherNamesListingTheAcceptedForm(String name) {
        assertFalse(D4rlTask.isD4rl(name));
        InputException e = expectThrows(InputException.class, () -> D4rlTask.parse(name));
        assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("ENV-DATASET-vN"),
                e.getMessage());
    }

    @Test
    public void resolveFindsTheFileOrSaysWhereItLooked() throws IOException {
        Path dir = Files.createTempDirectory("d4rl-task");
        try {
            D4rlTask task = D4rlTask.parse("hopper-medium-v2");
            InputException e = expectThrows(InputException.class, () -> task.resolve(dir));
            assertTrue(e.getMessage().contains("hopper_medium-v2.hdf5") && e.getMessage().contains(dir.toString()),
                    e.getMessage());
            Path file = Files.createFile(dir.resolve("hopper_medium-v2.hdf5"));
            assertEquals(task.resolve(dir), file);
        } finally {
            Files.deleteIfExists(dir.resolve("hopper_medium-v2.hdf5"));
            Files.delete(dir);
        }
    }

    @Test
    public void defaultDataDirHonoursTheEnvironment() {
        String ours = System.getenv(D4rlTask.DATA_DIR_ENV);
        String d4rls = System.getenv(D4rlTask.D4RL_DATA_DIR_ENV);
        Path expected = ours != null && !ours.isBlank() ? Paths.get(ours)
                : d4rls != null && !d4rls.isBlank() ? Paths.get(d4rls)
                : Paths.get(System.getProperty("user.home"), ".d4rl", "datasets");
        assertEquals(D4rlTask.defaultDataDir(), expected);
    }
}
