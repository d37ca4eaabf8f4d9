package org.feedbackrl.cli;

/** Validation helpers shared by the commands: each failure is one line for the user. */
public final class Args {
    private Args() {}

    public static double finite(String name, double v) {
        if (!Double.isFinite(v)) throw new UserError(name + " must be a finite number, got " + v);
        return v;
    }

    public static int positive(String name, int v) {
        if (v < 1) throw new UserError(name + " must be a positive integer, got " + v);
        return v;
    }

    /** Parses a comma-separated list of finite numbers of an expected length. */
    public static double[] vector(String name, String text, int expectedLength) {
        String[] parts = text.trim().isEmpty() ? new String[0] : text.split(",");
        if (parts.length != expectedLength) {
            throw new UserError(name + " needs " + expectedLength + " comma-separated numbers, got " + parts.length);
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError(name + ": entry " + (i + 1) + " '" + parts[i].trim() + "' is not a number");
            }
            if (!Double.isFinite(v[i])) throw new UserError(name + ": entry " + (i + 1) + " is not finite (" + parts[i].trim() + ")");
        }
        return v;
    }
}
