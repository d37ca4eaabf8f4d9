/* Prints sizeof and offsetof of the Unitree SDK's own high-level packet structs (comm.h of the SDK
 * the shim is built with), in the format of layout_probe.c, under the SDK's struct names:
 *   HighCmd 129
 *   HighCmd.mode 22
 * NativeLayoutTest compiles this with g++ against the SDK's include directory and checks every
 * Java layout in UnitreeLayouts (and so the C mirror go1_sdk_structs.h) against it, field by field. */
#include <cstddef>
#include <cstdio>
#include "unitree_legged_sdk/comm.h"

using namespace UNITREE_LEGGED_SDK;

#define S(t) std::printf("%s %zu\n", #t, sizeof(t))
#define F(t, f) std::printf("%s.%s %zu\n", #t, #f, offsetof(t, f))

int main() {
    S(BmsCmd); F(BmsCmd, off); F(BmsCmd, reserve);
    S(BmsState);
    F(BmsState, version_h); F(BmsState, version_l); F(BmsState, bms_status); F(BmsState, SOC); F(BmsState, current);
    F(BmsState, cycle); F(BmsState, BQ_NTC); F(BmsState, MCU_NTC); F(BmsState, cell_vol);
    S(Cartesian); F(Cartesian, x); F(Cartesian, y); F(Cartesian, z);
    S(IMU); F(IMU, quaternion); F(IMU, gyroscope); F(IMU, accelerometer); F(IMU, rpy); F(IMU, temperature);
    S(LED); F(LED, r); F(LED, g); F(LED, b);
    S(MotorState);
    F(MotorState, mode); F(MotorState, q); F(MotorState, dq); F(MotorState, ddq); F(MotorState, tauEst); F(MotorState, q_raw);
    F(MotorState, dq_raw); F(MotorState, ddq_raw); F(MotorState, temperature); F(MotorState, reserve);
    S(HighState);
    F(HighState, head); F(HighState, levelFlag); F(HighState, frameReserve); F(HighState, SN); F(HighState, version);
    F(HighState, bandWidth); F(HighState, imu); F(HighState, motorState); F(HighState, bms); F(HighState, footForce);
    F(HighState, footForceEst); F(HighState, mode); F(HighState, progress); F(HighState, gaitType); F(HighState, footRaiseHeight);
    F(HighState, position); F(HighState, bodyHeight); F(HighState, velocity); F(HighState, yawSpeed); F(HighState, rangeObstacle);
    F(HighState, footPosition2Body); F(HighState, footSpeed2Body); F(HighState, wirelessRemote); F(HighState, reserve);
    F(HighState, crc);
    S(HighCmd);
    F(HighCmd, head); F(HighCmd, levelFlag); F(HighCmd, frameReserve); F(HighCmd, SN); F(HighCmd, version);
    F(HighCmd, bandWidth); F(HighCmd, mode); F(HighCmd, gaitType); F(HighCmd, speedLevel); F(HighCmd, footRaiseHeight);
    F(HighCmd, bodyHeight); F(HighCmd, position); F(HighCmd, euler); F(HighCmd, velocity); F(HighCmd, yawSpeed);
    F(HighCmd, bms); F(HighCmd, led); F(HighCmd, wirelessRemote); F(HighCmd, reserve); F(HighCmd, crc);
    std::printf("HIGH_CMD_LENGTH %d\nHIGH_STATE_LENGTH %d\n", HIGH_CMD_LENGTH, HIGH_STATE_LENGTH);
    return 0;
}
