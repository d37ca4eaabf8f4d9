package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;
import org.feedbackrl.testsupport.TestSystems;
import org.feedbackrl.testsupport.TestSystems.PolicyKind;
import org.feedbackrl.testsupport.TestSystems.Sys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md §2 exact check 2: the backward costate pass equals the forward-sensitivity form
 * (paper eq. 7) to round-off, with F̂ = F and with model mismatch (the rollout is recorded on a
 * different system: scalar a ≠ â, car authors' reality vs eq. 11, unicycle with a longer real step,
 * pendulum true masses vs half masses), for open-loop, feedback and memory policies.
 */
class BackwardForwardTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Sys s : TestSystems.all())
            for (int T : new int[] {1, 7, 123})
                for (PolicyKind k : PolicyKind.values())
                    for (boolean mismatch : new boolean[] {false, true}) list.add(Arguments.of(s.name(), T, k, mismatch));
        return list.stream();
    }

    @ParameterizedTest(name = "{0} T={1} {2} mismatch={3}")
    @MethodSource("cases")
    void backwardEqualsForward(String system, int T, PolicyKind kind, boolean mismatch) {
        Sys sys = TestSystems.byName(system);
        SplittableRandom rng = new SplittableRandom(31L * T + kind.ordinal() + (mismatch ? 7 : 0));
        Policy policy = sys.policy(kind, T, rng);
        Reward reward = sys.reward(T);
        Rollout r = TestSystems.unroll(TestSystems.plant(mismatch ? sys.real() : sys.model()), policy, reward, sys.x0(), T);
        double[] back = new double[policy.paramDim()];
        new CostateEstimator(sys.model(), policy.paramDim(), policy.memoryDim()).accumulate(r, policy, reward, back);
        double[] fwd = ForwardSensitivityEstimator.estimate(sys.model(), r, policy, reward);
        double err = GradientChecks.relError(back, fwd);
        assertTrue(err < 1e-10, () -> system + " T=" + T + " " + kind + " mismatch=" + mismatch + ": relative error " + err);
        double norm = 0;
        for (double v : fwd) norm = Math.max(norm, Math.abs(v));
        assertTrue(norm > 1e-6, "degenerate case: gradient is zero");
    }

    /** Mismatch must actually change the estimate (otherwise the mismatch cases test nothing new). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void mismatchChangesTheEstimate(String system) {
        Sys sys = TestSystems.byName(system);
        int T = 40;
        Policy policy = sys.policy(PolicyKind.FEEDBACK, T, new SplittableRandom(9));
        Reward reward = sys.reward(T);
        double[] a = new double[policy.paramDim()], b = new double[policy.paramDim()];
        CostateEstimator est = new CostateEstimator(sys.model(), policy.paramDim(), 0);
        est.accumulate(TestSystems.unroll(TestSystems.plant(sys.model()), policy, reward, sys.x0(), T), policy, reward, a);
        est.accumulate(TestSystems.unroll(TestSystems.plant(sys.real()), policy, reward, sys.x0(), T), policy, reward, b);
        assertTrue(GradientChecks.relError(a, b) > 1e-3);
    }

    static Stream<String> systems() { return TestSystems.all().stream().map(Sys::name); }
}
