package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.ofql.nn.Scalars;

/**
 * Evaluation-time action selection of the CleanDiffuser/DQL protocol: draw K candidate actions per
 * state, score each with the target critics' min, and sample one from softmax(Q * weight), where
 * the weight is the temperature times the data's Q scale factor ({@link io.ofql.config.Selection#weight}).
 *
 * <p>Sampling is Gumbel-max (argmax of logits plus Gumbel noise), which has exactly the softmax's
 * distribution and stays on the device. Shapes: candidates (S, K N, A) and scores (S, K N, 1),
 * laid out as K consecutive blocks of the N states (see {@link TwinCritic#repeatBlocks}); result
 * (S, N, A).
 */
public final class CandidateSelector {
    private CandidateSelector() {}

    public static NDArray select(NDArray candidates, NDArray scores, int k, float weight) {
        Shape shape = candidates.getShape();
        long seeds = shape.get(0);
        long n = shape.get(1) / k;
        long actDim = shape.get(2);
        if (n * k != shape.get(1)) {
            throw new IllegalArgumentException(shape.get(1) + " candidates are not " + k + " blocks");
        }
        NDArray logits = Scalars.times(scores.reshape(seeds, k, n), weight);
        NDArray uniform = logits.getManager().randomUniform(1e-20f, 1f, logits.getShape(), logits.getDataType());
        NDArray gumbel = uniform.log().neg().log().neg();
        NDArray choice = logits.add(gumbel).argMax(1).oneHot(k, logits.getDataType());
        NDArray mask = choice.transpose(0, 2, 1).expandDims(-1);
        return candidates.reshape(seeds, k, n, actDim).mul(mask).sum(new int[] {1});
    }
}
