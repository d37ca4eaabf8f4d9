package org.feedbackrl.plot;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One panel of a {@link Figure}: a coordinate system with data series, axis labels, ticks, a title
 * and a legend. Configuration methods return {@code this} so calls chain:
 * <pre>
 *   fig.axes(0, 0).title("Gradient variance").xlabel("horizon T [steps]").ylabel("variance [1]").logY()
 *      .band(ts, lo, hi, "open loop").line(ts, mean, "open loop");
 * </pre>
 * Points with a non-finite coordinate (or a non-positive one on a log axis) are skipped and break
 * the line. Series with the same label share a colour and one legend entry (a band and the line of
 * its mean, say). Data arrays are copied when added.
 */
public final class Axes {
    private final List<Item> items = new ArrayList<>();
    private final Map<String, Entry> legend = new LinkedHashMap<>();
    private int nextColor;
    private String title = "", xlabel = "", ylabel = "";
    private boolean logX, logY, equal, grid = true;
    private double xLo = Double.NaN, xHi = Double.NaN, yLo = Double.NaN, yHi = Double.NaN;
    private LegendPosition legendPos = LegendPosition.BEST;

    Axes() {}

    private sealed interface Item permits Series, Band, Rule, Label {}
    private record Series(double[] xs, double[] ys, Style style, Color color) implements Item {}
    private record Band(double[] xs, double[] lo, double[] hi, Style style, Color color) implements Item {}
    private record Rule(boolean horizontal, double v, Style style, Color color) implements Item {}
    private record Label(double x, double y, String text, Color color) implements Item {}

    /** A legend entry: what the samples of all series sharing the label look like. */
    private static final class Entry {
        final Color color;
        Style line;      // style of the first connected series, or null
        Marker marker = Marker.NONE;
        float markerSize;
        boolean band;
        Entry(Color c) { color = c; }
    }

    // ---------------------------------------------------------------- configuration

    /** @param t panel title (may be empty) */
    public Axes title(String t) { title = t == null ? "" : t; return this; }

    /** @param t x-axis label, with its unit in brackets, e.g. "horizon T [steps]" */
    public Axes xlabel(String t) { xlabel = t == null ? "" : t; return this; }

    /** @param t y-axis label, with its unit in brackets, e.g. "position y [m]" */
    public Axes ylabel(String t) { ylabel = t == null ? "" : t; return this; }

    /** Log10 x axis (non-positive x values are skipped). */
    public Axes logX() { logX = true; return this; }

    /** Log10 y axis (non-positive y values are skipped). */
    public Axes logY() { logY = true; return this; }

    /** One data unit has the same length in pixels on both axes (trajectory plots); linear axes only. */
    public Axes equalAspect() { equal = true; return this; }

    /** @param on whether to draw grid lines at the major ticks (default on) */
    public Axes grid(boolean on) { grid = on; return this; }

    /** @param pos legend placement (default {@link LegendPosition#BEST}) */
    public Axes legend(LegendPosition pos) { legendPos = pos; return this; }

    /** Fixes the x range (data units; lo &lt; hi, both &gt; 0 on a log axis). */
    public Axes xlim(double lo, double hi) {
        checkLimits("xlim", lo, hi);
        xLo = lo; xHi = hi;
        return this;
    }

    /** Fixes the y range (data units; lo &lt; hi, both &gt; 0 on a log axis). */
    public Axes ylim(double lo, double hi) {
        checkLimits("ylim", lo, hi);
        yLo = lo; yHi = hi;
        return this;
    }

    private static void checkLimits(String what, double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException(what + " needs finite lo < hi, got " + lo + ", " + hi);
        }
    }

    // ---------------------------------------------------------------- data

    /** A solid line through (xs[i], ys[i]) in the next colour; label null or empty: no legend entry. */
    public Axes line(double[] xs, double[] ys, String label) { return line(xs, ys, label, Style.DEFAULT); }

    /** A line (or markers, per the style) through (xs[i], ys[i]). */
    public Axes line(double[] xs, double[] ys, String label, Style style) {
        same("line", xs, ys);
        Color c = colorFor(label, style);
        items.add(new Series(xs.clone(), ys.clone(), style, c));
        Entry e = entry(label, c);
        if (e != null) {
            if (style.connect && e.line == null) e.line = style;
            if (style.marker != Marker.NONE && e.marker == Marker.NONE) {
                e.marker = style.marker;
                e.markerSize = style.markerSize;
            }
        }
        return this;
    }

    /** Markers only (circles) at (xs[i], ys[i]). */
    public Axes scatter(double[] xs, double[] ys, String label) { return line(xs, ys, label, Style.POINTS); }

    /** Markers only, with the given style's colour, marker and size. */
    public Axes scatter(double[] xs, double[] ys, String label, Style style) {
        return line(xs, ys, label, style.withLine(false).withMarker(style.marker == Marker.NONE ? Marker.CIRCLE : style.marker));
    }

    /**
     * A shaded band between lo[i] and hi[i] (e.g. min–max or mean ± std over seeds), drawn under
     * the lines. Give it the label of its line to share colour and legend entry.
     */
    public Axes band(double[] xs, double[] lo, double[] hi, String label) { return band(xs, lo, hi, label, Style.DEFAULT); }

    /** A shaded band with the style's colour (opacity 0.25 × style alpha). */
    public Axes band(double[] xs, double[] lo, double[] hi, String label, Style style) {
        same("band", xs, lo);
        same("band", xs, hi);
        Color c = colorFor(label, style);
        items.add(new Band(xs.clone(), lo.clone(), hi.clone(), style, c));
        Entry e = entry(label, c);
        if (e != null) e.band = true;
        return this;
    }

    /** A horizontal reference line at y (default: dashed grey when the style has no colour). */
    public Axes hline(double y, String label, Style style) { return rule(true, y, label, style); }

    /** A vertical reference line at x. */
    public Axes vline(double x, String label, Style style) { return rule(false, x, label, style); }

    private Axes rule(boolean horizontal, double v, String label, Style style) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("reference line position must be finite, got " + v);
        Color c = style.color != null ? style.color : (label == null || label.isEmpty()) ? Color.GRAY : colorFor(label, style);
        items.add(new Rule(horizontal, v, style, c));
        Entry e = entry(label, c);
        if (e != null && e.line == null) e.line = style;
        return this;
    }

    /** A text annotation whose left-centre is at data point (x, y). */
    public Axes text(double x, double y, String text) {
        items.add(new Label(x, y, text, Color.BLACK));
        return this;
    }

    private static void same(String what, double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(what + ": arrays differ in length (" + a.length + " vs " + b.length + ")");
    }

    private Color colorFor(String label, Style style) {
        if (style.color != null) return style.color;
        if (label != null && !label.isEmpty() && legend.containsKey(label)) return legend.get(label).color;
        return Style.CYCLE[nextColor++ % Style.CYCLE.length];
    }

    private Entry entry(String label, Color c) {
        if (label == null || label.isEmpty()) return null;
        return legend.computeIfAbsent(label, k -> new Entry(c));
    }

    // ---------------------------------------------------------------- rendering

    /** Fonts and the pixel scale of the figure being drawn. */
    record Look(Font title, Font label, Font tick, Font legend, double scale) {}

    private boolean validX(double x) { return Double.isFinite(x) && (!logX || x > 0); }
    private boolean validY(double y) { return Double.isFinite(y) && (!logY || y > 0); }

    /** Draws the panel into the cell rectangle. */
    void render(Graphics2D g, Rectangle2D cell, Look look) {
        if (equal && (logX || logY)) throw new IllegalStateException("equalAspect needs linear axes");
        double[] xr = dataRange(true), yr = dataRange(false);
        double padX = equal ? 0.05 : 0.03, padY = equal ? 0.05 : 0.05;
        double[] xs0 = limits(xr, xLo, xHi, logX, padX), ys0 = limits(yr, yLo, yHi, logY, padY);
        double s = look.scale();
        double gap = 8 * s;
        double titleH = title.isEmpty() ? gap : Text.measure(g, title, look.title()).height() + 2 * gap;
        double xlabH = xlabel.isEmpty() ? 0 : Text.measure(g, xlabel, look.label()).height() + gap;
        double ylabW = ylabel.isEmpty() ? 0 : Text.measure(g, ylabel, look.label()).height() + gap;
        double tickH = Text.measure(g, "10^0", look.tick()).height();
        double tickLen = 6 * s;
        // Layout depends on the tick labels, which depend on the layout: iterate twice.
        double[] xsr = xs0, ysr = ys0;
        Rectangle2D plot = cell;
        List<Ticks.Tick> xt = null, yt = null;
        for (int pass = 0; pass < 2; pass++) {
            double pw = pass == 0 ? cell.getWidth() * 0.8 : plot.getWidth();
            double ph = pass == 0 ? cell.getHeight() * 0.8 : plot.getHeight();
            xt = ticks(xsr, logX, Math.max(2, (int) (pw / (look.tick().getSize2D() * 7))));
            yt = ticks(ysr, logY, Math.max(2, (int) (ph / (look.tick().getSize2D() * 3.2))));
            double ytw = 0;
            for (Ticks.Tick t : yt) ytw = Math.max(ytw, Text.measure(g, t.label(), look.tick()).width());
            double lastXw = xt.isEmpty() ? 0 : Text.measure(g, xt.get(xt.size() - 1).label(), look.tick()).width();
            double left = cell.getX() + gap + ylabW + ytw + tickLen + gap / 2;
            double right = cell.getMaxX() - Math.max(2.5 * gap, lastXw / 2 + gap);
            double top = cell.getY() + titleH;
            double bottom = cell.getMaxY() - gap - xlabH - tickH - tickLen - gap / 2;
            plot = new Rectangle2D.Double(left, top, Math.max(10, right - left), Math.max(10, bottom - top));
            if (equal) {
                double[][] r = equalize(xs0, ys0, plot);
                xsr = r[0];
                ysr = r[1];
            }
        }
        final double[] xR = xsr, yR = ysr;
        final Rectangle2D P = plot;
        Mapper map = new Mapper(xR, yR, logX, logY, P);

        // grid
        if (grid) {
            g.setStroke(new BasicStroke((float) (1.0 * s)));
            for (Ticks.Tick t : xt) {
                g.setColor(t.major() ? new Color(0xdddddd) : new Color(0xf0f0f0));
                double px = map.px(t.value());
                g.draw(new Line2D.Double(px, P.getY(), px, P.getMaxY()));
            }
            for (Ticks.Tick t : yt) {
                g.setColor(t.major() ? new Color(0xdddddd) : new Color(0xf0f0f0));
                double py = map.py(t.value());
                g.draw(new Line2D.Double(P.getX(), py, P.getMaxX(), py));
            }
        }

        // data, clipped to the plot area: bands first, then rules, lines and labels
        Shape oldClip = g.getClip();
        g.clip(P);
        for (Item it : items) if (it instanceof Band b) drawBand(g, b, map);
        for (Item it : items) if (it instanceof Rule r) drawRule(g, r, map, s);
        for (Item it : items) if (it instanceof Series ser) drawSeries(g, ser, map, s);
        for (Item it : items) {
            if (it instanceof Label l && validX(l.x()) && validY(l.y())) {
                g.setColor(l.color());
                Text.draw(g, l.text(), look.tick(), map.px(l.x()), map.py(l.y()), 0, 0.5);
            }
        }
        g.setClip(oldClip);

        // frame, ticks, tick labels
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) (1.3 * s)));
        g.draw(P);
        for (Ticks.Tick t : xt) {
            double px = map.px(t.value());
            double len = t.major() ? tickLen : tickLen * 0.55;
            g.draw(new Line2D.Double(px, P.getMaxY(), px, P.getMaxY() + len));
            if (t.major()) Text.draw(g, t.label(), look.tick(), px, P.getMaxY() + tickLen + gap / 2, 0.5, 0);
        }
        for (Ticks.Tick t : yt) {
            double py = map.py(t.value());
            double len = t.major() ? tickLen : tickLen * 0.55;
            g.draw(new Line2D.Double(P.getX() - len, py, P.getX(), py));
            if (t.major()) Text.draw(g, t.label(), look.tick(), P.getX() - tickLen - gap / 2, py, 1, 0.5);
        }

        // axis labels and title
        if (!xlabel.isEmpty()) {
            Text.draw(g, xlabel, look.label(), P.getCenterX(), cell.getMaxY() - gap, 0.5, 1);
        }
        if (!ylabel.isEmpty()) {
            AffineTransform old = g.getTransform();
            g.translate(cell.getX() + gap, P.getCenterY());
            g.rotate(-Math.PI / 2);
            Text.draw(g, ylabel, look.label(), 0, 0, 0.5, 0);
            g.setTransform(old);
        }
        if (!title.isEmpty()) Text.draw(g, title, look.title(), P.getCenterX(), cell.getY() + gap, 0.5, 0);

        drawLegend(g, map, P, look);
    }

    /** Data → pixel mapping of one panel. */
    private record Mapper(double[] xr, double[] yr, boolean logX, boolean logY, Rectangle2D p) {
        double px(double x) {
            double t = logX ? (Math.log10(x) - Math.log10(xr[0])) / (Math.log10(xr[1]) - Math.log10(xr[0])) : (x - xr[0]) / (xr[1] - xr[0]);
            return clamp(p.getX() + t * p.getWidth());
        }
        double py(double y) {
            double t = logY ? (Math.log10(y) - Math.log10(yr[0])) / (Math.log10(yr[1]) - Math.log10(yr[0])) : (y - yr[0]) / (yr[1] - yr[0]);
            return clamp(p.getMaxY() - t * p.getHeight());
        }
        /** Java2D misbehaves with astronomically large coordinates; far outside the clip nothing changes visibly. */
        private static double clamp(double v) { return Math.max(-1e5, Math.min(1e5, v)); }
    }

    private static List<Ticks.Tick> ticks(double[] r, boolean log, int target) {
        return log ? Ticks.log10(r[0], r[1], target) : Ticks.linear(r[0], r[1], target);
    }

    /** [min, max] over all valid data on one axis, or NaNs when there is none. */
    private double[] dataRange(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Item it : items) {
            switch (it) {
                case Series ser -> {
                    for (int i = 0; i < ser.xs().length; i++) {
                        if (!validX(ser.xs()[i]) || !validY(ser.ys()[i])) continue;
                        double v = xAxis ? ser.xs()[i] : ser.ys()[i];
                        lo = Math.min(lo, v); hi = Math.max(hi, v);
                    }
                }
                case Band b -> {
                    for (int i = 0; i < b.xs().length; i++) {
                        if (!validX(b.xs()[i])) continue;
                        if (xAxis) {
                            if (validY(b.lo()[i]) || validY(b.hi()[i])) { lo = Math.min(lo, b.xs()[i]); hi = Math.max(hi, b.xs()[i]); }
                        } else {
                            for (double v : new double[] {b.lo()[i], b.hi()[i]}) {
                                if (validY(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                            }
                        }
                    }
                }
                case Rule r -> {
                    if (r.horizontal() != xAxis && (xAxis ? validX(r.v()) : validY(r.v()))) { lo = Math.min(lo, r.v()); hi = Math.max(hi, r.v()); }
                }
                case Label l -> {
                    if (validX(l.x()) && validY(l.y())) {
                        double v = xAxis ? l.x() : l.y();
                        lo = Math.min(lo, v); hi = Math.max(hi, v);
                    }
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }

    /** Final axis range: user limits, else the data range widened by {@code pad} of its span (in log space on log axes). */
    private static double[] limits(double[] data, double userLo, double userHi, boolean log, double pad) {
        if (!Double.isNaN(userLo)) {
            if (log && !(userLo > 0)) throw new IllegalStateException("log axis limits must be > 0, got " + userLo);
            return new double[] {userLo, userHi};
        }
        double lo = data[0], hi = data[1];
        if (Double.isNaN(lo)) return log ? new double[] {1, 10} : new double[] {0, 1};
        if (log) { lo = Math.log10(lo); hi = Math.log10(hi); }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double d = log ? 0.5 : Math.max(Math.abs(hi) * 0.1, 0.5);
            lo -= d; hi += d;
        } else {
            double d = (hi - lo) * pad;
            lo -= d; hi += d;
        }
        return log ? new double[] {Math.pow(10, lo), Math.pow(10, hi)} : new double[] {lo, hi};
    }

    /** Widens the range that has fewer pixels per unit so both axes have the same scale. */
    private static double[][] equalize(double[] xr, double[] yr, Rectangle2D p) {
        double ux = (xr[1] - xr[0]) / p.getWidth(), uy = (yr[1] - yr[0]) / p.getHeight();
        double u = Math.max(ux, uy);
        double cx = (xr[0] + xr[1]) / 2, cy = (yr[0] + yr[1]) / 2;
        double hx = u * p.getWidth() / 2, hy = u * p.getHeight() / 2;
        return new double[][] {{cx - hx, cx + hx}, {cy - hy, cy + hy}};
    }

    private BasicStroke stroke(Style st, double s) {
        float w = (float) (st.width * s);
        if (st.dash == null) return new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        float[] d = new float[st.dash.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) (st.dash[i] * s);
        return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, d, 0f);
    }

    private static Color withAlpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.max(0, Math.min(1, a)) * c.getAlpha() / 255.0));
    }

    private void drawSeries(Graphics2D g, Series ser, Mapper map, double s) {
        Style st = ser.style();
        g.setColor(withAlpha(ser.color(), st.alpha));
        double[] xs = ser.xs(), ys = ser.ys();
        if (st.connect) {
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            double w = st.width * s;
            for (int i = 0; i < xs.length; i++) {
                if (!validX(xs[i]) || !validY(ys[i])) { pen = false; continue; }
                double px = map.px(xs[i]), py = map.py(ys[i]);
                if (pen) path.lineTo(px, py); else path.moveTo(px, py);
                pen = true;
                boolean isolated = (i == 0 || !validX(xs[i - 1]) || !validY(ys[i - 1]))
                        && (i == xs.length - 1 || !validX(xs[i + 1]) || !validY(ys[i + 1]));
                // a lone valid point between gaps would draw nothing: show it as a dot
                if (isolated) g.fill(new Ellipse2D.Double(px - w, py - w, 2 * w, 2 * w));
            }
            g.setStroke(stroke(st, s));
            g.draw(path);
        }
        if (st.marker != Marker.NONE) {
            g.setStroke(new BasicStroke((float) (1.6 * s)));
            double r = st.markerSize * s / 2;
            for (int i = 0; i < xs.length; i++) {
                if (!validX(xs[i]) || !validY(ys[i])) continue;
                drawMarker(g, st.marker, map.px(xs[i]), map.py(ys[i]), r);
            }
        }
    }

    private static void drawMarker(Graphics2D g, Marker m, double x, double y, double r) {
        switch (m) {
            case CIRCLE -> g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            case SQUARE -> g.fill(new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r));
            case TRIANGLE -> {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(x, y - 1.15 * r); p.lineTo(x + r, y + 0.75 * r); p.lineTo(x - r, y + 0.75 * r); p.closePath();
                g.fill(p);
            }
            case DIAMOND -> {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(x, y - 1.2 * r); p.lineTo(x + r, y); p.lineTo(x, y + 1.2 * r); p.lineTo(x - r, y); p.closePath();
                g.fill(p);
            }
            case CROSS -> {
                g.draw(new Line2D.Double(x - r, y - r, x + r, y + r));
                g.draw(new Line2D.Double(x - r, y + r, x + r, y - r));
            }
            case PLUS -> {
                g.draw(new Line2D.Double(x - r, y, x + r, y));
                g.draw(new Line2D.Double(x, y - r, x, y + r));
            }
            case NONE -> { }
        }
    }

    private void drawBand(Graphics2D g, Band b, Mapper map) {
        g.setColor(withAlpha(b.color(), 0.25 * b.style().alpha));
        int n = b.xs().length, i = 0;
        while (i < n) {
            // one polygon per run of points where x, lo and hi are all valid
            while (i < n && !bandOk(b, i)) i++;
            int start = i;
            while (i < n && bandOk(b, i)) i++;
            if (i - start < 2) continue;
            Path2D.Double p = new Path2D.Double();
            p.moveTo(map.px(b.xs()[start]), map.py(b.lo()[start]));
            for (int k = start + 1; k < i; k++) p.lineTo(map.px(b.xs()[k]), map.py(b.lo()[k]));
            for (int k = i - 1; k >= start; k--) p.lineTo(map.px(b.xs()[k]), map.py(b.hi()[k]));
            p.closePath();
            g.fill(p);
        }
    }

    private boolean bandOk(Band b, int i) { return validX(b.xs()[i]) && validY(b.lo()[i]) && validY(b.hi()[i]); }

    private void drawRule(Graphics2D g, Rule r, Mapper map, double s) {
        if (r.horizontal() ? !validY(r.v()) : !validX(r.v())) return;
        g.setColor(withAlpha(r.color(), r.style().alpha));
        g.setStroke(stroke(r.style(), s));
        Rectangle2D p = map.p();
        if (r.horizontal()) {
            double y = map.py(r.v());
            g.draw(new Line2D.Double(p.getX(), y, p.getMaxX(), y));
        } else {
            double x = map.px(r.v());
            g.draw(new Line2D.Double(x, p.getY(), x, p.getMaxY()));
        }
    }

    private void drawLegend(Graphics2D g, Mapper map, Rectangle2D p, Look look) {
        if (legend.isEmpty() || legendPos == LegendPosition.NONE) return;
        double s = look.scale();
        Font f = look.legend();
        double rowH = Text.measure(g, "Ag", f).height() * 1.35;
        double sample = 34 * s, pad = 8 * s;
        double textW = 0;
        for (String k : legend.keySet()) textW = Math.max(textW, Text.measure(g, k, f).width());
        double w = pad * 3 + sample + textW, h = pad * 2 + rowH * legend.size();
        double m = 10 * s;
        LegendPosition pos = legendPos == LegendPosition.BEST ? best(map, p, w, h, m) : legendPos;
        double x = (pos == LegendPosition.UPPER_LEFT || pos == LegendPosition.LOWER_LEFT) ? p.getX() + m : p.getMaxX() - m - w;
        double y = (pos == LegendPosition.UPPER_LEFT || pos == LegendPosition.UPPER_RIGHT) ? p.getY() + m : p.getMaxY() - m - h;
        Rectangle2D box = new Rectangle2D.Double(x, y, w, h);
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(box);
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke((float) (1.0 * s)));
        g.draw(box);
        double cy = y + pad + rowH / 2;
        for (Map.Entry<String, Entry> en : legend.entrySet()) {
            Entry e = en.getValue();
            double sx = x + pad;
            if (e.band) {
                g.setColor(withAlpha(e.color, 0.25));
                g.fill(new Rectangle2D.Double(sx, cy - rowH * 0.32, sample, rowH * 0.64));
            }
            if (e.line != null) {
                g.setColor(withAlpha(e.color, e.line.alpha));
                g.setStroke(stroke(e.line, s));
                g.draw(new Line2D.Double(sx, cy, sx + sample, cy));
            }
            if (e.marker != Marker.NONE) {
                g.setColor(e.color);
                g.setStroke(new BasicStroke((float) (1.6 * s)));
                drawMarker(g, e.marker, sx + sample / 2, cy, Math.min(e.markerSize * s / 2, rowH * 0.4));
            }
            g.setColor(Color.BLACK);
            Text.draw(g, en.getKey(), f, sx + sample + pad, cy, 0, 0.5);
            cy += rowH;
        }
    }

    /** The corner whose legend box would hide the fewest data points (ties: upper right first). */
    private LegendPosition best(Mapper map, Rectangle2D p, double w, double h, double m) {
        LegendPosition[] order = {LegendPosition.UPPER_RIGHT, LegendPosition.UPPER_LEFT, LegendPosition.LOWER_RIGHT, LegendPosition.LOWER_LEFT};
        LegendPosition bestPos = order[0];
        long bestCount = Long.MAX_VALUE;
        for (LegendPosition pos : order) {
            double x = (pos == LegendPosition.UPPER_LEFT || pos == LegendPosition.LOWER_LEFT) ? p.getX() + m : p.getMaxX() - m - w;
            double y = (pos == LegendPosition.UPPER_LEFT || pos == LegendPosition.UPPER_RIGHT) ? p.getY() + m : p.getMaxY() - m - h;
            Rectangle2D box = new Rectangle2D.Double(x - m, y - m, w + 2 * m, h + 2 * m);
            long count = 0;
            for (Item it : items) {
                if (it instanceof Series ser) count += hits(ser.xs(), ser.ys(), box, map, true);
                else if (it instanceof Band b) count += hits(b.xs(), b.lo(), box, map, false) + hits(b.xs(), b.hi(), box, map, false);
            }
            if (count < bestCount) { bestCount = count; bestPos = pos; }
        }
        return bestPos;
    }

    /** Counts points and (for lines) segment midpoints inside the box. */
    private long hits(double[] xs, double[] ys, Rectangle2D box, Mapper map, boolean mids) {
        long c = 0;
        double lx = Double.NaN, ly = Double.NaN;
        for (int i = 0; i < xs.length; i++) {
            if (!validX(xs[i]) || !validY(ys[i])) { lx = Double.NaN; continue; }
            double px = map.px(xs[i]), py = map.py(ys[i]);
            if (box.contains(px, py)) c++;
            if (mids && !Double.isNaN(lx)) {
                // sample the segment so a line crossing the box counts even with few points
                for (int k = 1; k < 8; k++) {
                    double t = k / 8.0;
                    if (box.contains(lx + t * (px - lx), ly + t * (py - ly))) c++;
                }
            }
            lx = px; ly = py;
        }
        return c;
    }
}
