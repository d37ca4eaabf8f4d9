/*
 * C mirror of the Unitree legged SDK 3.8 high-level packet structs (comm.h, namespace
 * UNITREE_LEGGED_SDK, inside #pragma pack(1)), written for feedback-rl from the published header:
 * same field order and types, std::array<T, N> written as T[N] (identical layout). No SDK code is
 * copied. Sizes: HighCmd 129 bytes, HighState 1087 bytes (checked by native/test/layout_probe.c,
 * by the Java layout test, by static_asserts against the real SDK in go1_unitree.cpp, and field by
 * field against the SDK's comm.h by native/test/sdk_layout_probe.cpp).
 */
#ifndef FBRL_GO1_SDK_STRUCTS_H
#define FBRL_GO1_SDK_STRUCTS_H

#include <stdint.h>

#pragma pack(push, 1)

typedef struct {
    uint8_t off; /* 0xA5 turns the battery off */
    uint8_t reserve[3];
} fbrl_BmsCmd;

typedef struct {
    uint8_t version_h;
    uint8_t version_l;
    uint8_t bms_status;
    uint8_t SOC;          /* state of charge, 0..100 % */
    int32_t current;      /* mA */
    uint16_t cycle;
    int8_t BQ_NTC[2];     /* degrees C */
    int8_t MCU_NTC[2];    /* degrees C */
    uint16_t cell_vol[10]; /* mV */
} fbrl_BmsState;

typedef struct {
    float x;
    float y;
    float z;
} fbrl_Cartesian;

typedef struct {
    float quaternion[4];    /* w, x, y, z */
    float gyroscope[3];     /* rad/s */
    float accelerometer[3]; /* m/s^2 */
    float rpy[3];           /* rad */
    int8_t temperature;
} fbrl_IMU;

typedef struct {
    uint8_t r;
    uint8_t g;
    uint8_t b;
} fbrl_LED;

typedef struct {
    uint8_t mode;
    float q;
    float dq;
    float ddq;
    float tauEst;
    float q_raw;
    float dq_raw;
    float ddq_raw;
    int8_t temperature;
    uint32_t reserve[2];
} fbrl_MotorState;

typedef struct {
    uint8_t head[2];
    uint8_t levelFlag;
    uint8_t frameReserve;
    uint32_t SN[2];
    uint32_t version[2];
    uint16_t bandWidth;
    fbrl_IMU imu;
    fbrl_MotorState motorState[20];
    fbrl_BmsState bms;
    int16_t footForce[4];
    int16_t footForceEst[4];
    uint8_t mode;
    float progress;
    uint8_t gaitType;        /* 0 idle, 1 trot, 2 trot running, 3 climb stair, 4 trot obstacle */
    float footRaiseHeight;   /* m */
    float position[3];       /* m, odometry in the inertial frame (drifts) */
    float bodyHeight;        /* m */
    float velocity[3];       /* m/s: forward, side, rotate, body frame */
    float yawSpeed;          /* rad/s */
    float rangeObstacle[4];
    fbrl_Cartesian footPosition2Body[4];
    fbrl_Cartesian footSpeed2Body[4];
    uint8_t wirelessRemote[40];
    uint32_t reserve;
    uint32_t crc;
} fbrl_HighState;

typedef struct {
    uint8_t head[2];
    uint8_t levelFlag;
    uint8_t frameReserve;
    uint32_t SN[2];
    uint32_t version[2];
    uint16_t bandWidth;
    uint8_t mode;            /* 0 idle/stand, 1 forced stand, 2 velocity walking, ... */
    uint8_t gaitType;        /* 1 trot */
    uint8_t speedLevel;
    float footRaiseHeight;   /* m, delta */
    float bodyHeight;        /* m, delta */
    float position[2];       /* m, desired position in the inertial frame (reserved) */
    float euler[3];          /* rad */
    float velocity[2];       /* m/s: forward, side, body frame */
    float yawSpeed;          /* rad/s */
    fbrl_BmsCmd bms;
    fbrl_LED led[4];
    uint8_t wirelessRemote[40];
    uint32_t reserve;
    uint32_t crc;
} fbrl_HighCmd;

#pragma pack(pop)

#ifdef __cplusplus
static_assert(sizeof(fbrl_HighCmd) == 129, "HighCmd is 129 bytes");
static_assert(sizeof(fbrl_HighState) == 1087, "HighState is 1087 bytes");
#else
_Static_assert(sizeof(fbrl_HighCmd) == 129, "HighCmd is 129 bytes");
_Static_assert(sizeof(fbrl_HighState) == 1087, "HighState is 1087 bytes");
#endif

#endif
