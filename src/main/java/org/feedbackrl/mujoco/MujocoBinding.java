package org.feedbackrl.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written FFM binding of MuJoCo 2.2.2's C API ({@code <mujoco/mujoco.h>}, {@code mjmodel.h},
 * {@code mjdata.h}) in the style jextract generates: struct layouts mirroring the C structs field by
 * field in declaration order, named as in C, and one {@code static final} downcall handle per
 * function (in {@link Fn}, initialised on first use so the layouts work without the library). Call
 * the handles with {@code invokeExact}.
 *
 * <p>{@link #MODEL} and {@link #DATA} are complete: every size, option and pointer field of
 * {@code mjModel} and {@code mjData} (the pointer lists come straight from the header's
 * declarations). Only {@code mjVisual} (rendering options, never read here) is kept as opaque bytes
 * of its C size. {@code MujocoLayoutTest} compiles {@code native/test/mujoco_probe.c} with gcc
 * against {@code /usr/include/mujoco/} — it enumerates the fields with MuJoCo's own X-macros
 * ({@code mjxmacro.h}) — and checks every size and offset here, and that no field is missing.
 *
 * <p>{@code mjtNum} is {@code double} (the Debian build); {@code size_t}/pointers are 8 bytes (LP64:
 * x86-64 and aarch64 Linux).
 */
public final class MujocoBinding {
    private MujocoBinding() {}

    // ---- constants (mjmodel.h / mjdata.h enums) ----

    /** mjtObj, the object types of {@code mj_name2id}. */
    public static final int mjOBJ_BODY = 1, mjOBJ_JOINT = 3, mjOBJ_GEOM = 5, mjOBJ_SITE = 6, mjOBJ_ACTUATOR = 18;
    /** mjtJoint. */
    public static final int mjJNT_FREE = 0, mjJNT_BALL = 1, mjJNT_SLIDE = 2, mjJNT_HINGE = 3;
    /** mjtIntegrator. */
    public static final int mjINT_EULER = 0, mjINT_RK4 = 1, mjINT_IMPLICIT = 2;
    /** mjtWarning, indices into {@code mjData.warning}. */
    public static final int mjWARN_INERTIA = 0, mjWARN_CONTACTFULL = 1, mjWARN_CNSTRFULL = 2, mjWARN_VGEOMFULL = 3,
            mjWARN_BADQPOS = 4, mjWARN_BADQVEL = 5, mjWARN_BADQACC = 6, mjWARN_BADCTRL = 7, mjNWARNING = 8;
    /** Array sizes (mjmodel.h): mjNREF, mjNIMP, mjNSOLVER; mjNTIMER (mjdata.h). */
    public static final int mjNREF = 2, mjNIMP = 5, mjNSOLVER = 1000, mjNTIMER = 13;
    /** sizeof(mjVisual), checked by the probe. */
    public static final long SIZEOF_MJVISUAL = 560;

    // ---- structs ----

    /** {@code mjOption}: physics options. */
    public static final StructLayout OPTION = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("timestep"),
            JAVA_DOUBLE.withName("apirate"),
            JAVA_DOUBLE.withName("impratio"),
            JAVA_DOUBLE.withName("tolerance"),
            JAVA_DOUBLE.withName("noslip_tolerance"),
            JAVA_DOUBLE.withName("mpr_tolerance"),
            MemoryLayout.sequenceLayout(3, JAVA_DOUBLE).withName("gravity"),
            MemoryLayout.sequenceLayout(3, JAVA_DOUBLE).withName("wind"),
            MemoryLayout.sequenceLayout(3, JAVA_DOUBLE).withName("magnetic"),
            JAVA_DOUBLE.withName("density"),
            JAVA_DOUBLE.withName("viscosity"),
            JAVA_DOUBLE.withName("o_margin"),
            MemoryLayout.sequenceLayout(mjNREF, JAVA_DOUBLE).withName("o_solref"),
            MemoryLayout.sequenceLayout(mjNIMP, JAVA_DOUBLE).withName("o_solimp"),
            JAVA_INT.withName("integrator"),
            JAVA_INT.withName("collision"),
            JAVA_INT.withName("cone"),
            JAVA_INT.withName("jacobian"),
            JAVA_INT.withName("solver"),
            JAVA_INT.withName("iterations"),
            JAVA_INT.withName("noslip_iterations"),
            JAVA_INT.withName("mpr_iterations"),
            JAVA_INT.withName("disableflags"),
            JAVA_INT.withName("enableflags")).withName("mjOption");

    /** {@code mjVisual}: rendering options, opaque here (never read). */
    public static final StructLayout VISUAL = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(SIZEOF_MJVISUAL / 4, JAVA_INT).withName("opaque")).withName("mjVisual");

    /** {@code mjStatistic}: model statistics in qpos0. */
    public static final StructLayout STATISTIC = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("meaninertia"),
            JAVA_DOUBLE.withName("meanmass"),
            JAVA_DOUBLE.withName("meansize"),
            JAVA_DOUBLE.withName("extent"),
            MemoryLayout.sequenceLayout(3, JAVA_DOUBLE).withName("center")).withName("mjStatistic");

    /** The int size fields at the start of {@code mjModel}, in declaration order. */
    static final String[] MODEL_INTS = words("""
            nq nv nu na nbody njnt ngeom nsite ncam nlight nmesh nmeshvert nmeshtexvert nmeshface nmeshgraph nskin
            nskinvert nskintexvert nskinface nskinbone nskinbonevert nhfield nhfielddata ntex ntexdata nmat npair
            nexclude neq ntendon nwrap nsensor nnumeric nnumericdata ntext ntextdata ntuple ntupledata nkey nmocap
            nuser_body nuser_jnt nuser_geom nuser_site nuser_cam nuser_tendon nuser_actuator nuser_sensor nnames
            nM nD nemax njmax nconmax nstack nuserdata nsensordata nbuffer""");

    /** The pointer fields of {@code mjModel} after {@code stat}, in declaration order (all 8 bytes). */
    static final String[] MODEL_POINTERS = words("""
            buffer qpos0 qpos_spring body_parentid body_rootid body_weldid body_mocapid body_jntnum body_jntadr
            body_dofnum body_dofadr body_geomnum body_geomadr body_simple body_sameframe body_pos body_quat body_ipos
            body_iquat body_mass body_subtreemass body_inertia body_invweight0 body_user jnt_type jnt_qposadr jnt_dofadr
            jnt_bodyid jnt_group jnt_limited jnt_solref jnt_solimp jnt_pos jnt_axis jnt_stiffness jnt_range jnt_margin
            jnt_user dof_bodyid dof_jntid dof_parentid dof_Madr dof_simplenum dof_solref dof_solimp dof_frictionloss
            dof_armature dof_damping dof_invweight0 dof_M0 geom_type geom_contype geom_conaffinity geom_condim
            geom_bodyid geom_dataid geom_matid geom_group geom_priority geom_sameframe geom_solmix geom_solref
            geom_solimp geom_size geom_rbound geom_pos geom_quat geom_friction geom_margin geom_gap geom_fluid geom_user
            geom_rgba site_type site_bodyid site_matid site_group site_sameframe site_size site_pos site_quat site_user
            site_rgba cam_mode cam_bodyid cam_targetbodyid cam_pos cam_quat cam_poscom0 cam_pos0 cam_mat0 cam_fovy
            cam_ipd cam_user light_mode light_bodyid light_targetbodyid light_directional light_castshadow light_active
            light_pos light_dir light_poscom0 light_pos0 light_dir0 light_attenuation light_cutoff light_exponent
            light_ambient light_diffuse light_specular mesh_vertadr mesh_vertnum mesh_texcoordadr mesh_faceadr
            mesh_facenum mesh_graphadr mesh_vert mesh_normal mesh_texcoord mesh_face mesh_graph skin_matid skin_group
            skin_rgba skin_inflate skin_vertadr skin_vertnum skin_texcoordadr skin_faceadr skin_facenum skin_boneadr
            skin_bonenum skin_vert skin_texcoord skin_face skin_bonevertadr skin_bonevertnum skin_bonebindpos
            skin_bonebindquat skin_bonebodyid skin_bonevertid skin_bonevertweight hfield_size hfield_nrow hfield_ncol
            hfield_adr hfield_data tex_type tex_height tex_width tex_adr tex_rgb mat_texid mat_texuniform mat_texrepeat
            mat_emission mat_specular mat_shininess mat_reflectance mat_rgba pair_dim pair_geom1 pair_geom2
            pair_signature pair_solref pair_solimp pair_margin pair_gap pair_friction exclude_signature eq_type eq_obj1id
            eq_obj2id eq_active eq_solref eq_solimp eq_data tendon_adr tendon_num tendon_matid tendon_group
            tendon_limited tendon_width tendon_solref_lim tendon_solimp_lim tendon_solref_fri tendon_solimp_fri
            tendon_range tendon_margin tendon_stiffness tendon_damping tendon_frictionloss tendon_lengthspring
            tendon_length0 tendon_invweight0 tendon_user tendon_rgba wrap_type wrap_objid wrap_prm actuator_trntype
            actuator_dyntype actuator_gaintype actuator_biastype actuator_trnid actuator_group actuator_ctrllimited
            actuator_forcelimited actuator_actlimited actuator_dynprm actuator_gainprm actuator_biasprm
            actuator_ctrlrange actuator_forcerange actuator_actrange actuator_gear actuator_cranklength actuator_acc0
            actuator_length0 actuator_lengthrange actuator_user sensor_type sensor_datatype sensor_needstage
            sensor_objtype sensor_objid sensor_reftype sensor_refid sensor_dim sensor_adr sensor_cutoff sensor_noise
            sensor_user numeric_adr numeric_size numeric_data text_adr text_size text_data tuple_adr tuple_size
            tuple_objtype tuple_objid tuple_objprm key_time key_qpos key_qvel key_act key_mpos key_mquat key_ctrl
            name_bodyadr name_jntadr name_geomadr name_siteadr name_camadr name_lightadr name_meshadr name_skinadr
            name_hfieldadr name_texadr name_matadr name_pairadr name_excludeadr name_eqadr name_tendonadr
            name_actuatoradr name_sensoradr name_numericadr name_textadr name_tupleadr name_keyadr names""");

    /** {@code mjModel}: sizes, options, statistics, then pointers into its one buffer. */
    public static final StructLayout MODEL;

    static {
        List<MemoryLayout> f = new ArrayList<>();
        for (String n : MODEL_INTS) f.add(JAVA_INT.withName(n));
        f.add(OPTION.withName("opt"));
        f.add(VISUAL.withName("vis"));
        f.add(STATISTIC.withName("stat"));
        for (String n : MODEL_POINTERS) f.add(ADDRESS.withName(n));
        MODEL = MemoryLayout.structLayout(f.toArray(MemoryLayout[]::new)).withName("mjModel");
    }

    /** {@code mjWarningStat}. */
    public static final StructLayout WARNING_STAT = MemoryLayout.structLayout(
            JAVA_INT.withName("lastinfo"),
            JAVA_INT.withName("number")).withName("mjWarningStat");

    /** {@code mjTimerStat}. */
    public static final StructLayout TIMER_STAT = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("duration"),
            JAVA_INT.withName("number"),
            MemoryLayout.paddingLayout(4)).withName("mjTimerStat");

    /** {@code mjSolverStat}. */
    public static final StructLayout SOLVER_STAT = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("improvement"),
            JAVA_DOUBLE.withName("gradient"),
            JAVA_DOUBLE.withName("lineslope"),
            JAVA_INT.withName("nactive"),
            JAVA_INT.withName("nchange"),
            JAVA_INT.withName("neval"),
            JAVA_INT.withName("nupdate")).withName("mjSolverStat");

    /** {@code mjContact}: one detected contact. */
    public static final StructLayout CONTACT = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("dist"),
            MemoryLayout.sequenceLayout(3, JAVA_DOUBLE).withName("pos"),
            MemoryLayout.sequenceLayout(9, JAVA_DOUBLE).withName("frame"),
            JAVA_DOUBLE.withName("includemargin"),
            MemoryLayout.sequenceLayout(5, JAVA_DOUBLE).withName("friction"),
            MemoryLayout.sequenceLayout(mjNREF, JAVA_DOUBLE).withName("solref"),
            MemoryLayout.sequenceLayout(mjNIMP, JAVA_DOUBLE).withName("solimp"),
            JAVA_DOUBLE.withName("mu"),
            MemoryLayout.sequenceLayout(36, JAVA_DOUBLE).withName("H"),
            JAVA_INT.withName("dim"),
            JAVA_INT.withName("geom1"),
            JAVA_INT.withName("geom2"),
            JAVA_INT.withName("exclude"),
            JAVA_INT.withName("efc_address"),
            MemoryLayout.paddingLayout(4)).withName("mjContact");

    /** The pointer fields of {@code mjData} after {@code energy}, in declaration order. */
    static final String[] DATA_POINTERS = words("""
            buffer stack qpos qvel act qacc_warmstart ctrl qfrc_applied xfrc_applied mocap_pos mocap_quat qacc act_dot
            userdata sensordata xpos xquat xmat xipos ximat xanchor xaxis geom_xpos geom_xmat site_xpos site_xmat
            cam_xpos cam_xmat light_xpos light_xdir subtree_com cdof cinert ten_wrapadr ten_wrapnum ten_J_rownnz
            ten_J_rowadr ten_J_colind ten_length ten_J wrap_obj wrap_xpos actuator_length actuator_moment crb qM qLD
            qLDiagInv qLDiagSqrtInv contact efc_type efc_id efc_J_rownnz efc_J_rowadr efc_J_rowsuper efc_J_colind
            efc_JT_rownnz efc_JT_rowadr efc_JT_rowsuper efc_JT_colind efc_J efc_JT efc_pos efc_margin efc_frictionloss
            efc_diagApprox efc_KBIP efc_D efc_R efc_AR_rownnz efc_AR_rowadr efc_AR_colind efc_AR ten_velocity
            actuator_velocity cvel cdof_dot qfrc_bias qfrc_passive efc_vel efc_aref subtree_linvel subtree_angmom qH
            qHDiagInv D_rownnz D_rowadr D_colind qDeriv qLU actuator_force qfrc_actuator qfrc_smooth qacc_smooth efc_b
            efc_force efc_state qfrc_constraint qfrc_inverse cacc cfrc_int cfrc_ext""");

    /** {@code mjData}: the info header (sizes, diagnostics, time), then pointers into its buffer. */
    public static final StructLayout DATA;

    static {
        List<MemoryLayout> f = new ArrayList<>(List.of(
                JAVA_INT.withName("nstack"),
                JAVA_INT.withName("nbuffer"),
                JAVA_INT.withName("pstack"),
                JAVA_INT.withName("maxuse_stack"),
                JAVA_INT.withName("maxuse_con"),
                JAVA_INT.withName("maxuse_efc"),
                MemoryLayout.sequenceLayout(mjNWARNING, WARNING_STAT).withName("warning"),
                MemoryLayout.sequenceLayout(mjNTIMER, TIMER_STAT).withName("timer"),
                MemoryLayout.sequenceLayout(mjNSOLVER, SOLVER_STAT).withName("solver"),
                JAVA_INT.withName("solver_iter"),
                JAVA_INT.withName("solver_nnz"),
                MemoryLayout.sequenceLayout(2, JAVA_DOUBLE).withName("solver_fwdinv"),
                JAVA_INT.withName("ne"),
                JAVA_INT.withName("nf"),
                JAVA_INT.withName("nefc"),
                JAVA_INT.withName("ncon"),
                JAVA_DOUBLE.withName("time"),
                MemoryLayout.sequenceLayout(2, JAVA_DOUBLE).withName("energy")));
        for (String n : DATA_POINTERS) f.add(ADDRESS.withName(n));
        DATA = MemoryLayout.structLayout(f.toArray(MemoryLayout[]::new)).withName("mjData");
    }

    static String[] words(String text) {
        return text.strip().split("\\s+");
    }

    /** Byte offset of a top-level field. */
    public static long off(StructLayout s, String field) {
        return s.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    // Offsets the bindings read (all derived from the layouts above, so checked with them).
    public static final long M_NQ = off(MODEL, "nq"), M_NV = off(MODEL, "nv"), M_NU = off(MODEL, "nu"), M_NA = off(MODEL, "na"),
            M_NBODY = off(MODEL, "nbody"), M_NJNT = off(MODEL, "njnt"), M_NGEOM = off(MODEL, "ngeom"), M_NBUFFER = off(MODEL, "nbuffer"),
            M_NSTACK = off(MODEL, "nstack"),
            M_OPT = off(MODEL, "opt"), M_OPT_TIMESTEP = M_OPT + off(OPTION, "timestep"), M_OPT_GRAVITY = M_OPT + off(OPTION, "gravity"),
            M_OPT_INTEGRATOR = M_OPT + off(OPTION, "integrator"),
            M_BODY_MASS = off(MODEL, "body_mass"), M_BODY_INERTIA = off(MODEL, "body_inertia"),
            M_JNT_TYPE = off(MODEL, "jnt_type"), M_JNT_QPOSADR = off(MODEL, "jnt_qposadr"), M_JNT_DOFADR = off(MODEL, "jnt_dofadr"),
            M_DOF_ARMATURE = off(MODEL, "dof_armature"), M_DOF_DAMPING = off(MODEL, "dof_damping"),
            M_GEOM_BODYID = off(MODEL, "geom_bodyid"), M_GEOM_FRICTION = off(MODEL, "geom_friction"),
            M_ACTUATOR_TRNID = off(MODEL, "actuator_trnid"), M_ACTUATOR_CTRLRANGE = off(MODEL, "actuator_ctrlrange"),
            M_ACTUATOR_CTRLLIMITED = off(MODEL, "actuator_ctrllimited"), M_ACTUATOR_GEAR = off(MODEL, "actuator_gear");
    public static final long D_NBUFFER = off(DATA, "nbuffer"), D_NSTACK = off(DATA, "nstack"), D_WARNING = off(DATA, "warning"),
            D_NCON = off(DATA, "ncon"), D_TIME = off(DATA, "time"),
            D_QPOS = off(DATA, "qpos"), D_QVEL = off(DATA, "qvel"), D_CTRL = off(DATA, "ctrl"), D_ACT = off(DATA, "act"), D_QACC = off(DATA, "qacc"),
            D_XPOS = off(DATA, "xpos"), D_XQUAT = off(DATA, "xquat"), D_XMAT = off(DATA, "xmat"), D_CONTACT = off(DATA, "contact"),
            D_ACTUATOR_FORCE = off(DATA, "actuator_force");
    /** Offsets inside one {@code mjWarningStat} / {@code mjContact}. */
    public static final long WARN_NUMBER = off(WARNING_STAT, "number"), WARN_LASTINFO = off(WARNING_STAT, "lastinfo"),
            CON_DIST = off(CONTACT, "dist"), CON_POS = off(CONTACT, "pos"), CON_FRAME = off(CONTACT, "frame"),
            CON_GEOM1 = off(CONTACT, "geom1"), CON_GEOM2 = off(CONTACT, "geom2"), CON_EFC_ADDRESS = off(CONTACT, "efc_address");

    /** Downcall handles, one per bound function of {@code mujoco.h}. */
    public static final class Fn {
        private Fn() {}
        /** {@code int mj_version(void)} */
        public static final MethodHandle mj_version = MujocoLibrary.downcall("mj_version", FunctionDescriptor.of(JAVA_INT));
        /** {@code mjModel* mj_loadXML(const char* filename, const mjVFS* vfs, char* error, int error_sz)} */
        public static final MethodHandle mj_loadXML = MujocoLibrary.downcall("mj_loadXML",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        /** {@code mjData* mj_makeData(const mjModel* m)} */
        public static final MethodHandle mj_makeData = MujocoLibrary.downcall("mj_makeData", FunctionDescriptor.of(ADDRESS, ADDRESS));
        /** {@code void mj_resetData(const mjModel* m, mjData* d)} */
        public static final MethodHandle mj_resetData = MujocoLibrary.downcall("mj_resetData", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        /** {@code void mj_step(const mjModel* m, mjData* d)} */
        public static final MethodHandle mj_step = MujocoLibrary.downcall("mj_step", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        /** {@code void mj_step1(const mjModel* m, mjData* d)}: everything up to the control-dependent part. */
        public static final MethodHandle mj_step1 = MujocoLibrary.downcall("mj_step1", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        /** {@code void mj_step2(const mjModel* m, mjData* d)}: the control-dependent part and the integration. */
        public static final MethodHandle mj_step2 = MujocoLibrary.downcall("mj_step2", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        /** {@code void mj_forward(const mjModel* m, mjData* d)}: forward dynamics without integrating. */
        public static final MethodHandle mj_forward = MujocoLibrary.downcall("mj_forward", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        /** {@code void mj_deleteData(mjData* d)} */
        public static final MethodHandle mj_deleteData = MujocoLibrary.downcall("mj_deleteData", FunctionDescriptor.ofVoid(ADDRESS));
        /** {@code void mj_deleteModel(mjModel* m)} */
        public static final MethodHandle mj_deleteModel = MujocoLibrary.downcall("mj_deleteModel", FunctionDescriptor.ofVoid(ADDRESS));
        /** {@code int mj_sizeModel(const mjModel* m)}: bytes of the model. */
        public static final MethodHandle mj_sizeModel = MujocoLibrary.downcall("mj_sizeModel", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        /** {@code int mj_name2id(const mjModel* m, int type, const char* name)}: −1 if absent. */
        public static final MethodHandle mj_name2id = MujocoLibrary.downcall("mj_name2id",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        /** {@code void mj_contactForce(const mjModel* m, const mjData* d, int id, mjtNum result[6])}: in the contact frame. */
        public static final MethodHandle mj_contactForce = MujocoLibrary.downcall("mj_contactForce",
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    }
}
