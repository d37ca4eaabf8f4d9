package org.feedbackrl.testsupport;

import java.util.List;
import java.util.random.RandomGenerator;
import org.feedbackrl.model.DoublePendulum;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.model.KinematicCar;
import org.feedbackrl.model.Models;
import org.feedbackrl.model.ScalarModel;
import org.feedbackrl.model.Unicycle;
import org.feedbackrl.policy.OpenLoopPolicy;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.task.Reward;

/**
 * The four systems wired for gradient tests: the model F̂ (what {@link Models#byName} returns), a
 * mismatched "real" system F, an initial state, and the scales used to draw θ so the closed loop
 * moves. Policies: open loop, time-varying feedback, latching memory.
 */
public final class TestSystems {
    private TestSystems() {}

    /** Policy classes exercised by the gradient tests. */
    public enum PolicyKind { OPEN_LOOP, FEEDBACK, MEMORY }

    /**
     * @param name    CLI name
     * @param model   F̂ (= Models.byName(name))
     * @param real    a deliberately different F for mismatch tests
     * @param x0      initial state
     * @param uCenter centre of the random ū_t
     * @param uScale  half-width of the random ū_t
     * @param xScale  half-width of the random setpoint x̄_t around x0
     * @param k       feedback gain K (m×n)
     * @param w       memory read-in W (m×n)
     * @param s       weight of the memory in u
     * @param q, c, amp  reward weights, reference centre and amplitude
     */
    public record Sys(String name, DynamicsModel model, DynamicsModel real, double[] x0, double[] uCenter,
                      double[] uScale, double[] xScale, double[] k, double[] w, double s,
                      double[] q, double[] c, double[] amp) {
        public int n() { return model.stateDim(); }
        public int m() { return model.inputDim(); }

        public Reward reward(int horizon) {
            return new QuadraticTrackingReward(q, c, amp, 0.3, 0.1, 2.0, horizon);
        }

        /** A policy of the given kind with random, nonzero θ. */
        public Policy policy(PolicyKind kind, int horizon, RandomGenerator rng) {
            int n = n(), m = m();
            return switch (kind) {
                case OPEN_LOOP -> {
                    OpenLoopPolicy p = new OpenLoopPolicy(n, m, horizon);
                    double[] th = p.params();
                    for (int t = 0; t < horizon; t++) randomInput(rng, th, t * m);
                    yield p;
                }
                case FEEDBACK -> {
                    TimeVaryingFeedbackPolicy p = new TimeVaryingFeedbackPolicy(n, m, horizon, k);
                    double[] th = p.params();
                    for (int t = 0; t < horizon; t++) {
                        int off = p.block(t);
                        randomInput(rng, th, off);
                        for (int j = 0; j < n; j++) th[off + m + j] = x0[j] + xScale[j] * rng.nextDouble(-1, 1);
                    }
                    yield p;
                }
                case MEMORY -> {
                    LatchingMemoryPolicy p = new LatchingMemoryPolicy(n, m, horizon, w, k, s);
                    double[] th = p.params();
                    for (int t = 0; t < horizon; t++) randomInput(rng, th, t * m);
                    for (int i = horizon * m; i < th.length; i++) th[i] = rng.nextDouble(-0.7, 0.7);
                    yield p;
                }
            };
        }

        private void randomInput(RandomGenerator rng, double[] th, int off) {
            for (int i = 0; i < m(); i++) th[off + i] = uCenter[i] + uScale[i] * rng.nextDouble(-1, 1);
        }
    }

    public static Sys scalar() {
        return new Sys("scalar", Models.byName("scalar"), new ScalarModel(1.2, 1.0), new double[] {0.5},
                new double[] {0}, new double[] {1}, new double[] {0.5},
                new double[] {0.7}, new double[] {0.8}, 0.5,
                new double[] {1}, new double[] {0}, new double[] {0.3});
    }

    public static Sys car() {
        return new Sys("car", Models.byName("car"), KinematicCar.authorsReality(1.0),
                new double[] {0.3, -0.2, 2.0, 0.4},
                new double[] {0.3, 0.0}, new double[] {0.5, 0.5}, new double[] {0.5, 0.5, 0.5, 0.3},
                new double[] {0.1, 0.05, 0.35, 0.0, -0.05, 0.1, 0.0, 0.35},
                new double[] {0.2, -0.1, 0.3, 0.5, 0.1, 0.3, -0.2, 0.4}, 0.4,
                new double[] {1, 1, 0.5, 0.3}, new double[] {0, 0, 3, 0}, new double[] {1.5, 1.5, 0.3, 0.5});
    }

    public static Sys unicycle() {
        return new Sys("unicycle", Models.byName("unicycle"), new Unicycle(0.13),
                new double[] {0.2, -0.3, 0.5},
                new double[] {0.5, 0.0}, new double[] {0.4, 1.0}, new double[] {0.5, 0.5, 0.5},
                new double[] {0.2, 0.1, 0.0, -0.1, 0.2, 0.8},
                new double[] {0.3, -0.2, 0.4, 0.2, 0.3, -0.5}, 0.3,
                new double[] {1, 1, 0.2}, new double[] {0, 0, 0}, new double[] {1.5, 1.5, 1.0});
    }

    public static Sys pendulum() {
        return new Sys("pendulum", Models.byName("pendulum"), DoublePendulum.trueSystem(),
                new double[] {0.4, -0.3, 0.2, -0.1},
                new double[] {0, 0}, new double[] {0.1, 0.1}, new double[] {0.5, 0.5, 0.3, 0.3},
                new double[] {0.3, 0.1, 0.1, 0.0, 0.1, 0.2, 0.0, 0.1},
                new double[] {0.4, -0.3, 0.2, 0.1, 0.2, 0.5, -0.1, 0.3}, 0.1,
                new double[] {1, 1, 0.1, 0.1}, new double[] {1.0, 0.5, 0, 0}, new double[] {0.5, 0.5, 0.2, 0.2});
    }

    public static List<Sys> all() { return List.of(scalar(), car(), unicycle(), pendulum()); }

    public static Sys byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Unrolls the policy on the plant and returns the recorded rollout. */
    public static Rollout unroll(Plant plant, Policy policy, Reward reward, double[] x0, int horizon) {
        Rollout r = new Rollout(plant.stateDim(), plant.inputDim(), policy.memoryDim(), horizon);
        new Unroller(plant.stateDim(), plant.inputDim(), policy.memoryDim()).run(plant, policy, reward, x0, 0L, r);
        return r;
    }

    public static Plant plant(DynamicsModel model) { return new ModelPlant(model); }
}
