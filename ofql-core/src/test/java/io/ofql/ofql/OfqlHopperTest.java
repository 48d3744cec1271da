package io.ofql.ofql;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.AgentContext;
import io.ofql.agent.TrainLoop;
import io.ofql.data.D4rlReader;
import io.ofql.data.DeviceSampler;
import io.ofql.data.ObservationNormalizer;
import io.ofql.data.Transitions;
import io.ofql.nn.Seeding;
import io.ofql.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.Test;

/** OFQL on a real MuJoCo recording (CS285 Hopper expert, 2,000 transitions): learning starts. */
public class OfqlHopperTest {

    /** Mean squared distance between the plain one-step actions and the data's, on the data's states. */
    private static double bcError(OfqlAgent agent, Transitions data, int n) {
        Seeding.reseed(123, 0);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] obs = new float[n * data.obsDim()];
            System.arraycopy(data.observations(), 0, obs, 0, obs.length);
            NDArray actions = agent.act(m.create(obs, new Shape(1, n, data.obsDim())), false, m);
            NDArray target = m.create(java.util.Arrays.copyOf(data.actions(), n * data.actDim()), new Shape(1, n, data.actDim()));
            return actions.sub(target).square().mean().getFloat();
        }
    }

    @Test(groups = "slow")
    public void criticLossAndBehaviourCloningErrorFall() {
        Transitions raw = Transitions.from(D4rlReader.read(SharedData.cs285("hopper-expert-cs285.hdf5")));
        Transitions data = ObservationNormalizer.fit(raw).apply(raw);
        // The EMA policy acts; start it early so that it follows the policy within this short run.
        OfqlConfig config = new OfqlAgentFactory().config("hopper-medium-expert-v2",
                Map.of("emaStart", "0", "emaEvery", "1", "emaDecay", "0.99"));
        AgentContext context = new AgentContext(data.obsDim(), data.actDim(), new long[] {1}, Device.cpu());
        List<Float> criticLoss = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                DeviceSampler sampler = new DeviceSampler(data, manager);
                OfqlAgent agent = new OfqlAgent(config, context)) {
            double before = bcError(agent, data, 2000);
            new TrainLoop(agent, sampler::sample, config.common().batchSize(), 7, Device.cpu())
                    .run(0, 3000, 10, (step, metrics) -> criticLoss.add(metrics.get("critic_loss")[0]));
            double after = bcError(agent, data, 2000);
            double early = criticLoss.subList(0, 10).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            int k = criticLoss.size();
            double late = criticLoss.subList(k - 10, k).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            Assert.assertTrue(late < 0.5 * early, "critic loss " + early + " -> " + late);
            Assert.assertTrue(after < 0.5 * before, "BC error " + before + " -> " + after);
        }
    }
}
