package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.feedbackrl.rollout.PlantFault;
import org.junit.jupiter.api.Test;

/**
 * The hardware plants against their simulated backends: the JetRacer plant with the PCA9685 capture
 * transport and a fake motion-capture sender on loopback; the Go1 plant with the shim's simulated robot.
 */
class HardwarePlantTest {

    static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Test
    void jetRacerEstimatesSpeedFromPosesAndStopsTheCarWhenThePoseGoesStale() throws Exception {
        PoseReceiver.Config rc = new PoseReceiver.Config();
        rc.bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        PoseReceiver rx = new PoseReceiver(rc);
        Pca9685 pwm = Pca9685.open(new Pca9685.Config());
        AtomicBoolean sending = new AtomicBoolean(true);
        // A car driving along +x at 1.5 m/s, heading 0, seen by motion capture at 100 Hz.
        Thread mocap = new Thread(() -> {
            try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                ByteBuffer b = ByteBuffer.allocate(PoseReceiver.PACKET_BYTES);
                long t0 = System.nanoTime();
                for (long seq = 1; sending.get(); seq++) {
                    double t = (System.nanoTime() - t0) * 1e-9;
                    b.clear();
                    PoseReceiver.encode(b, seq, wallNanos(), 1.5 * t, 0.25, 0.0);
                    b.flip();
                    ch.send(b, rx.localAddress());
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        mocap.start();
        try (JetRacerPlant plant = new JetRacerPlant(pwm, rx, 0.05)) {
            plant.reset(new double[4], 0);
            double[] x = new double[4];
            for (int t = 0; t < 40; t++) {
                plant.observe(x);
                plant.step(new double[] {0.3, -0.5});
            }
            plant.observe(x);
            assertEquals(0.25, x[1], 1e-12);
            assertEquals(0.0, x[3], 1e-12);
            assertEquals(1.5, x[2], 0.1, "speed from successive poses over their timestamps");
            assertEquals(1500 - 0.5 * 750, pwm.pulseUs(0), 1e-6, "steering pulse follows ω");
            assertEquals(1500 + 0.3 * 750, pwm.pulseUs(1), 1e-6, "throttle pulse follows a");
            sending.set(false);
            mocap.join();
            Thread.sleep(120);                                 // older than the receiver's 50 ms freshness limit
            PlantFault f = assertThrows(PlantFault.class, () -> plant.observe(x));
            assertTrue(f.getMessage().contains("stale"), f.getMessage());
            Thread.sleep(60);                                  // the shim's thread applies the stop command
            assertEquals(1500, pwm.pulseUs(0), 1e-6, "steering centred");
            assertEquals(1500, pwm.pulseUs(1), 1e-6, "throttle neutral");
        } finally {
            sending.set(false);
        }
    }

    @Test
    void go1PlantWalksInTheTaskFrameAndStandsStillOnClose() throws Exception {
        Go1.Config c = new Go1.Config();
        c.simNoise = 0;
        Go1Plant plant = new Go1Plant(c);
        double[] x = new double[3];
        plant.reset(new double[] {1.0, -2.0, Math.PI / 2}, 0);
        plant.observe(x);
        assertEquals(1.0, x[0], 1e-6);
        assertEquals(-2.0, x[1], 1e-6);
        assertEquals(Math.PI / 2, x[2], 1e-6);
        for (int t = 0; t < 15; t++) plant.step(new double[] {0.6, 0.0});
        plant.observe(x);
        assertTrue(x[1] - (-2.0) > 0.3, "walking along the task frame's heading (+y): " + java.util.Arrays.toString(x));
        assertEquals(1.0, x[0], 0.15, "little sideways motion");
        plant.close();
        Go1.State last = plant.stateAtClose();
        assertEquals(Go1.MODE_IDLE, last.sentMode, "the last command the robot received is mode 0 (stand still)");
        assertEquals(0.0, last.sentVx, 0.0, "zero forward velocity");
        assertEquals(0.0, last.sentVyaw, 0.0, "zero yaw rate");
        plant.close();                                         // idempotent
        plant.stopRobot();                                     // a late shutdown hook after close is harmless
    }
}
