/* Prints sizeof and offsetof of every MuJoCo struct org.feedbackrl.mujoco.MujocoBinding mirrors, and
 * the enum values it copies, one per line:
 *   <struct> <size>              e.g. mjData 41176
 *   <struct>.<field> <offset>
 *   const.<name> <value>
 * The fields of mjModel, mjData and mjOption are enumerated with MuJoCo's own X-macros (mjxmacro.h),
 * so a field the Java layout lacks shows up as missing. MujocoLayoutTest compiles this with gcc
 * against /usr/include/mujoco and compares. */
#include <stddef.h>
#include <stdio.h>
#include <mujoco/mujoco.h>
#include <mujoco/mjxmacro.h>

#define S(t) printf("%s %zu\n", #t, sizeof(t))
#define F(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))
#define C(c) printf("const.%s %d\n", #c, (int)(c))

int main(void) {
    S(mjOption);
#define X(type, name) F(mjOption, name);
    MJOPTION_SCALARS
#undef X
#define X(name, n) F(mjOption, name);
    MJOPTION_VECTORS
#undef X

    S(mjVisual);

    S(mjStatistic);
    F(mjStatistic, meaninertia); F(mjStatistic, meanmass); F(mjStatistic, meansize); F(mjStatistic, extent);
    F(mjStatistic, center);

    S(mjModel);
#define X(name) F(mjModel, name);
    MJMODEL_INTS
#undef X
    F(mjModel, opt); F(mjModel, vis); F(mjModel, stat); F(mjModel, buffer);
#define X(type, name, nr, nc) F(mjModel, name);
    MJMODEL_POINTERS
#undef X

    S(mjWarningStat); F(mjWarningStat, lastinfo); F(mjWarningStat, number);
    S(mjTimerStat); F(mjTimerStat, duration); F(mjTimerStat, number);
    S(mjSolverStat);
    F(mjSolverStat, improvement); F(mjSolverStat, gradient); F(mjSolverStat, lineslope); F(mjSolverStat, nactive);
    F(mjSolverStat, nchange); F(mjSolverStat, neval); F(mjSolverStat, nupdate);

    S(mjContact);
    F(mjContact, dist); F(mjContact, pos); F(mjContact, frame); F(mjContact, includemargin); F(mjContact, friction);
    F(mjContact, solref); F(mjContact, solimp); F(mjContact, mu); F(mjContact, H); F(mjContact, dim);
    F(mjContact, geom1); F(mjContact, geom2); F(mjContact, exclude); F(mjContact, efc_address);

    S(mjData);
#define X(type, name) F(mjData, name);
    MJDATA_SCALAR
#undef X
#define X(type, name, n, m) F(mjData, name);
    MJDATA_VECTOR
#undef X
    F(mjData, buffer); F(mjData, stack);
#define X(type, name, nr, nc) F(mjData, name);
    MJDATA_POINTERS
#undef X

    C(mjVERSION_HEADER);
    C(mjOBJ_BODY); C(mjOBJ_JOINT); C(mjOBJ_GEOM); C(mjOBJ_SITE); C(mjOBJ_ACTUATOR);
    C(mjJNT_FREE); C(mjJNT_BALL); C(mjJNT_SLIDE); C(mjJNT_HINGE);
    C(mjINT_EULER); C(mjINT_RK4); C(mjINT_IMPLICIT);
    C(mjWARN_INERTIA); C(mjWARN_CONTACTFULL); C(mjWARN_CNSTRFULL); C(mjWARN_VGEOMFULL);
    C(mjWARN_BADQPOS); C(mjWARN_BADQVEL); C(mjWARN_BADQACC); C(mjWARN_BADCTRL); C(mjNWARNING);
    C(mjNREF); C(mjNIMP); C(mjNSOLVER); C(mjNTIMER);
    printf("const.sizeof_mjtNum %zu\n", sizeof(mjtNum));
    return 0;
}
