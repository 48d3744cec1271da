package io.ofql.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron whose weights carry leading ensemble axes, evaluated for every member at
 * once with batched matrix products.
 *
 * <p>The network is only a layout: its parameters live in one flat buffer of shape (E, P) (E
 * members, P parameters per member) that the caller owns, so online, target and EMA copies share
 * one layout, one optimiser update covers a whole network, and the gradient of a loss lands in a
 * single array. Each forward pass takes the layers as views of that buffer:
 *
 * <pre>
 *   W_l = params[:, o_l : o_l + in_l out_l].reshape(M..., in_l, out_l)     M = memberShape
 *   b_l = params[:, ...].reshape(M..., 1, out_l)
 *   h_0 = x                                   x: (M'..., B, in), M' broadcastable to M
 *   h_l = mish(LN?(h_{l-1} W_l + b_l))        hidden layers (LayerNorm optional, affine)
 *   y   = h_{L-1} W_L + b_L                   (M..., B, out)
 * </pre>
 *
 * <p>The member shape may have several axes: twin critics for S seeds use (S, 2), and an input
 * of shape (S, 1, B, in) is broadcast to both heads. {@link #forwardTangent} propagates a tangent
 * beside the forward pass (exact forward-mode JVP): Linear maps dx to dx W, Mish multiplies by
 * mish'(h), LayerNorm by its Jacobian.
 *
 * <p>Every array a pass creates belongs to the manager of {@code x}, and the layer views to the
 * manager given to {@link #layers} (that of {@code x} when a pass makes them), so a step's
 * sub-manager releases the whole graph.
 */
public final class EnsembleMlp {
    private static final float LAYER_NORM_EPS = 1e-5f;

    private final Shape memberShape;
    private final int[] sizes;
    private final boolean layerNorm;
    private final long[] weightOffsets;
    private final long[] biasOffsets;
    private final long[] normOffsets;
    private final long[] segmentSizes;
    private final long parametersPerMember;

    private EnsembleMlp(Builder builder) {
        memberShape = builder.memberShape;
        sizes = new int[builder.hidden.length + 2];
        sizes[0] = builder.input;
        System.arraycopy(builder.hidden, 0, sizes, 1, builder.hidden.length);
        sizes[sizes.length - 1] = builder.output;
        layerNorm = builder.layerNorm;
        int layers = sizes.length - 1;
        weightOffsets = new long[layers];
        biasOffsets = new long[layers];
        normOffsets = new long[layers];
        // The buffer's consecutive pieces, in order: W_l, b_l (and LayerNorm's gain and shift).
        long[] pieces = new long[4 * layers];
        int n = 0;
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            long weights = (long) sizes[l] * sizes[l + 1];
            weightOffsets[l] = offset;
            biasOffsets[l] = offset + weights;
            normOffsets[l] = offset + weights + sizes[l + 1];
            offset = normOffsets[l];
            pieces[n++] = weights;
            pieces[n++] = sizes[l + 1];
            if (layerNorm && l < layers - 1) {
                pieces[n++] = sizes[l + 1];
                pieces[n++] = sizes[l + 1];
                offset += 2L * sizes[l + 1];
            }
        }
        parametersPerMember = offset;
        segmentSizes = Arrays.copyOf(pieces, n);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The member axes, e.g. (S) for policies or (S, 2) for twin critics. */
    public Shape memberShape() {
        return memberShape;
    }

    /** E, the product of the member axes. */
    public long members() {
        return memberShape.size();
    }

    /** P, the parameters of one member. */
    public long parametersPerMember() {
        return parametersPerMember;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    public boolean hasLayerNorm() {
        return layerNorm;
    }

    /**
     * A fresh (E, P) float32 buffer: W and b of each layer uniform in +-1/sqrt(fan_in) as
     * PyTorch's {@code nn.Linear}, LayerNorm gain 1 and bias 0. Member {@code e} draws from its own
     * generator seeded with {@code memberSeeds[e]}, on the host, so a member's initial weights
     * depend on its seed alone and are identical on every device.
     */
    public NDArray initialize(NDManager manager, long[] memberSeeds) {
        if (memberSeeds.length != members()) {
            throw new IllegalArgumentException(
                    "need " + members() + " member seeds, got " + memberSeeds.length);
        }
        int p = Math.toIntExact(parametersPerMember);
        float[] values = new float[Math.multiplyExact(memberSeeds.length, p)];
        for (int e = 0; e < memberSeeds.length; e++) {
            SplittableRandom random = new SplittableRandom(memberSeeds[e]);
            int base = e * p;
            for (int l = 0; l < sizes.length - 1; l++) {
                double bound = 1.0 / Math.sqrt(sizes[l]);
                long end = biasOffsets[l] + sizes[l + 1];
                for (long i = weightOffsets[l]; i < end; i++) {
                    values[base + (int) i] = (float) random.nextDouble(-bound, bound);
                }
                if (layerNorm && l < sizes.length - 2) {
                    Arrays.fill(values, base + (int) normOffsets[l], base + (int) normOffsets[l] + sizes[l + 1], 1f);
                }
            }
        }
        // On the CPU, create() wraps a Java direct buffer whose alignment varies from run to run, and
        // BLAS results on misaligned memory can differ in the last bit: copy into engine-allocated
        // (aligned) memory so that training is bit-reproducible.
        NDArray staged = manager.create(values, new Shape(memberSeeds.length, p));
        NDArray owned = staged.duplicate();
        staged.close();
        return owned;
    }

    /**
     * The layers of one (E, P) buffer as views, attached to {@code manager}: one native split,
     * then a reshape per piece. A step that runs the same parameters through several passes (the
     * reverse chain of a diffusion sampler, the policy's BC and Q terms) makes them once; autograd
     * then sums the passes' gradients per piece and scatters them into the buffer in one
     * backward op, instead of one full-size scatter per view and pass.
     */
    public Layers layers(NDArray params, NDManager manager) {
        Shape ps = params.getShape();
        if (ps.dimension() != 2 || ps.get(0) != members() || ps.get(1) != parametersPerMember) {
            throw new IllegalArgumentException(
                    "parameters must be (" + members() + ", " + parametersPerMember + "), got " + ps);
        }
        NDList pieces = JniUtils.split((PtNDArray) params, segmentSizes, 1);
        pieces.attach(manager);
        int layers = sizes.length - 1;
        NDArray[] weights = new NDArray[layers];
        NDArray[] biases = new NDArray[layers];
        NDArray[] gains = new NDArray[layers];
        NDArray[] shifts = new NDArray[layers];
        int n = 0;
        for (int l = 0; l < layers; l++) {
            int width = sizes[l + 1];
            weights[l] = pieces.get(n++).reshape(memberShape.addAll(new Shape(sizes[l], width)));
            biases[l] = pieces.get(n++).reshape(memberShape.addAll(new Shape(1, width)));
            if (layerNorm && l < layers - 1) {
                gains[l] = pieces.get(n++).reshape(memberShape.addAll(new Shape(1, width)));
                shifts[l] = pieces.get(n++).reshape(memberShape.addAll(new Shape(1, width)));
            }
        }
        return new Layers(this, weights, biases, gains, shifts);
    }

    /** y = f(x) for every member: x (M'..., B, in) to (M..., B, out). */
    public NDArray forward(NDArray params, NDArray x) {
        return forward(layers(params, x.getManager()), x);
    }

    /**
     * {@link #forward(NDArray, NDArray)} with the layers already made. Each intermediate array is
     * released as soon as the next layer has read it (autograd keeps what its backward pass needs):
     * without a graph, a pass then holds two activations at a time instead of all of them, which
     * keeps a large batch's working set in the caches.
     */
    public NDArray forward(Layers layers, NDArray x) {
        checkInput(layers, x);
        NDArray h = x;
        int count = sizes.length - 1;
        for (int l = 0; l < count; l++) {
            NDArray product = h.matMul(layers.weights[l]);
            release(h, x);
            h = product.add(layers.biases[l]);
            product.close();
            if (l < count - 1) {
                if (layerNorm) {
                    NDArray normed = layerNorm(layers, l, h, null).value();
                    h.close();
                    h = normed;
                }
                NDArray activated = Mish.apply(h);
                h.close();
                h = activated;
            }
        }
        return h;
    }

    /** Closes an intermediate array, never the caller's input. */
    private static void release(NDArray h, NDArray input) {
        if (h != input) {
            h.close();
        }
    }

    /**
     * The output and its JVP along {@code dx}: (f(x), J_f(x) dx), both (M..., B, out). Exact (no
     * finite differences); meant for use without a gradient collector, as a constant target.
     */
    public Dual forwardTangent(Layers layers, NDArray x, NDArray dx) {
        checkInput(layers, x);
        NDArray h = x;
        NDArray dh = dx;
        int count = sizes.length - 1;
        for (int l = 0; l < count; l++) {
            NDArray w = layers.weights[l];
            h = h.matMul(w).add(layers.biases[l]);
            dh = dh.matMul(w);
            if (l < count - 1) {
                if (layerNorm) {
                    Dual normed = layerNorm(layers, l, h, dh);
                    h = normed.value();
                    dh = normed.tangent();
                }
                Dual activated = Mish.applyTangent(h, dh);
                h = activated.value();
                dh = activated.tangent();
            }
        }
        return new Dual(h, dh);
    }

    /**
     * Affine LayerNorm over the last axis, with its tangent when {@code dh} is given:
     * n = (h - mean h) / sigma, dn = (dc - n mean(n dc)) / sigma with dc = dh - mean dh.
     */
    private Dual layerNorm(Layers layers, int l, NDArray h, NDArray dh) {
        NDArray gain = layers.gains[l];
        NDArray shift = layers.shifts[l];
        NDArray centred = h.sub(h.mean(new int[] {-1}, true));
        // 1 / sigma as a division, the reciprocal rounded once.
        NDArray sigma = Scalars.plus(centred.square().mean(new int[] {-1}, true), LAYER_NORM_EPS).sqrt();
        NDArray invSigma = sigma.onesLike().div(sigma);
        NDArray normed = centred.mul(invSigma);
        NDArray value = normed.mul(gain).add(shift);
        if (dh == null) {
            return new Dual(value, null);
        }
        NDArray dc = dh.sub(dh.mean(new int[] {-1}, true));
        NDArray dn = dc.sub(normed.mul(normed.mul(dc).mean(new int[] {-1}, true))).mul(invSigma);
        return new Dual(value, dn.mul(gain));
    }

    private void checkInput(Layers layers, NDArray x) {
        if (layers.network != this) {
            throw new IllegalArgumentException("layers were made by " + layers.network + ", not " + this);
        }
        if (x.getShape().get(x.getShape().dimension() - 1) != sizes[0]) {
            throw new IllegalArgumentException("input must end in " + sizes[0] + ", got " + x.getShape());
        }
    }

    @Override
    public String toString() {
        return "EnsembleMlp[members=" + memberShape + ", sizes=" + Arrays.toString(sizes)
                + ", layerNorm=" + layerNorm + ", parametersPerMember=" + parametersPerMember + "]";
    }

    /**
     * One buffer's layers as views (M..., in_l, out_l) and (M..., 1, out_l), from
     * {@link #layers}; valid while the manager they were attached to is open.
     */
    public static final class Layers {
        private final EnsembleMlp network;
        private final NDArray[] weights;
        private final NDArray[] biases;
        private final NDArray[] gains;
        private final NDArray[] shifts;

        private Layers(EnsembleMlp network, NDArray[] weights, NDArray[] biases, NDArray[] gains, NDArray[] shifts) {
            this.network = network;
            this.weights = weights;
            this.biases = biases;
            this.gains = gains;
            this.shifts = shifts;
        }
    }

    /** Builder: {@code setMembers}, {@code setInput}, {@code setHidden}, {@code setOutput} required. */
    public static final class Builder {
        private Shape memberShape;
        private int input;
        private int[] hidden;
        private int output;
        private boolean layerNorm;

        private Builder() {}

        /** The member axes, e.g. {@code new Shape(seeds)} or {@code new Shape(seeds, 2)}. */
        public Builder setMembers(Shape memberShape) {
            this.memberShape = memberShape;
            return this;
        }

        public Builder setInput(int input) {
            this.input = input;
            return this;
        }

        /** Hidden widths, e.g. 256, 256, 256. */
        public Builder setHidden(int... hidden) {
            this.hidden = hidden.clone();
            return this;
        }

        public Builder setOutput(int output) {
            this.output = output;
            return this;
        }

        /** LayerNorm (with gain and shift) after each hidden linear map, before Mish. */
        public Builder optLayerNorm(boolean layerNorm) {
            this.layerNorm = layerNorm;
            return this;
        }

        public EnsembleMlp build() {
            if (memberShape == null || memberShape.dimension() == 0 || memberShape.size() <= 0) {
                throw new IllegalArgumentException("member shape must be set and non-empty, got " + memberShape);
            }
            if (input <= 0 || output <= 0) {
                throw new IllegalArgumentException("input and output sizes must be positive, got " + input + ", " + output);
            }
            if (hidden == null) {
                throw new IllegalArgumentException("hidden widths must be set (may be empty)");
            }
            for (int width : hidden) {
                if (width <= 0) {
                    throw new IllegalArgumentException("hidden widths must be positive, got " + Arrays.toString(hidden));
                }
            }
            return new EnsembleMlp(this);
        }
    }
}
