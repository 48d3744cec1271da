package io.ofql.env;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.Arrays;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The compiled kitchen model against the numbers of the facts file (Part B): sizes, every joint's
 * qpos slot, type, range and dynamics (B3, B6), the masses and centres of mass MuJoCo compiles for
 * the moving objects from their primitives (B6's check values), and the arm's inertials (B3).
 */
public class KitchenModelTest {
    private static final int SLIDE = 2;
    private static final int HINGE = 3;

    private KitchenEnv env;
    private Simulator sim;

    @BeforeClass
    public void compile() {
        env = new KitchenEnv(KitchenEnv.TaskSet.MICROWAVE_KETTLE_LIGHT_SLIDER);
        sim = env.simulator();
    }

    @AfterClass(alwaysRun = true)
    public void close() {
        env.close();
    }

    @Test
    public void sizesAndTimestep() {
        assertEquals(sim.nq(), 30);
        assertEquals(sim.nv(), 29);
        assertEquals(sim.nu(), 9);
        assertEquals(sim.timestep(), 0.002, 0.0);
    }

    @Test
    public void objectJointsHaveTheirSlotsRangesAndDynamics() {
        // name, qpos index, type, range, damping, armature, friction loss, stiffness (B6)
        joint("knob1", 9, HINGE, -1.57, 0, 2, 0.001, 0, 0);
        joint("burner1", 10, SLIDE, -0.009, 0, 2, 0.001, 0, 0);
        joint("knob2", 11, HINGE, -1.57, 0, 2, 0.001, 0, 0);
        joint("burner2", 12, SLIDE, -0.009, 0, 2, 0.001, 0, 1);
        joint("knob3", 13, HINGE, -1.57, 0, 2, 0.001, 0, 0);
        joint("burner3", 14, SLIDE, -0.009, 0, 2, 0.001, 0, 1);
        joint("knob4", 15, HINGE, -1.57, 0, 2, 0.001, 0, 0);
        joint("burner4", 16, SLIDE, -0.009, 0, 2, 0.001, 0, 1);
        joint("lightswitch", 17, HINGE, -0.7, 0, 2, 0.001, 1, 0);
        joint("light", 18, SLIDE, -0.05, 0, 2, 0.001, 1, 0);
        joint("slidedoor", 19, SLIDE, 0, 0.44, 2, 0.01, 2, 0);
        joint("leftdoorhinge", 20, HINGE, -1.57, 0, 2, 0.01, 2, 0);
        joint("rightdoorhinge", 21, HINGE, 0, 1.57, 2, 0.01, 2, 0);
        joint("microjoint", 22, HINGE, -2.094, 0, 2, 0.01, 2, 0);
        Simulator.JointInfo kettle = sim.jointInfo("kettle");
        assertEquals(kettle.type(), 0, "free joint");
        assertEquals(kettle.qposAddress(), 23);
        assertEquals(kettle.damping(), 0.0);
        assertEquals(kettle.armature(), 0.0);
        assertEquals(kettle.frictionLoss(), 0.0);
    }

    @Test
    public void armJointsHaveTheirRangesAndDamping() {
        joint("joint1", 0, HINGE, -2.8973, 2.8973, 100, 0, 0, 0);
        joint("joint2", 1, HINGE, -1.7628, 1.7628, 100, 0, 0, 0);
        joint("joint3", 2, HINGE, -2.8973, 2.8973, 100, 0, 0, 0);
        joint("joint4", 3, HINGE, -3.0718, -0.4, 100, 0, 0, 0);
        joint("joint5", 4, HINGE, -2.8973, 2.8973, 10, 0, 0, 0);
        joint("joint6", 5, HINGE, -1.6573, 2.1127, 10, 0, 0, 0);
        joint("joint7", 6, HINGE, -2.8973, 2.8973, 10, 0, 0, 0);
        joint("finger_joint1", 7, SLIDE, 0, 0.04, 100, 5, 0, 0);
        joint("finger_joint2", 8, SLIDE, 0, 0.04, 100, 5, 0, 0);
    }

    @Test
    public void movingObjectsCompileToTheOriginalsMassesAndCentres() {
        body("microdoor", 0.26, 0.30885, -0.03985, 0);
        body("slidedoor", 0.34, -0.07535, -0.055, 0);
        body("hingeleftdoor", 0.34, 0.2326, -0.05365, 0);
        body("hingerightdoor", 0.34, -0.2332, -0.05365, 0);
        for (int k = 1; k <= 4; k++) {
            body("knob" + k, 0.02, 0, 0, 0.0255);
            body("burner" + k, 0.01, 0, 0, 0);
        }
        body("lightswitch", 0.1, -0.0046, 0.35, 0.0131);
        body("kettle", 0.88, -0.00286, 0, 0.06839);
        double[] moments = sim.bodyInertia(sim.bodyId("kettle")).principalInertia();
        assertEquals(moments[0], 0.008718, 2e-6);
        assertEquals(moments[1], 0.007034, 2e-6);
        assertEquals(moments[2], 0.006283, 2e-6);
    }

    @Test
    public void armLinksCarryTheCompiledInertials() {
        String[] links = {"link1", "link2", "link3", "link4", "link5", "link6", "link7", "left_finger", "right_finger"};
        double[] masses = {2.7063, 2.73046, 2.04104, 2.08129, 3.00049, 1.3235, 1.01909, 0.0927059, 0.0927059};
        for (int i = 0; i < links.length; i++) {
            assertEquals(sim.bodyInertia(sim.bodyId(links[i])).mass(), masses[i], 1e-9, links[i]);
        }
        double[] com7 = sim.bodyInertia(sim.bodyId("link7")).centerOfMass();
        assertEquals(com7[2], 0.120759, 1e-9);
    }

    @Test
    public void servosHoldTheInitialPoseWithoutPenetration() {
        double[] q0 = KitchenEnv.INITIAL_QPOS;
        sim.reset(q0, new double[29]);
        double[] ctrl = Arrays.copyOf(q0, 9);
        for (int t = 0; t < 25; t++) {
            assertEquals(sim.step(ctrl, 40), 0, "MuJoCo warnings");
        }
        double[] q = sim.qpos();
        // With fixed targets the servos hold the arm up to a small gravity offset; a capsule stand-in
        // overlapping a neighbour or the furniture would push it off the pose instead.
        for (int i = 0; i < 7; i++) {
            assertEquals(q[i], q0[i], 0.05, "arm joint " + (i + 1));
        }
        // The kettle's box bottom rests on the oven top (z 0.9834 - 0.175 + 0.81 = 1.6184 in the world).
        assertEquals(q[25], 1.6184, 2e-3);
        assertEquals(q[23], q0[23], 1e-3);
        assertEquals(q[24], q0[24], 1e-3);
    }

    private void joint(String name, int qpos, int type, double low, double high, double damping, double armature,
            double frictionLoss, double stiffness) {
        Simulator.JointInfo j = sim.jointInfo(name);
        assertEquals(j.qposAddress(), qpos, name);
        assertEquals(j.type(), type, name);
        assertTrue(j.limited(), name + " limited");
        assertEquals(j.rangeLow(), low, 1e-12, name);
        assertEquals(j.rangeHigh(), high, 1e-12, name);
        assertEquals(j.damping(), damping, 1e-12, name);
        assertEquals(j.armature(), armature, 1e-12, name);
        assertEquals(j.frictionLoss(), frictionLoss, 1e-12, name);
        assertEquals(j.stiffness(), stiffness, 1e-12, name);
    }

    private void body(String name, double mass, double x, double y, double z) {
        int id = sim.bodyId(name);
        assertTrue(id > 0, "no body " + name);
        Simulator.BodyInertia b = sim.bodyInertia(id);
        assertEquals(b.mass(), mass, 1e-9, name);
        assertEquals(b.centerOfMass()[0], x, 1e-4, name);
        assertEquals(b.centerOfMass()[1], y, 1e-4, name);
        assertEquals(b.centerOfMass()[2], z, 1e-4, name);
    }
}
