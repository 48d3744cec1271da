package io.ofql.env;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One MuJoCo model and its simulation state, behind the native bridge. Holds copies of the
 * state the environments read ({@code qpos}, {@code qvel}, body positions {@code xpos} and
 * external contact forces {@code cfrc_ext}), refreshed by every {@link #reset} and {@link #step}.
 *
 * <p>Not thread-safe; one instance per thread at a time. Close it to free the native memory.
 */
public final class Simulator implements AutoCloseable {
    /** MuJoCo's XML parser and compiler keep global state, so models are compiled one at a time. */
    private static final Object COMPILE_LOCK = new Object();

    private Pointer handle;
    private final int nq;
    private final int nv;
    private final int nu;
    private final int nbody;
    private final double timestep;
    private final double[] qpos;
    private final double[] qvel;
    private final double[] xpos;
    private final double[] cfrcExt;

    private Simulator(Pointer handle) {
        this.handle = handle;
        this.nq = MujocoNative.ofql_nq(handle);
        this.nv = MujocoNative.ofql_nv(handle);
        this.nu = MujocoNative.ofql_nu(handle);
        this.nbody = MujocoNative.ofql_nbody(handle);
        this.timestep = MujocoNative.ofql_timestep(handle);
        this.qpos = new double[nq];
        this.qvel = new double[nv];
        this.xpos = new double[3 * nbody];
        this.cfrcExt = new double[6 * nbody];
        MujocoNative.ofql_qpos0(handle, qpos);
        MujocoNative.ofql_reset(handle, qpos, qvel, qpos, qvel, xpos, cfrcExt);
    }

    /**
     * Compiles an MJCF document.
     *
     * @param xml the model text
     * @param source where it came from, for the error message
     * @throws IllegalArgumentException naming the source when MuJoCo rejects the model
     * @throws IllegalStateException when the native libraries cannot be loaded
     */
    public static Simulator fromXml(String xml, String source) {
        MujocoNative.ensureLoaded();
        byte[] err = new byte[1000];
        Pointer h;
        synchronized (COMPILE_LOCK) {
            h = MujocoNative.ofql_load_xml(xml, err, err.length);
        }
        if (h == null) {
            int len = 0;
            while (len < err.length && err[len] != 0) {
                len++;
            }
            String text = new String(err, 0, len, StandardCharsets.UTF_8).replace('\n', ' ').trim();
            throw new IllegalArgumentException("MuJoCo rejected the model " + source + ": " + text);
        }
        return new Simulator(h);
    }

    /** The text of a model resource of this package (one of the MJCF files beside these classes). */
    static String modelResource(String resource) {
        try (InputStream in = Simulator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model resource io/ofql/env/" + resource + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading model resource " + resource, e);
        }
    }

    /** The MuJoCo library version as an integer (222 for 2.2.2). */
    public static int mujocoVersion() {
        MujocoNative.ensureLoaded();
        return MujocoNative.ofql_version();
    }

    public int nq() {
        return nq;
    }

    public int nv() {
        return nv;
    }

    public int nu() {
        return nu;
    }

    public int nbody() {
        return nbody;
    }

    public double timestep() {
        return timestep;
    }

    /** Number of contacts MuJoCo found in the last collision pass (inside the last step). */
    public int contactCount() {
        return MujocoNative.ofql_ncon(live());
    }

    /** Active constraint rows (contacts and joint limits) in the last step's constraint pass. */
    public int constraintCount() {
        return MujocoNative.ofql_nefc(live());
    }

    /** Body index by name, or -1. */
    public int bodyId(String name) {
        return MujocoNative.ofql_body_id(live(), name);
    }

    /** The model's reference configuration qpos0 (a fresh copy). */
    public double[] qpos0() {
        double[] out = new double[nq];
        MujocoNative.ofql_qpos0(live(), out);
        return out;
    }

    /**
     * The joint-space forces the actuators applied in the last physics step (nv values, a fresh
     * array): for a motor, gear times its clamped control on the joint it drives.
     */
    public double[] qfrcActuator() {
        double[] out = new double[nv];
        MujocoNative.ofql_qfrc_actuator(live(), out);
        return out;
    }

    /**
     * A joint's compiled parameters, as MuJoCo stores them: {@code type} is MuJoCo's joint type (0
     * free, 1 ball, 2 slide, 3 hinge), {@code qposAddress} the index of the joint's first value in
     * qpos; damping, armature and friction loss are those of its first degree of freedom.
     */
    public record JointInfo(
            int type,
            int qposAddress,
            boolean limited,
            double rangeLow,
            double rangeHigh,
            double damping,
            double armature,
            double frictionLoss,
            double stiffness) {}

    /** A body's compiled mass properties: centre of mass in the body frame, principal moments of inertia. */
    public record BodyInertia(double mass, double[] centerOfMass, double[] principalInertia) {}

    /**
     * The compiled parameters of the joint with this name.
     *
     * @throws IllegalArgumentException when the model has no such joint
     */
    public JointInfo jointInfo(String name) {
        double[] out = new double[9];
        if (MujocoNative.ofql_joint_info(live(), name, out) < 0) {
            throw new IllegalArgumentException("the model has no joint named '" + name + "'");
        }
        return new JointInfo((int) out[0], (int) out[1], out[2] != 0, out[3], out[4], out[5], out[6], out[7], out[8]);
    }

    /** The compiled mass properties of body {@code body} (an index below {@link #nbody()}). */
    public BodyInertia bodyInertia(int body) {
        if (body < 0 || body >= nbody) {
            throw new IllegalArgumentException("body index " + body + " outside 0.." + (nbody - 1));
        }
        double[] out = new double[7];
        MujocoNative.ofql_body_inertia(live(), body, out);
        return new BodyInertia(out[0], Arrays.copyOfRange(out, 1, 4), Arrays.copyOfRange(out, 4, 7));
    }

    /** Sum of body masses (after the compiler's settotalmass, if any). */
    public double totalMass() {
        return MujocoNative.ofql_total_mass(live());
    }

    /** Fresh simulation data with this state, then forward kinematics (gym's set_state). */
    public void reset(double[] newQpos, double[] newQvel) {
        if (newQpos.length != nq || newQvel.length != nv) {
            throw new IllegalArgumentException(
                    "state sizes " + newQpos.length + "/" + newQvel.length + ", expected " + nq + "/" + nv);
        }
        MujocoNative.ofql_reset(live(), newQpos, newQvel, qpos, qvel, xpos, cfrcExt);
    }

    /**
     * Writes the controls and advances {@code frameSkip} physics steps in one native call.
     *
     * @return the number of MuJoCo warnings raised during the step (0 normally)
     */
    public int step(double[] ctrl, int frameSkip) {
        if (ctrl.length != nu) {
            throw new IllegalArgumentException("ctrl has " + ctrl.length + " values, expected " + nu);
        }
        return MujocoNative.ofql_step(live(), ctrl, frameSkip, qpos, qvel, xpos, cfrcExt);
    }

    /** Current joint positions (a view; do not modify). */
    double[] qposView() {
        return qpos;
    }

    double[] qvelView() {
        return qvel;
    }

    double[] xposView() {
        return xpos;
    }

    double[] cfrcExtView() {
        return cfrcExt;
    }

    public double[] qpos() {
        return qpos.clone();
    }

    public double[] qvel() {
        return qvel.clone();
    }

    /** Cartesian position of a body's frame (as of the last mj_forward inside the step). */
    public double[] xpos(int body) {
        return Arrays.copyOfRange(xpos, 3 * body, 3 * body + 3);
    }

    /** External contact forces, nbody x 6. */
    public double[] cfrcExt() {
        return cfrcExt.clone();
    }

    private Pointer live() {
        if (handle == null) {
            throw new IllegalStateException("simulator already closed");
        }
        return handle;
    }

    @Override
    public void close() {
        if (handle != null) {
            MujocoNative.ofql_free(handle);
            handle = null;
        }
    }
}
