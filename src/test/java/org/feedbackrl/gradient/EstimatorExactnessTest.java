package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;
import org.feedbackrl.testsupport.LatchingMemoryPolicy;
import org.feedbackrl.testsupport.TestSystems;
import org.feedbackrl.testsupport.TestSystems.PolicyKind;
import org.feedbackrl.testsupport.TestSystems.Sys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md §2 exact check 1: with F̂ = F (the plant runs the estimator's own model) the costate
 * estimate equals the true gradient of J, compared with central finite differences of full
 * re-rollouts, for every system, horizons 1, 7 and 123, and open-loop, feedback and memory policies.
 */
class EstimatorExactnessTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Sys s : TestSystems.all())
            for (int T : new int[] {1, 7, 123})
                for (PolicyKind k : PolicyKind.values()) list.add(Arguments.of(s.name(), T, k));
        return list.stream();
    }

    @ParameterizedTest(name = "{0} T={1} {2}")
    @MethodSource("cases")
    void costateEqualsFiniteDifferencesOfTrueJ(String system, int T, PolicyKind kind) {
        Sys sys = TestSystems.byName(system);
        SplittableRandom rng = new SplittableRandom(1000L * T + kind.ordinal() * 17L + system.hashCode());
        Policy policy = sys.policy(kind, T, rng);
        Reward reward = sys.reward(T);
        Plant plant = TestSystems.plant(sys.model());   // F = F̂
        Rollout r = TestSystems.unroll(plant, policy, reward, sys.x0(), T);
        int p = policy.paramDim();
        double[] g = new double[p];
        CostateEstimator est = new CostateEstimator(sys.model(), p, policy.memoryDim());
        double J = est.accumulate(r, policy, reward, g);
        assertEquals(r.totalReward(), J, 1e-12 * Math.max(1, Math.abs(J)));

        int[] idx = GradientChecks.spread(p, 24);
        if (kind == PolicyKind.MEMORY && policy instanceof LatchingMemoryPolicy lp && lp.latches() > 0) {
            // make sure latch offsets (the memory path) are among the checked entries
            int[] more = new int[idx.length + lp.latches() * sys.m()];
            System.arraycopy(idx, 0, more, 0, idx.length);
            for (int i = 0; i < lp.latches() * sys.m(); i++) more[idx.length + i] = lp.latchOffset(0) + i;
            idx = java.util.Arrays.stream(more).distinct().limit(60).toArray();
        }
        assertTrue(idx.length >= Math.min(p, 20));
        double[] fd = new double[idx.length], est2 = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            fd[i] = GradientChecks.centralDifference(plant, policy, reward, sys.x0(), T, idx[i], 1e-3);
            est2[i] = g[idx[i]];
        }
        double err = GradientChecks.relError(est2, fd);
        System.out.printf("exactness %-8s T=%-3d %-9s p=%-4d checked=%-3d rel.err=%.2e |g|max=%.3e%n",
                system, T, kind, p, idx.length, err, java.util.Arrays.stream(fd).map(Math::abs).max().orElse(0));
        assertTrue(err < 1e-6, () -> system + " T=" + T + " " + kind + ": relative error " + err
                + "\n est " + java.util.Arrays.toString(est2) + "\n fd  " + java.util.Arrays.toString(fd));
    }
}
