/* PCA9685 PWM shim: see fbrl_pca9685.h for the contract. */
#define _GNU_SOURCE
#include "fbrl_pca9685.h"
#include "fbrl_common.h"
#include "guardian.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef I2C_SLAVE
#define I2C_SLAVE 0x0703 /* linux/i2c-dev.h */
#endif

struct fbrl_pca {
    fbrl_pca_config cfg;
    fbrl_pca_shared *shared; /* separately allocated, cache-line aligned */
    int fd;                  /* I2C device, -1 for capture */
    int32_t prescale;
    double tick_us;          /* duration of one of the 4096 PWM counts */
    /* capture transport */
    pthread_mutex_t capture_lock;
    uint8_t *capture;
    int64_t capture_len;
    int capture_fd;          /* capture_file, -1 when none */
    fbrl_guardian guardian;
    int stopped;             /* the stop path ran since the last start or tick */
    /* output thread */
    pthread_t thread;
    int running;             /* accessed atomically */
    uint64_t last_seq;       /* last even sequence number seen */
    double held[2];          /* last consistent command read */
};

int64_t fbrl_monotonic_ns(void) { return fbrl_now_ns(); }

static void set_err(char *err, size_t len, const char *msg, int e) {
    if (err && len > 0) {
        if (e) snprintf(err, len, "%s: %s", msg, strerror(e));
        else snprintf(err, len, "%s", msg);
    }
}

/* One bus transaction: START, address+W, buf[0] (register), buf[1..] (data), STOP. */
static int bus_write(fbrl_pca *p, const uint8_t *buf, uint8_t len) {
    if (p->cfg.transport == FBRL_PCA_TRANSPORT_CAPTURE) {
        pthread_mutex_lock(&p->capture_lock);
        if (p->capture_len + 2 + len <= p->cfg.capture_capacity) {
            p->capture[p->capture_len++] = (uint8_t)p->cfg.i2c_address;
            p->capture[p->capture_len++] = len;
            memcpy(p->capture + p->capture_len, buf, len);
            p->capture_len += len;
        }
        if (p->capture_fd >= 0) {
            /* One write() per record on an O_APPEND file: records of the guardian never interleave. */
            uint8_t r[11 + 255];
            int64_t t = fbrl_now_ns();
            memcpy(r, &t, 8);
            r[8] = 0;
            r[9] = (uint8_t)p->cfg.i2c_address;
            r[10] = len;
            memcpy(r + 11, buf, len);
            if (write(p->capture_fd, r, 11u + len) != (ssize_t)(11u + len)) __atomic_add_fetch(&p->shared->io_errors, 1, __ATOMIC_RELAXED);
        }
        pthread_mutex_unlock(&p->capture_lock);
        return 0;
    }
    ssize_t n = write(p->fd, buf, len);
    if (n != (ssize_t)len) {
        __atomic_add_fetch(&p->shared->io_errors, 1, __ATOMIC_RELAXED);
        return -1;
    }
    return 0;
}

static int write_reg(fbrl_pca *p, uint8_t reg, uint8_t value) {
    uint8_t b[2] = {reg, value};
    return bus_write(p, b, 2);
}

/* Pulse width (us) -> LEDn_OFF count with LEDn_ON = 0. One count lasts (prescale + 1) / f_osc
 * seconds (datasheet eq. 1: prescale = round(f_osc / (4096 f)) - 1), so
 * count = round(pulse_us * 1e-6 * f_osc / (prescale + 1)), capped to 4095. */
static uint32_t pulse_counts(const fbrl_pca *p, double pulse_us) {
    double c = floor(pulse_us / p->tick_us + 0.5);
    if (c < 0) c = 0;
    if (c > 4095) c = 4095;
    return (uint32_t)c;
}

/* command in [-1, 1] -> pulse = clamp(center + gain * command, min, max). Non-finite -> neutral. */
static double command_pulse(const fbrl_pca *p, int i, double command) {
    if (!isfinite(command)) command = 0;
    if (command > 1) command = 1;
    if (command < -1) command = -1;
    double us = p->cfg.center_us[i] + p->cfg.gain_us[i] * command;
    if (us < p->cfg.min_us) us = p->cfg.min_us;
    if (us > p->cfg.max_us) us = p->cfg.max_us;
    return us;
}

/* The LEDn_ON_L..LEDn_OFF_H bytes of one channel for a pulse, one auto-increment transaction. */
static void channel_bytes(const fbrl_pca *p, int i, double pulse_us, uint8_t b[5]) {
    uint32_t c = pulse_counts(p, pulse_us);
    b[0] = (uint8_t)(FBRL_PCA_LED0_ON_L + 4 * p->cfg.channel[i]);
    b[1] = 0;              /* ON_L: the pulse starts at count 0 */
    b[2] = 0;              /* ON_H */
    b[3] = (uint8_t)(c & 0xFF); /* OFF_L */
    b[4] = (uint8_t)(c >> 8);   /* OFF_H (bits 3:0) */
}

/* The transaction that switches one channel fully off: LEDn_OFF_H bit 4. */
static void off_bytes(const fbrl_pca *p, int i, uint8_t b[5]) {
    b[0] = (uint8_t)(FBRL_PCA_LED0_ON_L + 4 * p->cfg.channel[i]);
    b[1] = 0;
    b[2] = 0;
    b[3] = 0;
    b[4] = FBRL_PCA_LED_FULL_OFF;
}

static void write_channel(fbrl_pca *p, int i, double pulse_us) {
    uint8_t b[5];
    channel_bytes(p, i, pulse_us, b);
    bus_write(p, b, 5);
    p->shared->pulse_us[i] = pulse_us;
    __atomic_store_n(&p->shared->counts[i], pulse_counts(p, pulse_us), __ATOMIC_RELAXED);
    __atomic_store_n(&p->shared->outputs_off, 0, __ATOMIC_RELAXED);
}

static void write_neutral(fbrl_pca *p) {
    write_channel(p, 0, command_pulse(p, 0, 0.0));
    write_channel(p, 1, command_pulse(p, 1, 0.0));
}

static int physical(const fbrl_pca *p) { return p->cfg.transport == FBRL_PCA_TRANSPORT_I2C || p->capture_fd >= 0; }

/* The stop path's bus writes: neutral on both channels, held for FBRL_STOP_HOLD_S on a physical
 * link (rewritten every PWM period), then both outputs fully off. */
static void stop_sequence(fbrl_pca *p) {
    int64_t period = (int64_t)(1e9 / p->cfg.frequency_hz), next = fbrl_now_ns();
    int n = physical(p) ? (int)ceil(FBRL_STOP_HOLD_S * p->cfg.frequency_hz) + 1 : 1;
    for (int k = 0; k < n; k++) {
        write_neutral(p);
        next += period;
        if (k + 1 < n) fbrl_sleep_until(next);
    }
    for (int i = 0; i < 2; i++) {
        uint8_t b[5];
        off_bytes(p, i, b);
        bus_write(p, b, 5);
    }
    __atomic_store_n(&p->shared->outputs_off, 1, __ATOMIC_RELAXED);
}

/* The guardian shares the bus descriptor (or the capture file) and repeats the stop sequence's
 * writes if this process dies. */
static int arm_guardian(fbrl_pca *p, char *err, size_t err_len) {
    if (!physical(p) || p->guardian.pid > 0) return 0;
    char neutral[64] = "", off[64] = "";
    for (int i = 0; i < 2; i++) {
        uint8_t b[5];
        channel_bytes(p, i, command_pulse(p, i, 0.0), b);
        fbrl_hex_append(neutral, sizeof neutral, b, 5, i == 1);
        off_bytes(p, i, b);
        fbrl_hex_append(off, sizeof off, b, 5, i == 1);
    }
    int fd = p->cfg.transport == FBRL_PCA_TRANSPORT_I2C ? p->fd : p->capture_fd;
    int rc = fbrl_guardian_start(&p->guardian, p->cfg.transport == FBRL_PCA_TRANSPORT_I2C ? "i2c" : "capture", fd,
                                 p->cfg.frequency_hz, FBRL_STOP_HOLD_S, p->cfg.deadman_timeout_s, p->cfg.i2c_address, neutral, off,
                                 err, err_len);
    p->shared->guardian_pid = p->guardian.pid;
    return rc;
}

int32_t fbrl_pca_prescale(const fbrl_pca *p) { return p->prescale; }

fbrl_pca *fbrl_pca_open(const fbrl_pca_config *cfg, char *err, size_t err_len) {
    if (!cfg) { set_err(err, err_len, "null config", 0); return NULL; }
    if (!(cfg->frequency_hz >= 24 && cfg->frequency_hz <= 1526)) {
        set_err(err, err_len, "frequency_hz must be in [24, 1526] (PCA9685 prescale range 3..255)", 0); return NULL;
    }
    if (!(cfg->oscillator_hz > 1e6 && cfg->oscillator_hz <= 50e6)) { set_err(err, err_len, "oscillator_hz must be in (1e6, 50e6]", 0); return NULL; }
    if (!(cfg->deadman_timeout_s > 0)) { set_err(err, err_len, "deadman_timeout_s must be positive", 0); return NULL; }
    if (!(cfg->min_us > 0 && cfg->min_us < cfg->max_us && cfg->max_us < 1e6 / cfg->frequency_hz)) {
        set_err(err, err_len, "need 0 < min_us < max_us < PWM period", 0); return NULL;
    }
    for (int i = 0; i < 2; i++) {
        if (cfg->channel[i] < 0 || cfg->channel[i] > 15) { set_err(err, err_len, "channel must be 0..15", 0); return NULL; }
        if (!isfinite(cfg->center_us[i]) || !isfinite(cfg->gain_us[i])) { set_err(err, err_len, "calibration must be finite", 0); return NULL; }
    }
    if (cfg->channel[0] == cfg->channel[1]) { set_err(err, err_len, "steering and throttle need different channels", 0); return NULL; }
    if (cfg->i2c_address < 0x03 || cfg->i2c_address > 0x77) { set_err(err, err_len, "i2c_address must be a 7-bit address 0x03..0x77", 0); return NULL; }
    if (cfg->transport != FBRL_PCA_TRANSPORT_CAPTURE && cfg->transport != FBRL_PCA_TRANSPORT_I2C) {
        set_err(err, err_len, "unknown transport", 0); return NULL;
    }

    fbrl_pca *p = calloc(1, sizeof *p);
    if (!p) { set_err(err, err_len, "out of memory", 0); return NULL; }
    p->cfg = *cfg;
    p->cfg.device[sizeof p->cfg.device - 1] = 0;
    p->cfg.capture_file[sizeof p->cfg.capture_file - 1] = 0;
    p->fd = -1;
    p->capture_fd = -1;
    p->stopped = 1;
    pthread_mutex_init(&p->capture_lock, NULL);
    if (posix_memalign((void **)&p->shared, 64, sizeof *p->shared) != 0) {
        free(p); set_err(err, err_len, "out of memory", 0); return NULL;
    }
    memset(p->shared, 0, sizeof *p->shared);

    if (cfg->transport == FBRL_PCA_TRANSPORT_CAPTURE) {
        if (p->cfg.capture_capacity <= 0) p->cfg.capture_capacity = 1 << 16;
        p->capture = malloc((size_t)p->cfg.capture_capacity);
        if (!p->capture) { fbrl_pca_close(p); set_err(err, err_len, "out of memory", 0); return NULL; }
        if (p->cfg.capture_file[0]) {
            p->capture_fd = open(p->cfg.capture_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
            if (p->capture_fd < 0) {
                int e = errno;
                char msg[320];
                snprintf(msg, sizeof msg, "cannot open capture file %s", p->cfg.capture_file);
                fbrl_pca_close(p); set_err(err, err_len, msg, e); return NULL;
            }
        }
    } else {
        p->fd = open(p->cfg.device, O_RDWR | O_CLOEXEC);
        if (p->fd < 0) {
            int e = errno;
            char msg[128];
            snprintf(msg, sizeof msg, "cannot open I2C device %s", p->cfg.device);
            fbrl_pca_close(p); set_err(err, err_len, msg, e); return NULL;
        }
        if (ioctl(p->fd, I2C_SLAVE, (long)p->cfg.i2c_address) < 0) {
            int e = errno;
            fbrl_pca_close(p); set_err(err, err_len, "ioctl(I2C_SLAVE) failed", e); return NULL;
        }
    }

    /* Datasheet 7.3.5: prescale = round(osc_clock / (4096 * update_rate)) - 1; 25 MHz, 50 Hz -> 121. */
    p->prescale = (int32_t)floor(cfg->oscillator_hz / (4096.0 * cfg->frequency_hz) + 0.5) - 1;
    p->tick_us = 1e6 * (p->prescale + 1) / cfg->oscillator_hz;

    /* Init sequence. PRE_SCALE can only be written while MODE1.SLEEP = 1 (datasheet 7.3.5), and
     * after clearing SLEEP the oscillator needs 500 us before RESTART is set (7.3.1.1). */
    int rc = 0;
    rc |= write_reg(p, FBRL_PCA_MODE2, FBRL_PCA_MODE2_OUTDRV);                    /* totem-pole outputs */
    rc |= write_reg(p, FBRL_PCA_MODE1, FBRL_PCA_MODE1_SLEEP);                     /* sleep, oscillator off */
    rc |= write_reg(p, FBRL_PCA_PRE_SCALE, (uint8_t)p->prescale);                 /* 50 Hz */
    rc |= write_reg(p, FBRL_PCA_MODE1, FBRL_PCA_MODE1_AI);                        /* wake, auto-increment */
    if (cfg->transport == FBRL_PCA_TRANSPORT_I2C) usleep(600);
    rc |= write_reg(p, FBRL_PCA_MODE1, FBRL_PCA_MODE1_RESTART | FBRL_PCA_MODE1_AI); /* restart PWM */
    if (rc != 0) {
        int e = errno;
        fbrl_pca_close(p); set_err(err, err_len, "PCA9685 init write failed (is it at this address?)", e); return NULL;
    }
    write_neutral(p);
    p->stopped = 0; /* outputs are on: closing must switch them off */
    p->shared->last_refresh_ns = fbrl_now_ns();
    if (arm_guardian(p, err, err_len) != 0) { fbrl_pca_close(p); return NULL; }
    return p;
}

fbrl_pca_shared *fbrl_pca_shared_ptr(fbrl_pca *p) { return p->shared; }

int32_t fbrl_pca_tick(fbrl_pca *p, int64_t now) {
    fbrl_pca_shared *s = p->shared;
    p->stopped = 0; /* pulses may follow a command now: the stop path must run again */
    /* Seqlock read of the command (fbrl_common.h). */
    uint64_t s1 = fbrl_load_acquire_u64(&s->seq);
    if ((s1 & 1) == 0) {
        double c0 = s->command[0], c1 = s->command[1];
        fbrl_acquire_fence();
        uint64_t s2 = __atomic_load_n(&s->seq, __ATOMIC_RELAXED);
        if (s1 == s2 && s1 != p->last_seq) {
            p->last_seq = s1;
            p->held[0] = c0;
            p->held[1] = c1;
            fbrl_store_relaxed_i64(&s->last_refresh_ns, now);
        }
    }
    int64_t age = now - s->last_refresh_ns;
    int dead = age > (int64_t)(p->cfg.deadman_timeout_s * 1e9);
    if (dead) {
        if (!s->deadman_active) {
            fbrl_store_relaxed_i64(&s->deadman_age_ns, age);
            __atomic_add_fetch(&s->deadman_trips, 1, __ATOMIC_RELAXED);
            fbrl_store_relaxed_u32(&s->deadman_active, 1);
        }
        write_neutral(p);
    } else {
        if (s->deadman_active) fbrl_store_relaxed_u32(&s->deadman_active, 0);
        write_channel(p, 0, command_pulse(p, 0, p->held[0]));
        write_channel(p, 1, command_pulse(p, 1, p->held[1]));
    }
    __atomic_add_fetch(&s->ticks, 1, __ATOMIC_RELEASE);
    return dead;
}

static void *output_thread(void *arg) {
    fbrl_pca *p = arg;
    int64_t period = (int64_t)(1e9 / p->cfg.frequency_hz);
    int64_t next = fbrl_now_ns();
    while (__atomic_load_n(&p->running, __ATOMIC_ACQUIRE)) {
        fbrl_pca_tick(p, fbrl_now_ns());
        fbrl_guardian_beat(&p->guardian); /* the guardian writes neutral if these stop (a frozen process) */
        next += period;
        int64_t now = fbrl_now_ns();
        if (next < now - period) next = now; /* fell behind by more than a period: resynchronise */
        fbrl_sleep_until(next);
    }
    return NULL;
}

int32_t fbrl_pca_start(fbrl_pca *p) {
    if (__atomic_load_n(&p->running, __ATOMIC_ACQUIRE)) return 0;
    if (arm_guardian(p, NULL, 0) != 0) return -1;
    p->stopped = 0;
    p->shared->last_refresh_ns = fbrl_now_ns();
    __atomic_store_n(&p->running, 1, __ATOMIC_RELEASE);
    if (pthread_create(&p->thread, NULL, output_thread, p) != 0) {
        __atomic_store_n(&p->running, 0, __ATOMIC_RELEASE);
        return -1;
    }
    fbrl_guardian_watch(&p->guardian, 1);
    return 0;
}

int32_t fbrl_pca_stop(fbrl_pca *p) {
    fbrl_guardian_watch(&p->guardian, 0);
    if (__atomic_exchange_n(&p->running, 0, __ATOMIC_ACQ_REL)) pthread_join(p->thread, NULL);
    if (!p->stopped) {
        p->stopped = 1;
        stop_sequence(p);
    }
    fbrl_guardian_disarm(&p->guardian);
    p->shared->guardian_pid = 0;
    return 0;
}

int64_t fbrl_pca_capture_take(fbrl_pca *p, uint8_t *dst, int64_t cap) {
    if (!p->capture) return 0;
    pthread_mutex_lock(&p->capture_lock);
    int64_t n = p->capture_len < cap ? p->capture_len : cap;
    memcpy(dst, p->capture, (size_t)n);
    memmove(p->capture, p->capture + n, (size_t)(p->capture_len - n));
    p->capture_len -= n;
    pthread_mutex_unlock(&p->capture_lock);
    return n;
}

void fbrl_pca_close(fbrl_pca *p) {
    if (!p) return;
    if (p->shared) fbrl_pca_stop(p);
    else fbrl_guardian_disarm(&p->guardian);
    if (p->fd >= 0) close(p->fd);
    if (p->capture_fd >= 0) close(p->capture_fd);
    free(p->capture);
    free(p->shared);
    pthread_mutex_destroy(&p->capture_lock);
    free(p);
}
