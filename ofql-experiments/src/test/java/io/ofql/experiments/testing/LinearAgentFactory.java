package io.ofql.experiments.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.PresetAgentFactory;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Checks;
import io.ofql.config.Common;
import io.ofql.data.Batch;
import io.ofql.experiments.run.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * A deliberately trivial algorithm for testing the experiment layer quickly: per member a linear
 * map a = clip(s W + b) fitted to the dataset's actions by plain gradient descent on the squared
 * error (closed-form gradient). It has real state (parameters and a step counter), real
 * randomness (the sampler's batches) and a real checkpoint, which is all the run machinery needs.
 */
public final class LinearAgentFactory extends PresetAgentFactory<LinearAgentFactory.LinearConfig> {

    /**
     * @param common the shared settings (only batchSize is used; presets/test-linear.json)
     * @param lr gradient-descent step size
     * @param failAt the update step at which the agent throws, to make a failed run (0: never)
     */
    public record LinearConfig(Common common, double lr, long failAt) implements AlgorithmConfig {
        public LinearConfig {
            Checks.positive("lr", lr);
        }
    }

    public LinearAgentFactory() {
        super("test-linear", LinearConfig.class, LinearAgent::new);
    }

    static final class LinearAgent implements Agent {
        private final LinearConfig config;
        private final AgentContext context;
        private final NDManager manager;
        private final NDArray w;
        private final NDArray b;

        LinearAgent(LinearConfig config, AgentContext context) {
            this.config = config;
            this.context = context;
            this.manager = NDManager.newBaseManager(context.device());
            int s = context.members();
            float[] bias = new float[s * context.actionDim()];
            for (int m = 0; m < s; m++) {
                Random r = new Random(context.seeds()[m]);
                for (int j = 0; j < context.actionDim(); j++) {
                    bias[m * context.actionDim() + j] = (float) (0.1 * r.nextGaussian());
                }
            }
            this.w = manager.zeros(new Shape(s, context.observationDim(), context.actionDim()));
            this.b = manager.create(bias, new Shape(s, 1, context.actionDim()));
        }

        @Override
        public String algorithm() {
            return "test-linear";
        }

        @Override
        public LinearConfig config() {
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

        @Override
        public Map<String, NDArray> update(Batch batch, long step, NDManager stepManager) {
            if (config.failAt() > 0 && step >= config.failAt()) {
                throw new IllegalStateException("test-linear was told to fail at step " + config.failAt());
            }
            NDArray s = batch.observations();
            NDArray err = s.matMul(w).add(b).sub(batch.actions());
            float scale = (float) (2 * config.lr() / batch.actions().getShape().get(1));
            NDArray gw = s.transpose(0, 2, 1).matMul(err).mul(scale);
            NDArray gb = err.sum(new int[] {1}, true).mul(scale);
            NDArray loss = err.square().sum(new int[] {1, 2}).div(err.getShape().get(1) * err.getShape().get(2));
            w.subi(gw);
            b.subi(gb);
            return Map.of("loss", loss, "bias_norm", b.square().sum(new int[] {1, 2}).sqrt());
        }

        @Override
        public NDArray act(NDArray observations, boolean selectByQ, NDManager m) {
            return observations.matMul(w).add(b).clip(-1, 1);
        }

        @Override
        public void save(Path dir) throws IOException {
            Files.createDirectories(dir);
            float[] fw = w.toFloatArray();
            float[] fb = b.toFloatArray();
            ByteBuffer buf = ByteBuffer.allocate(4 * (fw.length + fb.length));
            buf.asFloatBuffer().put(fw).put(fb);
            AtomicFiles.writeString(dir.resolve("params.txt"), java.util.Base64.getEncoder().encodeToString(buf.array()));
        }

        @Override
        public void load(Path dir) throws IOException {
            byte[] bytes = java.util.Base64.getDecoder().decode(Files.readString(dir.resolve("params.txt")));
            float[] all = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).asFloatBuffer().get(all);
            int nw = (int) w.size();
            w.set(java.util.Arrays.copyOfRange(all, 0, nw));
            b.set(java.util.Arrays.copyOfRange(all, nw, all.length));
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
