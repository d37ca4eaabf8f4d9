/**
 * <b>The library's entry point</b>: embed a policy trained by feedback-rl in your own (Java) control
 * loop, or export its network for another stack.
 *
 * <ul>
 *   <li>{@link org.feedbackrl.embed.EmbeddedPolicy} — load a run written by {@code feedbackrl train}
 *       ({@link org.feedbackrl.embed.EmbeddedPolicy#load}), validated, then call
 *       {@link org.feedbackrl.embed.EmbeddedPolicy#control control(timeSeconds, state, uOut)} once per
 *       tick with your own arrays (allocation-free) and {@link org.feedbackrl.embed.EmbeddedPolicy#reset()}
 *       for a new rollout. It is the object the CLI itself drives the robots with.</li>
 *   <li>{@link org.feedbackrl.embed.Task} — the embeddable tasks (car, Go1, pendulum) with their state
 *       and input layouts and units.</li>
 *   <li>{@link org.feedbackrl.embed.PolicyFileException} — a run or checkpoint that cannot be used, in
 *       one line naming the file.</li>
 *   <li>{@link org.feedbackrl.embed.NetworkExport} — the network as ONNX or JSON
 *       ({@code feedbackrl export}).</li>
 * </ul>
 *
 * <p>Maven coordinates {@code org.feedbackrl:feedbackrl} ({@code ./feedbackrl install}); module name
 * {@code org.feedbackrl} (automatic); run with {@code --add-modules jdk.incubator.vector}. See
 * {@code docs/embedding.md} and {@code examples/embed}.
 */
package org.feedbackrl.embed;
