/* Starts and disarms the guardian process: see guardian.h and fbrl_guardian.c. */
#define _GNU_SOURCE
#include "guardian.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void set_err(char *err, size_t len, const char *what, int e) {
    if (!err || !len) return;
    if (e) snprintf(err, len, "%s: %s", what, strerror(e));
    else snprintf(err, len, "%s", what);
}

void fbrl_hex_append(char *dst, size_t cap, const unsigned char *b, size_t n, int last) {
    static const char digits[] = "0123456789abcdef";
    size_t at = strlen(dst);
    for (size_t i = 0; i < n && at + 3 < cap; i++) {
        dst[at++] = digits[b[i] >> 4];
        dst[at++] = digits[b[i] & 15];
    }
    if (!last && at + 1 < cap) dst[at++] = ',';
    dst[at] = 0;
}

/* The guardian executable sits next to this library (native/build.sh puts both in OUT_DIR). */
static int guardian_path(char *out, size_t cap) {
    Dl_info info;
    if (!dladdr((void *)&fbrl_guardian_start, &info) || !info.dli_fname) return -1;
    const char *slash = strrchr(info.dli_fname, '/');
    size_t dir = slash ? (size_t)(slash - info.dli_fname + 1) : 0;
    if (dir + strlen("fbrl_guardian") + 1 > cap) return -1;
    memcpy(out, info.dli_fname, dir);
    strcpy(out + dir, "fbrl_guardian");
    return 0;
}

/* The heartbeat page: a memfd both processes map. -1 (no heartbeat, death watch only) if unavailable. */
static int heartbeat_page(fbrl_guardian *g) {
    int fd = (int)syscall(SYS_memfd_create, "fbrl_guardian", 1U /* MFD_CLOEXEC */);
    if (fd < 0) return -1;
    if (ftruncate(fd, 4096) != 0) { close(fd); return -1; }
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { close(fd); return -1; }
    memset(p, 0, sizeof *g->page);
    g->page = p;
    return fd;
}

static void unmap_page(fbrl_guardian *g) {
    if (g->page) munmap(g->page, 4096);
    g->page = NULL;
}

/*
 * The sentinel thread spawns the guardian and then blocks in waitpid() on it for its whole life, so
 * it is the guardian's parent in the kernel's sense. The guardian asks for PR_SET_PDEATHSIG: when
 * this thread dies, which in a SIGKILL happens as soon as it is scheduled (it is asleep in waitpid),
 * the kernel sends the guardian SIGTERM at once, without waiting for the rest of the process to be
 * torn down (the socketpair's end of file comes only after the last thread and the address space).
 * In normal operation it never exits before the guardian does (disarm), so the signal never comes
 * early; it also reaps the guardian, so the JVM never sees the child.
 */
typedef struct spawn_req {
    const char *path;
    posix_spawn_file_actions_t *fa;
    posix_spawnattr_t *at;
    char **argv;
    pthread_mutex_t m;
    pthread_cond_t c;
    int done, rc;
    pid_t pid;
} spawn_req;

static void *sentinel_main(void *arg) {
    spawn_req *r = arg;
    pid_t pid = 0;
    int rc = posix_spawn(&pid, r->path, r->fa, r->at, r->argv, environ);
    pthread_mutex_lock(&r->m);
    r->pid = pid;
    r->rc = rc;
    r->done = 1;
    pthread_cond_signal(&r->c);
    pthread_mutex_unlock(&r->m); /* r belongs to the starter and is gone from here on */
    if (rc == 0) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    return NULL;
}

int fbrl_guardian_start(fbrl_guardian *g, const char *sink, int link_fd, double rate_hz, double hold_s, double stall_s,
                        int address, const char *neutral_hex, const char *off_hex, char *err, size_t err_len) {
    g->pid = 0;
    g->ctl = -1;
    g->page = NULL;
    char path[4096];
    if (guardian_path(path, sizeof path) != 0 || access(path, X_OK) != 0) {
        if (err && err_len)
            snprintf(err, err_len, "the guardian %.*s is missing: rebuild the native shims (mvn package); "
                     "without it the robot would not be stopped if this process died", 3000, path);
        return -1;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) { set_err(err, err_len, "guardian: socketpair", errno); return -1; }
    int page_fd = heartbeat_page(g), pf = page_fd >= 0 ? fcntl(page_fd, F_DUPFD_CLOEXEC, 100) : -1;
    if (page_fd >= 0) close(page_fd);
    /* High, close-on-exec copies, so dup2 to 3 and 4 in the child never collides with its sources. */
    int lf = fcntl(link_fd, F_DUPFD_CLOEXEC, 100), cf = fcntl(sv[1], F_DUPFD_CLOEXEC, 100);
    close(sv[1]);
    if (lf < 0 || cf < 0) {
        int e = errno;
        if (lf >= 0) close(lf);
        if (cf >= 0) close(cf);
        if (pf >= 0) close(pf);
        unmap_page(g);
        close(sv[0]);
        set_err(err, err_len, "guardian: dup", e);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, lf, 3);
    posix_spawn_file_actions_adddup2(&fa, cf, 4);
    if (pf >= 0) posix_spawn_file_actions_adddup2(&fa, pf, 5);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&at);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&at, &none);   /* the JVM's threads block signals; start clean */
    posix_spawnattr_setsigdefault(&at, &all);
    posix_spawnattr_setpgroup(&at, 0);        /* own process group: terminal Ctrl-C/Ctrl-Z do not reach it */
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    char rate[32], hold[32], stall[32], addr[16];
    snprintf(rate, sizeof rate, "%.6f", rate_hz);
    snprintf(hold, sizeof hold, "%.6f", hold_s);
    snprintf(stall, sizeof stall, "%.6f", pf >= 0 ? stall_s : 0.0);
    snprintf(addr, sizeof addr, "%d", address);
    char *argv[] = {"fbrl_guardian", (char *)sink, rate, hold, stall, addr, (char *)neutral_hex, (char *)off_hex, NULL};
    spawn_req req = {.path = path, .fa = &fa, .at = &at, .argv = argv, .done = 0, .rc = 0, .pid = 0};
    pthread_mutex_init(&req.m, NULL);
    pthread_cond_init(&req.c, NULL);
    pthread_attr_t ta;
    pthread_attr_init(&ta);
    pthread_attr_setstacksize(&ta, 256 * 1024);
    int rc = pthread_create(&g->sentinel, &ta, sentinel_main, &req);
    pthread_attr_destroy(&ta);
    if (rc == 0) {
        pthread_mutex_lock(&req.m);
        while (!req.done) pthread_cond_wait(&req.c, &req.m);
        pthread_mutex_unlock(&req.m);
        rc = req.rc;
        if (rc != 0) pthread_join(g->sentinel, NULL);
    }
    pid_t pid = req.pid;
    pthread_mutex_destroy(&req.m);
    pthread_cond_destroy(&req.c);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(lf);
    close(cf);
    if (pf >= 0) close(pf);
    if (rc != 0) {
        unmap_page(g);
        close(sv[0]);
        set_err(err, err_len, "guardian: cannot start fbrl_guardian", rc);
        return -1;
    }
    /* Wait until it is armed (its 'A'); generous, the machine may be loaded. */
    struct pollfd p = {.fd = sv[0], .events = POLLIN};
    char c = 0;
    int r;
    do r = poll(&p, 1, 10000); while (r < 0 && errno == EINTR);
    if (r != 1 || read(sv[0], &c, 1) != 1 || c != 'A') {
        kill(pid, SIGKILL);
        pthread_join(g->sentinel, NULL); /* it reaps the guardian */
        close(sv[0]);
        unmap_page(g);
        set_err(err, err_len, "guardian: fbrl_guardian did not arm within 10 s", 0);
        return -1;
    }
    g->pid = pid;
    g->ctl = sv[0];
    return 0;
}

void fbrl_guardian_disarm(fbrl_guardian *g) {
    if (g->pid <= 0) return;
    fbrl_guardian_watch(g, 0);
    ssize_t w;
    do w = write(g->ctl, "D", 1); while (w < 0 && errno == EINTR);
    close(g->ctl);
    g->ctl = -1;
    /* It exits at once and the sentinel reaps it; after 2 s (a stopped guardian) it is killed. */
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 2;
    if (pthread_timedjoin_np(g->sentinel, NULL, &deadline) != 0) {
        kill(g->pid, SIGKILL);
        pthread_join(g->sentinel, NULL);
    }
    g->pid = 0;
    unmap_page(g);
}
