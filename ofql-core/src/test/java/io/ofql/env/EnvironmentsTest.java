package io.ofql.env;

import io.ofql.task.TaskRegistry;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.util.List;
import org.testng.annotations.Test;

/** The registry: ids, task-name lookup, sizes of built instances, size checks and scores. */
public class EnvironmentsTest {
    @Test
    public void everyEnvironmentIsRegisteredOnceInOrder() {
        List<String> ids = Environments.all().stream().map(EnvironmentFactory::id).toList();
        assertEquals(ids, List.of("hopper", "halfcheetah", "walker2d", "ant",
                "antmaze-umaze", "antmaze-medium", "antmaze-large", "kitchen", "kitchen-mixed"));
    }

    @Test
    public void taskNamesSelectTheirEnvironment() {
        assertEquals(TaskRegistry.environment("hopper-medium-v2").id(), "hopper");
        assertEquals(TaskRegistry.environment("ant-expert-v2").id(), "ant");
        assertEquals(TaskRegistry.environment("Walker2d").id(), "walker2d");
        assertEquals(TaskRegistry.environment("antmaze-umaze-v2").id(), "antmaze-umaze");
        assertEquals(TaskRegistry.environment("antmaze-umaze-diverse-v2").id(), "antmaze-umaze");
        assertEquals(TaskRegistry.environment("antmaze-umaze-v0").id(), "antmaze-umaze");
        assertEquals(TaskRegistry.environment("antmaze-medium-play-v2").id(), "antmaze-medium");
        assertEquals(TaskRegistry.environment("antmaze-medium-diverse-v0").id(), "antmaze-medium");
        assertEquals(TaskRegistry.environment("antmaze-large-play-v2").id(), "antmaze-large");
        assertEquals(TaskRegistry.environment("antmaze-large-diverse-v2").id(), "antmaze-large");
        assertSame(TaskRegistry.environment("antmaze-large"), TaskRegistry.environment("antmaze-large-diverse-v2"));
        assertEquals(TaskRegistry.environment("kitchen-complete-v0").id(), "kitchen");
        assertEquals(TaskRegistry.environment("kitchen-partial-v0").id(), "kitchen");
        assertEquals(TaskRegistry.environment("kitchen-mixed-v0").id(), "kitchen-mixed");
    }

    @Test
    public void unknownNamesListTheKnownEnvironments() {
        for (String name : new String[] {"humanoid-medium-v2", "antmaze-huge-v2", "antmaze", " "}) {
            InputException e = expectThrows(InputException.class, () -> TaskRegistry.environment(name));
            assertTrue(e.getMessage().contains("hopper, halfcheetah, walker2d, ant, antmaze-umaze, antmaze-medium,"
                    + " antmaze-large"), e.getMessage());
        }
    }

    @Test
    public void sizesLimitsAndReferenceReturnsFollowTheFacts() {
        EnvironmentFactory umaze = TaskRegistry.environment("antmaze-umaze");
        assertEquals(umaze.observationDim(), 29);
        assertEquals(umaze.actionDim(), 8);
        assertEquals(umaze.maxEpisodeSteps(), 700);
        assertEquals(TaskRegistry.environment("antmaze-medium").maxEpisodeSteps(), 1000);
        assertEquals(TaskRegistry.environment("antmaze-large").maxEpisodeSteps(), 1000);
        assertEquals(TaskRegistry.environment("hopper").maxEpisodeSteps(), 1000);
        // Success rate x 100: reference returns 0 and 1.
        assertEquals(umaze.normalizedScore(1.0), 100.0, 0.0);
        assertEquals(umaze.normalizedScore(0.0), 0.0, 0.0);
        // Hopper, by hand: 100 * 1020.272305 / 3254.572305 = 31.348890...
        assertEquals(TaskRegistry.environment("hopper").normalizedScore(1000.0), 31.348890, 1e-5);
        for (EnvironmentFactory f : Environments.all()) {
            try (Environment env = f.create()) {
                assertEquals(env.id(), f.id());
                assertEquals(env.reset(0).length, f.observationDim(), f.id());
                assertEquals(env.normalizedScore(f.refMax()), 100.0, 1e-9, f.id());
                assertEquals(env.normalizedScore(f.refMin()), 0.0, 1e-9, f.id());
            }
        }
    }

    @Test
    public void mismatchedSizesAreRefusedNamingTheSource() {
        EnvironmentFactory hopper = TaskRegistry.environment("hopper");
        hopper.requireMatches(11, 3, "hopper-medium-v2.hdf5");
        InputException e = expectThrows(InputException.class,
                () -> hopper.requireMatches(17, 6, "walker2d-medium-v2.hdf5"));
        assertTrue(e.getMessage().contains("walker2d-medium-v2.hdf5"), e.getMessage());
        assertTrue(e.getMessage().contains("17/6"), e.getMessage());
        assertTrue(e.getMessage().contains("11/3"), e.getMessage());
        e = expectThrows(InputException.class,
                () -> TaskRegistry.environment("antmaze-umaze").requireMatches(27, 8, "maze.hdf5"));
        assertTrue(e.getMessage().contains("29/8"), e.getMessage());
    }
}
