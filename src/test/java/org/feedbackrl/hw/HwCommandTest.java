package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.feedbackrl.cli.Main;
import org.junit.jupiter.api.Test;

/** The {@code hw} subcommands, without hardware. */
class HwCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void pwmTestDryRunPrintsTheBusBytes() {
        Result r = run("hw", "pwm-test");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("i2c 0x40 <- fe 79   (PRE_SCALE)"), r.out());                 // prescale 121
        assertTrue(r.out().contains("steering -1.00 throttle +0.00 -> ch0  750.0 us (count 154)"), r.out());
        assertTrue(r.out().contains("i2c 0x40 <- 0a 00 00 cd 01   (LED1 ON/OFF)"), r.out());         // throttle +1: 461
        // The stop path: 1500 us (count 307 = 0x133) on both channels, then both fully off (LEDn_OFF_H bit 4).
        String stop = r.out().substring(r.out().indexOf("stop (neutral, then outputs off):"));
        assertTrue(stop.matches("(?s).*06 00 00 33 01.*0a 00 00 33 01.*06 00 00 00 10.*0a 00 00 00 10.*"), stop);
        assertTrue(r.out().contains("done: outputs neutral, then off."), r.out());
    }

    @Test
    void go1StatusOnTheSimulator() {
        Result r = run("hw", "go1-status", "--seconds", "1", "--walk", "0.5,0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("trotting at vx 0.50"), r.out());
        assertTrue(r.out().contains("stopped: mode 0 sent"), r.out());
    }

    @Test
    void loopBenchPrintsHistogramsAndAllocation() {
        Result r = run("hw", "loop-bench", "--rate", "2000", "--seconds", "0.25", "--warmup", "0.1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("500 ticks at 2000 Hz"), r.out());
        assertTrue(r.out().contains("p99.9"), r.out());
        assertTrue(r.out().contains("deadline misses"), r.out());
        assertTrue(r.out().contains("bytes per tick"), r.out());
    }

    @Test
    void badArgumentsGiveOneLine() {
        Result r = run("hw", "loop-bench", "--rate", "-5");
        assertEquals(2, r.code());
        assertEquals("feedbackrl: --rate must be in [1, 100000] Hz, got -5.0", r.err().strip());
        r = run("hw", "go1-status", "--backend", "real");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("feedbackrl: --backend must be sim or unitree"), r.err());
        r = run("hw", "pwm-test", "--address", "forty");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--address"), r.err());
        r = run("hw", "go1-status", "--backend", "unitree", "--local-port", "70000");
        assertEquals(2, r.code());
        assertEquals("feedbackrl: --local-port must be in 0..65535 (0 = any free port), got 70000", r.err().strip());
        r = run("hw", "pwm-test", "--device", "/dev/i2c-1", "--capture", "x.cap");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--device and --capture exclude each other"), r.err());
        r = run("train", "go1", "--plant", "go1", "--go1-backend", "unitree", "--go1-port", "0");
        assertEquals(2, r.code());
        assertEquals("feedbackrl: --go1-port must be in 1..65535, got 0", r.err().strip());
        if (Go1.backendAvailable(Go1Binding.BACKEND_UNITREE)) {
            r = run("hw", "go1-status", "--backend", "unitree", "--target-ip", "robot.local", "--local-port", "0");
            assertEquals(2, r.code());
            assertEquals("feedbackrl: Go1: robot address must be a dotted IPv4 address, got 'robot.local'", r.err().strip());
        }
    }
}
