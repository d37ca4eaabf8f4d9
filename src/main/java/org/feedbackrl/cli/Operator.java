package org.feedbackrl.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Asks the operator before each rollout on a real robot. */
final class Operator {
    private static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private Operator() {}

    /** @return true to run the rollout; false (q, or end of input) to stop training cleanly */
    static boolean confirm(PrintWriter err, int k, int i, String plant) {
        err.printf("%nrollout %d of iteration %d on '%s': put the robot at the start, clear the area, then press Enter (q + Enter stops): ", i, k, plant);
        err.flush();
        try {
            String line = IN.readLine();
            return line != null && !line.trim().equalsIgnoreCase("q");
        } catch (IOException e) {
            return false;
        }
    }
}
