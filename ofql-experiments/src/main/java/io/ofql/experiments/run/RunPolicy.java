package io.ofql.experiments.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.config.AlgorithmConfig;
import io.ofql.data.ObservationNormalizer;
import io.ofql.env.BatchPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed checkpoint of a toolkit run as a policy for the simulator: the first ensemble
 * member, acting as the run's evaluations act ({@link AgentPolicy}: observations normalised with
 * the run's {@code normalizer.json}, the acting policy and selection of the run's protocol). Close it
 * to free the agent.
 */
public final class RunPolicy implements BatchPolicy, AutoCloseable {
    private final RunDirectory dir;
    private final long step;
    private final NDManager base;
    private final Agent agent;
    private final AgentPolicy policy;

    private RunPolicy(RunDirectory dir, long step, NDManager base, Agent agent, AgentPolicy policy) {
        this.dir = dir;
        this.step = step;
        this.base = base;
        this.agent = agent;
        this.policy = policy;
    }

    /** Whether {@code path} is a run directory (it has a {@code config.json}). */
    public static boolean isRun(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(new RunDirectory(path).config());
    }

    /**
     * Loads the run's committed checkpoint on the CPU.
     *
     * @throws InputException when the run has no checkpoint or its files are unreadable
     */
    public static RunPolicy load(Path runDir) {
        RunDirectory dir = new RunDirectory(runDir);
        try {
            RunSettings s = Training.storedSettings(dir);
            long step = Trainer.committedStep(dir);
            if (step == 0) {
                throw new InputException(runDir + " has no checkpoint yet (state.json is written at the first checkpoint)");
            }
            if (!Files.isRegularFile(dir.normalizer())) {
                throw new InputException(runDir + ": no normalizer.json (a run on a D4RL-style task has one)");
            }
            JsonObject run = JsonParser.parseString(Files.readString(dir.config())).getAsJsonObject().getAsJsonObject("run");
            AgentFactory f = Training.factory(s.algo());
            AlgorithmConfig config = f.config(s.task(), s.protocol(), s.overrides());
            Device device = Device.cpu();
            AgentContext context = new AgentContext(run.get("observation_dim").getAsInt(),
                    run.get("action_dim").getAsInt(), s.seeds(), device, Training.storedQScale(dir));
            NDManager base = NDManager.newBaseManager(device);
            Agent agent = null;
            try {
                agent = f.create(config, context);
                agent.load(dir.checkpoint(step));
                AgentPolicy policy = new AgentPolicy(agent, 0, ObservationNormalizer.load(dir.normalizer()),
                        config.common().selection().selectByQ(), base);
                return new RunPolicy(dir, step, base, agent, policy);
            } catch (IOException | RuntimeException e) {
                if (agent != null) {
                    agent.close();
                }
                base.close();
                throw e;
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a config.json or state.json missing fields, or a checkpoint that does not fit the config
            throw new InputException(runDir + ": not a loadable run (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** The step of the checkpoint acting. */
    public long step() {
        return step;
    }

    @Override
    public int observationDim() {
        return policy.observationDim();
    }

    @Override
    public int actionDim() {
        return policy.actionDim();
    }

    @Override
    public float[] act(float[] observations, int n) {
        return policy.act(observations, n);
    }

    @Override
    public void close() {
        agent.close();
        base.close();
    }

    @Override
    public String toString() {
        return "run " + dir.root() + " checkpoint " + step + " (" + policy + ")";
    }
}
