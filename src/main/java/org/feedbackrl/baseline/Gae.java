package org.feedbackrl.baseline;

/**
 * Generalized Advantage Estimation: Schulman, Moritz, Levine, Jordan &amp; Abbeel, "High-Dimensional
 * Continuous Control Using Generalized Advantage Estimation" (ICLR 2016), eq. (16), in SB3's
 * {@code RolloutBuffer.compute_returns_and_advantage} form:
 * <pre>
 *   δ_t = r_t + γ V(s_{t+1}) (1 − start_{t+1}) − V(s_t)
 *   Â_t = δ_t + γ λ (1 − start_{t+1}) Â_{t+1},     R_t = Â_t + V(s_t)      (the value target)
 * </pre>
 * where start_{t+1} = 1 when step t ended its episode (the next row begins a new one); after the last
 * row the bootstrap is V(s_T) of the environment's current observation and (1 − done_T). A time-limit
 * truncation is not an episode end here: its reward already carries γ V(terminal observation)
 * (SB3's timeout bootstrap), and the row still ends the episode for the recursion.
 */
public final class Gae {
    private Gae() {}

    /**
     * @param nSteps       rows per environment
     * @param nEnvs        environments (row-major layout: index t·nEnvs + e)
     * @param rew          rewards r_t
     * @param val          values V(s_t)
     * @param episodeStart 1 where row t is the first of an episode
     * @param lastVal      V of each environment's observation after the last row
     * @param lastDone     1 where the last row ended an episode
     * @param adv          output Â
     * @param ret          output R = Â + V
     */
    public static void compute(int nSteps, int nEnvs, double[] rew, double[] val, double[] episodeStart,
                               double[] lastVal, double[] lastDone, double gamma, double lambda,
                               double[] adv, double[] ret) {
        for (int e = 0; e < nEnvs; e++) {
            double last = 0;
            for (int t = nSteps - 1; t >= 0; t--) {
                int i = t * nEnvs + e;
                double nonTerminal, nextV;
                if (t == nSteps - 1) {
                    nonTerminal = 1.0 - lastDone[e];
                    nextV = lastVal[e];
                } else {
                    nonTerminal = 1.0 - episodeStart[i + nEnvs];
                    nextV = val[i + nEnvs];
                }
                double delta = rew[i] + gamma * nextV * nonTerminal - val[i];
                last = delta + gamma * lambda * nonTerminal * last;
                adv[i] = last;
                ret[i] = last + val[i];
            }
        }
    }
}
