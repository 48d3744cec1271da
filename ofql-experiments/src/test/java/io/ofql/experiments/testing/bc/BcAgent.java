package io.ofql.experiments.testing.bc;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.agent.ActorParts;
import io.ofql.agent.AgentContext;
import io.ofql.data.Batch;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.Scalars;
import io.ofql.nn.Seeding;
import java.util.Map;

/**
 * Deterministic behaviour cloning on the shared skeleton with the critic switched off:
 * a = tanh(MLP(s)), L = mean ||a - a_data||^2 per member, one clipped Adam step per update. The
 * example of docs/extending.md, "Adding an algorithm".
 */
public final class BcAgent extends ActorCriticAgent<BcConfig> {
    /** This network kind's initialisation stream (io.ofql.nn.Seeding). */
    private static final long SALT = 0x4243L;
    private final EnsembleMlp network;

    public BcAgent(BcConfig config, AgentContext context) {
        this(config, context, EnsembleMlp.builder().setMembers(new Shape(context.members()))
                .setInput(context.observationDim()).setHidden(config.common().widths())
                .setOutput(context.actionDim()).build());
    }

    private BcAgent(BcConfig config, AgentContext context, EnsembleMlp network) {
        super(config, context, "actor", false, false,
                m -> network.initialize(m, Seeding.networkSeeds(context.seeds(), SALT, 0)));
        this.network = network;
    }

    @Override
    public String algorithm() {
        return "bc";
    }

    @Override
    public Map<String, NDArray> update(Batch batch, long step, NDManager m) {
        actor.zeroGradient();
        NDArray loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            // Views of the buffer owned by the step's manager, made inside the collector so that
            // autograd links them to the buffer.
            EnsembleMlp.Layers online = network.layers(actor.values(), m);
            NDArray error = network.forward(online, batch.observations()).tanh().sub(batch.actions());
            Shape shape = error.getShape();
            loss = Scalars.dividedBy(error.square().sum(new int[] {1, 2}), shape.get(1) * shape.get(2));
            collector.backward(loss.sum());
        }
        NDArray norm = stepActor(m);
        return Map.of("bc_loss", loss.stopGradient(), "actor_grad_norm", norm);
    }

    @Override
    public NDArray act(NDArray observations, boolean selectByQ, NDManager m) {
        NDArray obs = observations.get(m, new NDIndex("..."));
        return network.forward(ActorParts.constant(actor.values(), m), obs).tanh();
    }
}
