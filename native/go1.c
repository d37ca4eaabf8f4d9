/* Go1 high-level shim: core loop, dead-man and simulated robot. See fbrl_go1.h. */
#define _GNU_SOURCE
#include "fbrl_go1.h"
#include "fbrl_common.h"
#include "go1_backend.h"
#include "go1_sdk_structs.h"
#include "guardian.h"

#include <math.h>
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sim_robot {
    double x, y, yaw;     /* pose in the world frame */
    double vx, vy, vyaw;  /* body velocities actually achieved */
    uint64_t rng;         /* splitmix64 state */
} sim_robot;

struct fbrl_go1 {
    fbrl_go1_config cfg;
    fbrl_go1_cmd *cmd;       /* shared, written by Java */
    fbrl_go1_state *state;   /* shared, written by the thread */
    void *unitree;           /* SDK backend context */
    sim_robot sim;
    fbrl_HighCmd high_cmd;
    fbrl_HighState high_state;
    uint64_t last_seq;
    int64_t last_refresh_ns;
    int64_t last_state_ns;   /* arrival of the last valid state (thread start while none) */
    int have_state;
    double held_vx, held_vyaw;
    int32_t held_mode, held_gait;
    fbrl_go1_link link;
    /* SDK backend: the shared socket and the stop packet, for the guardian */
    int link_fd;
    fbrl_HighCmd stop_packet;
    fbrl_guardian guardian;
    pthread_t thread;
    int running;
    int stopped;             /* the stop path ran since the last start */
};

int32_t fbrl_go1_backend_available(int32_t backend) {
    if (backend == FBRL_GO1_BACKEND_SIM) return 1;
#ifdef FBRL_WITH_UNITREE
    if (backend == FBRL_GO1_BACKEND_UNITREE) return 1;
#endif
    return 0;
}

static void set_err(char *err, size_t len, const char *msg) {
    if (err && len > 0) snprintf(err, len, "%s", msg);
}

/* splitmix64 -> uniform (0, 1) -> standard normal by Box-Muller (one of the pair). */
static double sim_uniform(sim_robot *s) {
    uint64_t z = (s->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}
static double sim_normal(sim_robot *s) {
    double u1 = sim_uniform(s), u2 = sim_uniform(s);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Simulated Go1 for one period dt:
 *   target speed  v* = vx_cmd if walking (mode 2) and |vx_cmd| >= v_min, else 0   (gait deadband)
 *   target yaw    w* = vyaw_cmd if walking, else 0
 *   lag           v += (v* - v)(1 - exp(-dt/tau_v)),  w likewise with tau_yaw      (exact ZOH step)
 *   drift/noise   while walking: vy = drift_side + noise, w_actual = w + drift_yaw + noise
 *   unicycle      x += (v cos yaw - vy sin yaw) dt, y += (v sin yaw + vy cos yaw) dt, yaw += w_actual dt */
static void sim_step(fbrl_go1 *g, const fbrl_HighCmd *c, fbrl_HighState *hs) {
    sim_robot *s = &g->sim;
    const fbrl_go1_config *k = &g->cfg;
    double dt = 1.0 / k->rate_hz;
    int walking = c->mode == 2;
    double vt = (walking && fabs(c->velocity[0]) >= k->sim_min_speed) ? c->velocity[0] : 0.0;
    double wt = walking ? c->yawSpeed : 0.0;
    s->vx += (vt - s->vx) * (1.0 - exp(-dt / k->sim_tau_v));
    s->vyaw += (wt - s->vyaw) * (1.0 - exp(-dt / k->sim_tau_yaw));
    double w = s->vyaw;
    s->vy = 0;
    if (walking) {
        s->vy = k->sim_drift_side + k->sim_noise * sim_normal(s);
        w += k->sim_drift_yaw + k->sim_noise * sim_normal(s);
    }
    double cy = cos(s->yaw), sy = sin(s->yaw);
    s->x += (s->vx * cy - s->vy * sy) * dt;
    s->y += (s->vx * sy + s->vy * cy) * dt;
    s->yaw = remainder(s->yaw + w * dt, 2.0 * M_PI);

    hs->head[0] = 0xFE;
    hs->head[1] = 0xEF;
    hs->levelFlag = 0xEE;
    hs->mode = c->mode;
    hs->gaitType = c->gaitType;
    hs->progress = 0;
    hs->bodyHeight = 0.28f;
    hs->footRaiseHeight = 0.08f;
    hs->position[0] = (float)s->x;
    hs->position[1] = (float)s->y;
    hs->position[2] = 0;
    hs->velocity[0] = (float)s->vx;
    hs->velocity[1] = (float)s->vy;
    hs->velocity[2] = (float)w;
    hs->yawSpeed = (float)w;
    hs->imu.rpy[0] = 0;
    hs->imu.rpy[1] = 0;
    hs->imu.rpy[2] = (float)s->yaw;
    hs->imu.quaternion[0] = (float)cos(s->yaw / 2);
    hs->imu.quaternion[1] = 0;
    hs->imu.quaternion[2] = 0;
    hs->imu.quaternion[3] = (float)sin(s->yaw / 2);
    hs->imu.gyroscope[2] = (float)w;
    hs->imu.accelerometer[2] = 9.81f;
    hs->bms.SOC = 90;
}

static int arm_guardian(fbrl_go1 *g, char *err, size_t err_len) {
    if (!g->unitree || g->guardian.pid > 0) return 0;
    char hex[2 * sizeof(fbrl_HighCmd) + 2] = "";
    fbrl_hex_append(hex, sizeof hex, (const unsigned char *)&g->stop_packet, sizeof g->stop_packet, 1);
    int rc = fbrl_guardian_start(&g->guardian, "udp", g->link_fd, g->cfg.rate_hz, FBRL_STOP_HOLD_S, g->cfg.deadman_timeout_s, 0,
                                 hex, "-", err, err_len);
    g->state->guardian_pid = g->guardian.pid;
    return rc;
}

fbrl_go1 *fbrl_go1_open(const fbrl_go1_config *cfg, char *err, size_t err_len) {
    if (!cfg) { set_err(err, err_len, "null config"); return NULL; }
    if (!fbrl_go1_backend_available(cfg->backend)) {
        set_err(err, err_len, cfg->backend == FBRL_GO1_BACKEND_UNITREE
                ? "this build has no Unitree SDK backend: rebuild with the SDK (./feedbackrl build -Dunitree.sdk=/path/to/unitree_legged_sdk, "
                  "or UNITREE_SDK=/path; the default is ../shared/vendor/unitree_legged_sdk-go1 when present)"
                : "unknown backend");
        return NULL;
    }
    if (!(cfg->rate_hz >= 1 && cfg->rate_hz <= 5000)) { set_err(err, err_len, "rate_hz must be in [1, 5000]"); return NULL; }
    if (!(cfg->deadman_timeout_s > 0)) { set_err(err, err_len, "deadman_timeout_s must be positive"); return NULL; }
    if (!(cfg->max_v > 0 && cfg->max_yaw > 0)) { set_err(err, err_len, "max_v and max_yaw must be positive"); return NULL; }
    if (cfg->backend == FBRL_GO1_BACKEND_SIM
        && !(cfg->sim_tau_v > 0 && cfg->sim_tau_yaw > 0 && cfg->sim_min_speed >= 0 && cfg->sim_noise >= 0
             && isfinite(cfg->sim_drift_yaw) && isfinite(cfg->sim_drift_side))) {
        set_err(err, err_len, "simulator needs positive lags and non-negative min speed and noise"); return NULL;
    }
    fbrl_go1 *g = calloc(1, sizeof *g);
    if (!g) { set_err(err, err_len, "out of memory"); return NULL; }
    g->cfg = *cfg;
    g->cfg.target_ip[sizeof g->cfg.target_ip - 1] = 0;
    g->link_fd = -1;
    if (posix_memalign((void **)&g->cmd, 64, sizeof *g->cmd) != 0
        || posix_memalign((void **)&g->state, 64, sizeof *g->state) != 0) {
        fbrl_go1_close(g); set_err(err, err_len, "out of memory"); return NULL;
    }
    memset(g->cmd, 0, sizeof *g->cmd);
    memset(g->state, 0, sizeof *g->state);
    g->state->backend = cfg->backend;
    g->sim.rng = cfg->sim_seed;
    g->stopped = 1;
#ifdef FBRL_WITH_UNITREE
    if (cfg->backend == FBRL_GO1_BACKEND_UNITREE) {
        g->unitree = fbrl_go1_unitree_open(&g->cfg, &g->state->local_port, &g->stop_packet, &g->link_fd, err, err_len);
        if (!g->unitree) { fbrl_go1_close(g); return NULL; }
        if (arm_guardian(g, err, err_len) != 0) { fbrl_go1_close(g); return NULL; }
    }
#endif
    if (!g->unitree) g->have_state = 1; /* the simulator's state is known from the start */
    g->last_refresh_ns = g->last_state_ns = fbrl_now_ns();
    return g;
}

fbrl_go1_cmd *fbrl_go1_cmd_ptr(fbrl_go1 *g) { return g->cmd; }
fbrl_go1_state *fbrl_go1_state_ptr(fbrl_go1 *g) { return g->state; }

/* Builds the HighCmd for (mode, gait, vx, vyaw); anything but 1 (stand) or 2 (walk) is mode 0. */
static void build_cmd(fbrl_go1 *g, int32_t mode, int32_t gait, double vx, double vyaw) {
    fbrl_HighCmd *c = &g->high_cmd;
    memset(c, 0, sizeof *c);
    c->head[0] = 0xFE;
    c->head[1] = 0xEF;
    c->levelFlag = 0xEE;
    if (!isfinite(vx) || !isfinite(vyaw)) { mode = 0; }
    if (mode == 2) {
        c->mode = 2;
        c->gaitType = (uint8_t)(gait >= 1 && gait <= 4 ? gait : 1);
        c->velocity[0] = (float)clampd(vx, -g->cfg.max_v, g->cfg.max_v);
        c->yawSpeed = (float)clampd(vyaw, -g->cfg.max_yaw, g->cfg.max_yaw);
    } else if (mode == 1) {
        c->mode = 1;
    } else {
        c->mode = 0;
    }
}

/* Receive phase (SDK backend): every queued datagram; a valid one refreshes the link. */
static void receive(fbrl_go1 *g, int64_t now) {
#ifdef FBRL_WITH_UNITREE
    if (g->unitree && fbrl_go1_unitree_receive(g->unitree, &g->high_state, &g->link) > 0) {
        g->have_state = 1;
        g->last_state_ns = now;
    }
#else
    (void)g;
    (void)now;
#endif
}

/* Send phase: the SDK backend sends high_cmd (and gets its CRC back); the simulator steps. */
static void send_cmd(fbrl_go1 *g) {
#ifdef FBRL_WITH_UNITREE
    if (g->unitree) {
        fbrl_go1_unitree_send(g->unitree, &g->high_cmd, &g->link);
        return;
    }
#endif
    sim_step(g, &g->high_cmd, &g->high_state);
}

/* The simulator's link is perfect; the SDK's is silent until a valid state arrives and whenever
 * none has arrived for the dead-man timeout. */
static int link_silent(const fbrl_go1 *g, int64_t now) {
    if (!g->unitree) return 0;
    return !g->have_state || now - g->last_state_ns > (int64_t)(g->cfg.deadman_timeout_s * 1e9);
}

static void publish(fbrl_go1 *g, int64_t now, int dead, int silent) {
    fbrl_go1_state *s = g->state;
    uint64_t seq = s->seq;
    fbrl_store_relaxed_u64(&s->seq, seq + 1);
    fbrl_release_fence();
    s->ticks++;
    s->deadman_active = (uint32_t)dead;
    s->time_ns = now;
    const fbrl_HighState *h = &g->high_state;
    if (g->unitree) {
        s->x = h->position[0];
        s->y = h->position[1];
        s->yaw = h->imu.rpy[2];
        s->vx = h->velocity[0];
        s->vy = h->velocity[1];
        s->vyaw = h->yawSpeed;
    } else {
        s->x = g->sim.x;
        s->y = g->sim.y;
        s->yaw = g->sim.yaw;
        s->vx = g->sim.vx;
        s->vy = g->sim.vy;
        s->vyaw = h->yawSpeed;
    }
    if (silent && !s->link_silent && g->have_state) s->silent_trips++;
    s->have_state = (uint32_t)g->have_state;
    s->link_silent = (uint32_t)silent;
    s->state_age_ns = g->unitree ? now - g->last_state_ns : 0;
    s->udp_sent = g->link.sent;
    s->udp_send_failed = g->link.send_failed;
    s->udp_received = g->link.received;
    s->udp_lost = g->link.lost;
    s->udp_crc_errors = g->link.crc_errors;
    s->udp_malformed = g->link.malformed;
    memcpy(s->high_state, h, sizeof *h);
    memcpy(s->high_cmd, &g->high_cmd, sizeof g->high_cmd);
    fbrl_store_release_u64(&s->seq, seq + 2);
}

int32_t fbrl_go1_tick(fbrl_go1 *g, int64_t now) {
    g->stopped = 0; /* something may have been commanded: the stop path must run again */
    receive(g, now);
    fbrl_go1_cmd *c = g->cmd;
    uint64_t s1 = fbrl_load_acquire_u64(&c->seq);
    if ((s1 & 1) == 0) {
        double vx = c->vx, vyaw = c->vyaw;
        int32_t mode = c->mode, gait = c->gait;
        fbrl_acquire_fence();
        uint64_t s2 = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
        if (s1 == s2 && s1 != g->last_seq) {
            g->last_seq = s1;
            g->held_vx = vx;
            g->held_vyaw = vyaw;
            g->held_mode = mode;
            g->held_gait = gait;
            g->last_refresh_ns = now;
        }
    }
    int64_t age = now - g->last_refresh_ns;
    int dead = age > (int64_t)(g->cfg.deadman_timeout_s * 1e9);
    int silent = link_silent(g, now);
    if (dead && !g->state->deadman_active) {
        g->state->deadman_age_ns = age;
        __atomic_add_fetch(&g->state->deadman_trips, 1, __ATOMIC_RELAXED);
    }
    if (dead || silent) build_cmd(g, 0, 0, 0.0, 0.0); /* neutral: mode 0, zero velocities */
    else build_cmd(g, g->held_mode, g->held_gait, g->held_vx, g->held_vyaw);
    send_cmd(g);
    publish(g, now, dead, silent);
    return dead;
}

static void *go1_thread(void *arg) {
    fbrl_go1 *g = arg;
    int64_t period = (int64_t)(1e9 / g->cfg.rate_hz);
    int64_t next = fbrl_now_ns();
    while (__atomic_load_n(&g->running, __ATOMIC_ACQUIRE)) {
        fbrl_go1_tick(g, fbrl_now_ns());
        fbrl_guardian_beat(&g->guardian); /* the guardian sends mode 0 if these stop (a frozen process) */
        next += period;
        int64_t now = fbrl_now_ns();
        if (next < now - period) next = now; /* fell behind: resynchronise rather than burst */
        fbrl_sleep_until(next);
    }
    return NULL;
}

int32_t fbrl_go1_start(fbrl_go1 *g) {
    if (__atomic_load_n(&g->running, __ATOMIC_ACQUIRE)) return 0;
    if (arm_guardian(g, NULL, 0) != 0) return -1;
    g->last_refresh_ns = fbrl_now_ns();
    if (!g->have_state) g->last_state_ns = g->last_refresh_ns;
    g->stopped = 0;
    __atomic_store_n(&g->running, 1, __ATOMIC_RELEASE);
    if (pthread_create(&g->thread, NULL, go1_thread, g) != 0) {
        __atomic_store_n(&g->running, 0, __ATOMIC_RELEASE);
        return -1;
    }
    fbrl_guardian_watch(&g->guardian, 1);
    return 0;
}

int32_t fbrl_go1_stop(fbrl_go1 *g) {
    fbrl_guardian_watch(&g->guardian, 0);
    if (__atomic_exchange_n(&g->running, 0, __ATOMIC_ACQ_REL)) pthread_join(g->thread, NULL);
    if (!g->stopped) {
        g->stopped = 1;
        /* Leave the robot commanded to stop: mode 0, zero velocities, for FBRL_STOP_HOLD_S at the
         * exchange rate (the simulator: one exchange). */
        int64_t period = (int64_t)(1e9 / g->cfg.rate_hz);
        int n = g->unitree ? (int)ceil(FBRL_STOP_HOLD_S * g->cfg.rate_hz) + 1 : 1;
        int64_t next = fbrl_now_ns();
        for (int i = 0; i < n; i++) {
            receive(g, next);
            build_cmd(g, 0, 0, 0.0, 0.0);
            send_cmd(g);
            publish(g, next, g->state->deadman_active, link_silent(g, next));
            next += period;
            if (i + 1 < n) fbrl_sleep_until(next);
        }
    }
    fbrl_guardian_disarm(&g->guardian);
    g->state->guardian_pid = 0;
    return 0;
}

void fbrl_go1_close(fbrl_go1 *g) {
    if (!g) return;
    if (g->state) fbrl_go1_stop(g);
    else fbrl_guardian_disarm(&g->guardian);
#ifdef FBRL_WITH_UNITREE
    if (g->unitree) fbrl_go1_unitree_close(g->unitree);
#endif
    free(g->cmd);
    free(g->state);
    free(g);
}
