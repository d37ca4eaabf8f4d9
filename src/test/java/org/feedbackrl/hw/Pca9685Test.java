package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * PCA9685 shim with the capture transport: the bytes on the bus are checked against the datasheet
 * (NXP PCA9685 rev. 4) with arithmetic done here, independently of the C code.
 */
class Pca9685Test {
    static final int ADDR = 0x40;

    // Datasheet eq. (1): prescale = round(25 MHz / (4096 * 50 Hz)) - 1.
    static final int PRESCALE = (int) Math.round(25e6 / (4096.0 * 50.0)) - 1;
    // One PWM count lasts (prescale + 1) / 25 MHz.
    static final double COUNT_US = (PRESCALE + 1) / 25.0;

    static int counts(double us) { return (int) Math.round(us / COUNT_US); }

    static byte[] reg(int register, int value) { return new byte[] {ADDR, 2, (byte) register, (byte) value}; }

    /** One auto-increment write of LEDn_ON_L, ON_H, OFF_L, OFF_H for channel n, ON = 0. */
    static byte[] led(int channel, double us) {
        int c = counts(us);
        return new byte[] {ADDR, 5, (byte) (0x06 + 4 * channel), 0, 0, (byte) (c & 0xFF), (byte) (c >> 8)};
    }

    /** LEDn_OFF_H bit 4: the channel fully off (datasheet 7.3.3). */
    static byte[] ledOff(int channel) {
        return new byte[] {ADDR, 5, (byte) (0x06 + 4 * channel), 0, 0, 0, 0x10};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    @Test
    void datasheetArithmetic() {
        assertEquals(121, PRESCALE);
        assertEquals(4.88, COUNT_US, 1e-12);
        assertEquals(154, counts(750));   // 0x09A
        assertEquals(307, counts(1500));  // 0x133
        assertEquals(461, counts(2250));  // 0x1CD
    }

    @Test
    void initSequenceProgramsFiftyHertzThenNeutral() {
        try (Pca9685 pca = Pca9685.open(new Pca9685.Config())) {
            assertEquals(121, pca.prescale());
            byte[] expected = concat(
                    reg(0x01, 0x04),          // MODE2: OUTDRV (totem pole)
                    reg(0x00, 0x10),          // MODE1: SLEEP (oscillator off; PRE_SCALE writable)
                    reg(0xFE, PRESCALE),      // PRE_SCALE = 121
                    reg(0x00, 0x20),          // MODE1: wake, auto-increment
                    reg(0x00, 0x80 | 0x20),   // MODE1: RESTART | AI
                    led(0, 1500), led(1, 1500));
            assertArrayEquals(expected, pca.takeCapture());
            // The same bytes written out literally.
            assertArrayEquals(new byte[] {0x40, 2, 0x01, 0x04, 0x40, 2, 0x00, 0x10, 0x40, 2, (byte) 0xFE, 121, 0x40, 2, 0x00, 0x20,
                    0x40, 2, 0x00, (byte) 0xA0, 0x40, 5, 0x06, 0, 0, 0x33, 0x01, 0x40, 5, 0x0A, 0, 0, 0x33, 0x01}, expected);
            assertEquals(0, pca.takeCapture().length, "capture is drained");
        }
    }

    @Test
    void steeringAndThrottleAtMinusOneZeroPlusOne() {
        try (Pca9685 pca = Pca9685.open(new Pca9685.Config())) {
            pca.takeCapture();
            double[][] cases = {{-1, 1}, {0, 0}, {1, -1}, {-1, -1}, {1, 1}};
            long now = Pca9685.monotonicNanos();
            for (double[] c : cases) {
                pca.command(c[0], c[1]);
                assertFalse(pca.tick(now));
                double steerUs = 1500 + 750 * c[0], throttleUs = 1500 + 750 * c[1];
                assertArrayEquals(concat(led(0, steerUs), led(1, throttleUs)), pca.takeCapture(), "command " + c[0] + ", " + c[1]);
                assertEquals(steerUs, pca.pulseUs(0));
                assertEquals(counts(throttleUs), pca.counts(1));
            }
            pca.command(-1, 1);
            pca.tick(now);
            assertArrayEquals(new byte[] {0x40, 5, 0x06, 0, 0, (byte) 0x9A, 0x00, 0x40, 5, 0x0A, 0, 0, (byte) 0xCD, 0x01}, pca.takeCapture());
        }
    }

    @Test
    void calibrationChannelsAndClamping() {
        Pca9685.Config cfg = new Pca9685.Config();
        cfg.centerUs = new double[] {1520, 1480};
        cfg.gainUs = new double[] {-600, 1000};
        cfg.channel = new int[] {3, 7};
        try (Pca9685 pca = Pca9685.open(cfg)) {
            pca.takeCapture();
            long now = Pca9685.monotonicNanos();
            pca.command(1, 1);      // steering 1520 - 600 = 920 us; throttle 2480 clamped to 2250
            pca.tick(now);
            assertArrayEquals(concat(led(3, 920), led(7, 2250)), pca.takeCapture());
            pca.command(5, Double.NaN); // clamped to +1; NaN is neutral
            pca.tick(now);
            assertArrayEquals(concat(led(3, 920), led(7, 1480)), pca.takeCapture());
            pca.command(-0.5, -0.25);
            pca.tick(now);
            assertArrayEquals(concat(led(3, 1820), led(7, 1230)), pca.takeCapture());
        }
    }

    @Test
    void badSettingsAreRejectedWithAMessage() {
        Pca9685.Config cfg = new Pca9685.Config();
        cfg.channel = new int[] {0, 16};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pca9685.open(cfg));
        assertTrue(e.getMessage().contains("channel"), e.getMessage());
        Pca9685.Config dev = new Pca9685.Config();
        dev.device = "/dev/does-not-exist-i2c";
        e = assertThrows(IllegalArgumentException.class, () -> Pca9685.open(dev));
        assertTrue(e.getMessage().contains("/dev/does-not-exist-i2c"), e.getMessage());
    }

    @Test
    void deadmanStepByStep() {
        try (Pca9685 pca = Pca9685.open(new Pca9685.Config())) {
            long t0 = Pca9685.monotonicNanos();
            pca.command(0.5, 0.4);
            assertFalse(pca.tick(t0));
            assertEquals(1500 + 375, pca.pulseUs(0));
            assertEquals(1500 + 300, pca.pulseUs(1));
            assertFalse(pca.tick(t0 + 99_000_000L), "within the 100 ms timeout");
            assertEquals(1800, pca.pulseUs(1));
            pca.takeCapture();
            assertTrue(pca.tick(t0 + 101_000_000L), "past the timeout");
            assertTrue(pca.deadmanActive());
            assertEquals(1, pca.deadmanTrips());
            assertArrayEquals(concat(led(0, 1500), led(1, 1500)), pca.takeCapture(), "neutral throttle, centred steering");
            assertTrue(pca.tick(t0 + 200_000_000L));
            assertEquals(1, pca.deadmanTrips(), "one trip per stale episode");
            pca.command(0.5, 0.4); // Java is back
            assertFalse(pca.tick(t0 + 201_000_000L));
            assertFalse(pca.deadmanActive());
            assertEquals(1800, pca.pulseUs(1));
        }
    }

    @Test
    void deadmanOnTheOutputThreadWhenJavaStopsRefreshing() throws InterruptedException {
        try (Pca9685 pca = Pca9685.open(new Pca9685.Config())) {
            pca.start();
            // Refresh every 5 ms until the thread has output our command.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pca.pulseUs(1) != 1800 && System.nanoTime() < deadline) {
                pca.command(0.2, 0.4);
                Thread.sleep(5);
            }
            assertEquals(1800, pca.pulseUs(1));
            assertEquals(1650, pca.pulseUs(0));
            // Simulated JVM pause: stop refreshing.
            while (!pca.deadmanActive() && System.nanoTime() < deadline + 5_000_000_000L) Thread.sleep(10);
            assertTrue(pca.deadmanActive());
            assertTrue(pca.deadmanTrips() >= 1);
            assertTrue(pca.deadmanAgeNanos() > 100_000_000L, "never engages before the timeout: " + pca.deadmanAgeNanos());
            // The age at the trip is bounded by timeout + one 20 ms period (+ scheduling); reported, not asserted tightly.
            System.out.printf("PCA9685 dead-man engaged at command age %.1f ms (timeout 100 ms, period 20 ms)%n", pca.deadmanAgeNanos() / 1e6);
            long ticks = pca.ticks();
            while (pca.ticks() < ticks + 2) Thread.sleep(5);
            assertEquals(1500, pca.pulseUs(0));
            assertEquals(1500, pca.pulseUs(1));
            pca.stop();
            assertTrue(pca.outputsOff());
            byte[] tail = pca.takeCapture();
            byte[] lastFour = java.util.Arrays.copyOfRange(tail, tail.length - 28, tail.length);
            assertArrayEquals(concat(led(0, 1500), led(1, 1500), ledOff(0), ledOff(1)), lastFour, "the stop path: neutral, then outputs off");
        }
    }
}
