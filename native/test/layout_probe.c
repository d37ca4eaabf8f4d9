/* Prints sizeof and offsetof of every struct the Java bindings mirror, one per line:
 *   <struct> <size>            e.g. fbrl_pca_shared 96
 *   <struct>.<field> <offset>
 * The Java layout test compiles this with gcc against the headers in native/ and compares. */
#include <stddef.h>
#include <stdio.h>
#include "fbrl_go1.h"
#include "fbrl_pca9685.h"
#include "go1_sdk_structs.h"

#define S(t) printf("%s %zu\n", #t, sizeof(t))
#define F(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))

int main(void) {
    S(fbrl_pca_config);
    F(fbrl_pca_config, frequency_hz); F(fbrl_pca_config, oscillator_hz); F(fbrl_pca_config, deadman_timeout_s);
    F(fbrl_pca_config, min_us); F(fbrl_pca_config, max_us); F(fbrl_pca_config, center_us); F(fbrl_pca_config, gain_us);
    F(fbrl_pca_config, channel); F(fbrl_pca_config, transport); F(fbrl_pca_config, i2c_address);
    F(fbrl_pca_config, capture_capacity); F(fbrl_pca_config, reserved); F(fbrl_pca_config, device);
    F(fbrl_pca_config, capture_file);

    S(fbrl_pca_shared);
    F(fbrl_pca_shared, seq); F(fbrl_pca_shared, command); F(fbrl_pca_shared, ticks); F(fbrl_pca_shared, deadman_trips);
    F(fbrl_pca_shared, deadman_active); F(fbrl_pca_shared, io_errors); F(fbrl_pca_shared, last_refresh_ns);
    F(fbrl_pca_shared, deadman_age_ns); F(fbrl_pca_shared, pulse_us); F(fbrl_pca_shared, counts);
    F(fbrl_pca_shared, outputs_off); F(fbrl_pca_shared, guardian_pid);

    S(fbrl_go1_config);
    F(fbrl_go1_config, rate_hz); F(fbrl_go1_config, deadman_timeout_s); F(fbrl_go1_config, max_v); F(fbrl_go1_config, max_yaw);
    F(fbrl_go1_config, sim_tau_v); F(fbrl_go1_config, sim_tau_yaw); F(fbrl_go1_config, sim_min_speed);
    F(fbrl_go1_config, sim_drift_yaw); F(fbrl_go1_config, sim_drift_side); F(fbrl_go1_config, sim_noise);
    F(fbrl_go1_config, sim_seed); F(fbrl_go1_config, backend); F(fbrl_go1_config, local_port);
    F(fbrl_go1_config, target_port); F(fbrl_go1_config, reserved); F(fbrl_go1_config, target_ip);

    S(fbrl_go1_cmd);
    F(fbrl_go1_cmd, seq); F(fbrl_go1_cmd, vx); F(fbrl_go1_cmd, vyaw); F(fbrl_go1_cmd, mode); F(fbrl_go1_cmd, gait);

    S(fbrl_go1_state);
    F(fbrl_go1_state, seq); F(fbrl_go1_state, ticks); F(fbrl_go1_state, deadman_trips); F(fbrl_go1_state, deadman_active);
    F(fbrl_go1_state, backend); F(fbrl_go1_state, time_ns); F(fbrl_go1_state, deadman_age_ns);
    F(fbrl_go1_state, x); F(fbrl_go1_state, y); F(fbrl_go1_state, yaw); F(fbrl_go1_state, vx); F(fbrl_go1_state, vy);
    F(fbrl_go1_state, vyaw); F(fbrl_go1_state, have_state); F(fbrl_go1_state, link_silent); F(fbrl_go1_state, state_age_ns);
    F(fbrl_go1_state, silent_trips); F(fbrl_go1_state, udp_sent); F(fbrl_go1_state, udp_send_failed);
    F(fbrl_go1_state, udp_received); F(fbrl_go1_state, udp_lost); F(fbrl_go1_state, udp_crc_errors);
    F(fbrl_go1_state, udp_malformed); F(fbrl_go1_state, local_port); F(fbrl_go1_state, guardian_pid);
    F(fbrl_go1_state, high_state); F(fbrl_go1_state, high_cmd);

    S(fbrl_BmsCmd); F(fbrl_BmsCmd, off); F(fbrl_BmsCmd, reserve);
    S(fbrl_BmsState);
    F(fbrl_BmsState, version_h); F(fbrl_BmsState, version_l); F(fbrl_BmsState, bms_status); F(fbrl_BmsState, SOC);
    F(fbrl_BmsState, current); F(fbrl_BmsState, cycle); F(fbrl_BmsState, BQ_NTC); F(fbrl_BmsState, MCU_NTC); F(fbrl_BmsState, cell_vol);
    S(fbrl_Cartesian); F(fbrl_Cartesian, x); F(fbrl_Cartesian, y); F(fbrl_Cartesian, z);
    S(fbrl_IMU);
    F(fbrl_IMU, quaternion); F(fbrl_IMU, gyroscope); F(fbrl_IMU, accelerometer); F(fbrl_IMU, rpy); F(fbrl_IMU, temperature);
    S(fbrl_LED); F(fbrl_LED, r); F(fbrl_LED, g); F(fbrl_LED, b);
    S(fbrl_MotorState);
    F(fbrl_MotorState, mode); F(fbrl_MotorState, q); F(fbrl_MotorState, dq); F(fbrl_MotorState, ddq); F(fbrl_MotorState, tauEst);
    F(fbrl_MotorState, q_raw); F(fbrl_MotorState, dq_raw); F(fbrl_MotorState, ddq_raw); F(fbrl_MotorState, temperature);
    F(fbrl_MotorState, reserve);

    S(fbrl_HighState);
    F(fbrl_HighState, head); F(fbrl_HighState, levelFlag); F(fbrl_HighState, frameReserve); F(fbrl_HighState, SN);
    F(fbrl_HighState, version); F(fbrl_HighState, bandWidth); F(fbrl_HighState, imu); F(fbrl_HighState, motorState);
    F(fbrl_HighState, bms); F(fbrl_HighState, footForce); F(fbrl_HighState, footForceEst); F(fbrl_HighState, mode);
    F(fbrl_HighState, progress); F(fbrl_HighState, gaitType); F(fbrl_HighState, footRaiseHeight); F(fbrl_HighState, position);
    F(fbrl_HighState, bodyHeight); F(fbrl_HighState, velocity); F(fbrl_HighState, yawSpeed); F(fbrl_HighState, rangeObstacle);
    F(fbrl_HighState, footPosition2Body); F(fbrl_HighState, footSpeed2Body); F(fbrl_HighState, wirelessRemote);
    F(fbrl_HighState, reserve); F(fbrl_HighState, crc);

    S(fbrl_HighCmd);
    F(fbrl_HighCmd, head); F(fbrl_HighCmd, levelFlag); F(fbrl_HighCmd, frameReserve); F(fbrl_HighCmd, SN);
    F(fbrl_HighCmd, version); F(fbrl_HighCmd, bandWidth); F(fbrl_HighCmd, mode); F(fbrl_HighCmd, gaitType);
    F(fbrl_HighCmd, speedLevel); F(fbrl_HighCmd, footRaiseHeight); F(fbrl_HighCmd, bodyHeight); F(fbrl_HighCmd, position);
    F(fbrl_HighCmd, euler); F(fbrl_HighCmd, velocity); F(fbrl_HighCmd, yawSpeed); F(fbrl_HighCmd, bms); F(fbrl_HighCmd, led);
    F(fbrl_HighCmd, wirelessRemote); F(fbrl_HighCmd, reserve); F(fbrl_HighCmd, crc);
    return 0;
}
