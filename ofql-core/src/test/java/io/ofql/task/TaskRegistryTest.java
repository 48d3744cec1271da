package io.ofql.task;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import io.ofql.data.RewardTransform;
import io.ofql.env.EnvSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Names, files, environments and reference facts of the task table, against D4RL's registrations. */
public class TaskRegistryTest {

    @DataProvider
    public Object[][] names() {
        return new Object[][] {
            {"hopper-medium-v2", "hopper-medium", 2, Domain.MUJOCO, "hopper", "hopper_medium-v2.hdf5"},
            {"halfcheetah-medium-replay-v2", "halfcheetah-medium-replay", 2, Domain.MUJOCO, "halfcheetah",
                "halfcheetah_medium_replay-v2.hdf5"},
            {"walker2d-medium-expert-v2", "walker2d-medium-expert", 2, Domain.MUJOCO, "walker2d",
                "walker2d_medium_expert-v2.hdf5"},
            {"ant-full-replay-v1", "ant-full-replay", 1, Domain.MUJOCO, "ant", "ant_full_replay-v1.hdf5"},
            {"hopper-medium-replay-v0", "hopper-medium-replay", 0, Domain.MUJOCO, "hopper", "hopper_mixed.hdf5"},
            {"walker2d-medium-replay-v0", "walker2d-medium-replay", 0, Domain.MUJOCO, "walker2d", "walker_mixed.hdf5"},
            {"antmaze-large-diverse-v0", "antmaze-large-diverse", 0, Domain.ANTMAZE, "antmaze-large",
                "Ant_maze_hardest-maze_noisy_multistart_True_multigoal_True_sparse.hdf5"},
            {"antmaze-medium-play-v2", "antmaze-medium-play", 2, Domain.ANTMAZE, "antmaze-medium",
                "Ant_maze_big-maze_noisy_multistart_True_multigoal_False_sparse_fixed.hdf5"},
            {"antmaze-umaze-v0", "antmaze-umaze", 0, Domain.ANTMAZE, "antmaze-umaze",
                "Ant_maze_u-maze_noisy_multistart_False_multigoal_False_sparse.hdf5"},
            {"kitchen-mixed-v0", "kitchen-mixed", 0, Domain.KITCHEN, "kitchen-mixed",
                "kitchen_microwave_kettle_bottomburner_light-v0.hdf5"},
            {"pen-human-v1", "pen-human", 1, Domain.ADROIT, "pen", "pen-human-v1.hdf5"},
            {"door-cloned-v0", "door-cloned", 0, Domain.ADROIT, "door", "door-demos-v0-bc-combined.hdf5"},
        };
    }

    @Test(dataProvider = "names")
    public void resolvesNamesIntoTheirRow(String name, String base, int version, Domain domain, String envId,
            String fileName) {
        Task task = TaskRegistry.resolve(name);
        assertEquals(task.name(), name);
        assertEquals(task.base(), base);
        assertEquals(task.version(), version);
        assertEquals(task.domain(), domain);
        assertEquals(task.envId(), envId);
        assertEquals(task.fileName(), fileName);
        assertTrue(TaskRegistry.names().contains(name));
    }

    @Test
    public void theToyBanditHasNoVersionFileOrSimulator() {
        Task toy = TaskRegistry.resolve("toy-bandit");
        assertEquals(toy.domain(), Domain.TOY);
        assertEquals(toy.version(), Task.UNVERSIONED);
        assertTrue(toy.generated());
        assertNull(toy.envId());
        InputException e = expectThrows(InputException.class, toy::environment);
        assertTrue(e.getMessage().contains("toy-bandit"), e.getMessage());
    }

    @Test
    public void versionsOfOneTaskShareEverythingButTheFile() {
        Task v0 = TaskRegistry.resolve("antmaze-large-play-v0");
        Task v2 = TaskRegistry.resolve("antmaze-large-play-v2");
        assertEquals(v0.envId(), v2.envId());
        assertEquals(v0.base(), v2.base());
        assertEquals(v0.episodeLength(), v2.episodeLength());
        assertEquals(v2.fileName(), v0.fileName().replace(".hdf5", "_fixed.hdf5"));
    }

    @Test
    public void episodeLengthsAndReferenceScoresFollowD4rl() {
        // antmaze-kitchen-facts.md A1 and B1; envs.md for the locomotion references.
        assertEquals(TaskRegistry.resolve("antmaze-umaze-v2").episodeLength(), 700);
        assertEquals(TaskRegistry.resolve("antmaze-umaze-diverse-v2").episodeLength(), 700);
        assertEquals(TaskRegistry.resolve("antmaze-medium-diverse-v2").episodeLength(), 1000);
        assertEquals(TaskRegistry.resolve("antmaze-large-play-v2").episodeLength(), 1000);
        assertEquals(TaskRegistry.resolve("kitchen-partial-v0").episodeLength(), 280);
        assertEquals(TaskRegistry.resolve("hopper-medium-v2").episodeLength(), 1000);
        Task maze = TaskRegistry.resolve("antmaze-medium-play-v2");
        assertEquals(maze.normalizedScore(1), 100.0, 1e-12);
        assertEquals(maze.normalizedScore(0), 0.0, 1e-12);
        assertEquals(TaskRegistry.resolve("kitchen-mixed-v0").normalizedScore(3), 75.0, 1e-12);
        Task hopper = TaskRegistry.resolve("hopper-expert-v2");
        assertEquals(hopper.refMin(), -20.272305);
        assertEquals(hopper.refMax(), 3234.3);
        // By hand: 100 * 1020.272305 / 3254.572305 = 31.348890...
        assertEquals(hopper.normalizedScore(1000.0), 31.348890, 1e-5);
        assertEquals(hopper.environment().id(), EnvSpec.HOPPER.id());
    }

    @Test
    public void rewardRuleFollowsTheDomain() {
        assertEquals(TaskRegistry.resolve("antmaze-medium-diverse-v0").defaultRewardTransform(), RewardTransform.ANTMAZE);
        assertEquals(TaskRegistry.resolve("pen-cloned-v1").defaultRewardTransform(), RewardTransform.STANDARDIZE);
        assertEquals(TaskRegistry.resolve("kitchen-partial-v0").defaultRewardTransform(), RewardTransform.NONE);
        assertEquals(TaskRegistry.resolve("hopper-medium-v2").defaultRewardTransform(), RewardTransform.NONE);
    }

    @Test
    public void thePapersFifteenTasksResolve() {
        List<String> paper = List.of("halfcheetah-medium-v2", "hopper-medium-v2", "walker2d-medium-v2",
                "halfcheetah-medium-replay-v2", "hopper-medium-replay-v2", "walker2d-medium-replay-v2",
                "halfcheetah-medium-expert-v2", "hopper-medium-expert-v2", "walker2d-medium-expert-v2",
                "antmaze-umaze-v2", "antmaze-umaze-diverse-v2", "antmaze-medium-play-v2", "antmaze-medium-diverse-v2",
                "antmaze-large-play-v2", "antmaze-large-diverse-v2", "kitchen-partial-v0", "kitchen-mixed-v0");
        for (String name : paper) {
            assertTrue(TaskRegistry.find(name).isPresent(), name);
        }
        assertEquals(new HashSet<>(TaskRegistry.names()).size(), TaskRegistry.names().size());
    }

    @DataProvider
    public Object[][] badNames() {
        return new Object[][] {
            {"hopper-medium"}, {"hopper-v2"}, {"hopper-medium-v9"}, {"Hopper-medium-v2"},
            {"hopper-medium-vx"}, {""}, {"antmaze-large-diverse-v1"}, {"kitchen-mixed-v2"}, {"pen-medium-v1"},
            {"hopper-full-replay-v0"}, {"-medium-v2"}, {"toy-bandit-v0"},
        };
    }

    @Test(dataProvider = "badNames")
    public void rejectsOtherNamesListingTheKnownOnes(String name) {
        assertFalse(TaskRegistry.find(name).isPresent());
        InputException e = expectThrows(InputException.class, () -> TaskRegistry.resolve(name));
        String message = e.getMessage();
        assertTrue(message.contains("'" + name + "'"), message);
        assertTrue(message.contains("toy-bandit"), message);
        assertTrue(message.contains("hopper-{random,medium,expert,medium-replay,medium-expert}-v{0,1,2}"), message);
        assertTrue(message.contains("antmaze-{umaze,umaze-diverse,medium-play,medium-diverse,large-play,large-diverse}-v{0,2}"),
                message);
        assertTrue(message.contains("kitchen-{complete,partial,mixed}-v0"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    public void environmentOfAcceptsIdsAndTaskNames() {
        assertEquals(TaskRegistry.environmentOf("hopper"), "hopper");
        assertEquals(TaskRegistry.environmentOf("Hopper"), "hopper");
        assertEquals(TaskRegistry.environmentOf("walker2d-medium-v2"), "walker2d");
        assertEquals(TaskRegistry.environmentOf("antmaze-umaze-diverse-v0"), "antmaze-umaze");
        assertEquals(TaskRegistry.environmentOf("kitchen"), "kitchen");
        InputException e = expectThrows(InputException.class, () -> TaskRegistry.environmentOf("maze"));
        assertTrue(e.getMessage().contains("antmaze-medium") && e.getMessage().contains("'maze'"), e.getMessage());
    }

    @Test
    public void resolveFindsTheFileOrSaysWhereItLooked() throws IOException {
        Path dir = Files.createTempDirectory("d4rl-task");
        try {
            Task task = TaskRegistry.resolve("hopper-medium-v2");
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
        String ours = System.getenv(Task.DATA_DIR_ENV);
        String d4rls = System.getenv(Task.D4RL_DATA_DIR_ENV);
        Path expected = ours != null && !ours.isBlank() ? Paths.get(ours)
                : d4rls != null && !d4rls.isBlank() ? Paths.get(d4rls)
                : Paths.get(System.getProperty("user.home"), ".d4rl", "datasets");
        assertEquals(Task.defaultDataDir(), expected);
    }
}
