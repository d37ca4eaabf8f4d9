/*
 * feedback-rl PCA9685 PWM shim (JetRacer steering servo and ESC), plain C ABI.
 *
 * The shim owns an output thread that writes the servo pulses at the PWM rate (50 Hz) from the
 * last command Java stored into fbrl_pca_shared (a seqlock, see fbrl_common.h). If the command
 * sequence number does not change for deadman_timeout_s, the thread outputs neutral throttle and
 * centred steering and reports it (deadman_active, deadman_trips) until Java writes again.
 *
 * The stop path (fbrl_pca_stop, and fbrl_pca_close): neutral (center_us, 1500 us) on both channels,
 * held for FBRL_STOP_HOLD_S (0.1 s, five PWM periods, so the ESC sees it) on a physical link, then
 * both outputs fully off (LEDn_OFF_H bit 4: no pulses at all). If the process dies instead, the
 * guardian process (docs/robot-stop.md), started by fbrl_pca_open for the I2C transport and for a
 * capture file and sharing that descriptor, does the same within milliseconds.
 *
 * Bus transport: FBRL_PCA_TRANSPORT_I2C opens `device` (e.g. /dev/i2c-1) and uses
 * ioctl(I2C_SLAVE, address) + write(); FBRL_PCA_TRANSPORT_CAPTURE writes nothing to hardware and
 * records every bus write as [address u8][length u8][length bytes: register, data...] into a
 * buffer that fbrl_pca_capture_take() drains (tests, dry runs). With `capture_file` set, each write
 * is also appended to that file as
 *   [int64 CLOCK_MONOTONIC ns][u8 source: 0 shim, 1 guardian][u8 address][u8 length][length bytes]
 * (little-endian), so a dry run can be inspected, with timing, even after the process is killed.
 *
 * The command age is measured from the output tick that first saw the new sequence number, so
 * relative to Java's last write the dead-man engages after between timeout and timeout + one period.
 *
 * Java binds this header by hand in org.feedbackrl.hw.PcaBinding; keep both in sync (the layout
 * test compiles native/test/layout_probe.c and compares sizes and offsets).
 */
#ifndef FBRL_PCA9685_H
#define FBRL_PCA9685_H

#include <stddef.h>
#include <stdint.h>

#ifndef FBRL_EXPORT
#define FBRL_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define FBRL_PCA_TRANSPORT_CAPTURE 0
#define FBRL_PCA_TRANSPORT_I2C 1

/* PCA9685 registers (NXP PCA9685 datasheet rev. 4, section 7.3). */
#define FBRL_PCA_MODE1 0x00
#define FBRL_PCA_MODE2 0x01
#define FBRL_PCA_LED0_ON_L 0x06 /* LEDn_ON_L = 0x06 + 4n, ON_H, OFF_L, OFF_H follow */
#define FBRL_PCA_PRE_SCALE 0xFE
#define FBRL_PCA_MODE1_RESTART 0x80
#define FBRL_PCA_MODE1_AI 0x20
#define FBRL_PCA_MODE1_SLEEP 0x10
#define FBRL_PCA_MODE2_OUTDRV 0x04
#define FBRL_PCA_LED_FULL_OFF 0x10 /* bit 4 of LEDn_OFF_H: output always off (datasheet 7.3.3) */

/* Index 0 is steering, index 1 is throttle in every per-channel array. */
typedef struct fbrl_pca_config {
    double frequency_hz;      /* PWM frequency, 24..1526 Hz; 50 for servos */
    double oscillator_hz;     /* internal oscillator, 25e6 */
    double deadman_timeout_s; /* neutral output when commands are older than this; 0.1 */
    double min_us;            /* shortest pulse ever written, 750 */
    double max_us;            /* longest pulse ever written, 2250 */
    double center_us[2];      /* pulse for command 0 (calibration offset), 1500 */
    double gain_us[2];        /* microseconds per unit command (negative reverses), 750 */
    int32_t channel[2];       /* PCA9685 output channel 0..15: steering 0, throttle 1 */
    int32_t transport;        /* FBRL_PCA_TRANSPORT_* */
    int32_t i2c_address;      /* 7-bit bus address, 0x40 */
    int32_t capture_capacity; /* bytes kept by the capture transport; further writes are dropped */
    int32_t reserved;
    char device[64];          /* I2C device path, NUL-terminated, "/dev/i2c-1" */
    char capture_file[256];   /* capture transport: file the records are appended to; "" = memory only */
} fbrl_pca_config;

/* Shared between Java (writes seq and command) and the output thread (writes the rest). */
typedef struct fbrl_pca_shared {
    uint64_t seq;            /* seqlock of command[]; Java increments to odd, writes, then to even */
    double command[2];       /* [steering, throttle], each in [-1, 1]; clamped by the shim */
    uint64_t ticks;          /* output ticks written */
    uint64_t deadman_trips;  /* times the dead-man engaged */
    uint32_t deadman_active; /* 1 while outputting neutral because commands are stale */
    uint32_t io_errors;      /* failed bus writes */
    int64_t last_refresh_ns; /* CLOCK_MONOTONIC time the thread last saw a new sequence number */
    int64_t deadman_age_ns;  /* command age when the dead-man last engaged */
    double pulse_us[2];      /* last pulse written per channel */
    uint32_t counts[2];      /* last LEDn_OFF count written per channel (LEDn_ON is 0) */
    uint32_t outputs_off;    /* 1 after the stop path switched both outputs fully off */
    int32_t guardian_pid;    /* the guardian process while armed, else 0 */
} fbrl_pca_shared;

typedef struct fbrl_pca fbrl_pca;

/* Opens the transport, runs the 50 Hz init sequence (MODE2 totem-pole; MODE1 sleep; PRE_SCALE;
 * MODE1 wake with auto-increment; 500 us; MODE1 restart | auto-increment) and writes neutral to
 * both channels. Returns NULL and a message in err on failure. */
FBRL_EXPORT fbrl_pca *fbrl_pca_open(const fbrl_pca_config *config, char *err, size_t err_len);
FBRL_EXPORT fbrl_pca_shared *fbrl_pca_shared_ptr(fbrl_pca *pca);
/* Prescale the shim programmed: round(osc / (4096 f)) - 1. */
FBRL_EXPORT int32_t fbrl_pca_prescale(const fbrl_pca *pca);
/* Starts the output thread (re-arms the guardian after a stop) / the stop path: stops the thread,
 * neutral, hold, outputs off, disarms the guardian; idempotent, the handle stays valid. 0 on success. */
FBRL_EXPORT int32_t fbrl_pca_start(fbrl_pca *pca);
FBRL_EXPORT int32_t fbrl_pca_stop(fbrl_pca *pca);
/* One output step at CLOCK_MONOTONIC time now_ns (what the thread does each period); use it only
 * when the thread is not running. Returns 1 when the dead-man is active, 0 otherwise. */
FBRL_EXPORT int32_t fbrl_pca_tick(fbrl_pca *pca, int64_t now_ns);
/* Moves up to cap captured bytes into dst and forgets them; returns the count. */
FBRL_EXPORT int64_t fbrl_pca_capture_take(fbrl_pca *pca, uint8_t *dst, int64_t cap);
/* The stop path (if not done since the last start or tick), then closes the bus and frees. */
FBRL_EXPORT void fbrl_pca_close(fbrl_pca *pca);

FBRL_EXPORT int64_t fbrl_monotonic_ns(void);

#ifdef __cplusplus
}
#endif
#endif
