/*
 * feedback-rl Unitree Go1 high-level shim, plain C ABI.
 *
 * A native thread runs the 500 Hz high-level exchange: each tick it receives whatever the robot
 * sent, reads the command Java stored into fbrl_go1_cmd (seqlock, see fbrl_common.h), builds a
 * HighCmd (mode 2 + gaitType 1 to walk, velocity[0] = vx, yawSpeed = vyaw), sends it, and publishes
 * the state into fbrl_go1_state under its own seqlock.
 *
 * The robot only ever receives the neutral command (mode 0, zero velocities) when
 *   - the dead-man: the command sequence number has not changed for deadman_timeout_s (Java stopped
 *     refreshing: crash, pause, hang); reported in deadman_active / deadman_trips;
 *   - the link is silent: no valid HighState has arrived yet, or none for deadman_timeout_s (robot
 *     off, network down, every reply failing its CRC); reported in link_silent / silent_trips and
 *     the per-kind packet counters;
 *   - the stop path: fbrl_go1_stop sends mode 0 for FBRL_STOP_HOLD_S (0.1 s) before it returns;
 *   - the process dies: a guardian process (docs/robot-stop.md), started by fbrl_go1_open for the
 *     SDK backend and sharing its UDP socket, sends mode 0 for 0.1 s when the process is gone.
 *
 * Backends: FBRL_GO1_BACKEND_SIM (always available): a unicycle whose body velocities follow the
 * commands with a first-order lag, saturate, do not move below a minimum speed, and drift; its link
 * is perfect. FBRL_GO1_BACKEND_UNITREE: the Unitree legged SDK 3.8 over UDP, compiled only when the
 * build found the SDK (fbrl_go1_backend_available tells). The SDK checks each HighState's CRC; the
 * shim hands it one datagram at a time and drops datagrams of the wrong length before it.
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
    double deadman_timeout_s; /* stop (mode 0) when commands, or valid states, are older than this; 0.1 */
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
    int32_t local_port;       /* UDP port the SDK binds, 8090; 0 = any free port (loopback tests) */
    int32_t target_port;      /* the robot's high-level port, 8082 */
    int32_t reserved;
    char target_ip[32];       /* "192.168.123.161"; dotted IPv4 */
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
    double vx, vy, vyaw;     /* m/s, m/s, rad/s: body-frame velocities (HighState.velocity[0..1], yawSpeed) */
    /* Link. The simulator's is perfect (have_state 1, silent 0, counters 0). */
    uint32_t have_state;     /* 1 once a valid HighState has arrived; x..vyaw mean nothing before */
    uint32_t link_silent;    /* 1 while only mode 0 is sent because no valid state arrived for deadman_timeout_s (or none yet) */
    int64_t state_age_ns;    /* time since the last valid state arrived (since the thread started while none has) */
    uint64_t silent_trips;   /* times the link went silent after having delivered a state */
    uint64_t udp_sent;       /* HighCmd packets sent */
    uint64_t udp_send_failed; /* sends that failed, including "port unreachable" reported by the kernel */
    uint64_t udp_received;   /* valid HighState packets (the SDK's RecvCount) */
    uint64_t udp_lost;       /* exchanges in which no packet at all arrived (the SDK's notion of a lost packet) */
    uint64_t udp_crc_errors; /* packets the SDK rejected for their CRC (its RecvCRCError) */
    uint64_t udp_malformed;  /* packets of the wrong length or header, never handed to the SDK's CRC check */
    int32_t local_port;      /* UDP port the SDK's socket is bound to (SDK backend) */
    int32_t guardian_pid;    /* the guardian process while armed, else 0 */
    uint8_t high_state[FBRL_GO1_HIGH_STATE_SIZE]; /* last valid HighState, packed SDK layout */
    uint8_t high_cmd[FBRL_GO1_HIGH_CMD_SIZE];     /* last HighCmd sent, packed SDK layout, with its CRC */
} fbrl_go1_state;

typedef struct fbrl_go1 fbrl_go1;

FBRL_EXPORT int32_t fbrl_go1_backend_available(int32_t backend);
/* Opens the backend; for the SDK backend also binds the UDP socket and arms the guardian. */
FBRL_EXPORT fbrl_go1 *fbrl_go1_open(const fbrl_go1_config *config, char *err, size_t err_len);
FBRL_EXPORT fbrl_go1_cmd *fbrl_go1_cmd_ptr(fbrl_go1 *go1);
FBRL_EXPORT fbrl_go1_state *fbrl_go1_state_ptr(fbrl_go1 *go1);
/* Starts the exchange thread (re-arms the guardian after a stop). 0 on success. */
FBRL_EXPORT int32_t fbrl_go1_start(fbrl_go1 *go1);
/* The stop path: stops the thread, sends mode 0 with zero velocities for FBRL_STOP_HOLD_S (one
 * exchange for the simulator), then disarms the guardian. Idempotent; the handle stays valid. */
FBRL_EXPORT int32_t fbrl_go1_stop(fbrl_go1 *go1);
/* One exchange at CLOCK_MONOTONIC time now_ns; only when the thread is not running. The simulator
 * integrates one period 1/rate_hz per call. Returns 1 when the dead-man is active. */
FBRL_EXPORT int32_t fbrl_go1_tick(fbrl_go1 *go1, int64_t now_ns);
/* fbrl_go1_stop, then frees everything. */
FBRL_EXPORT void fbrl_go1_close(fbrl_go1 *go1);

#ifdef __cplusplus
}
#endif
#endif
