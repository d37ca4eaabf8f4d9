package org.feedbackrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.GroupLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.feedbackrl.testsupport.CProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles native/test/mujoco_probe.c with gcc against /usr/include/mujoco and checks every struct
 * layout of {@link MujocoBinding} (size, every field's offset, the same set of fields: the probe lists
 * them with MuJoCo's own X-macros) and every enum constant it copies.
 */
class MujocoLayoutTest {

    static Map<String, Long> probe(Path tmp) throws Exception {
        Path src = Path.of("native/test/mujoco_probe.c").toAbsolutePath();
        return CProbe.compileAndRun(List.of("gcc", "-std=c11", "-Wall", "-Werror", "-I/usr/include", src.toString()), tmp.resolve("mujoco_probe"));
    }

    @Test
    void javaLayoutsMatchTheMujocoHeaders(@TempDir Path tmp) throws Exception {
        if (!MujocoTests.headersInstalled()) {
            System.err.println("SKIPPED: MuJoCo layout probe: /usr/include/mujoco/mujoco.h is not installed (apt-get install libmujoco-dev)");
            Assumptions.abort("MuJoCo headers not installed");
        }
        Map<String, Long> c = probe(tmp);
        List<GroupLayout> java = List.of(MujocoBinding.OPTION, MujocoBinding.STATISTIC, MujocoBinding.MODEL, MujocoBinding.WARNING_STAT,
                MujocoBinding.TIMER_STAT, MujocoBinding.SOLVER_STAT, MujocoBinding.CONTACT, MujocoBinding.DATA);
        int checked = CProbe.assertLayoutsMatch(c, java);
        // mjVisual is opaque in Java: its size is what matters (it sits between opt and stat in mjModel).
        assertEquals(c.get("mjVisual"), MujocoBinding.VISUAL.byteSize(), "sizeof(mjVisual)");
        assertTrue(checked >= 500, "checked " + checked + " offsets");

        assertEquals(MujocoLibrary.EXPECTED_VERSION, c.get("const.mjVERSION_HEADER"), "header version");
        assertEquals(8L, c.get("const.sizeof_mjtNum"), "mjtNum is double");
        Map<String, Integer> constants = new LinkedHashMap<>();
        constants.put("mjOBJ_BODY", MujocoBinding.mjOBJ_BODY);
        constants.put("mjOBJ_JOINT", MujocoBinding.mjOBJ_JOINT);
        constants.put("mjOBJ_GEOM", MujocoBinding.mjOBJ_GEOM);
        constants.put("mjOBJ_SITE", MujocoBinding.mjOBJ_SITE);
        constants.put("mjOBJ_ACTUATOR", MujocoBinding.mjOBJ_ACTUATOR);
        constants.put("mjJNT_FREE", MujocoBinding.mjJNT_FREE);
        constants.put("mjJNT_BALL", MujocoBinding.mjJNT_BALL);
        constants.put("mjJNT_SLIDE", MujocoBinding.mjJNT_SLIDE);
        constants.put("mjJNT_HINGE", MujocoBinding.mjJNT_HINGE);
        constants.put("mjINT_EULER", MujocoBinding.mjINT_EULER);
        constants.put("mjINT_RK4", MujocoBinding.mjINT_RK4);
        constants.put("mjINT_IMPLICIT", MujocoBinding.mjINT_IMPLICIT);
        constants.put("mjWARN_INERTIA", MujocoBinding.mjWARN_INERTIA);
        constants.put("mjWARN_CONTACTFULL", MujocoBinding.mjWARN_CONTACTFULL);
        constants.put("mjWARN_CNSTRFULL", MujocoBinding.mjWARN_CNSTRFULL);
        constants.put("mjWARN_VGEOMFULL", MujocoBinding.mjWARN_VGEOMFULL);
        constants.put("mjWARN_BADQPOS", MujocoBinding.mjWARN_BADQPOS);
        constants.put("mjWARN_BADQVEL", MujocoBinding.mjWARN_BADQVEL);
        constants.put("mjWARN_BADQACC", MujocoBinding.mjWARN_BADQACC);
        constants.put("mjWARN_BADCTRL", MujocoBinding.mjWARN_BADCTRL);
        constants.put("mjNWARNING", MujocoBinding.mjNWARNING);
        constants.put("mjNREF", MujocoBinding.mjNREF);
        constants.put("mjNIMP", MujocoBinding.mjNIMP);
        constants.put("mjNSOLVER", MujocoBinding.mjNSOLVER);
        constants.put("mjNTIMER", MujocoBinding.mjNTIMER);
        for (var e : constants.entrySet()) {
            assertNotNull(c.get("const." + e.getKey()), "probe prints " + e.getKey());
            assertEquals(c.get("const." + e.getKey()).intValue(), e.getValue(), e.getKey());
        }
    }

    @Test
    void theLoadedLibraryIsTheVersionTheLayoutsMirror() throws Throwable {
        MujocoTests.assumeMujoco();
        assertEquals(MujocoLibrary.EXPECTED_VERSION, (int) MujocoBinding.Fn.mj_version.invokeExact());
        assertEquals("2.2.2", MujocoLibrary.version());
    }
}
