package io.ofql.baselines;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.HeadAggregation;
import io.ofql.ofql.OfqlAgentFactory;
import io.ofql.baselines.cpql.CpqlConfig;
import io.ofql.baselines.cpql.CpqlFactory;
import io.ofql.baselines.cpql.EdmScalings;
import io.ofql.baselines.dql.DqlConfig;
import io.ofql.baselines.dql.DqlFactory;
import io.ofql.baselines.fql.FqlConfig;
import io.ofql.baselines.fql.FqlFactory;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Common;
import io.ofql.config.Presets;
import io.ofql.data.RewardTransform;
import io.ofql.task.TaskRegistry;
import java.util.Map;
import org.testng.annotations.Test;

/** The preset files against the reference tables (shared/reference/baselines.md, ofql.md). */
public class ConfigsTest {
    private static final AgentFactory[] ALL = {new OfqlAgentFactory(), new DqlFactory(), new CpqlFactory(), new FqlFactory()};

    private static DqlConfig dql(String task) {
        return new DqlFactory().config(task, Map.of());
    }

    @Test
    public void dqlPresetsFollowTheOfficialTable() {
        Common w = dql("walker2d-medium-v2").common();
        assertEquals(w.gradNorm(), 1.0);
        assertEquals(w.eta(), 1.0);
        assertEquals(dql("walker2d-medium-v2").steps(), 5);
        assertEquals(w.trainingSteps(), 2_000_000L);
        Common amp = dql("antmaze-medium-play-v0").common();
        assertEquals(amp.actorLr(), 1e-3);
        assertEquals(amp.criticLr(), 3e-4);
        assertEquals(amp.eta(), 2.0);
        assertTrue(amp.maxQBackup());
        assertEquals(amp.reward(), RewardTransform.ANTMAZE);
        assertEquals(amp.trainingSteps(), 1_000_000L);
        assertFalse(dql("antmaze-umaze-v0").common().maxQBackup());
        Common pen = dql("pen-cloned-v1").common();
        assertEquals(pen.actorLr(), 3e-5);
        assertEquals(pen.eta(), 0.1);
        assertEquals(pen.reward(), RewardTransform.STANDARDIZE);
        assertEquals(dql("kitchen-complete-v0").common().trainingSteps(), 250_000L);
        assertEquals(dql("kitchen-mixed-v0").common().eta(), 0.005);
    }

    @Test
    public void everyVersionOfATaskGetsItsRowNotAnotherTasks() {
        // The old table was keyed by antmaze's v0 names, so v2 fell back to halfcheetah-medium's row.
        for (String maze : new String[] {"umaze", "umaze-diverse", "medium-play", "medium-diverse", "large-play", "large-diverse"}) {
            assertEquals(dql("antmaze-" + maze + "-v2"), dql("antmaze-" + maze + "-v0"), maze);
        }
        Common large = dql("antmaze-large-diverse-v2").common();
        assertEquals(large.eta(), 3.5);
        assertEquals(large.reward(), RewardTransform.ANTMAZE);
        assertTrue(large.maxQBackup());
        assertEquals(large.trainingSteps(), 1_000_000L);
    }

    @Test
    public void toyPresetsUseAppendixC() {
        for (AgentFactory f : ALL) {
            Common c = f.config("toy-bandit", Map.of()).common();
            assertEquals(c.hidden(), 64, f.algorithm());
            assertEquals(c.layers(), 3, f.algorithm());
            assertEquals(c.batchSize(), 2048, f.algorithm());
            // App. C's budget is 100 epochs x 40 batches; DQL's, CPQL's and FQL's rows stop earlier,
            // where their actions have reached the best cluster (docs/baselines.md, "Toy task").
            assertTrue(c.trainingSteps() <= 4000L, f.algorithm());
        }
    }

    @Test
    public void cpqlAndFqlPresets() {
        CpqlConfig hme = new CpqlFactory().config("hopper-medium-expert-v2", Map.of());
        assertEquals(hme.common().eta(), 0.5);
        assertEquals(hme.common().gradNorm(), 5.0);
        assertEquals(hme.sampleSteps(), 1);
        assertEquals(hme.levels(), EdmScalings.POINTS);
        assertFalse(hme.softTargets());
        assertEquals(new CpqlFactory().config("halfcheetah-medium-expert-v2", Map.of()).common().gradNorm(), 8.0);
        assertEquals(new CpqlFactory().config("halfcheetah-medium-v2", Map.of()).common().eta(), 2.0);
        assertFalse(hme.emaNextActions(), "CPQL's critic target samples the online actor");
        CpqlConfig ant = new CpqlFactory().config("antmaze-large-play-v0", Map.of());
        assertEquals(ant.common().eta(), 4.5);
        assertTrue(ant.common().maxQBackup());
        assertEquals(ant.sampleSteps(), 2);
        assertEquals(ant.common().reward(), RewardTransform.ANTMAZE);
        // CPQL's own AntMaze rows where they differ from DQL's: umaze eta 1 with the max-Q backup, medium-play eta 4.
        Common umaze = new CpqlFactory().config("antmaze-umaze-v0", Map.of()).common();
        assertEquals(umaze.eta(), 1.0);
        assertTrue(umaze.maxQBackup());
        assertEquals(umaze.gradNorm(), 2.0);
        Common mediumPlay = new CpqlFactory().config("antmaze-medium-play-v2", Map.of()).common();
        assertEquals(mediumPlay.eta(), 4.0);
        assertEquals(mediumPlay.actorLr(), 1e-3);
        assertEquals(mediumPlay.trainingSteps(), 1_000_000L);
        Common pen = new CpqlFactory().config("pen-human-v1", Map.of()).common();
        assertEquals(pen.eta(), 0.15);
        assertEquals(pen.reward(), RewardTransform.NONE);
        assertEquals(new CpqlFactory().config("kitchen-partial-v0", Map.of()).common().eta(), 0.005);
    }

    @Test
    public void fqlPresetsFollowItsOfficialCode() {
        FqlConfig f = new FqlFactory().config("hopper-medium-v2", Map.of());
        assertEquals(f.flowSteps(), 10);
        assertEquals(f.common().hidden(), 512);
        assertEquals(f.common().layers(), 4);
        assertTrue(f.criticLayerNorm());
        assertEquals(f.qAggregation(), HeadAggregation.MEAN);
        assertEquals(f.common().eta(), 1.0);
        assertEquals(f.common().gradNorm(), 0.0);
        assertEquals(f.common().batchSize(), 256);
        // No published alpha on locomotion: normalised Q term, alpha = 1 / DQL's eta.
        assertTrue(f.normalizeQLoss());
        assertEquals(f.alpha(), 1.0);
        assertEquals(new FqlFactory().config("kitchen-mixed-v0", Map.of()).alpha(), 200.0);
        // README commands: AntMaze alpha 10 (3 on the large mazes), 500k steps, r - 1, unnormalised.
        FqlConfig maze = new FqlFactory().config("antmaze-medium-diverse-v2", Map.of());
        assertEquals(maze.alpha(), 10.0);
        assertFalse(maze.normalizeQLoss());
        assertEquals(maze.qAggregation(), HeadAggregation.MEAN);
        assertEquals(maze.common().reward(), RewardTransform.MINUS_ONE);
        assertFalse(maze.common().maxQBackup());
        assertEquals(maze.common().trainingSteps(), 500_000L);
        assertEquals(new FqlFactory().config("antmaze-large-play-v2", Map.of()).alpha(), 3.0);
        // Adroit: q_agg=min, alpha per task, rewards as they are.
        FqlConfig pen = new FqlFactory().config("pen-human-v1", Map.of());
        assertEquals(pen.alpha(), 10000.0);
        assertEquals(pen.qAggregation(), HeadAggregation.MIN);
        assertFalse(pen.normalizeQLoss());
        assertEquals(pen.common().reward(), RewardTransform.NONE);
        assertEquals(pen.common().trainingSteps(), 500_000L);
        assertEquals(new FqlFactory().config("hammer-cloned-v1", Map.of()).alpha(), 10000.0);
        assertEquals(new FqlFactory().config("relocate-cloned-v1", Map.of()).alpha(), 30000.0);
        assertEquals(new FqlFactory().config("pen-expert-v1", Map.of()).alpha(), 3000.0);
        assertEquals(new FqlFactory().config("hopper-medium-v2", Map.of("qAggregation", "min")).qAggregation(),
                HeadAggregation.MIN);
    }

    @Test
    public void everyAlgorithmResolvesEveryTaskWithASourceForEachValue() {
        for (AgentFactory f : ALL) {
            for (String task : TaskRegistry.names()) {
                Presets.Resolved<? extends AlgorithmConfig> r = f.resolve(task, Map.of());
                for (Presets.Setting s : r.settings()) {
                    assertFalse(s.note().isBlank(), f.algorithm() + " " + task + " " + s.name());
                }
            }
        }
    }

    @Test
    public void sharedSettingsHaveOneNameAndOneRangeInEveryAlgorithm() {
        for (AgentFactory f : ALL) {
            assertEquals(f.config("hopper-medium-v2", Map.of("eta", "0.25")).common().eta(), 0.25, f.algorithm());
            InputException discount = expectThrows(InputException.class,
                    () -> f.config("hopper-medium-v2", Map.of("discount", "1")));
            assertTrue(discount.getMessage().contains("discount must be in [0, 1), got 1.0"), discount.getMessage());
            InputException tau = expectThrows(InputException.class, () -> f.config("hopper-medium-v2", Map.of("tau", "0")));
            assertTrue(tau.getMessage().contains("tau must be in (0, 1], got 0.0"), tau.getMessage());
        }
        InputException renamed = expectThrows(InputException.class,
                () -> new FqlFactory().config("hopper-medium-v2", Map.of("qWeight", "0")));
        assertEquals(renamed.getMessage(), "hyperparameter 'qWeight' of fql is now called 'eta' (--set eta=0)");
        InputException noise = expectThrows(InputException.class,
                () -> new DqlFactory().config("hopper-medium-v2", Map.of("candidateNoise", "0.5")));
        assertTrue(noise.getMessage().contains("candidateNoise must be 1 for dql"), noise.getMessage());
    }

    @Test
    public void badValuesAreRejectedByName() {
        AgentFactory dql = new DqlFactory();
        InputException e = expectThrows(InputException.class, () -> dql.config("hopper-medium-v2", Map.of("steps", "0")));
        assertTrue(e.getMessage().contains("steps") && e.getMessage().contains("0"), e.getMessage());
        e = expectThrows(InputException.class, () -> dql.config("hopper-medium-v2", Map.of("discount", "1.5")));
        assertTrue(e.getMessage().contains("discount") && e.getMessage().contains("1.5"), e.getMessage());
        AgentFactory cpql = new CpqlFactory();
        e = expectThrows(InputException.class, () -> cpql.config("hopper-medium-v2", Map.of("sampleSteps", "41")));
        assertTrue(e.getMessage().contains("sampleSteps") && e.getMessage().contains("41")
                && e.getMessage().contains("levels = 40"), e.getMessage());
        e = expectThrows(InputException.class, () -> cpql.config("hopper-medium-v2", Map.of("levels", "1")));
        assertTrue(e.getMessage().contains("levels") && e.getMessage().contains("got 1"), e.getMessage());
        AgentFactory fql = new FqlFactory();
        e = expectThrows(InputException.class, () -> fql.config("hopper-medium-v2", Map.of("alpha", "-1")));
        assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("-1.0"), e.getMessage());
        e = expectThrows(InputException.class, () -> fql.config("hopper-medium-v2", Map.of("qAggregation", "max")));
        assertEquals(e.getMessage(), "hyperparameter 'qAggregation' = 'max' is not a valid value (one of min, mean)");
        e = expectThrows(InputException.class, () -> fql.config("hopper-medium-v2", Map.of("reward", "double")));
        assertTrue(e.getMessage().contains("reward") && e.getMessage().contains("minus-one"), e.getMessage());
        e = expectThrows(InputException.class, () -> fql.config("antmaze-umaze-v1", Map.of()));
        assertTrue(e.getMessage().startsWith("unknown task 'antmaze-umaze-v1'; known:"), e.getMessage());
    }
}
