package org.feedbackrl.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * W4: the MLP kernels at batch 1, 8, 256. forward = the batch through the network; jacobian = the
 * input Jacobian of every sample of the batch (activations saved by a forward in setup); backward =
 * the VJP to θ and the inputs (ditto).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class W4Kernels {
    @Param({"1", "8", "256"})
    public int batch;
    Impl.Fbrl fbrl;
    Impl.Ejml ejml;

    @Setup(Level.Trial)
    public void setup() {
        fbrl = new Impl.Fbrl();
        ejml = new Impl.Ejml();
        fbrl.forward(batch);
        ejml.forward(batch);
    }

    @Benchmark public double fbrlForward(ThreadAlloc.Window w) { fbrl.forward(batch); return fbrl.y4[0]; }
    @Benchmark public double fbrlJacobian(ThreadAlloc.Window w) { fbrl.jacobian(batch); return fbrl.jac4[0]; }
    @Benchmark public double fbrlBackward(ThreadAlloc.Window w) { fbrl.backward(); return fbrl.g4[0]; }
    @Benchmark public double ejmlForward(ThreadAlloc.Window w) { ejml.forward(batch); return ejml.y4[0]; }
    @Benchmark public double ejmlJacobian(ThreadAlloc.Window w) { ejml.jacobian(batch); return ejml.jac4[0]; }
    @Benchmark public double ejmlBackward(ThreadAlloc.Window w) { ejml.backward(); return ejml.dx4[0]; }
}
