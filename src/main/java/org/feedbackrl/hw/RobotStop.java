package org.feedbackrl.hw;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one stop path for everything that can move a robot (design: {@code docs/robot-stop.md}).
 *
 * <p>Every open robot link ({@link Go1}, {@link Pca9685}) registers here when it opens and leaves
 * when it closes. The ways a command can end, and what stops the robot in each:
 * <ul>
 *   <li>normal end and exceptions: the command closes its links ({@code try}/{@code finally}); close
 *       runs the link's stop path;</li>
 *   <li>Ctrl-C and SIGTERM: a JVM shutdown hook installed with the first registration calls
 *       {@link #haltAll()}, which runs the stop path of every open link (without freeing native
 *       memory the command's own thread may still touch) and says so on stderr;</li>
 *   <li>Java stops refreshing its commands (hang, long pause): the shims' dead-man, in native code;</li>
 *   <li>the JVM dies (SIGKILL, crash): the guardian process each physical link arms at open.</li>
 * </ul>
 * The stop path ends in the neutral command: Go1 mode 0 with zero velocities for 0.1 s; PCA9685
 * 1500 µs on both channels for 0.1 s, then both outputs off.
 */
public final class RobotStop {
    private RobotStop() {}

    /** A robot link with a stop path. */
    public interface Stoppable {
        /**
         * Runs the stop path now if the link may be moving the robot. Thread-safe and idempotent.
         *
         * @return what was done, for the operator; null when there was nothing to stop
         */
        String halt();
    }

    private static final Set<Stoppable> OPEN = new LinkedHashSet<>();
    private static Thread hook;
    private static volatile boolean shuttingDown;
    private static volatile PrintStream err = System.err;

    static synchronized void register(Stoppable s) {
        OPEN.add(s);
        if (hook == null) {
            hook = new Thread(RobotStop::onShutdown, "robot-stop");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting already: the caller's own close (or the guardian) stops the robot
            }
        }
    }

    static synchronized void unregister(Stoppable s) {
        OPEN.remove(s);
    }

    /** True once the JVM has begun to shut down (links must not start again). */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    private static void onShutdown() {
        shuttingDown = true;
        haltAll();
    }

    /**
     * Runs the stop path of every open link (Ctrl-C, SIGTERM, or a command that must stop the robot
     * from another thread) and prints one line per link that was stopped.
     *
     * @return how many links were stopped
     */
    public static int haltAll() {
        List<Stoppable> open;
        synchronized (RobotStop.class) {
            open = new ArrayList<>(OPEN);
        }
        int n = 0;
        for (Stoppable s : open) {
            try {
                String what = s.halt();
                if (what != null) {
                    n++;
                    err.println("feedbackrl: stopping: " + what);
                    err.flush();
                }
            } catch (RuntimeException | Error e) {
                err.println("feedbackrl: stopping a robot link failed: " + e);
            }
        }
        return n;
    }

    /** Where {@link #haltAll()} reports (tests). */
    static void reportTo(PrintStream p) {
        err = p;
    }
}
