package org.feedbackrl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.feedbackrl.embed.EmbeddedPolicy;
import org.feedbackrl.embed.NetworkExport;
import org.feedbackrl.embed.PolicyFileException;
import org.feedbackrl.io.AtomicFiles;
import org.feedbackrl.policy.Mlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code feedbackrl export RUN --format onnx|json --out FILE}: the policy network for a non-Java stack. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a trained policy's network as an ONNX model (float64 Gemm/Tanh layers and the output scale) or as JSON",
                "(weights in a documented layout, docs/embedding.md). The features that feed the network, the spline and the",
                "tracking controller that consume its outputs stay in Java (org.feedbackrl.embed.EmbeddedPolicy).",
                "The run is validated first; on any problem nothing is written."})
public final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "run directory of 'feedbackrl train' (newest checkpoint) or one checkpoint file") Path run;
    @Option(names = "--format", required = true, description = "onnx or json") String format;
    @Option(names = "--out", required = true, description = "file to write (replaced atomically)") Path out;
    @Option(names = "--float32", description = "onnx: float32 tensors instead of float64 (weights rounded to float)") boolean float32;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("onnx") && !format.equals("json")) throw new UserError("--format must be onnx or json, got '" + format + "'");
        if (float32 && !format.equals("onnx")) throw new UserError("--float32 applies to --format onnx only (JSON holds the float64 weights exactly)");
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new UserError("--out " + out + ": directory " + dir + " does not exist");
        if (Files.isDirectory(out)) throw new UserError("--out " + out + " is a directory; name the file to write");
        EmbeddedPolicy policy;
        try {
            policy = EmbeddedPolicy.load(run);
        } catch (PolicyFileException e) {
            throw new UserError(e.getMessage());
        }
        Path ckDir = policy.source().checkpoint().toAbsolutePath().getParent();
        if (Files.isSameFile(dir, ckDir)) {   // --out ckpt-NNNNNN.bin would replace a recorded checkpoint
            throw new UserError("--out " + out + " is in the run's checkpoint directory " + ckDir + "; write the export elsewhere");
        }
        byte[] bytes = format.equals("onnx") ? NetworkExport.onnx(policy, float32) : NetworkExport.json(policy).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out, bytes);
        Mlp mlp = NetworkExport.describe(policy).mlp();
        StringBuilder shape = new StringBuilder();
        for (int l = 0; l <= mlp.layers(); l++) shape.append(l > 0 ? "-" : "").append(mlp.width(l));
        var o = spec.commandLine().getOut();
        o.printf("wrote %s: %s %s network %s (%d parameters) of %s (iteration %d), %d bytes%n", out,
                format.equals("onnx") ? "ONNX" : "JSON", format.equals("onnx") ? (float32 ? "float32" : "float64") : "float64",
                shape, mlp.paramCount(), policy.source().checkpoint(), policy.source().iteration(), bytes.length);
        o.flush();
        return 0;
    }
}
