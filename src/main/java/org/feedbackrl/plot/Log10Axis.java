package org.feedbackrl.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * JFreeChart's {@link LogAxis} in base 10 with labels 10^k (superscript k) at whole decades and
 * minor ticks at 2…9 × 10^k. When fewer than two powers of ten fall inside the range (α ≈ 1, say)
 * decade labels would say nothing, so the ticks are JFreeChart's linear ones ({@link NumberAxis}),
 * still placed on the log scale.
 */
final class Log10Axis extends LogAxis {
    Log10Axis() {
        setBase(10);
        setBaseSymbol("10");
        setSmallestValue(Double.MIN_NORMAL);
        density(Integer.MAX_VALUE);
    }

    /** @param target about how many labelled decades fit; steps of 1, 2, 3, 5, 10, … decades, the smallest ≥ span/target */
    void density(int target) {
        this.target = target;
        double span = Math.log10(getUpperBound()) - Math.log10(getLowerBound());
        TickUnits decades = new TickUnits();
        for (double d : new double[] {1, 2, 3, 5, 10, 20, 50, 100}) {
            // one decade per label: minor ticks at 2..9 × 10^k (LogAxis spaces them linearly between labels)
            if (d >= span / target || d == 100) decades.add(new NumberTickUnit(d, TickFormat.forStep(1), d == 1 ? 9 : 0));
        }
        setStandardTickUnits(decades);
    }

    private int target = Integer.MAX_VALUE;

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        double lo = getLowerBound(), hi = getUpperBound();
        int powers = (int) (Math.floor(Math.log10(hi) + 1e-9) - Math.ceil(Math.log10(lo) - 1e-9)) + 1;
        if (powers >= 2) {
            List<?> decades = super.refreshTicks(g2, state, dataArea, edge);
            if (!RectangleEdge.isLeftOrRight(edge)) return decades;
            // LogAxis centres "10^k" on the tick by its full height, superscript included, which sets
            // the "10" visibly above the tick: centre the "10" (half its ascent) instead
            List<ValueTick> ticks = new ArrayList<>();
            for (Object t : decades) {
                LogTick lt = (LogTick) t;
                ticks.add(new LogTick(lt.getTickType(), lt.getValue(), lt.getAttributedLabel(),
                        edge == RectangleEdge.LEFT ? TextAnchor.HALF_ASCENT_RIGHT : TextAnchor.HALF_ASCENT_LEFT));
            }
            return ticks;
        }
        NumberAxis linear = new NumberAxis();
        linear.setRange(lo, hi);
        linear.setTickLabelFont(getTickLabelFont());
        linear.setTickLabelInsets(getTickLabelInsets());
        linear.setStandardTickUnits(new TickFormat.Units((hi - lo) / target));
        List<ValueTick> ticks = new ArrayList<>();
        for (Object t : linear.refreshTicks(g2, state, dataArea, edge)) {
            ValueTick v = (ValueTick) t;
            if (v.getTickType() == TickType.MAJOR && v.getValue() > 0) ticks.add(v);
        }
        return ticks;
    }
}
