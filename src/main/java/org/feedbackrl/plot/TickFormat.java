package org.feedbackrl.plot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.axis.TickUnit;
import org.jfree.chart.axis.TickUnitSource;

/**
 * Tick label format: as many decimals as the tick step needs, a typographic minus (−), no "−0",
 * no digit grouping, and m×10ⁿ for magnitudes of 10⁵ and more. Locale-independent, so a figure is
 * the same on every machine.
 */
final class TickFormat extends NumberFormat {
    private static final String SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private final double step;
    private final int decimals;

    private TickFormat(double step) {
        this.step = step;
        this.decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }

    /** @param step tick spacing in data units, &gt; 0 */
    static TickFormat forStep(double step) { return new TickFormat(step); }

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
        if (!Double.isFinite(v)) return to.append(v);
        if (Math.abs(v) >= 1e5 && decimals == 0) {
            int e = (int) Math.floor(Math.log10(Math.abs(v)) + 1e-12);
            String m = plain(v / Math.pow(10, e), Math.max(0, (int) -Math.floor(Math.log10(step / Math.pow(10, e)) + 1e-9)));
            if (m.equals("10")) { e++; m = "1"; }
            String p = superscript(e);
            return to.append(m.equals("1") ? "10" + p : m.equals("−1") ? "−10" + p : m + "×10" + p);
        }
        return to.append(plain(v, decimals));
    }

    private static String plain(double v, int decimals) {
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (s.matches("-0(\\.0*)?")) s = s.substring(1);
        return s.replace('-', '\u2212');
    }

    private static String superscript(int e) {
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(e).toCharArray()) sb.append(c == '-' ? '⁻' : SUPERSCRIPT_DIGITS.charAt(c - '0'));
        return sb.toString();
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition pos) { return format((double) v, to, pos); }

    @Override
    public Number parse(String source, ParsePosition pos) { return null; }   // labels are only written

    /** JFreeChart's 1-2-5 tick sizes with this format, none smaller than a nice step near {@code target}. */
    static final class Units implements TickUnitSource {
        private final NumberTickUnitSource sizes = new NumberTickUnitSource();
        private final double min;

        /** @param target the step for the wanted number of ticks (data units); the smallest step allowed is 1, 2 or 5 × 10^k, within ×1.5 below it */
        Units(double target) { min = target > 0 && Double.isFinite(target) ? target / 1.5 : 0; }

        private static TickUnit formatted(TickUnit u) {
            return new NumberTickUnit(u.getSize(), forStep(u.getSize()), u.getMinorTickCount());
        }

        @Override public TickUnit getLargerTickUnit(TickUnit unit) {
            return unit.getSize() < min ? getCeilingTickUnit(min) : formatted(sizes.getLargerTickUnit(unit));
        }
        @Override public TickUnit getCeilingTickUnit(TickUnit unit) { return getCeilingTickUnit(unit.getSize()); }
        @Override public TickUnit getCeilingTickUnit(double size) { return formatted(sizes.getCeilingTickUnit(Math.max(size, min))); }
    }
}
