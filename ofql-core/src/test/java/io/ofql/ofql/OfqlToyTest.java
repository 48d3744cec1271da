package io.ofql.ofql;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.AgentContext;
import io.ofql.agent.TrainLoop;
import io.ofql.data.DeviceSampler;
import io.ofql.data.ToyBandit;
import io.ofql.nn.Seeding;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.Test;

/**
 * The toy bandit with the paper's App. C budget (3 x 64, batches of 2048, 4000 steps): what one
 * step of the average-velocity policy produces by behaviour cloning alone. Each training takes
 * minutes on a CPU. With the Q term, the preset is checked through the command line
 * ({@code ToyPresetsTest} in ofql-experiments).
 */
public class OfqlToyTest {
    /** The targets: each cluster's share and the share near any centre. */
    private static final double MIN_CLUSTER = 0.15;
    private static final double MAX_CLUSTER = 0.35;
    private static final double MIN_NEAR = 0.9;

    /** Trains one seed with the toy preset and returns 10,000 plain one-step actions. */
    private static float[] oneStepActions(Map<String, String> overrides) {
        OfqlConfig config = new OfqlAgentFactory().config("toy-bandit", overrides);
        AgentContext context = new AgentContext(ToyBandit.OBSERVATION_DIM, ToyBandit.ACTION_DIM, new long[] {1}, Device.cpu());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                DeviceSampler sampler = new DeviceSampler(ToyBandit.generate(0), manager);
                OfqlAgent agent = new OfqlAgent(config, context)) {
            new TrainLoop(agent, sampler::sample, config.common().batchSize(), 1, Device.cpu())
                    .run(0, config.common().trainingSteps(), config.common().trainingSteps(), (step, metrics) -> { });
            Seeding.reseed(99, 0);
            return agent.act(manager.zeros(new Shape(1, 10_000, 1)), false, manager).toFloatArray();
        }
    }

    private static double near(Map<String, Double> fractions) {
        return fractions.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** BC only: every cluster is reached in one step; plain flow matching (ratio 1) is not. */
    @Test(groups = "slow")
    public void averageVelocityMakesOneStepBehaviourCloningWork() {
        Map<String, Double> meanFlow = ToyBandit.clusterFractions(oneStepActions(Map.of("eta", "0")));
        Map<String, Double> flowMatching = ToyBandit.clusterFractions(oneStepActions(Map.of("eta", "0", "flowRatio", "1")));
        for (Map.Entry<String, Double> cluster : meanFlow.entrySet()) {
            Assert.assertTrue(cluster.getValue() >= MIN_CLUSTER && cluster.getValue() <= MAX_CLUSTER,
                    "cluster " + cluster.getKey() + " gets " + cluster.getValue() + " of " + meanFlow);
        }
        Assert.assertTrue(near(meanFlow) > MIN_NEAR, "near a centre: " + meanFlow);
        Assert.assertTrue(near(flowMatching) < 0.5 * near(meanFlow), "flow ratio 1: " + flowMatching + " vs " + meanFlow);
    }
}
