package org.feedbackrl.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.feedbackrl.mujoco.MujocoBinding.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.feedbackrl.rollout.PlantFault;

/**
 * One MuJoCo model and its simulation data ({@code mjModel} + {@code mjData}), owned together: the
 * unit a plant needs. Each instance loads its own model from MJCF, so instances share nothing and
 * any number can run on different threads at once; one instance is not thread-safe.
 *
 * <p><b>Memory.</b> The native model and data are freed by {@link #close()} ({@code mj_deleteData},
 * then {@code mj_deleteModel}); a {@link Cleaner} does the same if an instance becomes unreachable
 * without being closed. Every view of native memory (the structs and the {@code qpos}, {@code qvel},
 * {@code ctrl}, … arrays, whose addresses stay fixed for the life of the data) is a segment of one
 * shared {@link Arena} created with the instance and closed first by {@link #close()}, so using a
 * closed instance throws {@link IllegalStateException} instead of reading freed memory.
 *
 * <p><b>Hot path.</b> {@link #step()}, {@link #qpos(int)}, {@link #ctrl(int, double)} and the other
 * accessors are plain {@code invokeExact} downcalls and segment reads on fields set once in the
 * constructor: they allocate nothing on the Java heap ({@code MujocoAllocationTest}).
 */
public final class MujocoSim implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** mj_loadXML keeps a global "last model" for mj_saveLastXML: loads are serialised. */
    private static final Object LOAD_LOCK = new Object();
    private static final int ERROR_BUFFER = 1000;

    private final Arena arena;
    private final Cleaner.Cleanable cleanable;
    private final String source;
    /** The structs, scoped to {@link #arena}. */
    private final MemorySegment m, d;
    /** mjData arrays, scoped to {@link #arena}. */
    private final MemorySegment qpos, qvel, ctrl, act, qacc, xpos, xquat, xmat, warning, actuatorForce;
    private final int nq, nv, nu, na, nbody, njnt, ngeom;

    /** Frees the native model and data exactly once, from close() or the Cleaner. Holds no reference to the sim. */
    private record Release(Arena arena, MemorySegment model, MemorySegment data) implements Runnable {
        @Override
        public void run() {
            arena.close();
            try {
                Fn.mj_deleteData.invokeExact(data);
                Fn.mj_deleteModel.invokeExact(model);
            } catch (Throwable t) {
                throw new AssertionError("mj_delete* cannot fail", t);
            } finally {
                LIVE.decrementAndGet();
            }
        }
    }

    private MujocoSim(MemorySegment rawModel, MemorySegment rawData, String source) {
        this.source = source;
        this.arena = Arena.ofShared();
        LIVE.incrementAndGet();
        this.cleanable = CLEANER.register(this, new Release(arena, rawModel, rawData));
        this.m = rawModel.reinterpret(MODEL.byteSize(), arena, null);
        this.d = rawData.reinterpret(DATA.byteSize(), arena, null);
        nq = m.get(JAVA_INT, M_NQ);
        nv = m.get(JAVA_INT, M_NV);
        nu = m.get(JAVA_INT, M_NU);
        na = m.get(JAVA_INT, M_NA);
        nbody = m.get(JAVA_INT, M_NBODY);
        njnt = m.get(JAVA_INT, M_NJNT);
        ngeom = m.get(JAVA_INT, M_NGEOM);
        qpos = dataArray(D_QPOS, 8L * nq);
        qvel = dataArray(D_QVEL, 8L * nv);
        ctrl = dataArray(D_CTRL, 8L * nu);
        act = dataArray(D_ACT, 8L * na);
        qacc = dataArray(D_QACC, 8L * nv);
        xpos = dataArray(D_XPOS, 8L * 3 * nbody);
        xquat = dataArray(D_XQUAT, 8L * 4 * nbody);
        xmat = dataArray(D_XMAT, 8L * 9 * nbody);
        actuatorForce = dataArray(D_ACTUATOR_FORCE, 8L * nu);
        warning = d.asSlice(D_WARNING, WARNING_STAT.byteSize() * mjNWARNING);
    }

    private MemorySegment dataArray(long field, long bytes) {
        return d.get(ADDRESS, field).reinterpret(bytes, arena, null);
    }

    private MemorySegment modelArray(long field, long bytes) {
        return m.get(ADDRESS, field).reinterpret(bytes, arena, null);
    }

    // ---- loading ----

    /**
     * Loads an MJCF file and makes its data.
     *
     * @param mjcf path of the MJCF (MuJoCo XML) file
     * @return a new simulation at the model's initial state ({@code qpos0}, zero velocities, time 0)
     * @throws IllegalArgumentException with MuJoCo's own error message (one line) when the file does not load
     * @throws IllegalStateException    when MuJoCo is not installed ({@link MujocoLibrary#unavailableReason()})
     */
    public static MujocoSim load(Path mjcf) {
        return load(mjcf, mjcf.toString());
    }

    /**
     * Loads an MJCF file kept as a class-path resource (the project's own models). MuJoCo reads
     * files, so the text is written to a temporary file that is deleted right after loading.
     *
     * @param resource absolute resource name, e.g. {@code /org/feedbackrl/mujoco/double_pendulum.xml}
     */
    public static MujocoSim loadResource(String resource) {
        MujocoLibrary.lookup();
        Path tmp = null;
        try (InputStream in = MujocoSim.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the class path");
            tmp = Files.createTempFile("feedbackrl-mjcf-", ".xml");
            Files.write(tmp, in.readAllBytes());
            return load(tmp, "resource " + resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + resource + " for MuJoCo: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static MujocoSim load(Path file, String source) {
        MujocoLibrary.lookup();
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("MJCF file " + file + " does not exist");
        MemorySegment model, data;
        String error;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment path = scratch.allocateFrom(file.toAbsolutePath().toString());
            MemorySegment err = scratch.allocate(ERROR_BUFFER);
            synchronized (LOAD_LOCK) {
                model = (MemorySegment) Fn.mj_loadXML.invokeExact(path, MemorySegment.NULL, err, ERROR_BUFFER);
            }
            error = err.getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (model.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("MuJoCo could not load " + source + ": " + oneLine(error.isBlank() ? "no reason given" : error));
        }
        try {
            data = (MemorySegment) Fn.mj_makeData.invokeExact(model);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (data.equals(MemorySegment.NULL)) {
            try {
                Fn.mj_deleteModel.invokeExact(model);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            throw new IllegalStateException("MuJoCo could not allocate the data of " + source);
        }
        return new MujocoSim(model, data, source);
    }

    /** MuJoCo's multi-line messages ("XML Error: …\nElement 'x', line 3") as one line. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /** Where the model came from (file path or resource name), for messages. */
    public String source() { return source; }

    /** Simulations created and not yet freed, in this JVM (diagnostics and tests). */
    public static int live() { return LIVE.get(); }

    // ---- sizes and model fields ----

    /** @return nq, dim(qpos) */
    public int nq() { return nq; }
    /** @return nv, dim(qvel) */
    public int nv() { return nv; }
    /** @return nu, dim(ctrl) */
    public int nu() { return nu; }
    /** @return na, dim(act): activation states of actuators with dynamics (they are the last na actuators) */
    public int na() { return na; }
    /** @return nbody, bodies including the world (body 0) */
    public int nbody() { return nbody; }
    /** @return njnt, joints */
    public int njnt() { return njnt; }
    /** @return ngeom, geoms */
    public int ngeom() { return ngeom; }

    /** @return the model's integration step {@code opt.timestep} [s] */
    public double timestep() { return m.get(JAVA_DOUBLE, M_OPT_TIMESTEP); }

    /** Sets {@code opt.timestep} [s] (&gt; 0). */
    public void timestep(double h) {
        if (!(h > 0) || !Double.isFinite(h)) throw new IllegalArgumentException("timestep must be positive, got " + h);
        m.set(JAVA_DOUBLE, M_OPT_TIMESTEP, h);
    }

    /** @return {@code opt.integrator} (mjINT_EULER, mjINT_RK4, mjINT_IMPLICIT) */
    public int integrator() { return m.get(JAVA_INT, M_OPT_INTEGRATOR); }

    /** @return component k (0..2) of {@code opt.gravity} [m/s²] */
    public double gravity(int k) { return m.get(JAVA_DOUBLE, M_OPT_GRAVITY + 8L * k); }

    /** @return bytes of the model as MuJoCo counts them ({@code mj_sizeModel}) */
    public long modelBytes() {
        try {
            return (int) Fn.mj_sizeModel.invokeExact(m);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return bytes of the data's buffer and stack ({@code nbuffer + 8 nstack}) */
    public long dataBytes() { return d.get(JAVA_INT, D_NBUFFER) + 8L * d.get(JAVA_INT, D_NSTACK); }

    /**
     * @param type mjtObj ({@link MujocoBinding#mjOBJ_BODY}, {@link MujocoBinding#mjOBJ_JOINT}, …)
     * @param name the object's name in the MJCF
     * @return its id, or −1 if the model has no such object
     */
    public int id(int type, String name) {
        try (Arena scratch = Arena.ofConfined()) {
            return (int) Fn.mj_name2id.invokeExact(m, type, scratch.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return {@code jnt_type[j]} (mjJNT_FREE, mjJNT_BALL, mjJNT_SLIDE, mjJNT_HINGE) */
    public int jointType(int j) { return modelInt(M_JNT_TYPE, njnt, j); }
    /** @return {@code jnt_qposadr[j]}, the joint's first index in qpos */
    public int jointQposAdr(int j) { return modelInt(M_JNT_QPOSADR, njnt, j); }
    /** @return {@code jnt_dofadr[j]}, the joint's first index in qvel */
    public int jointDofAdr(int j) { return modelInt(M_JNT_DOFADR, njnt, j); }
    /** @return {@code actuator_trnid[2 a]}, the joint (or tendon, site) actuator a acts on */
    public int actuatorTarget(int a) { return modelInt(M_ACTUATOR_TRNID, 2L * nu, 2 * a); }
    /** @return whether MuJoCo clamps actuator a's control to its ctrlrange ({@code actuator_ctrllimited[a]}) */
    public boolean actuatorCtrlLimited(int a) {
        check(a, nu);
        return m.get(ADDRESS, M_ACTUATOR_CTRLLIMITED).reinterpret(nu, arena, null).get(JAVA_BYTE, a) != 0;
    }
    /** @return {@code actuator_ctrlrange[2a + k]}, k = 0 lower, 1 upper */
    public double actuatorCtrlRange(int a, int k) { return modelDouble(M_ACTUATOR_CTRLRANGE, 2L * nu, 2 * a + k); }
    /** @return {@code actuator_gear[6a]}, the actuator's gear (torque per unit force for a joint) */
    public double actuatorGear(int a) { return modelDouble(M_ACTUATOR_GEAR, 6L * nu, 6 * a); }
    /** @return {@code body_mass[b]} [kg] */
    public double bodyMass(int b) { return modelDouble(M_BODY_MASS, nbody, b); }
    /** @return {@code dof_damping[i]} [N·m·s/rad for a hinge] */
    public double dofDamping(int i) { return modelDouble(M_DOF_DAMPING, nv, i); }
    /** Sets {@code dof_damping[i]} (tests: compare with the undamped analytic model). */
    public void dofDamping(int i, double v) { setModelDouble(M_DOF_DAMPING, nv, i, v); }
    /** @return {@code dof_armature[i]} [kg·m² for a hinge] */
    public double dofArmature(int i) { return modelDouble(M_DOF_ARMATURE, nv, i); }
    /** Sets {@code dof_armature[i]}. */
    public void dofArmature(int i, double v) { setModelDouble(M_DOF_ARMATURE, nv, i, v); }
    /** @return {@code geom_bodyid[g]} */
    public int geomBody(int g) { return modelInt(M_GEOM_BODYID, ngeom, g); }

    private int modelInt(long field, long count, long i) {
        check(i, count);
        return modelArray(field, 4 * count).getAtIndex(JAVA_INT, i);
    }

    private double modelDouble(long field, long count, long i) {
        check(i, count);
        return modelArray(field, 8 * count).getAtIndex(JAVA_DOUBLE, i);
    }

    private void setModelDouble(long field, long count, long i, double v) {
        check(i, count);
        modelArray(field, 8 * count).setAtIndex(JAVA_DOUBLE, i, v);
    }

    private static void check(long i, long count) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("index " + i + " outside 0.." + (count - 1));
    }

    // ---- state (allocation-free) ----

    /** @return simulation time {@code d->time} [s] */
    public double time() { return d.get(JAVA_DOUBLE, D_TIME); }
    /** Sets {@code d->time} [s]. */
    public void time(double t) { d.set(JAVA_DOUBLE, D_TIME, t); }
    /** @return qpos[i] */
    public double qpos(int i) { return qpos.getAtIndex(JAVA_DOUBLE, i); }
    /** Sets qpos[i]. */
    public void qpos(int i, double v) { qpos.setAtIndex(JAVA_DOUBLE, i, v); }
    /** @return qvel[i] */
    public double qvel(int i) { return qvel.getAtIndex(JAVA_DOUBLE, i); }
    /** Sets qvel[i]. */
    public void qvel(int i, double v) { qvel.setAtIndex(JAVA_DOUBLE, i, v); }
    /** @return ctrl[i] */
    public double ctrl(int i) { return ctrl.getAtIndex(JAVA_DOUBLE, i); }
    /** Sets ctrl[i], the input of actuator i (MuJoCo clamps it to ctrlrange when ctrllimited). */
    public void ctrl(int i, double v) { ctrl.setAtIndex(JAVA_DOUBLE, i, v); }
    /** @return act[i], the activation of actuator nu − na + i */
    public double act(int i) { return act.getAtIndex(JAVA_DOUBLE, i); }
    /** Sets act[i]. */
    public void act(int i, double v) { act.setAtIndex(JAVA_DOUBLE, i, v); }
    /** @return qacc[i], the acceleration of the last {@link #forward()} or step */
    public double qacc(int i) { return qacc.getAtIndex(JAVA_DOUBLE, i); }
    /** @return actuator_force[i], the force/torque actuator i applied in the last step (after clamping) */
    public double actuatorForce(int i) { return actuatorForce.getAtIndex(JAVA_DOUBLE, i); }
    /** @return xpos[3 b + k], body b's frame origin in world coordinates [m] */
    public double xpos(int b, int k) { return xpos.getAtIndex(JAVA_DOUBLE, 3L * b + k); }
    /** @return xquat[4 b + k], body b's orientation (w, x, y, z) */
    public double xquat(int b, int k) { return xquat.getAtIndex(JAVA_DOUBLE, 4L * b + k); }
    /** @return xmat[9 b + k], body b's rotation matrix, row-major (column j = body axis j in world) */
    public double xmat(int b, int k) { return xmat.getAtIndex(JAVA_DOUBLE, 9L * b + k); }
    /** @return how many times warning w (mjWARN_*) was raised since the last reset */
    public int warningCount(int w) { return warning.get(JAVA_INT, WARNING_STAT.byteSize() * w + WARN_NUMBER); }
    /**
     * @return how many warnings that invalidate a step were raised since the last reset: contact or
     * constraint buffers full (contacts dropped) and non-finite or huge qpos, qvel, qacc or ctrl (MuJoCo
     * then resets the state). Compare before and after a step; allocation-free.
     */
    public int faultWarnings() {
        return warningCount(mjWARN_CONTACTFULL) + warningCount(mjWARN_CNSTRFULL) + warningCount(mjWARN_BADQPOS)
                + warningCount(mjWARN_BADQVEL) + warningCount(mjWARN_BADQACC) + warningCount(mjWARN_BADCTRL);
    }

    /** @return number of contacts found by the last step/forward ({@code d->ncon}) */
    public int contactCount() { return d.get(JAVA_INT, D_NCON); }

    /** @return the two geoms of contact i (k = 0 → geom1, 1 → geom2) */
    public int contactGeom(int i, int k) {
        check(i, contactCount());
        MemorySegment c = d.get(ADDRESS, D_CONTACT).reinterpret(CONTACT.byteSize() * (i + 1), arena, null);
        return c.get(JAVA_INT, CONTACT.byteSize() * i + (k == 0 ? CON_GEOM1 : CON_GEOM2));
    }

    /**
     * Force of contact i in its contact frame: out[0] normal, out[1..2] tangential, out[3..5] torques
     * ({@code mj_contactForce}). Not on the hot path (allocates a scratch arena).
     */
    public void contactForce(int i, double[] out) {
        check(i, contactCount());
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment r = scratch.allocate(JAVA_DOUBLE, 6);
            Fn.mj_contactForce.invokeExact(m, d, i, r);
            for (int k = 0; k < 6; k++) out[k] = r.getAtIndex(JAVA_DOUBLE, k);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * MuJoCo steps per control period.
     *
     * @param controlDt control period [s]
     * @throws IllegalArgumentException if controlDt is not a whole multiple of {@code opt.timestep}
     */
    public int stepsPer(double controlDt) {
        double h = timestep();
        long k = Math.round(controlDt / h);
        if (k < 1 || Math.abs(k * h - controlDt) > 1e-9 * controlDt) {
            throw new IllegalArgumentException("MJCF " + source + ": timestep " + h + " s does not divide the " + controlDt
                    + " s control period into whole steps; use e.g. " + controlDt / Math.max(1, k) + " s");
        }
        return (int) k;
    }

    /**
     * The fault to throw when a step raised one of the {@link #faultWarnings()} (the rollout cannot
     * go on: MuJoCo reset the state or dropped contacts): MuJoCo's own warning text, the time and the
     * step size.
     */
    public PlantFault divergence() {
        String w = MujocoLibrary.lastWarning();
        MujocoLibrary.clearLastWarning();
        return new PlantFault("MuJoCo simulation of " + source + " failed at t = " + time() + " s: "
                + (w != null ? oneLine(w) : "MuJoCo raised a warning") + " (timestep " + timestep() + " s)");
    }

    // ---- dynamics (allocation-free) ----

    /** {@code mj_step}: one integration step of {@link #timestep()} with the current ctrl. */
    public void step() {
        try {
            Fn.mj_step.invokeExact(m, d);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mj_step1}: position/velocity stages (before the controls are read). */
    public void step1() {
        try {
            Fn.mj_step1.invokeExact(m, d);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mj_step2}: actuation, acceleration and integration (after {@link #step1()}). */
    public void step2() {
        try {
            Fn.mj_step2.invokeExact(m, d);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mj_forward}: all derived quantities (positions, contacts, qacc) for the current state, no integration. */
    public void forward() {
        try {
            Fn.mj_forward.invokeExact(m, d);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mj_resetData}: qpos0, zero velocities, controls and time; warning counters cleared. */
    public void reset() {
        try {
            Fn.mj_resetData.invokeExact(m, d);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Frees the model and data now (idempotent). Any later use throws {@link IllegalStateException}.
     * Closing while another thread is inside a call on this instance fails (the arena is in use) and
     * frees nothing, rather than pulling the memory from under that call.
     */
    @Override
    public void close() {
        cleanable.clean();
    }
}
