package org.feedbackrl.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * One panel of a {@link Figure}: a coordinate system with data series, axis labels, ticks, a title
 * and a legend, drawn by JFreeChart (an {@code XYPlot} per panel). Configuration methods return
 * {@code this} so calls chain:
 * <pre>
 *   fig.axes(0, 0).title("Gradient variance").xlabel("horizon T [steps]").ylabel("variance [1]").logY()
 *      .band(ts, lo, hi, "open loop").line(ts, mean, "open loop");
 * </pre>
 * Points with a non-finite coordinate (or a non-positive one on a log axis) are skipped and break
 * the line. Series with the same label share a colour and one legend entry (a band and the line of
 * its mean, say). Data arrays are copied when added. In legend entries and axis labels, the text
 * after a '^' is set as a superscript ("~T^2.1").
 *
 * <p>What this class adds to JFreeChart, and why: axis ranges are computed here (data range plus a
 * small margin, reference lines included, {@link #equalAspect()} by widening one axis to the data
 * area's shape), and {@link LegendPosition#BEST} picks the corner covering the fewest data points;
 * everything drawn (axes, ticks, labels, lines, bands, markers, legend) is JFreeChart's.
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

    // ---------------------------------------------------------------- drawing with JFreeChart

    /** Fonts and the pixel scale of the figure being drawn. */
    record Look(java.awt.Font title, java.awt.Font label, java.awt.Font tick, java.awt.Font legend, double scale) {}

    private boolean validX(double x) { return Double.isFinite(x) && (!logX || x > 0); }
    private boolean validY(double y) { return Double.isFinite(y) && (!logY || y > 0); }

    /**
     * Draws the panel into the cell rectangle. Two passes: the first (on a scratch canvas) lets
     * JFreeChart lay out titles and axes, which gives the data area in pixels; equal aspect and
     * the legend corner need it. The second draws for real.
     */
    void draw(Graphics2D g, Rectangle2D cell, Look look) {
        if (equal && (logX || logY)) throw new IllegalStateException("equalAspect needs linear axes");
        double pad = equal ? 0.05 : 0.03;
        double[] xr = limits(dataRange(true), xLo, xHi, logX, pad), yr = limits(dataRange(false), yLo, yHi, logY, 0.05);
        JFreeChart chart = chart(look);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setRange(xr[0], xr[1]);
        plot.getRangeAxis().setRange(yr[0], yr[1]);
        density(plot, xr, yr, cell.getWidth() * 0.8, cell.getHeight() * 0.8, look);

        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage scratchImage = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D scratch = scratchImage.createGraphics();
        try {
            scratch.setRenderingHints(g.getRenderingHints());
            chart.draw(scratch, cell, info);
            Rectangle2D area = info.getPlotInfo().getPlotArea(), data = info.getPlotInfo().getDataArea();
            if (equal && data.getWidth() > 0 && data.getHeight() > 0) {
                // keep the data area of the first pass, widen one range to its shape
                double[][] e = equalize(xr, yr, data);
                xr = e[0];
                yr = e[1];
                AxisSpace dom = new AxisSpace(), rng = new AxisSpace();
                dom.setTop(data.getY() - area.getY());
                dom.setBottom(area.getMaxY() - data.getMaxY());
                rng.setLeft(data.getX() - area.getX());
                rng.setRight(area.getMaxX() - data.getMaxX());
                plot.setFixedDomainAxisSpace(dom);
                plot.setFixedRangeAxisSpace(rng);
                plot.getDomainAxis().setRange(xr[0], xr[1]);
                plot.getRangeAxis().setRange(yr[0], yr[1]);
            }
            density(plot, xr, yr, data.getWidth(), data.getHeight(), look);
            if (!legend.isEmpty() && legendPos != LegendPosition.NONE) addLegend(plot, scratch, new Mapper(xr, yr, logX, logY, data), look);
        } finally {
            scratch.dispose();
        }
        chart.draw(g, cell);
    }

    /**
     * How many ticks: about one per 7 tick-font sizes across and one per 3.2 up. JFreeChart packs
     * ticks as densely as the labels allow; this sets the smallest step it may choose.
     */
    private void density(XYPlot plot, double[] xr, double[] yr, double w, double h, Look look) {
        float f = look.tick().getSize2D();
        density(plot.getDomainAxis(), xr, Math.max(2, (int) (w / (f * 7))));
        density(plot.getRangeAxis(), yr, Math.max(2, (int) (h / (f * 3.2))));
    }

    private static void density(ValueAxis a, double[] r, int target) {
        if (a instanceof Log10Axis log) log.density(target);
        else ((NumberAxis) a).setStandardTickUnits(new TickFormat.Units((r[1] - r[0]) / target));
    }

    /** The panel as a JFreeChart: one dataset and renderer per series, bands first (underneath). */
    private JFreeChart chart(Look look) {
        double s = look.scale();
        ValueAxis xAxis = axis(logX, xlabel, look), yAxis = axis(logY, ylabel, look);
        // JFreeChart draws reference lines (markers) only for renderer indices in use: index 0 always is
        XYPlot plot = new XYPlot(null, xAxis, yAxis, new XYLineAndShapeRenderer());
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setOutlineStroke(new BasicStroke((float) (1.3 * s)));
        plot.setInsets(RectangleInsets.ZERO_INSETS);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        BasicStroke gridStroke = new BasicStroke((float) (1.0 * s));
        plot.setDomainGridlinesVisible(grid);
        plot.setRangeGridlinesVisible(grid);
        plot.setDomainMinorGridlinesVisible(grid && logX);
        plot.setRangeMinorGridlinesVisible(grid && logY);
        Color major = new Color(0xdddddd), minor = new Color(0xf0f0f0);
        plot.setDomainGridlinePaint(major);
        plot.setRangeGridlinePaint(major);
        plot.setDomainMinorGridlinePaint(minor);
        plot.setRangeMinorGridlinePaint(minor);
        plot.setDomainGridlineStroke(gridStroke);
        plot.setRangeGridlineStroke(gridStroke);
        plot.setDomainMinorGridlineStroke(gridStroke);
        plot.setRangeMinorGridlineStroke(gridStroke);

        int index = 0;
        for (Item it : items) if (it instanceof Band b) index = addBand(plot, index, b);
        for (Item it : items) if (it instanceof Series ser) index = addSeries(plot, index, ser, s);
        for (Item it : items) {
            if (it instanceof Rule r && (r.horizontal() ? validY(r.v()) : validX(r.v()))) {
                ValueMarker m = new ValueMarker(r.v(), withAlpha(r.color(), r.style().alpha), stroke(r.style(), s));
                if (r.horizontal()) plot.addRangeMarker(m, Layer.BACKGROUND); else plot.addDomainMarker(m, Layer.BACKGROUND);
            } else if (it instanceof Label l && validX(l.x()) && validY(l.y())) {
                XYTextAnnotation a = new XYTextAnnotation(l.text(), l.x(), l.y());
                a.setFont(look.tick());
                a.setPaint(l.color());
                a.setTextAnchor(TextAnchor.HALF_ASCENT_LEFT);
                plot.addAnnotation(a);
            }
        }

        JFreeChart chart = new JFreeChart(null, look.title(), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        double gap = 8 * s;
        // without a title, room for half the top tick label
        chart.setPadding(new RectangleInsets(title.isEmpty() ? Math.max(gap, look.tick().getSize2D()) : 0, gap, gap, 2.5 * gap));
        if (!title.isEmpty()) {
            TextTitle t = new TextTitle(title, look.title());
            t.setPadding(new RectangleInsets(gap, 0, gap, 0));
            chart.setTitle(t);
        }
        return chart;
    }

    private ValueAxis axis(boolean log, String label, Look look) {
        double s = look.scale();
        ValueAxis a;
        if (log) {
            a = new Log10Axis();
        } else {
            NumberAxis n = new NumberAxis();
            n.setAutoRangeIncludesZero(false);
            a = n;
        }
        if (label.indexOf('^') >= 0) a.setAttributedLabel(Superscript.of(label, look.label()));
        else a.setLabel(label.isEmpty() ? null : label);
        a.setLabelFont(look.label());
        a.setLabelPaint(Color.BLACK);
        a.setLabelInsets(new RectangleInsets(4 * s, 4 * s, 4 * s, 4 * s));
        a.setTickLabelFont(look.tick());
        a.setTickLabelPaint(Color.BLACK);
        a.setTickLabelInsets(new RectangleInsets(3 * s, 3 * s, 3 * s, 3 * s));
        a.setAxisLineVisible(false);   // the plot outline is the frame
        a.setTickMarkPaint(Color.BLACK);
        a.setTickMarkStroke(new BasicStroke((float) (1.3 * s)));
        a.setTickMarkInsideLength(0);
        a.setTickMarkOutsideLength((float) (7 * s));
        a.setMinorTickMarksVisible(log);
        a.setMinorTickMarkInsideLength(0);
        a.setMinorTickMarkOutsideLength((float) (4 * s));
        return a;
    }

    /** A band as one filled polygon per run of points where x, lo and hi are all valid (JFreeChart's DeviationRenderer). */
    private int addBand(XYPlot plot, int index, Band b) {
        DefaultIntervalXYDataset ds = new DefaultIntervalXYDataset();
        int n = b.xs().length, i = 0, run = 0;
        while (i < n) {
            while (i < n && !bandOk(b, i)) i++;
            int start = i;
            while (i < n && bandOk(b, i)) i++;
            if (i - start < 2) continue;
            double[][] d = new double[6][i - start];
            for (int k = start; k < i; k++) {
                int j = k - start;
                d[0][j] = d[1][j] = d[2][j] = b.xs()[k];
                d[3][j] = 0.5 * (b.lo()[k] + b.hi()[k]);
                d[4][j] = b.lo()[k];
                d[5][j] = b.hi()[k];
            }
            ds.addSeries("run " + run++, d);
        }
        if (run == 0) return index;
        DeviationRenderer r = new DeviationRenderer(false, false);
        r.setAlpha(0.25f * b.style().alpha * b.color().getAlpha() / 255f);
        Color opaque = new Color(b.color().getRGB() & 0xffffff);
        for (int k = 0; k < run; k++) { r.setSeriesFillPaint(k, opaque); r.setSeriesPaint(k, opaque); }
        plot.setDataset(index, ds);
        plot.setRenderer(index, r);
        return index + 1;
    }

    private boolean bandOk(Band b, int i) { return validX(b.xs()[i]) && validY(b.lo()[i]) && validY(b.hi()[i]); }

    /** A series: invalid points become gaps (NaN); a lone valid point between gaps of a plain line shows as a dot. */
    private int addSeries(XYPlot plot, int index, Series ser, double s) {
        Style st = ser.style();
        int n = ser.xs().length;
        double[][] d = new double[2][n];
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
            ok[i] = validX(ser.xs()[i]) && validY(ser.ys()[i]);
            d[0][i] = ok[i] ? ser.xs()[i] : Double.NaN;
            d[1][i] = ok[i] ? ser.ys()[i] : Double.NaN;
        }
        boolean[] dot = new boolean[n];
        boolean anyDot = false;
        if (st.connect && st.marker == Marker.NONE) {
            for (int i = 0; i < n; i++) {
                dot[i] = ok[i] && (i == 0 || !ok[i - 1]) && (i == n - 1 || !ok[i + 1]);
                anyDot |= dot[i];
            }
        }
        DefaultXYDataset ds = new DefaultXYDataset();
        ds.addSeries("s", d);
        boolean markers = st.marker != Marker.NONE;
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(st.connect, markers || anyDot) {
            @Override
            public boolean getItemShapeVisible(int series, int item) { return markers || dot[item]; }
        };
        r.setDrawSeriesLineAsPath(true);   // dashes run on along the whole line
        Color c = withAlpha(ser.color(), st.alpha);
        r.setSeriesPaint(0, c);
        r.setSeriesStroke(0, stroke(st, s));
        r.setSeriesShape(0, markers ? marker(st.marker, st.markerSize * s / 2, s) : new Ellipse2D.Double(-st.width * s, -st.width * s, 2 * st.width * s, 2 * st.width * s));
        r.setSeriesShapesFilled(0, true);
        r.setDrawOutlines(false);
        plot.setDataset(index, ds);
        plot.setRenderer(index, r);
        return index + 1;
    }

    /** A marker shape centred on (0, 0) with radius r pixels (JFreeChart's shapes); crosses are bars 1.6 reference px wide. */
    private static Shape marker(Marker m, double r, double s) {
        float f = (float) r, bar = (float) (0.8 * s);
        return switch (m) {
            case CIRCLE, NONE -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case SQUARE -> new Rectangle2D.Double(-r * 0.9, -r * 0.9, 1.8 * r, 1.8 * r);
            case TRIANGLE -> ShapeUtils.createUpTriangle(f);
            case DIAMOND -> ShapeUtils.createDiamond(f * 1.1f);
            case CROSS -> ShapeUtils.createDiagonalCross(f, bar);
            case PLUS -> ShapeUtils.createRegularCross(f, bar);
        };
    }

    private static BasicStroke stroke(Style st, double s) {
        float w = (float) (st.width * s);
        if (st.dash == null) return new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        float[] d = new float[st.dash.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) (st.dash[i] * s);
        return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, d, 0f);
    }

    private static Color withAlpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.max(0, Math.min(1, a)) * c.getAlpha() / 255.0));
    }

    // ---------------------------------------------------------------- legend

    /** The legend as a JFreeChart title inside the data area, in the requested (or least crowded) corner. */
    private void addLegend(XYPlot plot, Graphics2D g, Mapper map, Look look) {
        double s = look.scale();
        double sample = 34 * s;
        float rowH = (float) (look.legend().getSize2D() * 1.35);
        LegendItemCollection entries = new LegendItemCollection();
        for (Map.Entry<String, Entry> en : legend.entrySet()) {
            Entry e = en.getValue();
            Shape line = new Line2D.Double(-sample / 2, 0, sample / 2, 0);
            Shape shape;
            Color fill;
            boolean shapeVisible = true;
            if (e.marker != Marker.NONE) {
                shape = marker(e.marker, Math.min(e.markerSize * s / 2, rowH * 0.4), s);
                fill = e.color;
            } else if (e.band) {
                shape = new Rectangle2D.Double(-sample / 2, -rowH * 0.32, sample, rowH * 0.64);
                fill = withAlpha(e.color, 0.25);
            } else {
                shape = new Rectangle2D.Double(-sample / 2, -1, sample, 2);   // sets the sample's width
                fill = Color.WHITE;
                shapeVisible = false;
            }
            Style ls = e.line != null ? e.line : Style.DEFAULT;
            entries.add(new LegendItem(en.getKey(), null, null, null, shapeVisible, shape, true, fill, false, Color.BLACK,
                    new BasicStroke(1f), e.line != null, line, stroke(ls, s), withAlpha(e.color, ls.alpha)));
        }
        SuperscriptLegend box = new SuperscriptLegend(() -> entries, look.legend(), s);
        var size = box.arrange(g);
        double m = 10 * s;
        Rectangle2D p = map.p();
        // A legend wider than its panel (long labels in a narrow panel of a multi-panel figure) would be
        // clipped at the panel's edge: shrink its text until it fits instead (at most three passes).
        java.awt.Font font = look.legend();
        for (int pass = 0; pass < 3 && size.getWidth() > p.getWidth() - 2 * m; pass++) {
            font = font.deriveFont((float) (font.getSize2D() * 0.97 * (p.getWidth() - 2 * m) / size.getWidth()));
            box = new SuperscriptLegend(() -> entries, font, s);
            size = box.arrange(g);
        }
        LegendPosition pos = legendPos == LegendPosition.BEST ? best(map, size.getWidth(), size.getHeight(), m) : legendPos;
        boolean left = pos == LegendPosition.UPPER_LEFT || pos == LegendPosition.LOWER_LEFT;
        boolean upper = pos == LegendPosition.UPPER_LEFT || pos == LegendPosition.UPPER_RIGHT;
        double px = left ? p.getX() + m : p.getMaxX() - m, py = upper ? p.getY() + m : p.getMaxY() - m;
        RectangleAnchor anchor = upper ? (left ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT)
                : (left ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
        // XYTitleAnnotation's relative coordinates are fractions of the axis range in data units
        // (linear even on a log axis): convert the pixel position to data, then to that fraction
        double fx = (map.x(px) - map.xr()[0]) / (map.xr()[1] - map.xr()[0]), fy = (map.y(py) - map.yr()[0]) / (map.yr()[1] - map.yr()[0]);
        plot.addAnnotation(new XYTitleAnnotation(fx, fy, box, anchor));
    }

    /** The corner whose legend box would hide the fewest data points (ties: upper right first). */
    private LegendPosition best(Mapper map, double w, double h, double m) {
        Rectangle2D p = map.p();
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

    /** Counts points and (for lines) points along the segments inside the box. */
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

    // ---------------------------------------------------------------- ranges

    /** Data ↔ pixel mapping of one panel's data area (the same as the axes', for placing the legend). */
    private record Mapper(double[] xr, double[] yr, boolean logX, boolean logY, Rectangle2D p) {
        double px(double x) { return p.getX() + frac(x, xr, logX) * p.getWidth(); }
        double py(double y) { return p.getMaxY() - frac(y, yr, logY) * p.getHeight(); }
        double x(double px) { return value((px - p.getX()) / p.getWidth(), xr, logX); }
        double y(double py) { return value((p.getMaxY() - py) / p.getHeight(), yr, logY); }
        private static double frac(double v, double[] r, boolean log) {
            return log ? (Math.log10(v) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0])) : (v - r[0]) / (r[1] - r[0]);
        }
        private static double value(double f, double[] r, boolean log) {
            return log ? Math.pow(10, Math.log10(r[0]) + f * (Math.log10(r[1]) - Math.log10(r[0]))) : r[0] + f * (r[1] - r[0]);
        }
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
}
