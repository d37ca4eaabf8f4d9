package org.feedbackrl.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions and labels. Labels may contain one '^': the text after it is drawn as a
 * superscript ("10^3" renders as 10³, "2×10^−4" as 2×10⁻⁴).
 */
final class Ticks {
    private Ticks() {}

    /** One tick: position in data units, label (empty for minor ticks), major or minor. */
    record Tick(double value, String label, boolean major) {}

    /** A "nice" step (1, 2 or 5 × 10^k) giving about {@code target} intervals over {@code span}. */
    static double niceStep(double span, int target) {
        double raw = span / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double m = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return m * mag;
    }

    /** Linear ticks covering [lo, hi] (lo &lt; hi) at a nice step, about {@code target} of them. */
    static List<Tick> linear(double lo, double hi, int target) {
        double step = niceStep(hi - lo, target);
        List<Tick> out = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        double maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
        boolean sci = maxAbs >= 1e5 || maxAbs < 1e-3;
        for (long i = first; i <= last; i++) {
            double v = i * step;
            if (Math.abs(v) < step * 1e-9) v = 0;
            out.add(new Tick(v, sci ? sci(v, step) : plain(v, step), true));
        }
        return out;
    }

    /**
     * Log10 ticks for [lo, hi] (0 &lt; lo &lt; hi). Over several decades: labelled powers of ten
     * (every k-th decade when there are many) with unlabelled minor ticks at 2…9 × 10^k; within
     * about a decade: labelled 1-2-5 ticks.
     */
    static List<Tick> log10(double lo, double hi, int target) {
        List<Tick> out = new ArrayList<>();
        double l0 = Math.log10(lo), l1 = Math.log10(hi);
        int e0 = (int) Math.floor(l0 + 1e-9), e1 = (int) Math.ceil(l1 - 1e-9);
        int decades = e1 - e0;
        if (l1 - l0 < 1.0) {
            // Narrow: 1-2-5 (or 1..9) mantissas, labelled.
            for (int[] mant : new int[][] {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
                out.clear();
                for (int e = e0; e <= e1; e++) {
                    for (int m : mant) {
                        double v = m * Math.pow(10, e);
                        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                            out.add(new Tick(v, decimalOrSci(v, e), true));
                        }
                    }
                }
                if (out.size() >= 3) return out;
            }
            if (out.size() >= 2) return out;
            out.clear();
            for (Tick t : linear(lo, hi, target)) if (t.value() > 0) out.add(t);
            return out;
        }
        int every = Math.max(1, (int) Math.ceil(decades / (double) Math.max(1, target)));
        boolean minor = every == 1 && decades <= 12;
        for (int e = e0; e <= e1; e++) {
            double p = Math.pow(10, e);
            if (e % every == 0 && p >= lo * (1 - 1e-9) && p <= hi * (1 + 1e-9)) {
                out.add(new Tick(p, "10^" + minus(Integer.toString(e)), true));
            } else if (!minor && p >= lo && p <= hi) {
                out.add(new Tick(p, "", false));
            }
            if (minor) {
                for (int m = 2; m <= 9; m++) {
                    double v = m * p;
                    if (v >= lo && v <= hi) out.add(new Tick(v, "", false));
                }
            }
        }
        return out;
    }

    /** Plain decimal with as many decimals as the step needs. */
    static String plain(double v, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        String s = new BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
        if (s.matches("-0(\\.0*)?")) s = s.substring(1);
        return minus(s);
    }

    /** m×10^e with the mantissa precision the step needs. */
    static String sci(double v, double step) {
        if (v == 0) return "0";
        int e = (int) Math.floor(Math.log10(Math.abs(v)) + 1e-12);
        double m = v / Math.pow(10, e);
        String ms = plain(m, step / Math.pow(10, e));
        if (ms.equals("10")) { e++; ms = "1"; }
        if (ms.equals("1")) return "10^" + minus(Integer.toString(e));
        if (ms.equals("−1")) return "−10^" + minus(Integer.toString(e));
        return ms + "×10^" + minus(Integer.toString(e));
    }

    private static String decimalOrSci(double v, int e) {
        if (e >= -3 && e <= 4) return plain(v, Math.pow(10, e));
        return sci(v, Math.pow(10, e));
    }

    /** Typographic minus sign. */
    static String minus(String s) { return s.replace('-', '\u2212'); }
}
