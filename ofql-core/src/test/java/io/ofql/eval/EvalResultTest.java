package io.ofql.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import io.ofql.env.BatchPolicy;
import io.ofql.env.EnvSpec;
import io.ofql.env.MujocoEnv;
import org.testng.annotations.Test;

public class EvalResultTest {
    @Test
    public void meanAndPopulationStd() {
        EvalResult r = EvalResult.of(MujocoEnv.factory(EnvSpec.HOPPER), 0, new double[] {1000, 2000, 3000, 4000}, new int[] {1000, 500, 1000, 250});
        assertEquals(r.returnMean(), 2500.0, 1e-9);
        // Population std of 1000..4000 step 1000: sqrt((1.5^2 + 0.5^2) * 2 / 4) * 1000 = 1118.034
        assertEquals(r.returnStd(), 1118.0339887, 1e-6);
        assertEquals(r.lengthMean(), 687.5, 1e-12);
        double span = EnvSpec.HOPPER.refMax() - EnvSpec.HOPPER.refMin();
        assertEquals(r.normalizedScoreMean(), 100 * (2500 - EnvSpec.HOPPER.refMin()) / span, 1e-9);
        assertEquals(r.normalizedScoreStd(), 100 * 1118.0339887 / span, 1e-6);
        assertEquals(r.normalizedScores()[0], EnvSpec.HOPPER.normalizedScore(1000), 0.0);
    }

    @Test
    public void policyOfTheWrongSizeIsRefused() {
        BatchPolicy wrong = new BatchPolicy() {
            @Override
            public int observationDim() {
                return 17;
            }

            @Override
            public int actionDim() {
                return 6;
            }

            @Override
            public float[] act(float[] observations, int n) {
                return new float[n * 6];
            }

            @Override
            public String toString() {
                return "walker-policy";
            }
        };
        try (Evaluator ev = new Evaluator(MujocoEnv.factory(EnvSpec.HOPPER), 1)) {
            expectThrows(InputException.class, () -> ev.evaluate(wrong, 2, 0));
        }
    }
}
