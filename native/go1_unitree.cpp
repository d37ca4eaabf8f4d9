/*
 * Unitree legged SDK 3.8 backend of the Go1 shim. Compiled only when the build is given the SDK
 * (mvn -Dunitree.sdk=/path/to/unitree_legged_sdk); links the SDK's static library and -lpthread.
 * Uses only the SDK's UDP class and packet structs (udp.h, comm.h), high level:
 *   UDP(HIGHLEVEL, local_port, target_ip, target_port)   e.g. 8090 -> 192.168.123.161:8082
 *   InitCmdData(HighCmd&) once (head, levelFlag), then per tick: Recv(); GetRecv(HighState&);
 *   SetSend(HighCmd&); Send().
 * It was written from the SDK headers and has not been run against a robot from this repository.
 */
#include "go1_backend.h"

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <new>

#include "unitree_legged_sdk/comm.h"
#include "unitree_legged_sdk/udp.h"

namespace sdk = UNITREE_LEGGED_SDK;

/* Our C mirror must match the SDK byte for byte, since whole structs are copied between them. */
static_assert(sizeof(sdk::HighCmd) == sizeof(fbrl_HighCmd), "HighCmd size differs from the SDK");
static_assert(sizeof(sdk::HighState) == sizeof(fbrl_HighState), "HighState size differs from the SDK");
static_assert(offsetof(sdk::HighCmd, mode) == offsetof(fbrl_HighCmd, mode), "HighCmd.mode");
static_assert(offsetof(sdk::HighCmd, velocity) == offsetof(fbrl_HighCmd, velocity), "HighCmd.velocity");
static_assert(offsetof(sdk::HighCmd, yawSpeed) == offsetof(fbrl_HighCmd, yawSpeed), "HighCmd.yawSpeed");
static_assert(offsetof(sdk::HighCmd, crc) == offsetof(fbrl_HighCmd, crc), "HighCmd.crc");
static_assert(offsetof(sdk::HighState, imu) == offsetof(fbrl_HighState, imu), "HighState.imu");
static_assert(offsetof(sdk::HighState, mode) == offsetof(fbrl_HighState, mode), "HighState.mode");
static_assert(offsetof(sdk::HighState, position) == offsetof(fbrl_HighState, position), "HighState.position");
static_assert(offsetof(sdk::HighState, velocity) == offsetof(fbrl_HighState, velocity), "HighState.velocity");
static_assert(offsetof(sdk::HighState, yawSpeed) == offsetof(fbrl_HighState, yawSpeed), "HighState.yawSpeed");
static_assert(offsetof(sdk::HighState, crc) == offsetof(fbrl_HighState, crc), "HighState.crc");

namespace {
struct Backend {
    sdk::UDP udp;
    sdk::HighCmd cmd;
    sdk::HighState state;
    Backend(uint16_t local, const char *ip, uint16_t port) : udp(sdk::HIGHLEVEL, local, ip, port) {
        std::memset(&cmd, 0, sizeof cmd);
        std::memset(&state, 0, sizeof state);
        udp.InitCmdData(cmd);
    }
};
}  // namespace

extern "C" void *fbrl_go1_unitree_open(const fbrl_go1_config *cfg, char *err, size_t err_len) {
    if (cfg->local_port <= 0 || cfg->local_port > 65535 || cfg->target_port <= 0 || cfg->target_port > 65535
        || cfg->target_ip[0] == 0) {
        if (err && err_len) std::snprintf(err, err_len, "Go1: need local_port, target_ip and target_port");
        return nullptr;
    }
    try {
        return new Backend((uint16_t)cfg->local_port, cfg->target_ip, (uint16_t)cfg->target_port);
    } catch (...) {
        if (err && err_len) std::snprintf(err, err_len, "Go1: the Unitree SDK could not open its UDP socket");
        return nullptr;
    }
}

extern "C" int fbrl_go1_unitree_exchange(void *ctx, const fbrl_HighCmd *c, fbrl_HighState *s, uint64_t counters[3]) {
    Backend *b = static_cast<Backend *>(ctx);
    b->udp.Recv();
    b->udp.GetRecv(b->state);
    std::memcpy(s, &b->state, sizeof *s);
    /* Only the fields the shim commands; head and levelFlag stay as InitCmdData set them, and
     * SetSend computes the crc. */
    b->cmd.mode = c->mode;
    b->cmd.gaitType = c->gaitType;
    b->cmd.speedLevel = 0;
    b->cmd.footRaiseHeight = 0;
    b->cmd.bodyHeight = 0;
    b->cmd.euler[0] = b->cmd.euler[1] = b->cmd.euler[2] = 0;
    b->cmd.velocity[0] = c->velocity[0];
    b->cmd.velocity[1] = 0;
    b->cmd.yawSpeed = c->yawSpeed;
    b->cmd.reserve = 0;
    b->udp.SetSend(b->cmd);
    b->udp.Send();
    counters[0] = b->udp.udpState.SendCount;
    counters[1] = b->udp.udpState.RecvCount;
    counters[2] = b->udp.udpState.SendError + b->udp.udpState.RecvCRCError + b->udp.udpState.RecvLoseError;
    return 0;
}

extern "C" void fbrl_go1_unitree_close(void *ctx) { delete static_cast<Backend *>(ctx); }
