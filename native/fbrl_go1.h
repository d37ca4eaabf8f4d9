/*
 * feedback-rl Unitree Go1 high-level shim, plain C ABI.
 *
 * A native thread runs the 500 Hz high-level exchange: each tick it reads the command Java stored
 * into fbrl_go1_cmd (seqlock, see fbrl_common.h), builds a HighCmd (mode 2 + gaitType 1 to walk,
 * velocity[0] = vx, yawSpeed = vyaw), exchanges it with the robot (or the simulator) and publishes
 * the state into fbrl_go1_state under its own seqlock. Dead-man: if the command sequence number
 * does not change for deadman_timeout_s, the HighCmd becomes mode 0 with zero velocities and the
 * state reports it (deadman_active, deadman_trips) until Java writes again.
 *
 * Backends: FBRL_GO1_BACKEND_SIM (always available): a unicycle whose body velocities follow the
 * commands with a first-order lag, saturate, do not move below a minimum speed, and drift.
 * FBRL_GO1_BACKEND_UNITREE: the Unitree legged SDK 3.8 over UDP, compiled only when the build was
 * given the SDK (fbrl_go1_backend_available tells).
 *
 * The command age is measured from the output tick that first saw the new sequence number, so
 * relative to Java's last write the dead-man engages after between timeout and timeout + one period.
 *
 * Java binds this header by hand in org.feedbackrl.hw.Go1Binding.
 */
#ifndef FBRL_GO1_H
#define FBRL_GO1_H

#include <stddef.h>
#include <stdint.h>

#ifndef FBRL_EXPORT
#define FBRL_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define FBRL_GO1_BACKEND_SIM 0
#define FBRL_GO1_BACKEND_UNITREE 1

#define FBRL_GO1_HIGH_CMD_SIZE 129
#define FBRL_GO1_HIGH_STATE_SIZE 1087

typedef struct fbrl_go1_config {
    double rate_hz;           /* exchange rate, 500 */
    double deadman_timeout_s; /* stop (mode 0) when commands are older than this, 0.1 */
    double max_v;             /* m/s, |vx| sent is clamped to this (both backends), 1.0 */
    double max_yaw;           /* rad/s, |vyaw| sent is clamped to this (both backends), 3.0 */
    /* simulator (FBRL_GO1_BACKEND_SIM) */
    double sim_tau_v;         /* s, first-order lag of forward speed, 0.25 */
    double sim_tau_yaw;       /* s, first-order lag of yaw rate, 0.15 */
    double sim_min_speed;     /* m/s, commands with |vx| below this do not move the robot, 0.2 */
    double sim_drift_yaw;     /* rad/s, constant yaw drift while walking, 0.02 */
    double sim_drift_side;    /* m/s, constant sideways drift while walking, 0.01 */
    double sim_noise;         /* m/s and rad/s, std of velocity noise while walking, 0.01 */
    uint64_t sim_seed;        /* noise seed */
    /* Unitree SDK (FBRL_GO1_BACKEND_UNITREE) */
    int32_t backend;          /* FBRL_GO1_BACKEND_* */
    int32_t local_port;       /* 8090 */
    int32_t target_port;      /* 8082 */
    int32_t reserved;
    char target_ip[32];       /* "192.168.123.161" */
} fbrl_go1_config;

/* Written by Java (seqlock), read by the native thread. */
typedef struct fbrl_go1_cmd {
    uint64_t seq;   /* Java increments to odd, writes, increments to even */
    double vx;      /* m/s forward, body frame */
    double vyaw;    /* rad/s */
    int32_t mode;   /* HighCmd.mode: 0 idle/stand (stop), 1 forced stand, 2 walk */
    int32_t gait;   /* HighCmd.gaitType when walking: 1 trot */
} fbrl_go1_cmd;

/* Written by the native thread (seqlock on seq), read by Java. */
typedef struct fbrl_go1_state {
    uint64_t seq;            /* odd while the thread writes */
    uint64_t ticks;          /* exchanges done */
    uint64_t deadman_trips;  /* times the dead-man engaged */
    uint32_t deadman_active; /* 1 while sending mode 0 because commands are stale */
    int32_t backend;         /* FBRL_GO1_BACKEND_* */
    int64_t time_ns;         /* CLOCK_MONOTONIC time of this state */
    int64_t deadman_age_ns;  /* command age when the dead-man last engaged */
    double x, y, yaw;        /* m, m, rad: simulator truth / robot odometry (HighState.position, imu.rpy[2]) */
    double vx, vy, vyaw;     /* m/s, m/s, rad/s: body-frame velocities */
    uint64_t udp_send;       /* packets sent (SDK backend) */
    uint64_t udp_recv;       /* packets received (SDK backend) */
    uint64_t udp_errors;     /* send, CRC and lost-packet errors (SDK backend) */
    uint8_t high_state[FBRL_GO1_HIGH_STATE_SIZE]; /* last HighState, packed SDK layout */
    uint8_t high_cmd[FBRL_GO1_HIGH_CMD_SIZE];     /* last HighCmd sent, packed SDK layout */
} fbrl_go1_state;

typedef struct fbrl_go1 fbrl_go1;

FBRL_EXPORT int32_t fbrl_go1_backend_available(int32_t backend);
FBRL_EXPORT fbrl_go1 *fbrl_go1_open(const fbrl_go1_config *config, char *err, size_t err_len);
FBRL_EXPORT fbrl_go1_cmd *fbrl_go1_cmd_ptr(fbrl_go1 *go1);
FBRL_EXPORT fbrl_go1_state *fbrl_go1_state_ptr(fbrl_go1 *go1);
FBRL_EXPORT int32_t fbrl_go1_start(fbrl_go1 *go1);
/* Stops the thread after sending mode 0 for a few ticks. */
FBRL_EXPORT int32_t fbrl_go1_stop(fbrl_go1 *go1);
/* One exchange at CLOCK_MONOTONIC time now_ns; only when the thread is not running. The simulator
 * integrates one period 1/rate_hz per call. Returns 1 when the dead-man is active. */
FBRL_EXPORT int32_t fbrl_go1_tick(fbrl_go1 *go1, int64_t now_ns);
FBRL_EXPORT void fbrl_go1_close(fbrl_go1 *go1);

#ifdef __cplusplus
}
#endif
#endif
