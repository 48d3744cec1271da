package io.ofql.env;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the project's MuJoCo bridge ({@code src/main/c/ofql_mujoco.c}, built by
 * Maven into {@code linux-x86-64/libofqlmujoco.so} on the classpath). Arrays are copied in and
 * out by JNA; null output arrays are passed as NULL and skipped by the C side.
 *
 * <p>Registration happens once, on first use through {@link #ensureLoaded()}, which turns a
 * missing library into one line saying what to install instead of a linkage stack trace.
 */
final class MujocoNative {
    private static volatile String loadFailure;
    private static volatile boolean loaded;

    private MujocoNative() {}

    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        if (loadFailure == null) {
            try {
                Native.register(MujocoNative.class, "ofqlmujoco");
                loaded = true;
                return;
            } catch (UnsatisfiedLinkError e) {
                loadFailure = describe(e);
            }
        }
        throw new IllegalStateException(loadFailure);
    }

    private static String describe(UnsatisfiedLinkError e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("libmujoco")) {
            return "libmujoco.so.2.2.2 (MuJoCo 2.2.2) not found at run time: apt-get install libmujoco-dev";
        }
        return "the MuJoCo bridge libofqlmujoco.so could not be loaded (build ofql-core with Maven"
                + " on a machine with libmujoco-dev): " + msg.replace('\n', ' ');
    }

    static native Pointer ofql_load_xml(String xml, byte[] err, int errlen);

    static native void ofql_free(Pointer handle);

    static native int ofql_version();

    static native int ofql_nq(Pointer handle);

    static native int ofql_nv(Pointer handle);

    static native int ofql_nu(Pointer handle);

    static native int ofql_nbody(Pointer handle);

    static native double ofql_timestep(Pointer handle);

    static native int ofql_ncon(Pointer handle);

    static native int ofql_nefc(Pointer handle);

    static native int ofql_body_id(Pointer handle, String name);

    static native void ofql_qpos0(Pointer handle, double[] out);

    static native void ofql_qfrc_actuator(Pointer handle, double[] out);

    static native int ofql_joint_info(Pointer handle, String name, double[] out);

    static native void ofql_body_inertia(Pointer handle, int body, double[] out);

    static native double ofql_total_mass(Pointer handle);

    static native void ofql_reset(
            Pointer handle,
            double[] qpos,
            double[] qvel,
            double[] outQpos,
            double[] outQvel,
            double[] outXpos,
            double[] outCfrc);

    static native int ofql_step(
            Pointer handle,
            double[] ctrl,
            int frameSkip,
            double[] outQpos,
            double[] outQvel,
            double[] outXpos,
            double[] outCfrc);
}
