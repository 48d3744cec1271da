package io.ofql.baselines;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.InputException;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.config.ActingPolicy;
import io.ofql.config.AlgorithmConfig;
import io.ofql.baselines.fql.FqlAgent;
import io.ofql.data.Batch;
import io.ofql.nn.Scalars;
import io.ofql.nn.Seeding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Every baseline behind the shared interface: found by name, trains as an ensemble, resumes exactly. */
public class AgentsTest {
    private static final int OBS = 3;
    private static final int ACT = 2;
    private static final int B = 16;

    @DataProvider
    public Object[][] algorithms() {
        return new Object[][] {{"dql"}, {"cpql"}, {"fql"}};
    }

    static AgentFactory factory(String name) {
        for (AgentFactory f : ServiceLoader.load(AgentFactory.class)) {
            if (f.algorithm().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no factory for " + name);
    }

    /** Small networks and a short EMA warm-up so that a few steps exercise every target update. */
    static Map<String, String> small(String algo) {
        Map<String, String> o = new HashMap<>(Map.of("hidden", "16", "batchSize", Integer.toString(B),
                "candidates", "4", "maxQBackup", "true", "maxQSamples", "3", "gradNorm", "1.0"));
        if (!algo.equals("fql")) {
            o.put("emaStart", "1");
            o.put("emaEvery", "2");
        }
        return o;
    }

    static Batch batch(NDManager m, int s) {
        return new Batch(m.randomNormal(new Shape(s, B, OBS)), m.randomUniform(-1f, 1f, new Shape(s, B, ACT)),
                m.randomNormal(new Shape(s, B, 1)), m.randomNormal(new Shape(s, B, OBS)), m.ones(new Shape(s, B, 1)));
    }

    private static Map<String, float[]> step(Agent agent, long step, NDManager base) {
        Seeding.reseed(5, step);
        try (NDManager m = base.newSubManager()) {
            Map<String, NDArray> metrics = agent.update(batch(m, agent.members()), step, m);
            Map<String, float[]> host = new HashMap<>();
            metrics.forEach((k, v) -> host.put(k, v.toFloatArray()));
            return host;
        }
    }

    private static float[] act(Agent agent, boolean selectByQ, long seed, NDManager base) {
        Seeding.reseed(seed, 0);
        try (NDManager m = base.newSubManager()) {
            NDArray obs = m.randomNormal(new Shape(agent.members(), 5, OBS));
            NDArray a = agent.act(obs, selectByQ, m);
            assertEquals(a.getShape(), new Shape(agent.members(), 5, ACT));
            return a.toFloatArray();
        }
    }

    @Test(dataProvider = "algorithms")
    public void trainsAsAnEnsembleAndResumesExactly(String algo) throws Exception {
        AgentFactory factory = factory(algo);
        AlgorithmConfig config = factory.config("toy-bandit", small(algo));
        Path dir = Files.createTempDirectory("ofql-" + algo);
        try (NDManager base = NDManager.newBaseManager(Device.cpu());
                Agent agent = factory.create(config, new AgentContext(OBS, ACT, new long[] {1, 2}, Device.cpu()));
                Agent other = factory.create(config, new AgentContext(OBS, ACT, new long[] {8, 9}, Device.cpu()))) {
            assertEquals(agent.algorithm(), algo);
            assertEquals(agent.config(), config);
            for (long step = 0; step < 4; step++) {
                Map<String, float[]> metrics = step(agent, step, base);
                assertTrue(metrics.containsKey("critic_loss") && metrics.containsKey("q_loss"), metrics.keySet().toString());
                for (Map.Entry<String, float[]> e : metrics.entrySet()) {
                    assertEquals(e.getValue().length, 2, e.getKey());
                    for (float v : e.getValue()) {
                        assertTrue(Float.isFinite(v), e.getKey() + " = " + v);
                    }
                }
            }
            for (boolean byQ : new boolean[] {false, true}) {
                for (float v : act(agent, byQ, 3, base)) {
                    assertTrue(v >= -1f && v <= 1f, "action " + v);
                }
            }
            agent.save(dir);
            assertNotEquals(act(other, true, 3, base), act(agent, true, 3, base));
            other.load(dir);
            assertEquals(act(other, true, 3, base), act(agent, true, 3, base));
            assertEquals(act(other, false, 4, base), act(agent, false, 4, base));
            // The next update from the restored state (networks, targets, Adam moments) is identical.
            Map<String, float[]> expected = step(agent, 4, base);
            Map<String, float[]> resumed = step(other, 4, base);
            for (String key : expected.keySet()) {
                assertEquals(resumed.get(key), expected.get(key), key + " after resume: " + Arrays.toString(resumed.get(key)));
            }
        }
    }

    @DataProvider
    public Object[][] withEma() {
        return new Object[][] {{"dql"}, {"cpql"}};
    }

    /**
     * The official code acts with the online actor; actingPolicy ema acts with the EMA actor. The
     * expectation is an agent whose online actor is a copy of the EMA one, acting online.
     */
    @Test(dataProvider = "withEma")
    public void actsWithThePolicyTheProtocolNames(String algo) {
        AgentFactory factory = factory(algo);
        assertEquals(factory.config("hopper-medium-v2", Map.of()).common().selection().actingPolicy(), ActingPolicy.ONLINE,
                "the official sample_action acts with self.actor");
        Map<String, String> online = small(algo);
        Map<String, String> ema = new HashMap<>(online);
        ema.put("actingPolicy", "ema");
        AgentContext context = new AgentContext(OBS, ACT, new long[] {1, 2}, Device.cpu());
        try (NDManager base = NDManager.newBaseManager(Device.cpu());
                GenerativeQAgent<?> byEma = (GenerativeQAgent<?>) factory.create(factory.config("toy-bandit", ema), context);
                GenerativeQAgent<?> byOnline = (GenerativeQAgent<?>) factory.create(factory.config("toy-bandit", online), context);
                GenerativeQAgent<?> emaCopy = (GenerativeQAgent<?>) factory.create(factory.config("toy-bandit", online), context)) {
            // Same seeds, so the same initial actors and critics; only the EMA copy moves away.
            Scalars.timesInPlace(byEma.emaActor(), 0.5);
            emaCopy.actor().copyFrom(byEma.emaActor());
            for (boolean byQ : new boolean[] {false, true}) {
                assertEquals(act(byEma, byQ, 3, base), act(emaCopy, byQ, 3, base), "selectByQ " + byQ);
                assertNotEquals(act(byEma, byQ, 3, base), act(byOnline, byQ, 3, base), "selectByQ " + byQ);
            }
        }
    }

    @Test
    public void fqlRefusesTheEmaPolicyItDoesNotKeep() {
        InputException e = expectThrows(InputException.class,
                () -> factory("fql").config("hopper-medium-v2", Map.of("actingPolicy", "ema")));
        assertTrue(e.getMessage().contains("actingPolicy must be online for fql"), e.getMessage());
    }

    /**
     * FQL's official sample_actions: the one-step policy's clipped action, no candidates. Its preset
     * acts that way, so acting equals the plain one-step action for the same noise.
     */
    @Test
    public void fqlActsWithTheOneStepActionByDefault() {
        AgentFactory factory = factory("fql");
        assertFalse(factory.config("hopper-medium-v2", Map.of()).common().selection().selectByQ());
        AlgorithmConfig config = factory.config("toy-bandit", Map.of("hidden", "16"));
        assertFalse(config.common().selection().selectByQ(), "the toy row keeps the paper's acting");
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                FqlAgent fql = (FqlAgent) factory.create(config, new AgentContext(OBS, ACT, new long[] {1, 2}, Device.cpu()))) {
            NDArray obs = m.randomNormal(new Shape(2, 5, OBS));
            Seeding.reseed(7, 0);
            float[] acted = fql.act(obs, config.common().selection().selectByQ(), m).toFloatArray();
            Seeding.reseed(7, 0);
            NDArray noise = m.randomNormal(new Shape(2, 5, ACT));
            assertEquals(acted, fql.oneStepActions(obs, noise, m).toFloatArray());
            Seeding.reseed(7, 0);
            assertNotEquals(fql.act(obs, true, m).toFloatArray(), acted, "selection by Q draws other actions");
        }
    }

    /** The Q scale factor multiplies the temperature: factor 2 at temperature 1 selects as factor 1 at temperature 2. */
    @Test(dataProvider = "withEma")
    public void qScaleMultipliesTheTemperature(String algo) {
        AgentFactory factory = factory(algo);
        Map<String, String> hot = new HashMap<>(small(algo));
        hot.put("temperature", "2");
        try (NDManager base = NDManager.newBaseManager(Device.cpu());
                Agent scaled = factory.create(factory.config("toy-bandit", small(algo)),
                        new AgentContext(OBS, ACT, new long[] {1, 2}, Device.cpu(), 2));
                Agent doubled = factory.create(factory.config("toy-bandit", hot),
                        new AgentContext(OBS, ACT, new long[] {1, 2}, Device.cpu()))) {
            assertEquals(act(scaled, true, 3, base), act(doubled, true, 3, base));
        }
    }

    @Test
    public void loadRejectsAnotherAlgorithmsCheckpoint() throws Exception {
        Path dir = Files.createTempDirectory("ofql-fql");
        AgentContext context = new AgentContext(OBS, ACT, new long[] {1}, Device.cpu());
        try (Agent fql = factory("fql").create(factory("fql").config("toy-bandit", small("fql")), context);
                Agent dql = factory("dql").create(factory("dql").config("toy-bandit", small("dql")), context)) {
            fql.save(dir);
            InputException e = expectThrows(InputException.class, () -> dql.load(dir));
            assertTrue(e.getMessage().contains("fql"), e.getMessage());
        }
    }

    @Test
    public void overridesNameBadValues() {
        InputException e = expectThrows(InputException.class,
                () -> factory("dql").config("hopper-medium-v2", Map.of("steps", "0")));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        e = expectThrows(InputException.class, () -> factory("cpql").config("hopper-medium-v2", Map.of("sigmaMax", "1")));
        assertTrue(e.getMessage().contains("sigmaMax"), e.getMessage());
        assertEquals(((io.ofql.baselines.dql.DqlConfig) factory("dql").config("hopper-medium-v2", Map.of("steps", "20")))
                .steps(), 20);
    }
}
