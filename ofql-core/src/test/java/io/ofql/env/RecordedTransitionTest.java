package io.ofql.env;

import static org.testng.Assert.assertTrue;

import io.ofql.testing.SharedData;
import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.testng.annotations.Test;

/**
 * Sets the simulator to each recorded state of the CS285 expert recordings (gym v2 on mujoco-py,
 * made outside this project), applies the recorded action and compares with the recorded next
 * observation. The observations hold everything but x, which does not enter the dynamics, so
 * x = 0. Hopper rows where a velocity sits at the observation's clip (10) are skipped: the true
 * velocity is unknown there.
 *
 * <p>Expectations: the recordings are float32 and were made with an older MuJoCo (2.0), so
 * contact-rich rows differ by more than round-off. Asserted per row (max over the observation's
 * components): the median and 90th percentile errors stay within the bounds below, which are
 * under 2% of the median change of the observation over that step (Hopper 0.59, HalfCheetah 18.8,
 * the error of predicting "no change"); measured: Hopper (1590 rows) median 0.0054, p90 0.024,
 * max 0.068; HalfCheetah (2000 rows) median 0.085, p90 0.18, max 5.6 (one contact event). A wrong model misses these by
 * orders of magnitude (ignoring the actuators' ctrlrange clamp alone gives a HalfCheetah median
 * of 1.9 on the rows with out-of-range actions).
 */
public class RecordedTransitionTest {
    private static final Logger LOG = LogManager.getLogger(RecordedTransitionTest.class);

    @Test
    public void hopperReproducesRecordedTransitions() {
        check(EnvSpec.HOPPER, "hopper-expert-cs285.hdf5", 5, 6, 0.02, 0.05);
    }

    @Test
    public void halfCheetahReproducesRecordedTransitions() {
        check(EnvSpec.HALFCHEETAH, "halfcheetah-expert-cs285.hdf5", 8, 9, 0.15, 0.3);
    }

    private static void check(EnvSpec spec, String file, int posDims, int velDims, double medianBound, double p90Bound) {
        Cs285Recording rec = Cs285Recording.read(SharedData.cs285(file));
        int rows = rec.observations().length;
        double[] errors = new double[rows];
        double[] changes = new double[rows];
        int used = 0;
        try (MujocoEnv env = new MujocoEnv(spec)) {
            rowLoop:
            for (int i = 0; i < rows; i++) {
                float[] o = rec.observations()[i];
                double[] qpos = new double[posDims + 1];
                double[] qvel = new double[velDims];
                for (int k = 0; k < posDims; k++) {
                    qpos[k + 1] = o[k];
                }
                for (int k = 0; k < velDims; k++) {
                    qvel[k] = o[posDims + k];
                    if (spec == EnvSpec.HOPPER && Math.abs(qvel[k]) >= 10.0 - 1e-6) {
                        continue rowLoop;
                    }
                }
                env.resetTo(qpos, qvel);
                double[] action = new double[spec.actionDim()];
                for (int k = 0; k < action.length; k++) {
                    action[k] = rec.actions()[i][k];
                }
                double[] predicted = env.step(action).observation();
                float[] expected = rec.nextObservations()[i];
                double err = 0;
                double change = 0;
                for (int k = 0; k < expected.length; k++) {
                    err = Math.max(err, Math.abs(predicted[k] - expected[k]));
                    change = Math.max(change, Math.abs(o[k] - expected[k]));
                }
                errors[used] = err;
                changes[used] = change;
                used++;
            }
        }
        double[] e = Arrays.copyOf(errors, used);
        double[] c = Arrays.copyOf(changes, used);
        Arrays.sort(e);
        Arrays.sort(c);
        double median = e[used / 2];
        double p90 = e[used * 9 / 10];
        double max = e[used - 1];
        LOG.info("{}: {} transitions, obs error median {} p90 {} max {}; median change {}",
                spec, used, median, p90, max, c[used / 2]);
        assertTrue(used > rows / 2, "too few usable rows: " + used);
        assertTrue(median <= medianBound, spec + " median error " + median + " > " + medianBound);
        assertTrue(p90 <= p90Bound, spec + " p90 error " + p90 + " > " + p90Bound);
        assertTrue(median < 0.02 * c[used / 2], spec + " median error " + median + " not << median change " + c[used / 2]);
    }
}
