package io.ofql.baselines;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.baselines.cpql.CpqlConfig;
import io.ofql.baselines.cpql.EdmScalings;
import io.ofql.baselines.dql.DqlConfig;
import io.ofql.baselines.fql.FqlConfig;
import io.ofql.data.RewardTransform;
import java.lang.reflect.RecordComponent;
import org.testng.annotations.Test;

public class ConfigsTest {

    @Test
    public void dqlPresetsFollowTheOfficialTable() {
        DqlConfig w = DqlConfig.forTask("walker2d-medium-v2");
        assertEquals(w.gradNorm(), 1.0);
        assertEquals(w.eta(), 1.0);
        assertEquals(w.steps(), 5);
        assertEquals(w.trainingSteps(), 2_000_000L);
        DqlConfig amp = DqlConfig.forTask("antmaze-medium-play-v0");
        assertEquals(amp.actorLr(), 1e-3);
        assertEquals(amp.criticLr(), 3e-4);
        assertEquals(amp.eta(), 2.0);
        assertTrue(amp.maxQBackup());
        assertEquals(amp.reward(), RewardTransform.ANTMAZE);
        assertEquals(amp.trainingSteps(), 1_000_000L);
        assertFalse(DqlConfig.forTask("antmaze-umaze-v0").maxQBackup());
        DqlConfig pen = DqlConfig.forTask("pen-cloned-v1");
        assertEquals(pen.actorLr(), 3e-5);
        assertEquals(pen.eta(), 0.1);
        assertEquals(pen.reward(), RewardTransform.STANDARDIZE);
        assertEquals(DqlConfig.forTask("kitchen-complete-v0").trainingSteps(), 250_000L);
        assertEquals(DqlConfig.forTask("kitchen-mixed-v0").eta(), 0.005);
    }

    @Test
    public void toyPresetsUseAppendixC() {
        DqlConfig d = DqlConfig.forTask("toy-bandit");
        CpqlConfig c = CpqlConfig.forTask("toy-bandit");
        FqlConfig f = FqlConfig.forTask("toy-bandit");
        assertEquals(d.hidden(), 64);
        assertEquals(d.layers(), 3);
        assertEquals(d.batchSize(), 2048);
        assertEquals(c.hidden(), 64);
        assertEquals(c.batchSize(), 2048);
        assertEquals(f.hidden(), 64);
        assertEquals(f.batchSize(), 2048);
        assertEquals(d.trainingSteps(), 4000L);
    }

    @Test
    public void cpqlAndFqlPresets() {
        CpqlConfig hme = CpqlConfig.forTask("hopper-medium-expert-v2");
        assertEquals(hme.eta(), 0.5);
        assertEquals(hme.gradNorm(), 5.0);
        assertEquals(hme.sampleSteps(), 1);
        assertEquals(CpqlConfig.forTask("halfcheetah-medium-expert-v2").gradNorm(), 8.0);
        assertEquals(CpqlConfig.forTask("halfcheetah-medium-v2").eta(), 2.0);
        // no CPQL row: DQL's
        CpqlConfig ant = CpqlConfig.forTask("antmaze-large-play-v0");
        assertEquals(ant.eta(), 4.5);
        assertTrue(ant.maxQBackup());
        FqlConfig f = FqlConfig.forTask("hopper-medium-v2");
        assertEquals(f.flowSteps(), 10);
        assertEquals(f.alpha(), 10.0);
        assertEquals(f.qWeight(), 1.0);
    }

    @Test
    public void toStringListsEveryField() {
        for (Record r : new Record[] {
            DqlConfig.forTask("hopper-medium-v2"), CpqlConfig.forTask("hopper-medium-v2"), FqlConfig.forTask("hopper-medium-v2")
        }) {
            String s = r.toString();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                assertTrue(s.contains(c.getName() + "="), c.getName() + " missing from " + s);
            }
        }
    }

    @Test
    public void badValuesAreRejectedByName() {
        DqlConfig d = DqlConfig.defaults();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new DqlConfig(
                d.hidden(), d.layers(), d.timeEmbedding(), 0, d.actorLr(), d.criticLr(), d.eta(), d.gradNorm(),
                d.maxQBackup(), d.maxQSamples(), d.batchSize(), d.discount(), d.tau(), d.emaDecay(), d.emaEvery(),
                d.emaStart(), d.candidates(), d.temperature(), d.reward(), d.trainingSteps()));
        assertTrue(e.getMessage().contains("steps") && e.getMessage().contains("0"), e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new DqlConfig(
                d.hidden(), d.layers(), d.timeEmbedding(), 5, d.actorLr(), d.criticLr(), d.eta(), d.gradNorm(),
                d.maxQBackup(), d.maxQSamples(), d.batchSize(), 1.5, d.tau(), d.emaDecay(), d.emaEvery(),
                d.emaStart(), d.candidates(), d.temperature(), d.reward(), d.trainingSteps()));
        assertTrue(e.getMessage().contains("discount") && e.getMessage().contains("1.5"), e.getMessage());
        CpqlConfig c = CpqlConfig.forTask("hopper-medium-v2");
        e = expectThrows(IllegalArgumentException.class, () -> new CpqlConfig(
                c.hidden(), c.layers(), c.timeEmbedding(), 41, c.loss(), c.levels(), c.actorLr(), c.criticLr(), c.eta(),
                c.gradNorm(), c.maxQBackup(), c.maxQSamples(), c.batchSize(), c.discount(), c.emaDecay(), c.emaEvery(),
                c.emaStart(), c.candidates(), c.temperature(), c.reward(), c.trainingSteps()));
        assertTrue(e.getMessage().contains("sampleSteps") && e.getMessage().contains("41")
                && e.getMessage().contains("levels = 40"), e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new CpqlConfig(
                c.hidden(), c.layers(), c.timeEmbedding(), 1, c.loss(), 1, c.actorLr(), c.criticLr(), c.eta(),
                c.gradNorm(), c.maxQBackup(), c.maxQSamples(), c.batchSize(), c.discount(), c.emaDecay(), c.emaEvery(),
                c.emaStart(), c.candidates(), c.temperature(), c.reward(), c.trainingSteps()));
        assertTrue(e.getMessage().contains("levels") && e.getMessage().contains("got 1"), e.getMessage());
        assertEquals(c.levels(), EdmScalings.POINTS);
        FqlConfig f = FqlConfig.forTask("hopper-medium-v2");
        e = expectThrows(IllegalArgumentException.class, () -> new FqlConfig(
                f.hidden(), f.layers(), f.flowSteps(), f.actorLr(), f.criticLr(), -1.0, f.qWeight(), f.gradNorm(),
                f.maxQBackup(), f.maxQSamples(), f.batchSize(), f.discount(), f.tau(), f.candidates(),
                f.temperature(), f.reward(), f.trainingSteps()));
        assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("-1.0"), e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new FqlConfig(
                f.hidden(), f.layers(), f.flowSteps(), f.actorLr(), f.criticLr(), f.alpha(), f.qWeight(), f.gradNorm(),
                f.maxQBackup(), f.maxQSamples(), f.batchSize(), f.discount(), f.tau(), f.candidates(),
                f.temperature(), null, f.trainingSteps()));
        assertTrue(e.getMessage().contains("reward"), e.getMessage());
    }
}
