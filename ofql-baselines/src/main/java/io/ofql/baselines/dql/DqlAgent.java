package io.ofql.baselines.dql;

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
 * Diffusion Q-Learning (Wang, Hunt and Zhou, ICLR 2023, arXiv 2208.06193, Algorithm 1) for S
 * independent seeds trained as one ensemble.
 *
 * <p>One update, per seed (shapes (S, B, ·); every line runs for all seeds at once):
 *
 * <pre>
 *   a'   = sample_T(theta_ema, s')                        K = 10 per state with the max-Q backup
 *   y    = r + gamma notDone min_i max_K Q'_i(s', a')      constant
 *   phi  = Adam(phi, clip(grad_phi sum_i mean (Q_i(s, a) - y)^2))
 *   L_bc = mean || eps - eps_theta(sqrt(ab_k) a + sqrt(1 - ab_k) eps, k, s) ||^2
 *   a~   = sample_T(theta, s)                              gradient through all T steps (Eq. 3)
 *   L    = L_bc + eta (-mean Q_a(s, a~) / sg(mean |Q_b(s, a~)|))   (a, b) swapped w.p. 1/2
 *   theta = Adam(theta, clip(grad_theta L))
 *   theta_ema = 0.995 theta_ema + 0.005 theta               every 5 steps from step 1000
 *   phi' = 0.005 phi + 0.995 phi'                           every step
 * </pre>
 *
 * <p>The actor's Q term reads the critics through a detached copy of their parameters, so the
 * actor's backward pass leaves no gradient on them (DJL does not zero gradients between passes).
 * Evaluation draws {@code candidates} actions per state from the online actor and samples one by
 * softmax(Q' * temperature) (DQL's {@code sample_action}).
 */
public final class DqlAgent implements Agent {
    private final DqlConfig config;
    private final AgentContext context;
    private final NDManager manager;
    private final DiffusionPolicy policy;
    private final ParameterBuffer actor;
    private final Adam actorAdam;
    private final NDArray emaActor;
    private final Ema ema;
    private final TwinCritic critic;

    public DqlAgent(DqlConfig config, AgentContext context) {
        this.config = config;
        this.context = context;
        manager = NDManager.newBaseManager(context.device());
        int s = context.members();
        TimeConditionedMlp network = new TimeConditionedMlp(s, context.observationDim(), context.actionDim(),
                config.timeEmbedding(), config.hidden(), config.layers());
        policy = new DiffusionPolicy(new VpSchedule(config.steps()), network, context.actionDim());
        actor = new ParameterBuffer(network.initialize(manager, context.seeds()));
        actorAdam = new Adam(actor, (float) config.actorLr());
        emaActor = actor.values().duplicate();
        ema = new Ema((float) config.emaDecay(), config.emaEvery(), config.emaStart());
        int[] hidden = new int[config.layers()];
        Arrays.fill(hidden, config.hidden());
        critic = new TwinCritic(manager, context.observationDim(), context.actionDim(), hidden, false,
                context.seeds(), (float) config.criticLr());
    }

    @Override
    public String algorithm() {
        return "dql";
    }

    @Override
    public DqlConfig config() {
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

    public DiffusionPolicy policy() {
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

        // Critic: the EMA actor's T-step sample at s' (no collector open, so no graph).
        int k = config.maxQBackup() ? config.maxQSamples() : 1;
        NDArray nextObs = TwinCritic.repeatBlocks(batch.nextObservations(), k);
        NDArray nextActions = policy.sample(ActorParts.constant(emaActor, m), nextObs);
        NDArray y = critic.backupTarget(batch.rewards(), batch.notDone(), (float) config.discount(), nextObs,
                nextActions, k);
        Map<String, NDArray> metrics = new LinkedHashMap<>(
                critic.update(batch.observations(), batch.actions(), y, gradNorm, m));

        // Actor: diffusion loss plus the normalised Q term through the whole reverse chain.
        NDArray criticParams = critic.online().detached(m);
        NDArray swap = QTerm.sampleSwap(m, seeds);
        actor.zeroGradient();
        NDArray bcLoss;
        NDArray qLoss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray params = actor.values();
            bcLoss = policy.loss(params, batch.observations(), batch.actions());
            NDArray sampled = policy.sample(params, batch.observations());
            qLoss = QTerm.loss(critic.q(criticParams, batch.observations(), sampled), swap);
            collector.backward(bcLoss.add(qLoss.mul(config.eta())).sum());
        }
        NDArray gradient = actor.gradient(m);
        NDArray actorNorm = GradClip.clipByGlobalNorm(gradient, seeds, gradNorm);
        actorAdam.step(gradient);

        // Targets.
        ema.update(emaActor, actor.values(), step);
        critic.softUpdate((float) config.tau());

        metrics.put("bc_loss", bcLoss.stopGradient());
        metrics.put("q_loss", qLoss.stopGradient());
        metrics.put("actor_grad_norm", actorNorm);
        return metrics;
    }

    @Override
    public NDArray act(NDArray observations, boolean selectByQ, NDManager m) {
        NDArray params = ActorParts.constant(actor.values(), m);
        return ActorParts.act(observations, m, selectByQ, config.candidates(), (float) config.temperature(), critic,
                obs -> policy.sample(params, obs));
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
