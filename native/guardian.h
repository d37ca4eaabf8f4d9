/*
 * Internal: starting and disarming the guardian process (fbrl_guardian.c, docs/robot-stop.md) from
 * the shims. Not part of the C ABI Java binds.
 */
#ifndef FBRL_GUARDIAN_H
#define FBRL_GUARDIAN_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A page shared with the guardian (memfd): the output thread's heartbeat. */
typedef struct fbrl_guardian_page {
    uint64_t beat;     /* incremented by the output thread every tick */
    uint32_t watching; /* 1 while the output thread runs: a beat that stops means a frozen process */
    uint32_t reserved;
} fbrl_guardian_page;

typedef struct fbrl_guardian {
    pid_t pid;                 /* 0 when none */
    int ctl;                   /* our end of the socketpair (close-on-exec) */
    fbrl_guardian_page *page;  /* NULL when none */
    pthread_t sentinel;        /* the thread that spawned the guardian and waits for it (its "parent") */
} fbrl_guardian;

/* Spawns fbrl_guardian (next to libfeedbackrl_hw.so) sharing link_fd, waits until it is armed.
 * sink: "udp", "i2c" or "capture"; neutral_hex / off_hex as on its command line; stall_s: how long
 * the heartbeat may stop, while watched, before the guardian sends neutral (the process is frozen).
 * 0 on success, -1 with a message in err. */
int fbrl_guardian_start(fbrl_guardian *g, const char *sink, int link_fd, double rate_hz, double hold_s, double stall_s,
                        int address, const char *neutral_hex, const char *off_hex, char *err, size_t err_len);

/* The output thread's heartbeat (no system call). */
static inline void fbrl_guardian_beat(fbrl_guardian *g) {
    if (g->page) __atomic_store_n(&g->page->beat, g->page->beat + 1, __ATOMIC_RELEASE);
}

/* Watch the heartbeat (on: the output thread runs) or not (off: before stopping it). */
static inline void fbrl_guardian_watch(fbrl_guardian *g, int on) {
    if (g->page) __atomic_store_n(&g->page->watching, (uint32_t)on, __ATOMIC_RELEASE);
}

/* Tells the guardian the robot was stopped in an orderly way, and reaps it. Idempotent. */
void fbrl_guardian_disarm(fbrl_guardian *g);

/* Appends the hex of n bytes and a separator (',' unless last) to dst (NUL-terminated, capacity cap). */
void fbrl_hex_append(char *dst, size_t cap, const unsigned char *b, size_t n, int last);

#ifdef __cplusplus
}
#endif
#endif
