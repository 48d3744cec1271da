package io.ofql.env;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

/** The native bridge on models small enough to solve by hand. */
public class SimulatorTest {
    private static final String FALLING_BALL = "<mujoco><option timestep=\"0.01\" gravity=\"0 0 -10\"/>"
            + "<worldbody><body name=\"ball\" pos=\"0 0 5\"><joint name=\"z\" type=\"slide\" axis=\"0 0 1\"/>"
            + "<geom type=\"sphere\" size=\"0.1\" contype=\"0\" conaffinity=\"0\"/></body></worldbody>"
            + "<actuator><motor joint=\"z\" gear=\"1\"/></actuator></mujoco>";

    @Test
    public void freeFallFollowsSemiImplicitEuler() {
        try (Simulator sim = Simulator.fromXml(FALLING_BALL, "falling ball")) {
            assertEquals(sim.nq(), 1);
            assertEquals(sim.nu(), 1);
            assertEquals(sim.nbody(), 2);
            sim.reset(new double[] {0}, new double[] {0});
            int n = 7;
            sim.step(new double[] {0}, n);
            double h = 0.01;
            double g = 10;
            // v_k = -g h k, z_k = z_{k-1} + h v_k, so z_n = -g h^2 n (n + 1) / 2.
            assertEquals(sim.qvel()[0], -g * h * n, 1e-12);
            assertEquals(sim.qpos()[0], -g * h * h * n * (n + 1) / 2.0, 1e-12);
            // xpos is computed at the start of the last substep: the position after n - 1 steps.
            int ball = sim.bodyId("ball");
            assertEquals(sim.xpos(ball)[2], 5 - g * h * h * (n - 1) * n / 2.0, 1e-12);
        }
    }

    @Test
    public void motorForceAddsToGravity() {
        try (Simulator sim = Simulator.fromXml(FALLING_BALL, "falling ball")) {
            double mass = sim.totalMass();
            sim.reset(new double[] {0}, new double[] {0});
            // A control equal to m g cancels gravity exactly: the ball stays put.
            sim.step(new double[] {mass * 10}, 5);
            assertEquals(sim.qpos()[0], 0.0, 1e-12);
            assertEquals(sim.qvel()[0], 0.0, 1e-12);
        }
    }

    @Test
    public void restingBallHasOneContactOfFourPyramidRows() {
        String xml = "<mujoco><option timestep=\"0.002\"/><worldbody>"
                + "<geom type=\"plane\" size=\"1 1 .1\" condim=\"3\"/>"
                + "<body pos=\"0 0 0.3\"><freejoint/><geom type=\"sphere\" size=\"0.1\" condim=\"3\"/></body>"
                + "</worldbody></mujoco>";
        try (Simulator sim = Simulator.fromXml(xml, "ball on floor")) {
            double[] ctrl = new double[0];
            sim.step(ctrl, 1);
            assertEquals(sim.contactCount(), 0, "still in the air");
            assertEquals(sim.constraintCount(), 0);
            sim.step(ctrl, 1000);
            // One sphere-plane contact; condim 3 in the default pyramidal cone gives 2 * (3 - 1) = 4 rows.
            assertEquals(sim.contactCount(), 1);
            assertEquals(sim.constraintCount(), 4);
            assertEquals(sim.qpos()[2], 0.1, 2e-3, "resting on its radius");
        }
    }

    @Test
    public void badModelNamesItsSource() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> Simulator.fromXml("<mujoco><worldbody><body><geom type=\"nonsense\"/></body></worldbody></mujoco>", "broken.xml"));
        assertTrue(e.getMessage().contains("broken.xml"), e.getMessage());
    }

    @Test
    public void mujocoVersionIs222() {
        assertEquals(Simulator.mujocoVersion(), 222);
    }
}
