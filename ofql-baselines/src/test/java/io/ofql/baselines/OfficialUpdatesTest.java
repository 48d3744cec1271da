package io.ofql.baselines;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.baselines.fql.FqlAgent;
import io.ofql.config.AlgorithmConfig;
import io.ofql.nn.Seeding;
import java.util.HashMap;
import java.util.Map;
import org.testng.annotations.Test;

/** What FQL's and CPQL's official code do in an update that DQL's does not (docs/baselines.md). */
public class OfficialUpdatesTest {
    private static final int OBS = 3;
    private static final int ACT = 2;

    private static ActorCriticAgent<?> agent(String algo, String task, Map<String, String> overrides) {
        AgentFactory factory = AgentsTest.factory(algo);
        AlgorithmConfig config = factory.config(task, overrides);
        return (ActorCriticAgent<?>) factory.create(config, new AgentContext(OBS, ACT, new long[] {1, 2}, Device.cpu()));
    }

    private static Map<String, String> small(String algo, String... pairs) {
        Map<String, String> o = new HashMap<>(AgentsTest.small(algo));
        o.put("maxQBackup", "false");
        for (int i = 0; i < pairs.length; i += 2) {
            o.put(pairs[i], pairs[i + 1]);
        }
        return o;
    }

    /** One update on the same batch and random stream for every agent given. */
    private static void step(NDManager base, ActorCriticAgent<?>... agents) {
        for (ActorCriticAgent<?> agent : agents) {
            Seeding.reseed(11, 0);
            try (NDManager m = base.newSubManager()) {
                agent.update(AgentsTest.batch(m, agent.members()), 0, m);
            }
        }
    }

    private static float[] critic(ActorCriticAgent<?> agent) {
        return agent.critic().online().values().toFloatArray();
    }

    /** FQL's code: 4 x 512 policies and critics; LayerNorm in the critics only. */
    @Test
    public void fqlHasItsOfficialNetworks() {
        try (ActorCriticAgent<?> fql = agent("fql", "hopper-medium-v2", Map.of())) {
            long hidden = 3L * (512 * 512 + 512);
            long flow = (OBS + ACT + 1) * 512 + 512 + hidden + 512 * ACT + ACT;
            long oneStep = (OBS + ACT) * 512 + 512 + hidden + 512 * ACT + ACT;
            assertEquals(((FqlAgent) fql).policies().parametersPerMember(), flow + oneStep, "no LayerNorm in the policies");
            assertTrue(fql.critic().network().hasLayerNorm());
            long norms = 4L * 2 * 512;
            assertEquals(fql.critic().network().parametersPerMember(), (OBS + ACT) * 512 + 512 + hidden + 512 + 1 + norms);
        }
        try (ActorCriticAgent<?> plain = agent("fql", "toy-bandit", small("fql", "criticLayerNorm", "false"))) {
            assertFalse(plain.critic().network().hasLayerNorm());
        }
    }

    /**
     * The head aggregation reaches the critic's target and nothing else: min and mean give other
     * critics unless the two target heads are made equal, and the same policies either way (the
     * policies step on the critics before their step, as in FQL's one-optimiser update).
     */
    @Test
    public void fqlTargetAggregatesHeadsAndPoliciesSeeTheCriticsBeforeTheirStep() {
        try (NDManager base = NDManager.newBaseManager(Device.cpu());
                ActorCriticAgent<?> mean = agent("fql", "toy-bandit", small("fql", "qAggregation", "mean"));
                ActorCriticAgent<?> min = agent("fql", "toy-bandit", small("fql", "qAggregation", "min"));
                ActorCriticAgent<?> equalMean = agent("fql", "toy-bandit", small("fql", "qAggregation", "mean"));
                ActorCriticAgent<?> equalMin = agent("fql", "toy-bandit", small("fql", "qAggregation", "min"))) {
            step(base, mean, min);
            assertNotEquals(critic(mean), critic(min));
            assertEquals(mean.actor().values().toFloatArray(), min.actor().values().toFloatArray());
            for (ActorCriticAgent<?> a : new ActorCriticAgent<?>[] {equalMean, equalMin}) {
                NDArray target = a.critic().target();
                for (int seed = 0; seed < 2; seed++) {
                    target.set(new NDIndex(Integer.toString(2 * seed + 1)), target.get(2 * seed));
                }
            }
            step(base, equalMean, equalMin);
            assertEquals(critic(equalMean), critic(equalMin));
        }
    }

    /**
     * CPQL's code samples the critic's next actions from the online actor: moving the EMA actor
     * leaves the critic's step unchanged, where DQL's rule (emaNextActions) would follow it.
     */
    @Test
    public void cpqlCriticTargetUsesTheOnlineActor() {
        for (boolean emaNextActions : new boolean[] {false, true}) {
            Map<String, String> o = small("cpql", "emaNextActions", Boolean.toString(emaNextActions));
            try (NDManager base = NDManager.newBaseManager(Device.cpu());
                    ActorCriticAgent<?> reference = agent("cpql", "toy-bandit", o);
                    ActorCriticAgent<?> moved = agent("cpql", "toy-bandit", o)) {
                NDArray ema = ((GenerativeQAgent<?>) moved).emaActor();
                ema.addi(base.randomNormal(ema.getShape()).mul(0.5f));
                step(base, reference, moved);
                if (emaNextActions) {
                    assertNotEquals(critic(moved), critic(reference));
                } else {
                    assertEquals(critic(moved), critic(reference));
                }
            }
        }
    }
}
