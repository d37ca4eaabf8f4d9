package org.feedbackrl.mujoco;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.feedbackrl.cli.Main;

/**
 * Run in a child JVM with {@code -Dfeedbackrl.mujoco.lib} pointing at nothing, as on a machine
 * without libmujoco: prints the exit code and stderr of {@code train pendulum --plant mujoco}.
 */
public final class MujocoAbsentProbe {
    public static void main(String[] args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "train", "pendulum", "--plant", "mujoco", "--iterations", "1",
                "--out", System.getProperty("java.io.tmpdir") + "/feedbackrl-absent-probe");
        System.out.println("available=" + MujocoLibrary.available());
        System.out.println("exit=" + code);
        System.out.print("stderr=" + err);
    }
}
