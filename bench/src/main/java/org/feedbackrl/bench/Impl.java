package org.feedbackrl.bench;

import java.util.Arrays;
import org.feedbackrl.gradient.BatchedTrackingEstimator;
import org.feedbackrl.gradient.CarGradientWorkload;
import org.feedbackrl.gradient.CostateEstimator;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.train.Optimizer;
import org.feedbackrl.train.TrainingIteration;

/**
 * The Java implementations of every workload, shared by the JMH benchmarks and the agreement check.
 * {@code Fbrl} is feedback-rl (its vector path, or the scalar references in a JVM started with
 * -Dfeedbackrl.vector=false); {@code Ejml} is the same policy with its network in EJML, run through
 * the generic per-step costate pass, as a Java robotics developer would assemble it.
 */
public final class Impl {
    private Impl() {}

    /** Sizes of the result sections every implementation writes for the agreement check. */
    public static int[] sections(int p, int nIn, int nOut) {
        return new int[] {p, 1, 2, Workloads.W4_MAX * nOut, Workloads.W4_MAX * nOut * nIn, p, Workloads.W4_MAX * nIn, p};
    }

    public static final String[] SECTION_NAMES = {"W1 gradient", "W1 J", "W3 u", "W4 forward", "W4 input Jacobian",
            "W4 backward (weights)", "W4 backward (inputs)", "W2 θ after one iteration"};

    /** feedback-rl: batched W1, policy act, Mlp kernels. */
    public static final class Fbrl {
        public final CarGradientWorkload w = Workloads.w1();
        public final BatchedTrackingEstimator est;
        public final CostateEstimator generic;
        public final double[] g;
        public final Mlp mlp = w.mlp;
        public final Mlp.Workspace ws;
        public final double[] x4, yb4, y4, jac4, g4, dx4;
        public final double[] x3 = new double[4], zPrev3, z3, u3 = new double[2];
        /** W3 through the embedding API (issue 12): the object users embed and the CLI drives the robots with. */
        public final org.feedbackrl.embed.EmbeddedPolicy embed;
        public final double[] u3e = new double[2];

        public Fbrl() {
            est = new BatchedTrackingEstimator(w.model, w.policy, w.features, w.reward, w.rollouts, w.horizon);
            generic = new CostateEstimator(w.model, mlp.paramCount(), w.policy.memoryDim());
            g = new double[mlp.paramCount()];
            ws = mlp.newWorkspace(Workloads.W4_MAX);
            double[][] b = Workloads.w4Batches(mlp);
            x4 = b[0]; yb4 = b[1];
            y4 = new double[Workloads.W4_MAX * mlp.outputs()];
            jac4 = new double[Workloads.W4_MAX * mlp.outputs() * mlp.inputs()];
            g4 = new double[mlp.paramCount()];
            dx4 = new double[Workloads.W4_MAX * mlp.inputs()];
            int q = w.policy.memoryDim();
            zPrev3 = new double[q]; z3 = new double[q];
            Rollout r0 = w.recorded[0];
            System.arraycopy(r0.xs, Workloads.W3_STEP * 4, x3, 0, 4);
            System.arraycopy(r0.zs, Workloads.W3_STEP * q, zPrev3, 0, q);
            // The embedded policy brought to step W3_STEP along recorded rollout 0 (its memory is then the
            // recorded z_{t−1}); each timed call recomputes that step, the same work as w3() plus the API.
            embed = org.feedbackrl.embed.EmbeddedPolicy.of(w.policy, w.model.dt());
            embed.reset();
            double[] xk = new double[4];
            for (int k = 0; k < Workloads.W3_STEP; k++) {
                r0.state(k, xk);
                embed.controlStep(k, xk, u3e);
            }
            double[] u = w3().clone();
            w3Embed();
            if (!Arrays.equals(u, u3e)) throw new IllegalStateException("W3: the embedded policy gives " + Arrays.toString(u3e) + ", act " + Arrays.toString(u));
        }

        /** W3 through {@code EmbeddedPolicy.control} at task time W3_STEP·Δt. */
        public double[] w3Embed() {
            embed.control(Workloads.W3_STEP * w.model.dt(), x3, u3e);
            return u3e;
        }

        public double w1() {
            Arrays.fill(g, 0);
            return est.estimate(w.recorded, w.rollouts, g);
        }

        public double w1Generic() {
            Arrays.fill(g, 0);
            double J = 0;
            for (Rollout r : w.recorded) J += generic.accumulate(r, w.policy, w.reward, g);
            return J;
        }

        public double[] w3() {
            w.policy.act(Workloads.W3_STEP, x3, zPrev3, z3, u3);
            return u3;
        }

        public void forward(int batch) { mlp.forwardBatch(batch, x4, y4, ws); }

        /** Input Jacobians of every sample of the last forward. */
        public void jacobian(int batch) {
            int sz = mlp.outputs() * mlp.inputs();
            for (int s = 0; s < batch; s++) mlp.inputJacobian(ws, s, jac4, s * sz);
        }

        /** VJP to θ and inputs at the last forward. */
        public void backward() {
            Arrays.fill(dx4, 0);
            mlp.backward(ws, yb4, dx4, g4);
        }

        public double[] results() {
            var out = new java.util.ArrayList<double[]>();
            double J = w1();
            out.add(g.clone());
            out.add(new double[] {J});
            out.add(w3().clone());
            forward(Workloads.W4_MAX);
            out.add(y4.clone());
            jacobian(Workloads.W4_MAX);
            out.add(jac4.clone());
            Arrays.fill(g4, 0);
            backward();
            out.add(g4.clone());
            out.add(dx4.clone());
            try (Workloads.TrainerIteration it = Workloads.w2Car(1)) {
                it.reset();
                it.run();
                out.add(it.task.policy().params().clone());
            }
            return concat(out);
        }
    }

    /** EJML: the generic per-step costate pass with an EJML network; batched EJML kernels for W4. */
    public static final class Ejml {
        public final CarGradientWorkload w = Workloads.w1();
        public final EjmlMlp net1, netB;
        public final TrackingPolicy policy;
        public final CostateEstimator generic;
        public final double[] g, x4, yb4, y4, jac4, dx4;
        public final double[] x3 = new double[4], zPrev3, z3, u3 = new double[2];
        // W2
        final Optimizer opt;
        final ModelPlant plant;
        final Unroller un;
        final double[] theta0, x0 = new double[4], w2x0s;

        public Ejml() {
            net1 = new EjmlMlp(w.mlp, 1);
            netB = new EjmlMlp(w.mlp, Workloads.W4_MAX);
            policy = new TrackingPolicy(w.controller, net1, w.features, w.track, w.model.dt(), w.callEvery);
            generic = new CostateEstimator(w.model, w.mlp.paramCount(), policy.memoryDim());
            g = new double[w.mlp.paramCount()];
            double[][] b = Workloads.w4Batches(w.mlp);
            x4 = b[0]; yb4 = b[1];
            y4 = new double[Workloads.W4_MAX * w.mlp.outputs()];
            jac4 = new double[Workloads.W4_MAX * w.mlp.outputs() * w.mlp.inputs()];
            dx4 = new double[Workloads.W4_MAX * w.mlp.inputs()];
            int q = policy.memoryDim();
            zPrev3 = new double[q]; z3 = new double[q];
            Rollout r0 = w.recorded[0];
            System.arraycopy(r0.xs, Workloads.W3_STEP * 4, x3, 0, 4);
            System.arraycopy(r0.zs, Workloads.W3_STEP * q, zPrev3, 0, q);
            opt = new Optimizer(Optimizer.Kind.ADAM, g.length, Workloads.LR, 0);
            plant = new ModelPlant(w.model);
            un = new Unroller(4, 2, q);
            theta0 = w.mlp.params().clone();
            // W2's initial states: those the trainer draws for iteration 0 of a run seeded SEED.
            w2x0s = new double[w.rollouts * 4];
            for (int i = 0; i < w.rollouts; i++) {
                w.sampleInitialState(new java.util.SplittableRandom(TrainingIteration.initialStateSeed(Workloads.SEED, 0, i)), x0);
                System.arraycopy(x0, 0, w2x0s, i * 4, 4);
            }
        }

        public double w1() {
            Arrays.fill(g, 0);
            net1.zeroGradient();
            double J = 0;
            for (Rollout r : w.recorded) J += generic.accumulate(r, policy, w.reward, g);
            net1.flushGradient(w.mlp, g);
            return J;
        }

        public double[] w3() {
            policy.act(Workloads.W3_STEP, x3, zPrev3, z3, u3);
            return u3;
        }

        public void w2Reset() {
            System.arraycopy(theta0, 0, w.mlp.params(), 0, theta0.length);
            net1.loadFrom(w.mlp);
            Arrays.fill(opt.m1, 0);
            Arrays.fill(opt.m2, 0);
            opt.steps = 0;
        }

        /** The trainer's iteration k = 0 by hand: the same initial states (its seeds), the generic pass with EJML, Adam. */
        public double w2() {
            for (int i = 0; i < w.rollouts; i++) {
                System.arraycopy(w2x0s, i * 4, x0, 0, 4);
                un.run(plant, policy, w.reward, x0, i, w.recorded[i]);
            }
            double J = w1();
            for (int k = 0; k < g.length; k++) g[k] /= w.rollouts;
            opt.ascend(w.mlp.params(), g);
            net1.loadFrom(w.mlp);
            return J / w.rollouts;
        }

        public void forward(int batch) { netB.forward(batch, x4, y4); }

        public void jacobian(int batch) {
            int sz = w.mlp.outputs() * w.mlp.inputs();
            for (int s = 0; s < batch; s++) netB.inputJacobian(s, jac4, s * sz);
        }

        public void backward() { netB.backward(yb4, dx4); }

        public double[] results() {
            var out = new java.util.ArrayList<double[]>();
            double J = w1();
            out.add(g.clone());
            out.add(new double[] {J});
            out.add(w3().clone());
            forward(Workloads.W4_MAX);
            out.add(y4.clone());
            jacobian(Workloads.W4_MAX);
            out.add(jac4.clone());
            netB.zeroGradient();
            backward();
            double[] gw = new double[g.length];
            netB.flushGradient(w.mlp, gw);
            out.add(gw);
            out.add(dx4.clone());
            // W2 last: it changes θ and re-records the rollouts.
            double[] th0 = w.mlp.params().clone();
            w2Reset();
            w2();
            out.add(w.mlp.params().clone());
            System.arraycopy(th0, 0, w.mlp.params(), 0, th0.length);
            net1.loadFrom(w.mlp);
            return concat(out);
        }
    }

    static double[] concat(java.util.List<double[]> parts) {
        int n = 0;
        for (double[] p : parts) n += p.length;
        double[] all = new double[n];
        int o = 0;
        for (double[] p : parts) { System.arraycopy(p, 0, all, o, p.length); o += p.length; }
        return all;
    }
}
