/* Internal: the Unitree SDK backend of the Go1 shim (go1_unitree.cpp), present only when the build
 * defines FBRL_WITH_UNITREE. */
#ifndef FBRL_GO1_BACKEND_H
#define FBRL_GO1_BACKEND_H
#include <stddef.h>
#include <stdint.h>
#include "fbrl_go1.h"
#include "go1_sdk_structs.h"
#ifdef __cplusplus
extern "C" {
#endif

/* Packet counters of the link, as published in fbrl_go1_state. */
typedef struct fbrl_go1_link {
    uint64_t sent, send_failed, received, lost, crc_errors, malformed;
} fbrl_go1_link;

/* Opens the SDK's UDP link to target_ip:target_port from local_port (0: any free port). On success
 * returns the context and fills: the port actually bound, the stop packet (a complete HighCmd with
 * mode 0, zero velocities and the SDK's CRC) and the socket (shared with the guardian). NULL and a
 * message in err on failure. */
void *fbrl_go1_unitree_open(const fbrl_go1_config *cfg, int32_t *bound_port, fbrl_HighCmd *stop_packet, int *link_fd,
                            char *err, size_t err_len);
/* Hands every queued datagram of the right length to the SDK, one at a time (it checks head and
 * CRC); copies the newest valid HighState into state. Returns the number of valid states. */
int fbrl_go1_unitree_receive(void *ctx, fbrl_HighState *state, fbrl_go1_link *link);
/* Sends cmd's mode, gaitType, velocity[0] and yawSpeed (the SDK fills head, levelFlag and crc) and
 * copies the packet as sent, CRC included, back into cmd. 0 when sent. */
int fbrl_go1_unitree_send(void *ctx, fbrl_HighCmd *cmd, fbrl_go1_link *link);
void fbrl_go1_unitree_close(void *ctx);
#ifdef __cplusplus
}
#endif
#endif
