package io.ofql.ofql;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ofql.InputException;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.TrainLoop;
import io.ofql.data.Batch;
import io.ofql.data.DeviceSampler;
import io.ofql.data.RewardTransform;
import io.ofql.data.ToyBandit;
import io.ofql.nn.Dual;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.Seeding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.testng.Assert;
import org.testng.annotations.Test;

public class OfqlAgentTest {

    /** A small, fast configuration whose EMA schedule is active within a few steps. */
    private static OfqlConfig small() {
        return small(Map.of());
    }

    /** {@link #small()} with further overrides. */
    private static OfqlConfig small(Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "hidden", "32", "batchSize", "64", "embedding", "16", "emaStart", "3", "emaEvery", "2",
                "gradNorm", "1", "candidates", "8", "eta", "0.5"));
        overrides.putAll(more);
        return new OfqlAgentFactory().config("toy-bandit", overrides);
    }

    private static OfqlAgent agent(OfqlConfig config, long... seeds) {
        return new OfqlAgent(config, new AgentContext(ToyBandit.OBSERVATION_DIM, ToyBandit.ACTION_DIM, seeds, Device.cpu()));
    }

    /** Every metric at every step, flattened, plus the final parameters. */
    private static List<float[]> run(OfqlAgent agent, TrainLoop.BatchSource source, long from, long to) {
        List<float[]> trace = new ArrayList<>();
        new TrainLoop(agent, source, agent.config().common().batchSize(), 5, Device.cpu())
                .run(from, to, 1, (step, metrics) -> metrics.values().forEach(trace::add));
        return trace;
    }

    private static float[] memberSlice(NDArray params, int member) {
        return params.get("{}", member).toFloatArray();
    }

    /** MeanFlow's weight 1 / (e + 1e-3)^p, by hand, and a constant for the backward pass. */
    @Test
    public void adaptiveWeightIsTheDetachedMeanFlowWeight() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray error = manager.create(new double[] {0, 1, 3});
            error.setRequiresGradient(true);
            double[] p1 = OfqlAgent.adaptiveWeight(error, 1).toDoubleArray();
            double[] half = OfqlAgent.adaptiveWeight(error, 0.5).toDoubleArray();
            double[] e = {0, 1, 3};
            for (int i = 0; i < e.length; i++) {
                Assert.assertEquals(p1[i], 1 / (e[i] + 1e-3), 1e-6 / (e[i] + 1e-3));
                Assert.assertEquals(half[i], 1 / Math.sqrt(e[i] + 1e-3), 1e-6 / Math.sqrt(e[i] + 1e-3));
            }
            Assert.assertFalse(OfqlAgent.adaptiveWeight(error, 1).hasGradient());
        }
    }

    @Test
    public void policyJvpEqualsCentralDifference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AverageVelocityPolicy policy = new AverageVelocityPolicy(2, 3, 2, 32, 3, 16);
            NDArray buffer = policy.network().initialize(manager, new long[] {4, 5}).toType(DataType.FLOAT64, false);
            EnsembleMlp.Layers params = policy.layers(buffer, manager);
            SplittableRandom random = new SplittableRandom(1);
            double[] values = new double[2 * 6 * 7];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble(-1, 1);
            }
            NDArray all = manager.create(values, new Shape(2, 6, 7));
            NDArray at = all.get(":, :, 0:2");
            NDArray v = all.get(":, :, 2:4");
            NDArray s = all.get(":, :, 4:7");
            NDArray t = manager.create(new double[] {0.9, 0.3, 0.5, 0.99, 0.7, 0.2, 0.4, 0.8, 0.65, 0.1, 0.55, 0.35}, new Shape(2, 6, 1));
            NDArray r = t.mul(0.4);
            Dual jvp = policy.velocityTangent(params, at, s, t, r, v);
            double h = 1e-6;
            NDArray plus = policy.velocity(params, at.add(v.mul(h)), s, t.add(h), r);
            NDArray minus = policy.velocity(params, at.sub(v.mul(h)), s, t.sub(h), r);
            double[] fd = plus.sub(minus).div(2 * h).toDoubleArray();
            double[] exact = jvp.tangent().toDoubleArray();
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < fd.length; i++) {
                diff += (exact[i] - fd[i]) * (exact[i] - fd[i]);
                norm += fd[i] * fd[i];
            }
            Assert.assertTrue(Math.sqrt(diff / norm) < 1e-3, "relative error " + Math.sqrt(diff / norm));
            Assert.assertEquals(jvp.value().toDoubleArray(), policy.velocity(params, at, s, t, r).toDoubleArray(), 1e-12);
        }
    }

    /**
     * S = 3: changing seed 1's rewards changes only seed 1's networks; the same seeds run twice give
     * identical numbers; different seeds start and end differently.
     */
    @Test
    public void ensembleMembersLearnIndependentlyAndReproducibly() {
        OfqlConfig config = small();
        try (NDManager data = NDManager.newBaseManager(Device.cpu());
                DeviceSampler sampler = new DeviceSampler(ToyBandit.generate(3), data);
                OfqlAgent a = agent(config, 11, 12, 13);
                OfqlAgent b = agent(config, 11, 12, 13);
                OfqlAgent c = agent(config, 11, 12, 13)) {
            float[] start0 = memberSlice(a.policyParameters(), 0);
            Assert.assertNotEquals(memberSlice(a.policyParameters(), 1), start0);
            TrainLoop.BatchSource perturbed = (m, members, batchSize) -> {
                Batch batch = sampler.sample(m, members, batchSize);
                NDArray shift = m.create(new float[] {0f, 3f, 0f}, new Shape(3, 1, 1));
                return new Batch(batch.observations(), batch.actions(), batch.rewards().add(shift),
                        batch.nextObservations(), batch.notDone());
            };
            List<float[]> traceA = run(a, sampler::sample, 0, 12);
            run(b, perturbed, 0, 12);
            List<float[]> traceC = run(c, sampler::sample, 0, 12);
            Assert.assertEquals(traceA.size(), traceC.size());
            for (int i = 0; i < traceA.size(); i++) {
                Assert.assertEquals(traceC.get(i), traceA.get(i), "same seeds, same numbers (entry " + i + ")");
            }
            for (int member = 0; member < 3; member++) {
                boolean changed = member == 1;
                Assert.assertEquals(!java.util.Arrays.equals(memberSlice(b.policyParameters(), member),
                        memberSlice(a.policyParameters(), member)), changed, "policy of member " + member);
                Assert.assertEquals(!java.util.Arrays.equals(memberSlice(b.emaPolicyParameters(), member),
                        memberSlice(a.emaPolicyParameters(), member)), changed, "EMA policy of member " + member);
                Assert.assertEquals(!java.util.Arrays.equals(memberSlice(b.critic().online().values(), 2 * member + 1),
                        memberSlice(a.critic().online().values(), 2 * member + 1)), changed, "critic of member " + member);
            }
            Assert.assertNotEquals(memberSlice(a.policyParameters(), 0), start0, "training moves the policy");
            Assert.assertNotEquals(memberSlice(a.policyParameters(), 1), memberSlice(a.policyParameters(), 0));
        }
    }

    /** Save at step k, load into a fresh agent, continue: the numbers of an unbroken run. */
    @Test
    public void checkpointResumeReproducesAnUnbrokenRun() throws Exception {
        OfqlConfig config = small();
        Path dir = Files.createTempDirectory("ofql-ckpt").resolve("step-6");
        try (NDManager data = NDManager.newBaseManager(Device.cpu());
                DeviceSampler sampler = new DeviceSampler(ToyBandit.generate(4), data)) {
            List<float[]> unbroken;
            float[] finalParams;
            float[] finalEma;
            try (OfqlAgent agent = agent(config, 21, 22)) {
                unbroken = run(agent, sampler::sample, 0, 10);
                finalParams = agent.policyParameters().toFloatArray();
                finalEma = agent.emaPolicyParameters().toFloatArray();
            }
            List<float[]> resumed;
            try (OfqlAgent first = agent(config, 21, 22)) {
                resumed = run(first, sampler::sample, 0, 6);
                first.save(dir);
            }
            try (OfqlAgent second = agent(config, 21, 22)) {
                second.load(dir);
                resumed.addAll(run(second, sampler::sample, 6, 10));
                Assert.assertEquals(second.policyParameters().toFloatArray(), finalParams);
                Assert.assertEquals(second.emaPolicyParameters().toFloatArray(), finalEma);
            }
            Assert.assertEquals(resumed.size(), unbroken.size());
            for (int i = 0; i < unbroken.size(); i++) {
                Assert.assertEquals(resumed.get(i), unbroken.get(i), "metric entry " + i);
            }
            try (OfqlAgent other = agent(config, 21, 22, 23)) {
                Assert.expectThrows(InputException.class, () -> other.load(dir));
            }
        }
    }

    /** The agent's long-lived arrays and the caller's managers hold the same count after many steps. */
    /** Actions at fixed random states after reseeding, both with and without selection by Q. */
    private static float[] act(OfqlAgent agent, boolean selectByQ) {
        Seeding.reseed(11, 0);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray observations = m.randomNormal(new Shape(2, 6, ToyBandit.OBSERVATION_DIM));
            return agent.act(observations, selectByQ, m).toFloatArray();
        }
    }

    /**
     * The paper's protocol acts with the EMA policy, the online one acts under actingPolicy online:
     * the expectation is an agent whose online parameters are a copy of the EMA ones, acting online.
     */
    @Test
    public void actsWithThePolicyTheProtocolNames() {
        Assert.assertEquals(new OfqlAgentFactory().config("hopper-medium-v2", Map.of()).common().selection().actingPolicy(),
                io.ofql.config.ActingPolicy.EMA, "the paper's protocol (CleanDiffuser's use_ema)");
        // CleanDiffuser rescales MuJoCo rewards only.
        for (String task : List.of("hopper-medium-v2", "antmaze-large-play-v2", "kitchen-partial-v0", "toy-bandit")) {
            Assert.assertEquals(new OfqlAgentFactory().config(task, Map.of()).common().selection().qScale(),
                    task.startsWith("hopper") ? io.ofql.config.QScale.RETURN_RANGE : io.ofql.config.QScale.NONE, task);
        }
        try (OfqlAgent byEma = agent(small(), 1, 2);
                OfqlAgent online = agent(small(Map.of("actingPolicy", "online")), 1, 2);
                OfqlAgent emaCopy = agent(small(Map.of("actingPolicy", "online")), 1, 2)) {
            // Same seeds, so the same initial networks and critics; only the EMA copy moves away.
            io.ofql.nn.Scalars.timesInPlace(byEma.emaPolicyParameters(), 0.5);
            emaCopy.actor().copyFrom(byEma.emaPolicyParameters());
            for (boolean select : new boolean[] {false, true}) {
                Assert.assertEquals(act(byEma, select), act(emaCopy, select), "selectByQ " + select);
                Assert.assertNotEquals(act(byEma, select), act(online, select), "selectByQ " + select);
            }
            Assert.assertEquals(byEma.policyParameters().toFloatArray(), online.policyParameters().toFloatArray());
        }
    }

    /** The Q scale factor multiplies the temperature: factor 2 at temperature 50 selects as factor 1 at 100. */
    @Test
    public void qScaleMultipliesTheTemperature() {
        OfqlConfig config = small(Map.of("temperature", "50"));
        try (OfqlAgent scaled = new OfqlAgent(config, new AgentContext(ToyBandit.OBSERVATION_DIM, ToyBandit.ACTION_DIM,
                        new long[] {1, 2}, Device.cpu(), 2));
                OfqlAgent doubled = agent(small(Map.of("temperature", "100")), 1, 2);
                OfqlAgent plain = agent(config, 1, 2)) {
            Assert.assertEquals(act(scaled, true), act(doubled, true));
            Assert.assertEquals(act(scaled, false), act(plain, false), "the plain action does not select");
        }
    }

    @Test
    public void trainingAndActingLeakNoArrays() {
        OfqlConfig config = small(Map.of("maxQBackup", "true", "maxQSamples", "3"));
        try (NDManager data = NDManager.newBaseManager(Device.cpu());
                DeviceSampler sampler = new DeviceSampler(ToyBandit.generate(5), data);
                OfqlAgent agent = agent(config, 1, 2)) {
            run(agent, sampler::sample, 0, 2);
            int agentArrays = agent.manager().getManagedArrays().size();
            int dataArrays = data.getManagedArrays().size();
            run(agent, sampler::sample, 2, 30);
            Assert.assertEquals(agent.manager().getManagedArrays().size(), agentArrays);
            Assert.assertEquals(data.getManagedArrays().size(), dataArrays);
            try (NDManager caller = NDManager.newBaseManager(Device.cpu())) {
                NDArray observations = caller.zeros(new Shape(2, 5, 1));
                for (boolean select : new boolean[] {false, true}) {
                    try (NDManager results = caller.newSubManager()) {
                        NDArray actions = agent.act(observations, select, results);
                        Assert.assertEquals(actions.getShape(), new Shape(2, 5, 2));
                        Assert.assertTrue(actions.abs().max().getFloat() <= 1f);
                        Assert.assertEquals(results.getManagedArrays().size(), 3, "the actions and this test's two checks");
                    }
                }
                Assert.assertEquals(caller.getManagedArrays().size(), 1, "nothing attached to the observations' manager");
            }
            Assert.assertEquals(agent.manager().getManagedArrays().size(), agentArrays);
        }
    }

    @Test
    public void factoryIsRegisteredAndResolvesPresetsAndOverrides() {
        AgentFactory factory = null;
        for (AgentFactory candidate : ServiceLoader.load(AgentFactory.class)) {
            if (candidate.algorithm().equals("ofql")) {
                factory = candidate;
            }
        }
        Assert.assertNotNull(factory, "ofql is registered with ServiceLoader");
        OfqlConfig hopper = (OfqlConfig) factory.config("hopper-medium-expert-v2", Map.of("eta", "0.3"));
        Assert.assertEquals(hopper.common().eta(), 0.3);
        Assert.assertEquals(hopper.common().gradNorm(), 5.0);
        Assert.assertEquals(hopper.common().selection().temperature(), 8.0);
        Assert.assertFalse(hopper.common().maxQBackup());
        OfqlConfig antmaze = (OfqlConfig) factory.config("antmaze-large-play-v0", Map.of());
        Assert.assertTrue(antmaze.common().maxQBackup());
        Assert.assertEquals(antmaze.common().reward(), RewardTransform.ANTMAZE);
        Assert.assertEquals(antmaze.common().trainingSteps(), 1_000_000L);
        Assert.assertEquals(antmaze.common().selection().temperature(), 5.0);
        OfqlConfig toy = (OfqlConfig) factory.config("toy-bandit", Map.of());
        Assert.assertEquals(toy.common().hidden(), 64);
        Assert.assertEquals(toy.common().batchSize(), 2048);
        Assert.assertEquals(toy.flowRatio(), 0.5);
        Assert.assertEquals(toy.timeMean(), -0.4);
        AgentFactory ofql = factory;
        InputException bad = Assert.expectThrows(InputException.class,
                () -> ofql.config("hopper-medium-v2", Map.of("flowRatio", "1.5")));
        Assert.assertTrue(bad.getMessage().contains("flowRatio must be in [0, 1], got 1.5"), bad.getMessage());
        Assert.expectThrows(InputException.class, () -> ofql.config("toy-bandit", Map.of("reward", "double")));
    }

    @Test
    public void metricsHaveOneValuePerMember() {
        for (String power : new String[] {"0", "1"}) {
            try (NDManager data = NDManager.newBaseManager(Device.cpu());
                    DeviceSampler sampler = new DeviceSampler(ToyBandit.generate(6), data);
                    OfqlAgent agent = agent(small(Map.of("adaptivePower", power)), 1, 2, 3)) {
                Seeding.reseed(0, 0);
                try (NDManager step = data.newSubManager()) {
                    Map<String, NDArray> metrics = agent.update(sampler.sample(step, 3, 64), 0, step);
                    Assert.assertEquals(metrics.keySet(), java.util.Set.of("critic_loss", "q_mean", "bc_loss", "q_loss",
                            "actor_loss", "bc_grad_norm", "q_grad_norm", "bc_grad_signal", "q_grad_signal", "clip_share", "onestep_error"));
                    for (NDArray metric : metrics.values()) {
                        Assert.assertEquals(metric.getShape(), new Shape(3));
                    }
                    float[] bc = metrics.get("bc_loss").toFloatArray();
                    float[] q = metrics.get("q_loss").toFloatArray();
                    float[] actor = metrics.get("actor_loss").toFloatArray();
                    float[] clipped = metrics.get("clip_share").toFloatArray();
                    float[] onestep = metrics.get("onestep_error").toFloatArray();
                    for (int s = 0; s < 3; s++) {
                        Assert.assertTrue(clipped[s] >= 0 && clipped[s] <= 1, "clip_share " + clipped[s]);
                        Assert.assertTrue(onestep[s] > 0, "onestep_error " + onestep[s]);
                        float fit = actor[s] - 0.5f * q[s];
                        if (power.equals("0")) {
                            Assert.assertEquals(fit, bc[s], 1e-5);
                        } else {
                            // Each sample's weighted error e / (e + c) lies in [0, 1), far below bc_loss.
                            Assert.assertTrue(fit >= 0 && fit < 1 && bc[s] > 1, "fit " + fit + ", bc " + bc[s]);
                        }
                    }
                }
            }
        }
    }

    /**
     * The Q term reaches the policy with the weight the config states: on the same batch and
     * randomness, the BC part's gradient does not depend on eta, the Q part's grows linearly in it
     * (so their ratio does), and eta = 0 leaves no Q gradient at all.
     */
    @Test
    public void qGradientScalesWithEta() {
        double[] etas = {0, 0.1, 0.5, 2};
        float[][] bcNorms = new float[etas.length][];
        float[][] qNorms = new float[etas.length][];
        for (int i = 0; i < etas.length; i++) {
            try (NDManager data = NDManager.newBaseManager(Device.cpu());
                    DeviceSampler sampler = new DeviceSampler(ToyBandit.generate(6), data);
                    OfqlAgent agent = agent(small(Map.of("eta", Double.toString(etas[i]))),
                            1, 2)) {
                Seeding.reseed(0, 0);
                try (NDManager step = data.newSubManager()) {
                    Map<String, NDArray> metrics = agent.update(sampler.sample(step, 2, 64), 0, step);
                    bcNorms[i] = metrics.get("bc_grad_norm").toFloatArray();
                    qNorms[i] = metrics.get("q_grad_norm").toFloatArray();
                }
            }
        }
        for (int s = 0; s < 2; s++) {
            Assert.assertEquals(qNorms[0][s], 0f, 0f);
            for (int i = 1; i < etas.length; i++) {
                Assert.assertEquals(bcNorms[i][s], bcNorms[0][s], 1e-5 * bcNorms[0][s]);
                double perUnitEta = qNorms[i][s] / etas[i];
                Assert.assertTrue(qNorms[i][s] > 0);
                Assert.assertEquals(perUnitEta, qNorms[1][s] / etas[1], 1e-4 * perUnitEta, "seed " + s + " eta " + etas[i]);
            }
        }
    }
}
