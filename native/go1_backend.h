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
/* Opens the SDK's UDP (high level) to target_ip:target_port from local_port. NULL on failure. */
void *fbrl_go1_unitree_open(const fbrl_go1_config *cfg, char *err, size_t err_len);
/* Sends cmd's mode/gaitType/velocity/yawSpeed (the SDK fills head, levelFlag and crc), receives
 * into state, and copies the SDK's counters: [send, recv, send+crc+lost errors]. 0 on success. */
int fbrl_go1_unitree_exchange(void *ctx, const fbrl_HighCmd *cmd, fbrl_HighState *state, uint64_t counters[3]);
void fbrl_go1_unitree_close(void *ctx);
#ifdef __cplusplus
}
#endif
#endif
