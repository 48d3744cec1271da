package io.ofql.ofql;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.AgentContext;
import io.ofql.agent.TrainLoop;
import io.ofql.collect.Behaviour;
import io.ofql.collect.CollectedData;
import io.ofql.collect.Collector;
import io.ofql.collect.DatasetWriter;
import io.ofql.data.D4rlReader;
import io.ofql.data.DeviceSampler;
import io.ofql.data.ObservationNormalizer;
import io.ofql.data.Transitions;
import io.ofql.env.EnvSpec;
import io.ofql.eval.ExpertPolicy;
import io.ofql.nn.Seeding;
import io.ofql.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.Test;

/**
 * OFQL's Q term on a small collected Hopper dataset in which 30% of the actions are uniformly
 * random, so that the Q term has something to choose: with the hopper preset's eta, the one-step
 * actions score higher under the learned critic than those of the same training with eta = 0,
 * and stay as close to the data's actions (they do not leave its support).
 */
public class OfqlQTermTest {
    private static final int STEPS = 3000;
    private static final int PROBE = 1000;

    @Test(groups = "slow")
    public void qTermMovesOneStepActionsToHigherQInsideTheData() throws Exception {
        ExpertPolicy expert = ExpertPolicy.load(SharedData.cs285("hopper-expert-policy.hdf5"));
        CollectedData collected = Collector.builder(EnvSpec.HOPPER, 20_000).optPolicy(expert)
                .optBehaviour(new Behaviour(0.1, 0.3)).optSeed(0).optEnvs(2).build().collect();
        Path file = Files.createTempDirectory("qterm").resolve("hopper-p30.hdf5");
        DatasetWriter.write(file, collected, Map.of());
        Transitions raw = Transitions.from(D4rlReader.read(file));
        Transitions data = ObservationNormalizer.fit(raw).apply(raw);
        OfqlConfig preset = new OfqlAgentFactory().config("hopper-medium-v2", Map.of());
        Assert.assertTrue(preset.common().eta() > 0);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                DeviceSampler sampler = new DeviceSampler(data, m);
                OfqlAgent withQ = train(preset, data, sampler);
                OfqlAgent bcOnly = train(new OfqlAgentFactory().config("hopper-medium-v2", Map.of("eta", "0")), data, sampler)) {
            NDArray states = m.create(Arrays.copyOf(data.observations(), PROBE * data.obsDim()),
                    new Shape(1, PROBE, data.obsDim()));
            NDArray dataActions = m.create(Arrays.copyOf(data.actions(), PROBE * data.actDim()),
                    new Shape(1, PROBE, data.actDim()));
            Seeding.reseed(99, 0);
            NDArray aQ = withQ.act(states, false, m);
            Seeding.reseed(99, 0);
            NDArray aBc = bcOnly.act(states, false, m);
            // One critic judges both: the one trained beside the Q term.
            double qWithQ = withQ.critic().targetMinQ(states, aQ).mean().getFloat();
            double qBcOnly = withQ.critic().targetMinQ(states, aBc).mean().getFloat();
            double qData = withQ.critic().targetMinQ(states, dataActions).mean().getFloat();
            Assert.assertTrue(qWithQ > qBcOnly && qWithQ > qData,
                    "Q of one-step actions: with Q " + qWithQ + ", BC only " + qBcOnly + ", data " + qData);
            double distWithQ = aQ.sub(dataActions).square().sum(new int[] {2}).mean().getFloat();
            double distBcOnly = aBc.sub(dataActions).square().sum(new int[] {2}).mean().getFloat();
            // A uniform random action u in the box is E||u - a||^2 = A / 3 + ||a||^2 away from a.
            double random = data.actDim() / 3.0 + dataActions.square().sum(new int[] {2}).mean().getFloat();
            Assert.assertTrue(distWithQ < 1.5 * distBcOnly && distWithQ < 0.75 * random,
                    "distance to the data's actions: with Q " + distWithQ + ", BC only " + distBcOnly
                            + ", uniform random " + random);
        }
    }

    private static OfqlAgent train(OfqlConfig config, Transitions data, DeviceSampler sampler) {
        OfqlAgent agent = new OfqlAgent(config, new AgentContext(data.obsDim(), data.actDim(), new long[] {3}, Device.cpu()));
        new TrainLoop(agent, sampler::sample, config.common().batchSize(), 3, Device.cpu()).run(0, STEPS, STEPS, (s, metrics) -> {});
        return agent;
    }
}
