/*
 * Unitree legged SDK 3.8 (go1 branch) backend of the Go1 shim. Compiled and linked against the SDK's
 * headers and static library when the build finds the SDK (native/build.sh: -Dunitree.sdk, UNITREE_SDK,
 * the remembered choice, or ../shared/vendor/unitree_legged_sdk-go1). Uses only the SDK's UDP class and
 * packet structs (udp.h, comm.h), high level:
 *
 *   UDP(local_port, target_ip, target_port, HIGH_CMD_LENGTH, HIGH_STATE_LENGTH, false, RecvEnum::block)
 *   InitCmdData(HighCmd&) per packet (head 0xFE 0xEF, levelFlag 0xEE); SetSend(HighCmd&) computes the
 *   CRC into the packet; Send(); Recv() checks head and CRC of one datagram; GetRecv(HighState&).
 *
 * What the SDK library does (read from its code and checked by HardwareLoopbackTest against a test
 * robot): the CRC is the STM32-style CRC-32 (polynomial 0x04C11DB7, initial 0xFFFFFFFF, no reflection,
 * over the packet's little-endian 32-bit words except the last: 31 words of a HighCmd, 270 of a
 * HighState). A HighCmd goes out with the plain CRC at byte 125. A HighState whose levelFlag is 0xEE
 * (high level) is accepted only when its CRC field is the SDK's "encrypted" form of that CRC (XOR
 * 0xEDCAB9DE, then bytes 1<->2, 0<->3, 0<->2 swapped); the Go1 sends it so. Recv() does not look at the
 * datagram's length (a short one leaves stale bytes in its buffer, a long one is truncated), and in its
 * default non-blocking mode it drains the socket and keeps only the last datagram. Hence RecvEnum::block
 * (one datagram per Recv(); the socket is still non-blocking) and a length check before each Recv().
 *
 * The socket is a private member of UDP without an accessor; the shim needs it to peek at the
 * datagram length, to learn the port actually bound (the SDK only prints an error when bind fails)
 * and to share it with the guardian. It is read through the standard explicit-instantiation access
 * rule ([temp.explicit]: access checking does not apply to names in an explicit instantiation), so
 * its offset comes from the SDK's own header, not from a hard-coded number.
 */
#include "go1_backend.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <new>
#include <sys/socket.h>

#include "unitree_legged_sdk/comm.h"
#include "unitree_legged_sdk/udp.h"

namespace sdk = UNITREE_LEGGED_SDK;

/* Our C mirror must match the SDK byte for byte, since whole structs are copied between them
 * (native/test/sdk_layout_probe.cpp checks every field against the Java layouts too). */
#define SAME(T, f) static_assert(offsetof(sdk::T, f) == offsetof(fbrl_##T, f), #T "." #f " differs from the SDK")
static_assert(sizeof(sdk::HighCmd) == sizeof(fbrl_HighCmd), "HighCmd size differs from the SDK");
static_assert(sizeof(sdk::HighState) == sizeof(fbrl_HighState), "HighState size differs from the SDK");
SAME(HighCmd, head); SAME(HighCmd, levelFlag); SAME(HighCmd, mode); SAME(HighCmd, gaitType); SAME(HighCmd, speedLevel);
SAME(HighCmd, footRaiseHeight); SAME(HighCmd, bodyHeight); SAME(HighCmd, position); SAME(HighCmd, euler);
SAME(HighCmd, velocity); SAME(HighCmd, yawSpeed); SAME(HighCmd, bms); SAME(HighCmd, led); SAME(HighCmd, wirelessRemote);
SAME(HighCmd, reserve); SAME(HighCmd, crc);
SAME(HighState, imu); SAME(HighState, motorState); SAME(HighState, bms); SAME(HighState, footForce); SAME(HighState, mode);
SAME(HighState, progress); SAME(HighState, gaitType); SAME(HighState, position); SAME(HighState, bodyHeight);
SAME(HighState, velocity); SAME(HighState, yawSpeed); SAME(HighState, rangeObstacle); SAME(HighState, footPosition2Body);
SAME(HighState, wirelessRemote); SAME(HighState, reserve); SAME(HighState, crc);
#undef SAME

namespace {
template <typename Tag, typename Tag::type Member>
struct Expose {
    friend typename Tag::type get(Tag) { return Member; }
};
struct UdpSocket {
    using type = int sdk::UDP::*;
    friend type get(UdpSocket);
};
template struct Expose<UdpSocket, &sdk::UDP::sockFd>;

struct Backend {
    sdk::UDP udp;
    sdk::HighCmd cmd;
    sdk::HighState state;
    int fd;
    Backend(uint16_t local, const char *ip, uint16_t port)
        : udp(local, ip, port, sdk::HIGH_CMD_LENGTH, sdk::HIGH_STATE_LENGTH, false, sdk::RecvEnum::block) {
        std::memset(&cmd, 0, sizeof cmd);
        std::memset(&state, 0, sizeof state);
        fd = udp.*get(UdpSocket());
    }
};

__attribute__((format(printf, 3, 4))) void error(char *err, size_t len, const char *fmt, ...) {
    if (!err || !len) return;
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(err, len, fmt, ap);
    va_end(ap);
}
}  // namespace

extern "C" void *fbrl_go1_unitree_open(const fbrl_go1_config *cfg, int32_t *bound_port, fbrl_HighCmd *stop_packet,
                                       int *link_fd, char *err, size_t err_len) {
    if (cfg->local_port < 0 || cfg->local_port > 65535) { error(err, err_len, "Go1: local UDP port must be 0..65535 (0 = any free port), got %d", cfg->local_port); return nullptr; }
    if (cfg->target_port <= 0 || cfg->target_port > 65535) { error(err, err_len, "Go1: robot UDP port must be 1..65535, got %d", cfg->target_port); return nullptr; }
    in_addr a;
    if (inet_pton(AF_INET, cfg->target_ip, &a) != 1) { error(err, err_len, "Go1: robot address must be a dotted IPv4 address, got '%s'", cfg->target_ip); return nullptr; }
    Backend *b = new (std::nothrow) Backend((uint16_t)cfg->local_port, cfg->target_ip, (uint16_t)cfg->target_port);
    if (!b) { error(err, err_len, "%s", "Go1: out of memory"); return nullptr; }
    sockaddr_in me{};
    socklen_t len = sizeof me;
    if (b->fd < 0 || getsockname(b->fd, reinterpret_cast<sockaddr *>(&me), &len) != 0) {
        delete b;
        error(err, err_len, "%s", "Go1: the Unitree SDK could not open its UDP socket");
        return nullptr;
    }
    int port = ntohs(me.sin_port);
    if (cfg->local_port != 0 && port != cfg->local_port) {
        delete b;
        error(err, err_len, "Go1: cannot bind local UDP port %d (is another Go1 program running? pick another with the local-port option)", cfg->local_port);
        return nullptr;
    }
    /* The stop packet the guardian sends: built and CRC'd by the SDK exactly like every other. */
    sdk::HighCmd stop;
    std::memset(&stop, 0, sizeof stop);
    b->udp.InitCmdData(stop);
    stop.mode = 0;
    b->udp.SetSend(stop);
    std::memcpy(stop_packet, &stop, sizeof stop);
    *bound_port = port;
    *link_fd = b->fd;
    return b;
}

extern "C" int fbrl_go1_unitree_receive(void *ctx, fbrl_HighState *s, fbrl_go1_link *link) {
    Backend *b = static_cast<Backend *>(ctx);
    int valid = 0, any = 0;
    for (int i = 0; i < 256; i++) {
        char probe;
        ssize_t n = recv(b->fd, &probe, 0, MSG_PEEK | MSG_DONTWAIT | MSG_TRUNC); /* the datagram's real length */
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == ECONNREFUSED) { link->send_failed++; continue; } /* ICMP: nobody at the robot's port */
            break;                                                       /* EAGAIN: nothing more queued */
        }
        any = 1;
        if (n != sdk::HIGH_STATE_LENGTH) {
            recv(b->fd, &probe, 1, MSG_DONTWAIT); /* drop it: never reaches the SDK's buffer */
            link->malformed++;
            continue;
        }
        int rc = b->udp.Recv(); /* exactly this datagram: head and CRC checked by the SDK */
        if (rc == 0) valid++;
        else if (rc != -3) link->malformed++; /* -3 is a CRC error, counted by the SDK; -1 a wrong head */
    }
    if (!any) link->lost++;
    link->received = b->udp.udpState.RecvCount;
    link->crc_errors = b->udp.udpState.RecvCRCError;
    if (valid) {
        b->udp.GetRecv(b->state);
        std::memcpy(s, &b->state, sizeof *s);
    }
    return valid;
}

extern "C" int fbrl_go1_unitree_send(void *ctx, fbrl_HighCmd *c, fbrl_go1_link *link) {
    Backend *b = static_cast<Backend *>(ctx);
    std::memset(&b->cmd, 0, sizeof b->cmd);
    b->udp.InitCmdData(b->cmd);
    b->cmd.mode = c->mode;
    b->cmd.gaitType = c->gaitType;
    b->cmd.velocity[0] = c->velocity[0];
    b->cmd.yawSpeed = c->yawSpeed;
    b->udp.SetSend(b->cmd); /* computes the CRC into b->cmd and copies it to the send buffer */
    int n = b->udp.Send();
    std::memcpy(c, &b->cmd, sizeof *c);
    if (n == sdk::HIGH_CMD_LENGTH) {
        link->sent++;
        return 0;
    }
    link->send_failed++;
    return -1;
}

extern "C" void fbrl_go1_unitree_close(void *ctx) { delete static_cast<Backend *>(ctx); }
