/*
 * Runs the same actions through two kitchen models under D4RL's control rule and reports how far
 * their states drift apart, and how often an arm link (not a finger) touches something in each.
 * Used to compare the toolkit's kitchen.xml (primitive stand-ins for the arm's collision meshes)
 * with D4RL's own franka_kitchen_jntpos_act_ab.xml compiled in the same MuJoCo; see
 * scripts/kitchen-compare.sh and docs/envs.md ("Kitchen").
 *
 * Both models must have the same qpos layout (arm 0-8, objects 9-29). The observation noise is
 * left out so that the only difference is the models. Actions are smooth random walks:
 * a_t = r a_{t-1} + (1 - r) A U(-1, 1), clipped to [-1, 1], the same for both models.
 *
 * usage: kitchen_compare ORIGINAL.xml OURS.xml EPISODES AMPLITUDE SMOOTHING
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mujoco/mujoco.h>

static const double Q0[30] = {
    0.148388023, -1.76848573, 1.84390296, -2.47685760, 0.260252026, 0.712533105, 1.59515394, 0.0479267505,
    0.0371350919, -2.66279850e-04, -5.18043486e-05, 3.12877220e-05, -4.51199853e-05, -3.90842156e-06,
    -4.22629655e-05, 6.28065475e-05, 4.04984708e-05, 4.62730939e-04, -2.26906415e-04, -4.65501369e-04,
    -6.44129196e-03, -1.77048263e-03, 1.08009684e-03, -0.269397440, 0.350383255, 1.61944683, 1.00618764,
    4.06395120e-03, -6.62095997e-03, -2.68278933e-04};
static const double LOW[9] = {-2.9, -1.8, -2.9, -3.1, -2.9, 0, -2.9, 0, 0};
static const double HIGH[9] = {2.9, 1.8, 2.9, 0, 2.9, 3.8, 2.9, 0.04, 0.04};

static unsigned long long rng;

static double uniform(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0 * 2 - 1;
}

/* Arm links are the bodies on the chain from the first jointed body up to (not including) the fingers. */
static int is_link(const mjModel* m, int body) {
    return m->body_jntnum[body] > 0 && m->body_jntadr[body] < 7 && m->jnt_type[m->body_jntadr[body]] == mjJNT_HINGE;
}

static int link_contacts(const mjModel* m, const mjData* d) {
    int n = 0;
    for (int i = 0; i < d->ncon; i++) {
        if (is_link(m, m->geom_bodyid[d->contact[i].geom1]) || is_link(m, m->geom_bodyid[d->contact[i].geom2])) {
            n++;
        }
    }
    return n;
}

static void set_targets(const mjData* d, const double* act, double* ctrl) {
    for (int i = 0; i < 9; i++) {
        ctrl[i] = fmin(HIGH[i], fmax(LOW[i], d->qpos[i] + 0.08 * 2 * act[i]));
    }
}

int main(int argc, char** argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s ORIGINAL.xml OURS.xml EPISODES AMPLITUDE SMOOTHING\n", argv[0]);
        return 2;
    }
    char err[1000];
    mjModel* ma = mj_loadXML(argv[1], NULL, err, sizeof(err));
    if (ma == NULL) { fprintf(stderr, "%s: %s\n", argv[1], err); return 1; }
    mjModel* mb = mj_loadXML(argv[2], NULL, err, sizeof(err));
    if (mb == NULL) { fprintf(stderr, "%s: %s\n", argv[2], err); return 1; }
    if (ma->nq != 30 || mb->nq != 30 || ma->nu != 9 || mb->nu != 9) {
        fprintf(stderr, "both models need nq 30 and nu 9\n");
        return 1;
    }
    int episodes = atoi(argv[3]);
    double amplitude = atof(argv[4]);
    double smoothing = atof(argv[5]);
    mjData* da = mj_makeData(ma);
    mjData* db = mj_makeData(mb);
    int contactA = 0, contactB = 0, steps = 0, same = 0;
    printf("episode,max_arm_diff,max_object_diff,first_step_arm_diff_over_0.01,link_contact_steps_original,link_contact_steps_ours\n");
    for (int e = 0; e < episodes; e++) {
        rng = 88172645463325252ULL + 7919ULL * (unsigned long long)e;
        mj_resetData(ma, da);
        mj_resetData(mb, db);
        memcpy(da->qpos, Q0, sizeof(Q0));
        memcpy(db->qpos, Q0, sizeof(Q0));
        mj_forward(ma, da);
        mj_forward(mb, db);
        double act[9] = {0};
        double armDiff = 0, objectDiff = 0;
        int first = -1, epA = 0, epB = 0;
        for (int t = 0; t < 280; t++) {
            for (int i = 0; i < 9; i++) {
                act[i] = fmin(1, fmax(-1, smoothing * act[i] + (1 - smoothing) * amplitude * uniform()));
            }
            set_targets(da, act, da->ctrl);
            set_targets(db, act, db->ctrl);
            int ca = 0, cb = 0;
            for (int k = 0; k < 40; k++) {
                mj_step(ma, da);
                mj_step(mb, db);
                ca |= link_contacts(ma, da) > 0;
                cb |= link_contacts(mb, db) > 0;
            }
            epA += ca;
            epB += cb;
            double arm = 0, object = 0;
            for (int i = 0; i < 9; i++) arm = fmax(arm, fabs(da->qpos[i] - db->qpos[i]));
            for (int i = 9; i < 30; i++) object = fmax(object, fabs(da->qpos[i] - db->qpos[i]));
            armDiff = fmax(armDiff, arm);
            objectDiff = fmax(objectDiff, object);
            if (first < 0 && arm > 0.01) first = t + 1;
        }
        contactA += epA;
        contactB += epB;
        steps += 280;
        same += first < 0;
        printf("%d,%.5f,%.5f,%d,%d,%d\n", e, armDiff, objectDiff, first, epA, epB);
    }
    printf("# %d of %d episodes within 0.01 rad/m on every arm joint for all 280 steps; steps with an arm-link"
           " contact: original %d, ours %d of %d\n", same, episodes, contactA, contactB, steps);
    return 0;
}
