package io.ofql.baselines.cpql;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.Checkpoints;
import io.ofql.agent.Ema;
import io.ofql.agent.QTerm;
import io.ofql.agent.TwinCritic;
import io.ofql.baselines.ActorParts;
import io.ofql.baselines.TimeConditionedMlp;
import io.ofql.data.Batch;
import io.ofql.nn.Adam;
import io.ofql.nn.GradClip;
import io.ofql.nn.ParameterBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Consistency Policy Q-Learning (Chen, Li and Zhao, AAMAS 2024, arXiv 2310.06343, Algorithm 1)
 * for S independent seeds trained as one ensemble.
 *
 * <p>One update, per seed (shapes (S, B, ·); every line runs for all seeds at once):
 *
 * <pre>
 *   a'    = f_ema(sigma_max z, sigma_max, s')               one step (K per state with max-Q backup)
 *   y     = r + gamma notDone min_i max_K Q'_i(s', a')      constant
 *   phi   = Adam(phi, clip(grad_phi sum_i mean (Q_i(s, a) - y)^2))     critics with LayerNorm
 *   L_rec = mean lambda(sigma) || f_theta(a + sigma z, sigma, s) - a ||^2   (see ConsistencyPolicy)
 *   a~    = f_theta(sigma_max z, sigma_max, s)              differentiable, one forward pass
 *   L     = L_rec + eta (-mean Q_a(s, a~) / sg(mean |Q_b(s, a~)|))
 *   theta = Adam(theta, clip(grad_theta L))
 *   every 5 steps from step 1000:  theta_ema, phi' = 0.995 (theta_ema, phi') + 0.005 (theta, phi)
 * </pre>
 *
 * <p>Unlike DQL, the target critics move on the actor's EMA schedule, not by a soft update every
 * step (CPQL's code). Evaluation draws {@code candidates} one-step actions per state and samples
 * one by softmax(Q' * temperature).
 */
public final class CpqlAgent implements Agent {
    private final CpqlConfig config;
    private final AgentContext context;
    private final NDManager manager;
    private final ConsistencyPolicy policy;
    private final ParameterBuffer actor;
    private final Adam actorAdam;
    private final NDArray emaActor;
    private final Ema ema;
    private final TwinCritic critic;

    public CpqlAgent(CpqlConfig config, AgentContext context) {
        this.config = config;
        this.context = context;
        manager = NDManager.newBaseManager(context.device());
        TimeConditionedMlp network = new TimeConditionedMlp(context.members(), context.observationDim(),
                context.actionDim(), config.timeEmbedding(), config.hidden(), config.layers());
        policy = new ConsistencyPolicy(network, context.actionDim());
        actor = new ParameterBuffer(network.initialize(manager, context.seeds()));
        actorAdam = new Adam(actor, (float) config.actorLr());
        emaActor = actor.values().duplicate();
        ema = new Ema((float) config.emaDecay(), config.emaEvery(), config.emaStart());
        int[] hidden = new int[config.layers()];
        Arrays.fill(hidden, config.hidden());
        critic = new TwinCritic(manager, context.observationDim(), context.actionDim(), hidden, true,
                context.seeds(), (float) config.criticLr());
    }

    @Override
    public String algorithm() {
        return "cpql";
    }

    @Override
    public CpqlConfig config() {
        return config;
    }

    @Override
    public int members() {
        return context.members();
    }

    @Override
    public int observationDim() {
        return context.observationDim();
    }

    @Override
    public int actionDim() {
        return context.actionDim();
    }

    public ConsistencyPolicy policy() {
        return policy;
    }

    public ParameterBuffer actor() {
        return actor;
    }

    public TwinCritic critic() {
        return critic;
    }

    @Override
    public Map<String, NDArray> update(Batch batch, long step, NDManager m) {
        int seeds = members();
        float gradNorm = (float) config.gradNorm();

        // Critic: the EMA actor's one-step action at s'.
        int k = config.maxQBackup() ? config.maxQSamples() : 1;
        NDArray nextObs = TwinCritic.repeatBlocks(batch.nextObservations(), k);
        NDArray nextActions = policy.sample(ActorParts.constant(emaActor, m), nextObs, config.sampleSteps());
        NDArray y = critic.backupTarget(batch.rewards(), batch.notDone(), (float) config.discount(), nextObs,
                nextActions, k);
        Map<String, NDArray> metrics = new LinkedHashMap<>(
                critic.update(batch.observations(), batch.actions(), y, gradNorm, m));

        // Actor: weighted reconstruction plus the normalised Q term of a differentiable one-step sample.
        NDArray criticParams = critic.online().detached(m);
        NDArray swap = QTerm.sampleSwap(m, seeds);
        actor.zeroGradient();
        NDArray reconLoss;
        NDArray qLoss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray params = actor.values();
            reconLoss = policy.loss(params, batch.observations(), batch.actions());
            NDArray sampled = policy.sample(params, batch.observations(), config.sampleSteps());
            qLoss = QTerm.loss(critic.q(criticParams, batch.observations(), sampled), swap);
            collector.backward(reconLoss.add(qLoss.mul(config.eta())).sum());
        }
        NDArray gradient = actor.gradient(m);
        NDArray actorNorm = GradClip.clipByGlobalNorm(gradient, seeds, gradNorm);
        actorAdam.step(gradient);

        // Targets: actor and critics on one EMA schedule.
        ema.update(emaActor, actor.values(), step);
        ema.update(critic.target(), critic.online().values(), step);

        metrics.put("bc_loss", reconLoss.stopGradient());
        metrics.put("q_loss", qLoss.stopGradient());
        metrics.put("actor_grad_norm", actorNorm);
        return metrics;
    }

    @Override
    public NDArray act(NDArray observations, boolean selectByQ, NDManager m) {
        NDArray params = ActorParts.constant(actor.values(), m);
        return ActorParts.act(observations, m, selectByQ, config.candidates(), (float) config.temperature(), critic,
                obs -> policy.sample(params, obs, config.sampleSteps()));
    }

    @Override
    public void save(Path dir) throws IOException {
        Checkpoints.State state = ActorParts.newState(algorithm());
        state.putTrainable("actor", actor, actorAdam);
        state.put("actor.ema", emaActor);
        critic.save(state, "critic");
        Checkpoints.write(dir, state);
    }

    @Override
    public void load(Path dir) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            Checkpoints.State state = ActorParts.readState(dir, scratch, algorithm());
            state.restoreTrainable("actor", actor, actorAdam);
            state.restore("actor.ema", emaActor);
            critic.load(state, "critic");
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
