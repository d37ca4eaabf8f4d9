package org.feedbackrl.hw;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.feedbackrl.hw.PcaBinding.off;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Packed layouts of the Unitree legged SDK 3.8 high-level packets ({@code comm.h},
 * {@code #pragma pack(1)}), mirrored from {@code native/go1_sdk_structs.h} in exact SDK field order
 * and types: every multi-byte field uses an unaligned layout, so no padding is inserted.
 * {@link #HIGH_CMD} is 129 bytes and {@link #HIGH_STATE} 1087 bytes; the layout test checks every
 * offset against gcc. Multi-byte fields are in the host's byte order (both the robot and our
 * hosts are little-endian).
 */
public final class UnitreeLayouts {
    private UnitreeLayouts() {}

    private static final ValueLayout U8 = JAVA_BYTE, I8 = JAVA_BYTE, U16 = JAVA_SHORT_UNALIGNED, I16 = JAVA_SHORT_UNALIGNED,
            I32 = JAVA_INT_UNALIGNED, U32 = JAVA_INT_UNALIGNED, F32 = JAVA_FLOAT_UNALIGNED;

    private static MemoryLayout arr(int n, MemoryLayout e) { return MemoryLayout.sequenceLayout(n, e); }

    public static final StructLayout BMS_CMD = MemoryLayout.structLayout(
            U8.withName("off"), arr(3, U8).withName("reserve")).withName("fbrl_BmsCmd");

    public static final StructLayout BMS_STATE = MemoryLayout.structLayout(
            U8.withName("version_h"), U8.withName("version_l"), U8.withName("bms_status"), U8.withName("SOC"),
            I32.withName("current"), U16.withName("cycle"), arr(2, I8).withName("BQ_NTC"), arr(2, I8).withName("MCU_NTC"),
            arr(10, U16).withName("cell_vol")).withName("fbrl_BmsState");

    public static final StructLayout CARTESIAN = MemoryLayout.structLayout(
            F32.withName("x"), F32.withName("y"), F32.withName("z")).withName("fbrl_Cartesian");

    public static final StructLayout IMU = MemoryLayout.structLayout(
            arr(4, F32).withName("quaternion"), arr(3, F32).withName("gyroscope"), arr(3, F32).withName("accelerometer"),
            arr(3, F32).withName("rpy"), I8.withName("temperature")).withName("fbrl_IMU");

    public static final StructLayout LED = MemoryLayout.structLayout(
            U8.withName("r"), U8.withName("g"), U8.withName("b")).withName("fbrl_LED");

    public static final StructLayout MOTOR_STATE = MemoryLayout.structLayout(
            U8.withName("mode"), F32.withName("q"), F32.withName("dq"), F32.withName("ddq"), F32.withName("tauEst"),
            F32.withName("q_raw"), F32.withName("dq_raw"), F32.withName("ddq_raw"), I8.withName("temperature"),
            arr(2, U32).withName("reserve")).withName("fbrl_MotorState");

    /** {@code HighState}, 1087 bytes. */
    public static final StructLayout HIGH_STATE = MemoryLayout.structLayout(
            arr(2, U8).withName("head"), U8.withName("levelFlag"), U8.withName("frameReserve"),
            arr(2, U32).withName("SN"), arr(2, U32).withName("version"), U16.withName("bandWidth"),
            IMU.withName("imu"), arr(20, MOTOR_STATE).withName("motorState"), BMS_STATE.withName("bms"),
            arr(4, I16).withName("footForce"), arr(4, I16).withName("footForceEst"),
            U8.withName("mode"), F32.withName("progress"), U8.withName("gaitType"), F32.withName("footRaiseHeight"),
            arr(3, F32).withName("position"), F32.withName("bodyHeight"), arr(3, F32).withName("velocity"),
            F32.withName("yawSpeed"), arr(4, F32).withName("rangeObstacle"),
            arr(4, CARTESIAN).withName("footPosition2Body"), arr(4, CARTESIAN).withName("footSpeed2Body"),
            arr(40, U8).withName("wirelessRemote"), U32.withName("reserve"), U32.withName("crc")).withName("fbrl_HighState");

    /** {@code HighCmd}, 129 bytes. */
    public static final StructLayout HIGH_CMD = MemoryLayout.structLayout(
            arr(2, U8).withName("head"), U8.withName("levelFlag"), U8.withName("frameReserve"),
            arr(2, U32).withName("SN"), arr(2, U32).withName("version"), U16.withName("bandWidth"),
            U8.withName("mode"), U8.withName("gaitType"), U8.withName("speedLevel"),
            F32.withName("footRaiseHeight"), F32.withName("bodyHeight"), arr(2, F32).withName("position"),
            arr(3, F32).withName("euler"), arr(2, F32).withName("velocity"), F32.withName("yawSpeed"),
            BMS_CMD.withName("bms"), arr(4, LED).withName("led"), arr(40, U8).withName("wirelessRemote"),
            U32.withName("reserve"), U32.withName("crc")).withName("fbrl_HighCmd");

    /** Offsets used by {@link Go1} to read packets without var handles. */
    public static final long HS_MODE = off(HIGH_STATE, "mode"), HS_GAIT = off(HIGH_STATE, "gaitType"),
            HS_POSITION = off(HIGH_STATE, "position"), HS_VELOCITY = off(HIGH_STATE, "velocity"),
            HS_YAW_SPEED = off(HIGH_STATE, "yawSpeed"), HS_BODY_HEIGHT = off(HIGH_STATE, "bodyHeight"),
            HS_IMU = off(HIGH_STATE, "imu"), HS_BMS = off(HIGH_STATE, "bms");
    public static final long IMU_RPY = off(IMU, "rpy"), BMS_SOC = off(BMS_STATE, "SOC");
    public static final long HC_MODE = off(HIGH_CMD, "mode"), HC_GAIT = off(HIGH_CMD, "gaitType"),
            HC_VELOCITY = off(HIGH_CMD, "velocity"), HC_YAW_SPEED = off(HIGH_CMD, "yawSpeed"), HC_HEAD = off(HIGH_CMD, "head"),
            HC_LEVEL_FLAG = off(HIGH_CMD, "levelFlag"), HC_CRC = off(HIGH_CMD, "crc");
    public static final long HS_CRC = off(HIGH_STATE, "crc"), HS_LEVEL_FLAG = off(HIGH_STATE, "levelFlag");
}
