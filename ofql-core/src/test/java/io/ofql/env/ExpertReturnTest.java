package io.ofql.env;

import static org.testng.Assert.assertEquals;

import io.ofql.eval.EvalResult;
import io.ofql.eval.Evaluator;
import io.ofql.eval.ExpertPolicy;
import io.ofql.testing.SharedData;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.testng.annotations.Test;

/**
 * The CS285 expert policies, run in this project's environments for 5 seeded episodes, reach
 * mean returns within 3% of the returns recorded with gym v2 on mujoco-py (read from the
 * recording's metadata/episode_returns). Measured with seed 0: Hopper 3724.3 vs 3772.7 (-1.3%),
 * HalfCheetah 4146.8 vs 4205.8 (-1.4%).
 */
public class ExpertReturnTest {
    private static final Logger LOG = LogManager.getLogger(ExpertReturnTest.class);

    @Test
    public void hopperExpertMatchesRecordedReturn() {
        check(EnvSpec.HOPPER, "hopper-expert-policy.hdf5", "hopper-expert-cs285.hdf5");
    }

    @Test
    public void halfCheetahExpertMatchesRecordedReturn() {
        check(EnvSpec.HALFCHEETAH, "halfcheetah-expert-policy.hdf5", "halfcheetah-expert-cs285.hdf5");
    }

    private static void check(EnvSpec spec, String policyFile, String recordingFile) {
        double recorded = Cs285Recording.read(SharedData.cs285(recordingFile)).meanEpisodeReturn();
        ExpertPolicy policy = ExpertPolicy.load(SharedData.cs285(policyFile));
        EvalResult result;
        try (Evaluator evaluator = new Evaluator(MujocoEnv.factory(spec), 2)) {
            result = evaluator.evaluate(policy, 5, 0L);
        }
        LOG.info("{} expert: {} (recorded mean {})", spec, result, recorded);
        for (int length : result.lengths()) {
            assertEquals(length, EnvSpec.MAX_EPISODE_STEPS, "the expert should survive the whole episode");
        }
        assertEquals(result.returnMean(), recorded, 0.03 * recorded,
                spec + " expert mean return vs recorded " + recorded);
    }
}
