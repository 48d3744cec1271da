/*
 * The project's bridge to MuJoCo 2.2.2, called from Java through JNA (io.ofql.env.MujocoNative).
 *
 * Java never sees mjModel or mjData: it holds an opaque handle and asks for sizes (nq, nv, nu,
 * nbody) and state through the functions below, so a different MuJoCo release needs only a
 * rebuild. One environment step is one call (ofql_step): write the controls, run frame_skip
 * mj_step calls, copy the state out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mujoco/mujoco.h>

typedef struct {
    mjModel* m;
    mjData* d;
} ofql_sim;

static void copy_error(char* err, int errlen, const char* text) {
    if (err != NULL && errlen > 0) {
        snprintf(err, (size_t)errlen, "%s", text);
    }
}

/* Compiles an MJCF document held in memory; returns NULL and fills err on failure. */
void* ofql_load_xml(const char* xml, char* err, int errlen) {
    static const char* name = "model.xml";
    mjVFS* vfs = (mjVFS*)malloc(sizeof(mjVFS));
    if (vfs == NULL) {
        copy_error(err, errlen, "out of memory for the MuJoCo virtual file system");
        return NULL;
    }
    mj_defaultVFS(vfs);
    int len = (int)strlen(xml);
    if (mj_makeEmptyFileVFS(vfs, name, len) != 0) {
        free(vfs);
        copy_error(err, errlen, "could not create the in-memory model file");
        return NULL;
    }
    int slot = mj_findFileVFS(vfs, name);
    memcpy(vfs->filedata[slot], xml, (size_t)len);

    char loadError[1000] = "";
    mjModel* m = mj_loadXML(name, vfs, loadError, (int)sizeof(loadError));
    mj_deleteVFS(vfs);
    free(vfs);
    if (m == NULL) {
        copy_error(err, errlen, loadError[0] ? loadError : "mj_loadXML failed");
        return NULL;
    }
    mjData* d = mj_makeData(m);
    if (d == NULL) {
        mj_deleteModel(m);
        copy_error(err, errlen, "mj_makeData failed");
        return NULL;
    }
    ofql_sim* s = (ofql_sim*)malloc(sizeof(ofql_sim));
    if (s == NULL) {
        mj_deleteData(d);
        mj_deleteModel(m);
        copy_error(err, errlen, "out of memory for the simulator handle");
        return NULL;
    }
    s->m = m;
    s->d = d;
    mj_forward(m, d);
    return s;
}

void ofql_free(void* handle) {
    ofql_sim* s = (ofql_sim*)handle;
    if (s != NULL) {
        mj_deleteData(s->d);
        mj_deleteModel(s->m);
        free(s);
    }
}

int ofql_version(void) { return mj_version(); }

int ofql_nq(void* h) { return ((ofql_sim*)h)->m->nq; }
int ofql_nv(void* h) { return ((ofql_sim*)h)->m->nv; }
int ofql_nu(void* h) { return ((ofql_sim*)h)->m->nu; }
int ofql_nbody(void* h) { return ((ofql_sim*)h)->m->nbody; }
double ofql_timestep(void* h) { return ((ofql_sim*)h)->m->opt.timestep; }

/* Contacts found by the last collision pass. */
int ofql_ncon(void* h) { return ((ofql_sim*)h)->d->ncon; }

/* Active constraint rows (contacts and joint limits) of the last constraint pass. */
int ofql_nefc(void* h) { return ((ofql_sim*)h)->d->nefc; }

/* Body id by name, -1 when absent. */
int ofql_body_id(void* h, const char* name) {
    return mj_name2id(((ofql_sim*)h)->m, mjOBJ_BODY, name);
}

/* Generalized actuator forces of the last step (qfrc_actuator, nv values): gear x actuator force. */
void ofql_qfrc_actuator(void* h, double* out) {
    ofql_sim* s = (ofql_sim*)h;
    memcpy(out, s->d->qfrc_actuator, sizeof(double) * (size_t)s->m->nv);
}

/*
 * A joint's compiled parameters, for checking a model against its facts: out[0..8] = type
 * (mjtJoint), qpos address, limited, range low, range high, and of its first degree of freedom
 * damping, armature, friction loss; then the joint stiffness. Returns the joint id, -1 when absent.
 */
int ofql_joint_info(void* h, const char* name, double* out) {
    const mjModel* m = ((ofql_sim*)h)->m;
    int j = mj_name2id(m, mjOBJ_JOINT, name);
    if (j < 0) return -1;
    int dof = m->jnt_dofadr[j];
    out[0] = m->jnt_type[j];
    out[1] = m->jnt_qposadr[j];
    out[2] = m->jnt_limited[j];
    out[3] = m->jnt_range[2 * j];
    out[4] = m->jnt_range[2 * j + 1];
    out[5] = m->dof_damping[dof];
    out[6] = m->dof_armature[dof];
    out[7] = m->dof_frictionloss[dof];
    out[8] = m->jnt_stiffness[j];
    return j;
}

/* A body's compiled mass properties: out[0] mass, out[1..3] centre of mass in the body frame, out[4..6] principal inertia. */
void ofql_body_inertia(void* h, int body, double* out) {
    const mjModel* m = ((ofql_sim*)h)->m;
    out[0] = m->body_mass[body];
    memcpy(out + 1, m->body_ipos + 3 * body, sizeof(double) * 3);
    memcpy(out + 4, m->body_inertia + 3 * body, sizeof(double) * 3);
}

/* The model's reference configuration (qpos0, nq values). */
void ofql_qpos0(void* h, double* out) {
    ofql_sim* s = (ofql_sim*)h;
    memcpy(out, s->m->qpos0, sizeof(double) * (size_t)s->m->nq);
}

/* Total mass of the bodies (after settotalmass), for checking a model. */
double ofql_total_mass(void* h) {
    ofql_sim* s = (ofql_sim*)h;
    double total = 0;
    for (int b = 0; b < s->m->nbody; b++) {
        total += s->m->body_mass[b];
    }
    return total;
}

static void copy_state(const ofql_sim* s, double* qpos, double* qvel, double* xpos, double* cfrc) {
    const mjModel* m = s->m;
    const mjData* d = s->d;
    if (qpos != NULL) memcpy(qpos, d->qpos, sizeof(double) * (size_t)m->nq);
    if (qvel != NULL) memcpy(qvel, d->qvel, sizeof(double) * (size_t)m->nv);
    if (xpos != NULL) memcpy(xpos, d->xpos, sizeof(double) * 3 * (size_t)m->nbody);
    if (cfrc != NULL) memcpy(cfrc, d->cfrc_ext, sizeof(double) * 6 * (size_t)m->nbody);
}

/*
 * Sets the state as gym's set_state does: fresh data, the given qpos and qvel, time 0, then
 * mj_forward so positions derived from qpos (xpos) are current. Output buffers may be NULL.
 */
void ofql_reset(void* h, const double* qpos, const double* qvel,
                double* outQpos, double* outQvel, double* outXpos, double* outCfrc) {
    ofql_sim* s = (ofql_sim*)h;
    mj_resetData(s->m, s->d);
    memcpy(s->d->qpos, qpos, sizeof(double) * (size_t)s->m->nq);
    memcpy(s->d->qvel, qvel, sizeof(double) * (size_t)s->m->nv);
    mj_forward(s->m, s->d);
    copy_state(s, outQpos, outQvel, outXpos, outCfrc);
}

/*
 * One environment step: ctrl (nu values) then frameSkip calls of mj_step, then the state is
 * copied out. mj_rnePostConstraint is deliberately not called, so cfrc_ext stays as mj_step
 * leaves it (zero), which is what D4RL's Ant recordings contain. Returns the count of
 * MuJoCo warnings raised (e.g. bad qacc), so Java can notice a diverged simulation.
 */
int ofql_step(void* h, const double* ctrl, int frameSkip,
              double* outQpos, double* outQvel, double* outXpos, double* outCfrc) {
    ofql_sim* s = (ofql_sim*)h;
    memcpy(s->d->ctrl, ctrl, sizeof(double) * (size_t)s->m->nu);
    int before = 0;
    for (int i = 0; i < mjNWARNING; i++) before += s->d->warning[i].number;
    for (int k = 0; k < frameSkip; k++) {
        mj_step(s->m, s->d);
    }
    int after = 0;
    for (int i = 0; i < mjNWARNING; i++) after += s->d->warning[i].number;
    copy_state(s, outQpos, outQvel, outXpos, outCfrc);
    return after - before;
}
