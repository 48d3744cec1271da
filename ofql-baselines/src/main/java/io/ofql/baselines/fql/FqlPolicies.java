package io.ofql.baselines.fql;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.Scalars;
import java.util.Arrays;

/**
 * FQL's two policies for S members, in one (S, P) parameter buffer [flow | one-step] so that one
 * optimiser step covers both (FQL trains them with one optimiser on the sum of their losses).
 *
 * <p>Park, Li and Levine (2025), Sec. 4, Algorithm 1. Noise z ~ N(0, I) sits at t = 0, the
 * action at t = 1:
 *
 * <pre>
 *   flow velocity  v_theta(s, x_t, t) = MLP([s, x_t, t])
 *   flow BC        x_t = (1 - t) z + t a,  t ~ U[0, 1],  L_flow = mean || v_theta(s, x_t, t) - (a - z) ||^2
 *   flow(s, z)     x_0 = z,  x_{i+1} = x_i + v_theta(s, x_i, i / n) / n,  i = 0..n-1;  clamp(x_n, -1, 1)
 *   one-step       mu_omega(s, z) = MLP([s, z])      (clamped to [-1, 1] where it acts)
 * </pre>
 *
 * Shapes: observations (S, B, obs), actions and noise (S, B, act), losses (S). Results belong to
 * the first operand's manager.
 */
public final class FqlPolicies {
    private final EnsembleMlp flow;
    private final EnsembleMlp oneStep;
    private final int flowSteps;
    private final int actionDim;

    public FqlPolicies(int members, int observationDim, int actionDim, int hidden, int layers, int flowSteps) {
        int[] widths = new int[layers];
        Arrays.fill(widths, hidden);
        flow = EnsembleMlp.builder().setMembers(new Shape(members)).setInput(observationDim + actionDim + 1)
                .setHidden(widths).setOutput(actionDim).build();
        oneStep = EnsembleMlp.builder().setMembers(new Shape(members)).setInput(observationDim + actionDim)
                .setHidden(widths).setOutput(actionDim).build();
        this.flowSteps = flowSteps;
        this.actionDim = actionDim;
    }

    public long parametersPerMember() {
        return flow.parametersPerMember() + oneStep.parametersPerMember();
    }

    public int flowSteps() {
        return flowSteps;
    }

    /** A fresh (S, P) buffer; each network from its own stream of the member's seed. */
    public NDArray initialize(NDManager manager, long[] memberSeeds) {
        return ActorCriticAgent.initializeFused(manager, memberSeeds, 0xC2B2AE3D27D4EB4FL, 3, flow, oneStep);
    }

    /** The flow-matching BC loss per member. */
    public NDArray flowLoss(NDArray params, NDArray observations, NDArray actions) {
        NDManager m = actions.getManager();
        DataType type = actions.getDataType();
        NDArray z = m.randomNormal(actions.getShape(), type);
        NDArray t = m.randomUniform(0f, 1f, actions.getShape().slice(0, 2).add(1), type);
        NDArray xt = z.mul(Scalars.oneMinus(t)).add(actions.mul(t));
        NDArray target = actions.sub(z);
        Shape shape = actions.getShape();
        return Scalars.dividedBy(velocity(flowLayers(params, m), observations, xt, t).sub(target).square().sum(new int[] {1, 2}),
                shape.get(1) * shape.get(2));
    }

    /** flow(s, z): n Euler steps from z, clamped. */
    public NDArray flowActions(NDArray params, NDArray observations, NDArray z) {
        NDManager m = z.getManager();
        Shape perSample = z.getShape().slice(0, 2).add(1);
        NDArray x = z;
        EnsembleMlp.Layers layers = flowLayers(params, m);
        for (int i = 0; i < flowSteps; i++) {
            NDArray t = m.full(perSample, (float) i / flowSteps, z.getDataType());
            x = x.add(Scalars.dividedBy(velocity(layers, observations, x, t), flowSteps));
        }
        return Scalars.clip(x, -1, 1);
    }

    /** mu(s, z), unclamped (the distillation loss compares it unclamped, as FQL does). */
    public NDArray oneStep(NDArray params, NDArray observations, NDArray z) {
        NDArray stepParams = params.get(z.getManager(),
                new NDIndex().addAllDim().addSliceDim(flow.parametersPerMember(), parametersPerMember()));
        return oneStep.forward(stepParams, observations.concat(z, -1));
    }

    /** Noise for n states per member, (S, n, act), in the manager of {@code observations}. */
    public NDArray noise(NDArray observations) {
        Shape shape = observations.getShape().slice(0, 2).add(actionDim);
        return observations.getManager().randomNormal(shape, observations.getDataType());
    }

    /** The flow network's layers, views of the buffer's first part, in {@code m}. */
    private EnsembleMlp.Layers flowLayers(NDArray params, NDManager m) {
        return flow.layers(params.get(m, new NDIndex().addAllDim().addSliceDim(0, flow.parametersPerMember())), m);
    }

    private NDArray velocity(EnsembleMlp.Layers flowLayers, NDArray observations, NDArray x, NDArray t) {
        return flow.forward(flowLayers, NDArrays.concat(new NDList(observations, x, t), -1));
    }
}
