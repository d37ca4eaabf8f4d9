package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.feedbackrl.testsupport.CProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles native/test/layout_probe.c with gcc against the C headers and checks that every Java
 * struct layout (PcaBinding, Go1Binding, UnitreeLayouts) has the same size and field offsets as the
 * C compiler gives, and the same set of fields.
 */
class NativeLayoutTest {

    static Map<String, Long> probe(Path tmp) throws IOException, InterruptedException {
        Path nativeDir = Path.of("native").toAbsolutePath();
        return CProbe.compileAndRun(List.of("gcc", "-std=c11", "-Wall", "-Werror", "-I", nativeDir.toString(),
                nativeDir.resolve("test/layout_probe.c").toString()), tmp.resolve("layout_probe"));
    }

    @Test
    void javaLayoutsMatchTheCCompiler(@TempDir Path tmp) throws Exception {
        Map<String, Long> c = probe(tmp);
        List<GroupLayout> java = List.of(PcaBinding.CONFIG, PcaBinding.SHARED, Go1Binding.CONFIG, Go1Binding.CMD, Go1Binding.STATE,
                UnitreeLayouts.BMS_CMD, UnitreeLayouts.BMS_STATE, UnitreeLayouts.CARTESIAN, UnitreeLayouts.IMU, UnitreeLayouts.LED,
                UnitreeLayouts.MOTOR_STATE, UnitreeLayouts.HIGH_STATE, UnitreeLayouts.HIGH_CMD);
        int checked = CProbe.assertLayoutsMatch(c, java);
        assertTrue(checked >= 139, "checked " + checked + " offsets");
    }

    /**
     * The Java packet layouts (and the C mirror they were checked against above) against the real
     * SDK: native/test/sdk_layout_probe.cpp compiled against the comm.h of the SDK the shim is built
     * with. Same size, same fields, same offset for every field of every high-level struct.
     */
    @Test
    void unitreeLayoutsMatchTheRealSdkCommH() throws Exception {
        Map<String, Long> sdk = SdkLayout.offsets();
        List<GroupLayout> java = List.of(UnitreeLayouts.BMS_CMD, UnitreeLayouts.BMS_STATE, UnitreeLayouts.CARTESIAN, UnitreeLayouts.IMU,
                UnitreeLayouts.LED, UnitreeLayouts.MOTOR_STATE, UnitreeLayouts.HIGH_STATE, UnitreeLayouts.HIGH_CMD);
        int checked = 0;
        for (GroupLayout g : java) {
            String name = g.name().orElseThrow().substring("fbrl_".length());
            assertEquals(sdk.get(name), g.byteSize(), "sizeof(UNITREE_LEGGED_SDK::" + name + ")");
            TreeSet<String> javaFields = new TreeSet<>(), sdkFields = new TreeSet<>();
            for (MemoryLayout f : g.memberLayouts()) {
                String field = f.name().orElseThrow();
                javaFields.add(field);
                assertEquals(sdk.get(name + "." + field), g.byteOffset(MemoryLayout.PathElement.groupElement(field)),
                        "offsetof(UNITREE_LEGGED_SDK::" + name + ", " + field + ")");
                checked++;
            }
            for (String k : sdk.keySet()) if (k.startsWith(name + ".")) sdkFields.add(k.substring(name.length() + 1));
            assertEquals(sdkFields, javaFields, "fields of " + name);
        }
        assertEquals(2 + 9 + 3 + 5 + 3 + 10 + 25 + 20, checked, "fields checked");
        assertEquals(129L, sdk.get("HIGH_CMD_LENGTH"), "the library's HIGH_CMD_LENGTH");
        assertEquals(1087L, sdk.get("HIGH_STATE_LENGTH"), "the library's HIGH_STATE_LENGTH");
    }

    @Test
    void unitreePacketsHaveTheSdkSizes() {
        assertEquals(129, UnitreeLayouts.HIGH_CMD.byteSize());
        assertEquals(1087, UnitreeLayouts.HIGH_STATE.byteSize());
        // Independent arithmetic from the SDK header: 22-byte preamble (2+1+1+8+8+2), IMU 53, 20 motors x 38,
        // BMS 34, foot forces 16, then mode at 885.
        assertEquals(22, UnitreeLayouts.HC_MODE);
        assertEquals(22 + 53 + 20 * 38 + 34 + 16, UnitreeLayouts.HS_MODE);
        assertEquals(53, UnitreeLayouts.HC_VELOCITY);
        assertEquals(61, UnitreeLayouts.HC_YAW_SPEED);
    }
}
