package org.feedbackrl.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * W3: one policy evaluation (features, network, Hermite spline, controller) for one state: {@code fbrl}
 * calls the policy's {@code act}, {@code embed} the public embedding API around it ({@code EmbeddedPolicy.control}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class W3ControlStep {
    Impl.Fbrl fbrl;
    Impl.Ejml ejml;

    @Setup(Level.Trial)
    public void setup() {
        fbrl = new Impl.Fbrl();
        ejml = new Impl.Ejml();
    }

    @Benchmark public void fbrl(Blackhole bh, ThreadAlloc.Window w) { bh.consume(fbrl.w3()[0]); }

    @Benchmark public void ejml(Blackhole bh, ThreadAlloc.Window w) { bh.consume(ejml.w3()[0]); }

    /** The same step through the embedding API, {@code EmbeddedPolicy.control} (what the CLI and embedders call). */
    @Benchmark public void embed(Blackhole bh, ThreadAlloc.Window w) { bh.consume(fbrl.w3Embed()[0]); }
}
