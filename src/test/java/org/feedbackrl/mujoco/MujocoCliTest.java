package org.feedbackrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.feedbackrl.cli.Main;
import org.feedbackrl.kernel.ChildJvm;
import org.feedbackrl.plot.PngCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plant mujoco} on the command line: smoke runs, and one line with MuJoCo's own words for a bad MJCF. */
class MujocoCliTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString().strip());
    }

    static void oneLineError(Run r, String... contains) {
        assertTrue(r.code() != 0, "non-zero exit: " + r);
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("feedbackrl: "), r.err());
        for (String c : contains) assertTrue(r.err().contains(c), "'" + c + "' in: " + r.err());
    }

    @Test
    void aBrokenMjcfGetsOneLineQuotingMujoco(@TempDir Path tmp) throws Exception {
        MujocoTests.assumeMujoco();
        Path badTarget = MujocoTests.write(tmp, "target.xml", """
                <mujoco><worldbody><body><joint type="hinge"/><geom size="0.1"/></body></worldbody>
                <actuator><motor joint="elbow"/></actuator></mujoco>""");
        Path badXml = MujocoTests.write(tmp, "syntax.xml", "<mujoco><worldbody><body>\n<geom size=\"0.1\"\n</mujoco>\n");
        Path badAttr = MujocoTests.write(tmp, "attr.xml", "<mujoco><option timestep=\"fast\"/></mujoco>\n");
        // MuJoCo's own texts (from mj_loadXML's error buffer), not ours:
        oneLineError(run("train", "pendulum", "--plant", "mujoco:" + badTarget, "--out", tmp.resolve("r1").toString()),
                "MuJoCo could not load " + badTarget, "unknown transmission target 'elbow'");
        oneLineError(run("train", "car", "--plant", "mujoco:" + badXml, "--out", tmp.resolve("r2").toString()),
                "MuJoCo could not load", "XML_ERROR_PARSING_ELEMENT");
        oneLineError(run("train", "pendulum", "--plant", "mujoco:" + badAttr, "--out", tmp.resolve("r3").toString()),
                "MuJoCo could not load", "timestep");
        oneLineError(run("experiment", "car", "--plant", "mujoco:" + badXml, "--iterations", "1", "--out", tmp.resolve("r4").toString()),
                "XML_ERROR_PARSING_ELEMENT");
        oneLineError(run("experiment", "pendulum", "--plant", "mujoco:" + badTarget, "--iterations", "1", "--out", tmp.resolve("r5").toString()),
                "unknown transmission target 'elbow'");
        oneLineError(run("train", "car", "--plant", "mujoco:" + tmp.resolve("missing.xml"), "--out", tmp.resolve("r6").toString()), "does not exist");
        assertTrue(!Files.exists(tmp.resolve("r1/metrics.csv")), "nothing was trained");
    }

    @Test
    void aModelWhoseSizesDoNotFitTheTaskGetsOneLine(@TempDir Path tmp) throws Exception {
        MujocoTests.assumeMujoco();
        Path car = tmp.resolve("car.xml"), pendulum = tmp.resolve("pendulum.xml");
        try (var in = MujocoCar.class.getResourceAsStream(MujocoCar.RESOURCE)) {
            Files.write(car, in.readAllBytes());
        }
        try (var in = MujocoPendulum.class.getResourceAsStream(MujocoPendulum.RESOURCE)) {
            Files.write(pendulum, in.readAllBytes());
        }
        oneLineError(run("train", "pendulum", "--plant", "mujoco:" + car, "--out", tmp.resolve("r1").toString()),
                "does not fit the double pendulum", "nq = 13, nv = 12, nu = 6");
        oneLineError(run("train", "car", "--plant", "mujoco:" + pendulum, "--out", tmp.resolve("r2").toString()),
                "does not fit the car", "body 'chassis'", "actuator 'drive_rr'");
        oneLineError(run("experiment", "pendulum", "--plant", "mujoco:" + car, "--out", tmp.resolve("r3").toString()), "does not fit the double pendulum");
        oneLineError(run("experiment", "go1", "--plant", "mujoco", "--out", tmp.resolve("r4").toString()), "not available for experiment go1");
        oneLineError(run("train", "pendulum", "--model", "quarter", "--out", tmp.resolve("r5").toString()), "unknown pendulum model 'quarter'");
        // The same files, right way round, train.
        Run ok = run("train", "car", "--plant", "mujoco:" + car, "--iterations", "1", "--quiet", "--out", tmp.resolve("ok").toString());
        assertEquals(0, ok.code(), ok.toString());
    }

    @Test
    void trainAndExperimentRunOnMujoco(@TempDir Path tmp) throws Exception {
        MujocoTests.assumeMujoco();
        int liveBefore = MujocoSim.live();
        Run p = run("train", "pendulum", "--plant", "mujoco", "--iterations", "3", "--out", tmp.resolve("p").toString());
        assertEquals(0, p.code(), p.toString());
        assertTrue(p.out().contains("train pendulum on plant 'mujoco'"), p.out());
        List<String> rows = Files.readAllLines(tmp.resolve("p/metrics.csv"));
        assertEquals(5, rows.size());
        assertTrue(Files.readString(tmp.resolve("p/rollouts/iter-000000/rollout-000.csv")).contains("T=300 dt=0.01"));
        Run full = run("train", "pendulum", "--plant", "mujoco", "--model", "full", "--no-feedback", "--iterations", "1", "--out", tmp.resolve("pf").toString());
        assertEquals(0, full.code(), full.toString());
        Run c = run("train", "car", "--plant", "mujoco", "--iterations", "1", "--out", tmp.resolve("c").toString());
        assertEquals(0, c.code(), c.toString());
        double e0 = Double.parseDouble(Files.readAllLines(tmp.resolve("c/metrics.csv")).get(1).split(",")[2]);
        assertTrue(e0 > 0.03 && e0 < 0.2, "nominal tracking on the MuJoCo car: " + e0);

        String out = run("experiment", "car", "--plant", "mujoco", "--iterations", "1", "--seeds", "2", "--out", tmp.resolve("ec").toString()).out();
        assertTrue(out.contains("seeds [2]"), out);
        PngCheck.check(tmp.resolve("ec/training.png"), 1400, 600);
        PngCheck.check(tmp.resolve("ec/trajectory.png"), 1400, 650);
        Run ep = run("experiment", "pendulum", "--plant", "mujoco", "--iterations", "2", "--seeds", "1,2", "--lrs", "0.01", "--out", tmp.resolve("ep").toString());
        assertEquals(0, ep.code(), ep.toString());
        assertTrue(ep.out().contains("with the 50%-mass model on MuJoCo the feedback class ends with the higher reward in"), ep.out());
        assertTrue(ep.out().contains("MuJoCo, full-mass model") && ep.out().contains("MuJoCo, 50%-mass model"), ep.out());
        List<String> sweep = Files.readAllLines(tmp.resolve("ep/sweep.csv"));
        assertEquals(1 + 2 * 2 * 2, sweep.size(), "panels × classes × seeds");
        assertTrue(sweep.stream().skip(1).allMatch(l -> l.startsWith("mujoco-full,") || l.startsWith("mujoco-half,")), sweep.toString());
        PngCheck.check(tmp.resolve("ep/training.png"), 1400, 600);
        assertEquals(0, MujocoSim.live() - liveBefore, "every plant the commands created was closed");
    }

    /** Without libmujoco (simulated with a library path that does not exist): one line saying so and what to do. */
    @Test
    void withoutMujocoTheCommandSaysSoInOneLine() throws Exception {
        ChildJvm.Result r = ChildJvm.run(MujocoAbsentProbe.class,
                List.of("--enable-native-access=ALL-UNNAMED", "-D" + MujocoLibrary.PATH_PROPERTY + "=/nonexistent/libmujoco.so"), 120);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("available=false"), r.output());
        assertTrue(r.output().contains("exit=2"), r.output());
        String err = r.output().substring(r.output().indexOf("stderr=") + 7).strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("feedbackrl: MuJoCo is not installed") && err.contains("apt-get install libmujoco-dev"), err);
    }
}
