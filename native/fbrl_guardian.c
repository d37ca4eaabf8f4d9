/*
 * fbrl_guardian: stops the robot when the feedback-rl process that drives it dies, however it dies
 * (exit without closing, crash, SIGKILL, OOM kill). Design: docs/robot-stop.md.
 *
 * Started by the shims (guardian_spawn.c) with posix_spawn, in its own process group (so a Ctrl-C
 * or Ctrl-Z on the terminal reaches the Java program, whose orderly stop path runs, not this):
 *
 *   fbrl_guardian SINK RATE_HZ HOLD_S STALL_S ADDRESS NEUTRAL OFF
 *
 *   fd 3     the robot link, shared with the shim (same open file description):
 *              SINK udp      the Unitree SDK's connected UDP socket (packets leave from the SDK's port)
 *              SINK i2c      the PCA9685 bus device, I2C_SLAVE already set
 *              SINK capture  the PCA9685 capture file (append-only; records as in fbrl_pca9685.h)
 *   fd 4     one end of a socketpair; only the shim's process holds the other end (SOCK_CLOEXEC)
 *   fd 5     (optional) a shared page with the shim's output-thread heartbeat (guardian.h)
 *   NEUTRAL  comma-separated hex strings, one per datagram / bus transaction, sent every 1/RATE_HZ
 *            for HOLD_S seconds (at least once)
 *   OFF      the same, sent once afterwards ("-" for none): PCA9685 outputs fully off
 *   ADDRESS  I2C address, written into capture records
 *
 * Protocol on fd 4: the guardian writes 'A' once armed. 'D' from the shim disarms it (it exits
 * without sending: the shim has stopped the robot itself). Death is seen two ways, both without a
 * polling interval: PR_SET_PDEATHSIG sends SIGTERM the moment the shim's sentinel thread (our
 * parent, guardian_spawn.c) dies, which in a SIGKILL is long before the process is torn down; and
 * end of file on fd 4, once every copy of the other end is closed (the kernel closes a dead
 * process's descriptors). Either makes poll() return at once, and the guardian sends NEUTRAL.
 * SIGTERM from anyone else does the same.
 *
 * A frozen process is not dead (Ctrl-Z, SIGSTOP, a debugger, a swap storm) and freezes the shims'
 * own dead-man with it. So while the shim says its output thread runs (page->watching), the
 * guardian also checks the thread's heartbeat every STALL_S/4; when it has not moved for STALL_S
 * (the dead-man timeout, 0 = no check) it sends NEUTRAL at RATE_HZ until the heartbeat moves again.
 *
 * Only async-signal-safe, allocation-free calls after start-up; SCHED_FIFO and mlockall are tried
 * (granted as root) so a loaded machine does not delay the stop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LINK_FD 3
#define CTL_FD 4
#define MAX_TX 8
#define MAX_LEN 1100 /* a Unitree HighCmd is 129 bytes, a PCA9685 transaction 5 */

typedef struct {
    uint8_t b[MAX_LEN];
    size_t n;
} tx;

enum sink_kind { SINK_UDP, SINK_I2C, SINK_CAPTURE };

typedef struct {
    uint64_t beat;
    uint32_t watching;
    uint32_t reserved;
} page_t; /* fbrl_guardian_page in guardian.h */

static tx neutral[MAX_TX], off[MAX_TX];
static int n_neutral, n_off, address;
static enum sink_kind sink;
static volatile sig_atomic_t terminate;

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_until(int64_t t) {
    struct timespec ts = {(time_t)(t / 1000000000LL), (long)(t % 1000000000LL)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* "0a0b,0c0d" -> transactions; "-" -> none. Returns the count, -1 on malformed input. */
static int parse_list(const char *s, tx *out) {
    if (strcmp(s, "-") == 0) return 0;
    int k = 0;
    while (*s) {
        if (k == MAX_TX) return -1;
        size_t n = 0;
        while (*s && *s != ',') {
            int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;
            if (hi < 0 || lo < 0 || n == MAX_LEN) return -1;
            out[k].b[n++] = (uint8_t)(hi << 4 | lo);
            s += 2;
        }
        if (n == 0) return -1;
        out[k++].n = n;
        if (*s == ',') s++;
    }
    return k;
}

static void emit(const tx *t) {
    switch (sink) {
    case SINK_UDP:
        (void)send(LINK_FD, t->b, t->n, MSG_NOSIGNAL | MSG_DONTWAIT);
        break;
    case SINK_I2C:
        (void)write(LINK_FD, t->b, t->n);
        break;
    case SINK_CAPTURE: {
        /* Record: int64 CLOCK_MONOTONIC ns, u8 source (1 = guardian), u8 address, u8 length, bytes. */
        uint8_t r[11 + 255];
        int64_t t_ns = now_ns();
        size_t n = t->n > 255 ? 255 : t->n;
        memcpy(r, &t_ns, 8);
        r[8] = 1;
        r[9] = (uint8_t)address;
        r[10] = (uint8_t)n;
        memcpy(r + 11, t->b, n);
        (void)write(LINK_FD, r, 11 + n);
        break;
    }
    }
}

static void on_term(int sig) {
    (void)sig;
    terminate = 1;
}

static void close_other_fds(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 6U, ~0U, 0U) == 0) return;
#endif
    struct rlimit rl;
    long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (long)rl.rlim_cur : 65536;
    if (max > 65536) max = 65536;
    for (long fd = 6; fd < max; fd++) close((int)fd);
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: fbrl_guardian udp|i2c|capture RATE_HZ HOLD_S STALL_S ADDRESS NEUTRAL OFF (started by libfeedbackrl_hw.so)\n");
        return 2;
    }
    if (strcmp(argv[1], "udp") == 0) sink = SINK_UDP;
    else if (strcmp(argv[1], "i2c") == 0) sink = SINK_I2C;
    else if (strcmp(argv[1], "capture") == 0) sink = SINK_CAPTURE;
    else { fprintf(stderr, "fbrl_guardian: unknown sink '%s'\n", argv[1]); return 2; }
    double rate = atof(argv[2]), hold = atof(argv[3]), stall = atof(argv[4]);
    address = atoi(argv[5]);
    n_neutral = parse_list(argv[6], neutral);
    n_off = parse_list(argv[7], off);
    if (!(rate >= 1 && rate <= 10000) || !(hold >= 0 && hold <= 10) || !(stall >= 0 && stall <= 10) || n_neutral < 1 || n_off < 0) {
        fprintf(stderr, "fbrl_guardian: bad arguments\n");
        return 2;
    }
    pid_t parent = getppid();

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    int ignored[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGPIPE, SIGUSR1, SIGUSR2};
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) sigaction(ignored[i], &sa, NULL);
    sa.sa_handler = on_term; /* no SA_RESTART: poll() returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    /* SIGTERM as soon as the thread that started us dies (guardian_spawn.c: it lives until we are
     * disarmed, so this comes only when the process is being killed); the socketpair's end of file,
     * which comes after the whole process is gone, stays the backstop. */
    (void)prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) terminate = 1; /* it died before prctl took effect */

    close_other_fds();
    volatile page_t *page = NULL;
    struct stat st;
    if (stall > 0 && fstat(5, &st) == 0 && st.st_size >= (off_t)sizeof(page_t)) {
        void *p = mmap(NULL, sizeof(page_t), PROT_READ, MAP_SHARED, 5, 0);
        if (p != MAP_FAILED) page = p;
    }
    struct sched_param sp = {.sched_priority = 50};
    if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0) (void)setpriority(PRIO_PROCESS, 0, -10);
    (void)mlockall(MCL_CURRENT | MCL_FUTURE);

    if (write(CTL_FD, "A", 1) != 1) terminate = 1; /* the process is gone already: stop the robot */

    int64_t period = (int64_t)(1e9 / rate), stall_ns = (int64_t)(stall * 1e9), last_change = now_ns();
    uint64_t last_beat = 0;
    int frozen = 0;
    while (!terminate) {
        struct pollfd p = {.fd = CTL_FD, .events = POLLIN};
        /* Death wakes poll() at once; the timeout only paces the heartbeat check (and neutral while frozen). */
        int timeout_ms = !page ? -1 : frozen ? (int)(period / 1000000 > 0 ? period / 1000000 : 1) : (int)(stall_ns / 4000000 > 5 ? stall_ns / 4000000 : 5);
        int r = poll(&p, 1, timeout_ms);
        if (terminate) break;
        if (r < 0) {
            if (errno == EINTR) continue;
            break; /* cannot watch the process any more: stop the robot rather than hope */
        }
        if (r == 0) {
            uint64_t b = __atomic_load_n(&page->beat, __ATOMIC_ACQUIRE);
            int64_t now = now_ns();
            if (!__atomic_load_n(&page->watching, __ATOMIC_ACQUIRE) || b != last_beat) {
                last_beat = b;
                last_change = now;
                if (frozen) {
                    frozen = 0;
                    static const char m[] = "feedbackrl guardian: the process runs again; it has the robot back\n";
                    (void)write(2, m, sizeof m - 1);
                }
            } else if (now - last_change > stall_ns) {
                if (!frozen) {
                    frozen = 1;
                    char m[160];
                    int len = snprintf(m, sizeof m, "feedbackrl guardian: process %d stopped responding for %.0f ms (stopped or frozen); "
                                       "sending the neutral command until it runs again\n", (int)parent, (now - last_change) / 1e6);
                    if (len > 0) (void)write(2, m, (size_t)len < sizeof m ? (size_t)len : sizeof m - 1);
                }
                for (int k = 0; k < n_neutral; k++) emit(&neutral[k]);
            }
            continue;
        }
        char c;
        ssize_t n = read(CTL_FD, &c, 1);
        if (n == 1 && c == 'D') return 0; /* disarmed: the shim stopped the robot itself */
        if (n == 1) continue;
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        break; /* end of file (or error): the process is gone */
    }

    int64_t t = now_ns();
    long count = (long)(hold * rate + 0.999999);
    if (count < 1) count = 1;
    for (long i = 0; i < count; i++) {
        for (int k = 0; k < n_neutral; k++) emit(&neutral[k]);
        t += period;
        if (i + 1 < count) sleep_until(t);
    }
    for (int k = 0; k < n_off; k++) emit(&off[k]);
    char msg[200];
    int len = snprintf(msg, sizeof msg,
                       "feedbackrl guardian: process %d ended without stopping the robot; sent the neutral command (%s) for %.0f ms%s\n",
                       (int)parent, sink == SINK_UDP ? "Go1 mode 0, zero velocities" : "PCA9685 1500 us on both channels",
                       hold * 1e3, n_off > 0 ? ", then outputs off" : "");
    if (len > 0) (void)write(2, msg, (size_t)len < sizeof msg ? (size_t)len : sizeof msg - 1);
    return 0;
}
