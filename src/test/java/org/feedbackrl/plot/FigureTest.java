package org.feedbackrl.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/**
 * The adapter over JFreeChart, checked on the pixels: decades of a log axis land equally spaced,
 * a band fills exactly between its bounds, equal aspect draws circles round, a dashed line has
 * gaps, the legend avoids the data. Sample figures go to target/plot-samples/ (look at them).
 */
class FigureTest {
    static final Path OUT = Path.of("target", "plot-samples");
    static final Color RED = new Color(0xff0000), GREEN = new Color(0x00c000), BLUE = new Color(0x0000ff), MAGENTA = new Color(0xff00ff);

    @Test
    void logAxisSpacesDecadesEquallyAndPutsTheirGeometricMeanHalfway() throws IOException {
        Figure fig = new Figure(1000, 900);
        Style thin = Style.DEFAULT.withWidth(4);
        fig.axes(0, 0).logY().ylim(1, 1e4).xlim(0, 1).grid(false).legend(LegendPosition.NONE)
                .hline(10, null, thin.withColor(RED)).hline(100, null, thin.withColor(GREEN)).hline(1000, null, thin.withColor(BLUE))
                .hline(Math.sqrt(10 * 100), null, thin.withColor(MAGENTA));
        BufferedImage img = save(fig, "log-y-decades.png", 1000, 900);
        int x = 500;
        double r10 = row(img, x, RED), r100 = row(img, x, GREEN), r1000 = row(img, x, BLUE), rMid = row(img, x, MAGENTA);
        double decade = r10 - r100;
        assertTrue(decade > 150, "a decade spans " + decade + " px");
        assertEquals(decade, r100 - r1000, 1.0, "10→100 and 100→1000 must be equally long on a log axis");
        assertEquals((r10 + r100) / 2, rMid, 1.0, "√(10·100) halfway between 10 and 100");

        Figure fx = new Figure(1200, 700);
        fx.axes(0, 0).logX().xlim(1e-3, 1e2).ylim(0, 1).grid(false).legend(LegendPosition.NONE)
                .vline(1e-2, null, thin.withColor(RED)).vline(1e-1, null, thin.withColor(GREEN)).vline(1, null, thin.withColor(BLUE))
                .vline(Math.sqrt(1e-2 * 1e-1), null, thin.withColor(MAGENTA));
        BufferedImage ix = save(fx, "log-x-decades.png", 1200, 700);
        int y = 350;
        double c1 = col(ix, y, RED), c2 = col(ix, y, GREEN), c3 = col(ix, y, BLUE), cm = col(ix, y, MAGENTA);
        assertTrue(c2 - c1 > 150, "a decade spans " + (c2 - c1) + " px");
        assertEquals(c2 - c1, c3 - c2, 1.0, "x decades equally long");
        assertEquals((c1 + c2) / 2, cm, 1.0, "geometric mean halfway");
    }

    @Test
    void bandFillsExactlyBetweenItsBoundsAndBreaksAtGaps() throws IOException {
        // left panel: a band from 2 to 6 (undefined at x = 5); right panel, same axes: lines at 2 and 6
        Figure fig = new Figure(1000, 500, 1, 2);
        double[] xs = new double[11], lo = new double[11], hi = new double[11];
        for (int i = 0; i <= 10; i++) { xs[i] = i; lo[i] = 2; hi[i] = 6; }
        lo[5] = Double.NaN;
        fig.axes(0, 0).xlim(0, 10).ylim(0, 10).grid(false).legend(LegendPosition.NONE).band(xs, lo, hi, null, Style.DEFAULT.withColor(BLUE));
        fig.axes(0, 1).xlim(0, 10).ylim(0, 10).grid(false).legend(LegendPosition.NONE)
                .hline(2, null, Style.DEFAULT.withColor(RED).withWidth(2)).hline(6, null, Style.DEFAULT.withColor(GREEN).withWidth(2));
        BufferedImage img = save(fig, "band.png", 1000, 500);
        double rLo = row(img, 750, RED), rHi = row(img, 750, GREEN);
        Color fill = new Color(191, 191, 255);   // blue at opacity 0.25 over white
        Rectangle2D band = extent(img, new Rectangle2D.Double(0, 0, 500, 500), fill, 6);
        assertEquals(rHi, band.getMinY(), 1.5, "band top at y = 6");
        assertEquals(rLo, band.getMaxY(), 1.5, "band bottom at y = 2");
        // the gap: no band between x = 4 and 6 (lo is undefined at 5, so both segments touching it go)
        int bandMid = (int) ((rLo + rHi) / 2);
        List<int[]> runs = runs(img, bandMid, 0, 500, fill, 6);
        assertEquals(2, runs.size(), "two band pieces, split at the NaN");
        double unit = (runs.get(1)[1] - runs.get(0)[0]) / 10.0;   // pixels per x unit, from the band's own ends 0 and 10
        assertEquals(4 * unit, runs.get(0)[1] - runs.get(0)[0], 2.0, "first piece 0..4");
        assertEquals(4 * unit, runs.get(1)[1] - runs.get(1)[0], 2.0, "second piece 6..10");
    }

    @Test
    void equalAspectDrawsACircleRound() throws IOException {
        int n = 720;
        double[] x = new double[n + 1], y = new double[n + 1];
        for (int i = 0; i <= n; i++) { x[i] = Math.cos(2 * Math.PI * i / n); y[i] = Math.sin(2 * Math.PI * i / n); }
        Figure fig = new Figure(1300, 500);   // a wide panel: without equal aspect the circle would be an ellipse 2-3× wider than tall
        fig.axes(0, 0).equalAspect().grid(false).legend(LegendPosition.NONE).xlabel("x [m]").ylabel("y [m]").line(x, y, null, Style.DEFAULT.withColor(RED));
        BufferedImage img = save(fig, "circle.png", 1300, 500);
        Rectangle2D c = extent(img, new Rectangle2D.Double(0, 0, 1300, 500), RED, 40);
        assertTrue(c.getHeight() > 300, "circle " + c);
        assertEquals(c.getHeight(), c.getWidth(), 2.0, "circle bounding box " + c);
    }

    @Test
    void dashedReferenceLineHasGapsAndSolidHasNone() throws IOException {
        Figure fig = new Figure(1200, 800);   // scale 1: dashes of 8 px, gaps of 5 px
        fig.axes(0, 0).xlim(0, 1).ylim(0, 1).grid(false).legend(LegendPosition.NONE)
                .hline(0.7, null, Style.DEFAULT.dashed().withColor(RED).withWidth(4)).hline(0.3, null, Style.DEFAULT.withColor(BLUE).withWidth(4));
        BufferedImage img = save(fig, "dashes.png", 1200, 800);
        int rDash = busiestRow(img, RED), rSolid = busiestRow(img, BLUE);
        List<int[]> dashes = runs(img, rDash, 200, 1000, RED, 40), solid = runs(img, rSolid, 200, 1000, BLUE, 40);
        assertEquals(800 / 13.0, dashes.size(), 3, dashes.size() + " dashes over 800 px (8 on, 5 off)");
        assertEquals(1, solid.size(), "a solid line is one run");
    }

    @Test
    void legendGoesToTheCornerWithoutData() throws IOException {
        // the data fill the upper right: BEST must not put the legend there (upper left is free)
        double[] x = {0.6, 0.7, 0.8, 0.9, 1.0}, y = {0.6, 0.8, 0.9, 0.95, 1.0};
        Figure fig = new Figure(800, 600);
        fig.axes(0, 0).xlim(0, 1).ylim(0, 1).line(x, y, "the data", Style.DEFAULT.withColor(MAGENTA));
        BufferedImage img = save(fig, "legend-best.png", 800, 600);
        // the only magenta left of the data is the legend's sample line
        Rectangle2D sample = extent(img, new Rectangle2D.Double(0, 0, 400, 600), MAGENTA, 40);
        assertTrue(sample.getWidth() > 20 && sample.getMaxY() < 300, "legend sample in the upper left, found at " + sample);

        Figure lr = new Figure(800, 600);
        lr.axes(0, 0).xlim(0, 1).ylim(0, 1).legend(LegendPosition.LOWER_RIGHT).line(new double[] {0, 1}, new double[] {1, 1}, "flat", Style.DEFAULT.withColor(MAGENTA));
        BufferedImage il = save(lr, "legend-lower-right.png", 800, 600);
        Rectangle2D s2 = extent(il, new Rectangle2D.Double(400, 300, 400, 300), MAGENTA, 40);
        assertTrue(s2.getWidth() > 20, "legend sample in the lower right, found " + s2);
    }

    @Test
    void aLegendWiderThanItsPanelShrinksToFitInsteadOfBeingClipped() throws IOException {
        // One long entry in a narrow panel; its line lies above the y range, so the only magenta is the
        // legend's sample. Without the fit the text ran to the data area's edge and was cut there.
        Figure fig = new Figure(600, 400, 1, 3);             // the first of three panels: ~200 px wide
        for (int c = 1; c < 3; c++) fig.axes(0, c).xlim(0, 1).ylim(0, 1).legend(LegendPosition.NONE);
        fig.axes(0, 0).xlim(0, 1).ylim(0, 1).grid(false).legend(LegendPosition.UPPER_LEFT)
                .line(new double[] {0, 1}, new double[] {5, 5}, "no-feedback (exponential, ×e per 0.91 s)",
                        Style.DEFAULT.withColor(MAGENTA));
        BufferedImage img = save(fig, "legend-fit.png", 600, 400);
        Rectangle2D sample = extent(img, new Rectangle2D.Double(0, 0, 200, 400), MAGENTA, 100);
        int y = (int) Math.round(sample.getCenterY());
        // the first data area's right edge: the rightmost dark column at mid-height left of the second panel
        int mid = 250, edge = -1;
        for (int x = 199; x >= 0 && edge < 0; x--) if (near(img.getRGB(x, mid), Color.BLACK, 120)) edge = x;
        assertTrue(edge > 120, "data area's right edge at mid-height, found " + edge);
        // the rightmost text pixel in the legend's row band, left of that edge
        int text = -1;
        for (int yy = y - 8; yy <= y + 8; yy++) {
            for (int x = (int) sample.getMaxX() + 1; x < edge - 1; x++) if (near(img.getRGB(x, yy), Color.BLACK, 120)) text = Math.max(text, x);
        }
        assertTrue(text > sample.getMaxX() + 30, "the label is drawn, rightmost text pixel " + text);
        assertTrue(text < edge - 6, "the label ends inside the panel with its margin: text to x = " + text + ", edge at " + edge);
    }

    @Test
    void logPlotWithBandsMarkersAndLegend() throws IOException {
        int n = 8;
        double[] t = new double[n], a = new double[n], lo = new double[n], hi = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 10 * (i + 1);
            a[i] = Math.pow(1.32, 2 * t[i]);
            lo[i] = a[i] / 3;
            hi[i] = a[i] * 3;
            b[i] = 0.4 + 0.02 * Math.sin(i);
        }
        Figure fig = new Figure(1200, 800);
        fig.axes(0, 0).title("Gradient variance vs horizon").xlabel("horizon T [steps]").ylabel("variance [1]").logY()
                .band(t, lo, hi, "open loop (min–max)").line(t, a, "open loop (min–max)", Style.DEFAULT.withMarker(Marker.CIRCLE))
                .line(t, b, "tracking ~T^0.1", Style.DEFAULT.withMarker(Marker.SQUARE))
                .line(t, new double[] {1, 1e5, 1e10, 1e15, 1e20, 1e25, 1e30, 1e35}, "reference slope", Style.DEFAULT.dashed().withColor(Color.GRAY));
        BufferedImage img = save(fig, "log-bands.png", 1200, 800);
        // the first series colour (tab10 blue) appears: the line was drawn
        assertTrue(countColour(img, 0x1f77b4) > 100);
    }

    @Test
    void trajectoryAndLinearPanels() throws IOException {
        int n = 400;
        double[] rx = new double[n + 1], ry = new double[n + 1], cx = new double[n + 1], cy = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            double s = 2 * Math.PI * i / n;
            // figure-8 of two circles of radius 1.5 m centred at (±1.5, 0)
            double ang = 2 * s;
            if (i < n / 2) { rx[i] = 1.5 + 1.5 * Math.cos(Math.PI - ang); ry[i] = 1.5 * Math.sin(Math.PI - ang); }
            else { rx[i] = -1.5 + 1.5 * Math.cos(ang - 2 * Math.PI); ry[i] = 1.5 * Math.sin(ang - 2 * Math.PI); }
            cx[i] = rx[i] * (1.05 + 0.05 * Math.sin(3 * s));
            cy[i] = ry[i] * (1.05 + 0.05 * Math.cos(5 * s));
        }
        double[] time = new double[n + 1], err = new double[n + 1];
        for (int i = 0; i <= n; i++) { time[i] = i * 0.02; err[i] = Math.hypot(cx[i] - rx[i], cy[i] - ry[i]); }
        Figure fig = new Figure(1400, 700, 1, 2).title("Car on the figure-8");
        fig.axes(0, 0).title("Path").xlabel("x [m]").ylabel("y [m]").equalAspect()
                .line(rx, ry, "reference", Style.DEFAULT.dashed().withColor(Color.DARK_GRAY).withWidth(1.8f))
                .line(cx, cy, "car").scatter(new double[] {cx[0]}, new double[] {cy[0]}, "start", Style.POINTS.withMarker(Marker.DIAMOND).withMarkerSize(14));
        fig.axes(0, 1).title("Tracking error").xlabel("time t [s]").ylabel("distance to track [m]")
                .line(time, err, "error").hline(0.1, "tolerance", Style.DEFAULT.dotted().withColor(Color.RED)).text(4.2, 0.28, "peak");
        save(fig, "trajectory.png", 1400, 700);
    }

    @Test
    void degenerateInputsStillRender() throws IOException {
        Figure fig = new Figure(600, 400, 2, 2);
        fig.axes(0, 0).title("empty");
        fig.axes(0, 1).title("constant").line(new double[] {0, 1, 2}, new double[] {5, 5, 5}, "c");
        fig.axes(1, 0).title("NaN gap, log").logY().line(new double[] {1, 2, 3, 4, 5}, new double[] {1, Double.NaN, 0, 1e3, 1e4}, null);
        fig.axes(1, 1).title("log x, narrow").logX().logY().line(new double[] {1, 2, 3}, new double[] {2, 3, 4}, null);
        save(fig, "degenerate.png", 600, 400);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Figure(10, 10));
        Figure fig = new Figure(200, 200);
        assertThrows(IndexOutOfBoundsException.class, () -> fig.axes(1, 0));
        assertThrows(IllegalArgumentException.class, () -> fig.axes(0, 0).line(new double[2], new double[3], "x"));
        assertThrows(IllegalArgumentException.class, () -> fig.axes(0, 0).ylim(2, 1));
        fig.axes(0, 0).logY().equalAspect();
        assertThrows(IllegalStateException.class, fig::render);
    }

    @Test
    void logTicksAreDecadesWithMinorTicksOrPlainNumbersWhenNarrow() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        Rectangle2D area = new Rectangle2D.Double(0, 0, 400, 600);
        Log10Axis axis = new Log10Axis();
        axis.setRange(0.5, 2e3);
        axis.density(8);
        List<ValueTick> t = ticks(axis, g, area);
        List<Double> majors = t.stream().filter(x -> x.getTickType() == TickType.MAJOR).map(ValueTick::getValue).toList();
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0), majors.stream().map(v -> (double) Math.round(v)).toList());
        assertEquals("103", text((LogTick) t.stream().filter(x -> Math.round(x.getValue()) == 1000).findFirst().orElseThrow()), "10 with superscript 3");
        assertTrue(t.stream().anyMatch(x -> x.getTickType() == TickType.MINOR && Math.abs(x.getValue() - 200) < 1e-9), "minor tick at 2×10^2");
        // 40 decades with room for 5 labels: every 10th decade
        axis.setRange(1e-20, 1e20);
        axis.density(5);
        long labelled = ticks(axis, g, area).stream().filter(x -> x.getTickType() == TickType.MAJOR).count();
        assertTrue(labelled >= 4 && labelled <= 9, "labelled " + labelled);
        // less than two powers of ten inside: plain numbers at a linear step
        axis.setRange(0.97, 1.035);
        axis.density(8);
        List<String> labels = ticks(axis, g, area).stream().map(ValueTick::getText).toList();
        assertTrue(labels.containsAll(List.of("0.98", "0.99", "1.00", "1.01", "1.02", "1.03")), labels.toString());
    }

    @Test
    void tickLabelsUseTypographicMinusNoNegativeZeroAndPowersForLargeNumbers() {
        assertEquals("\u22123", TickFormat.forStep(1).format(-3.0));
        assertEquals("0.0", TickFormat.forStep(0.5).format(-1e-17));
        assertEquals("0.25", TickFormat.forStep(0.05).format(0.25));
        assertEquals("2×10⁶", TickFormat.forStep(1e6).format(2e6));
        assertEquals("10⁶", TickFormat.forStep(1e6).format(1e6));
        assertEquals("2.5×10⁶", TickFormat.forStep(5e5).format(2.5e6));
        assertEquals("−450", TickFormat.forStep(50).format(-450.0));
    }

    @Test
    void csvIsWrittenAtomicallyAndQuoted() throws IOException {
        Path p = OUT.resolve("csv").resolve("t.csv");
        new Csv("name", "value", "flag").row("a,b", 1.5, true).row("q\"x", Double.POSITIVE_INFINITY, null).row("n", Double.NaN, 3).save(p);
        String text = Files.readString(p, StandardCharsets.UTF_8);
        assertEquals("name,value,flag\n\"a,b\",1.5,true\n\"q\"\"x\",inf,\nn,nan,3\n", text);
        try (var files = Files.list(p.getParent())) {
            assertEquals(1, files.count(), "temporary file left behind");
        }
        assertThrows(IllegalArgumentException.class, () -> new Csv("a", "b").row(1));
    }

    // ---------------------------------------------------------------- pixel helpers

    private static BufferedImage save(Figure fig, String name, int w, int h) throws IOException {
        Path p = OUT.resolve(name);
        fig.save(p);
        return PngCheck.check(p, w, h);
    }

    @SuppressWarnings("unchecked")
    private static List<ValueTick> ticks(Log10Axis axis, Graphics2D g, Rectangle2D area) {
        return (List<ValueTick>) axis.refreshTicks(g, new AxisState(), area, RectangleEdge.LEFT);
    }

    private static String text(LogTick t) {
        StringBuilder sb = new StringBuilder();
        var it = t.getAttributedLabel().getIterator();
        for (char c = it.first(); c != java.text.CharacterIterator.DONE; c = it.next()) sb.append(c);
        return sb.toString();
    }

    private static boolean near(int rgb, Color c, int tol) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return Math.abs(r - c.getRed()) <= tol && Math.abs(g - c.getGreen()) <= tol && Math.abs(b - c.getBlue()) <= tol;
    }

    /** Centre row of the pixels of colour c in column x (a horizontal line crossing it). */
    private static double row(BufferedImage img, int x, Color c) { return row(img, x, c, 40); }

    private static double row(BufferedImage img, int x, Color c, int tol) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) if (near(img.getRGB(x, y), c, tol)) { sum += y; n++; }
        assertTrue(n > 0, "no " + c + " in column " + x);
        return sum / n;
    }

    /** The row with the most pixels of colour c. */
    private static int busiestRow(BufferedImage img, Color c) {
        int best = -1, bestN = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            int n = 0;
            for (int x = 0; x < img.getWidth(); x++) if (near(img.getRGB(x, y), c, 40)) n++;
            if (n > bestN) { bestN = n; best = y; }
        }
        assertTrue(best >= 0, "no " + c);
        return best;
    }

    /** Centre column of the pixels of colour c in row y (a vertical line crossing it). */
    private static double col(BufferedImage img, int y, Color c) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < img.getWidth(); x++) if (near(img.getRGB(x, y), c, 40)) { sum += x; n++; }
        assertTrue(n > 0, "no " + c + " in row " + y);
        return sum / n;
    }

    /** Bounding box (pixel centres) of the pixels of colour c inside the region. */
    private static Rectangle2D extent(BufferedImage img, Rectangle2D region, Color c, int tol) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = (int) region.getMinY(); y < (int) region.getMaxY(); y++) {
            for (int x = (int) region.getMinX(); x < (int) region.getMaxX(); x++) {
                if (near(img.getRGB(x, y), c, tol)) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
            }
        }
        assertTrue(x1 >= 0, "no " + c + " in " + region);
        return new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0);
    }

    /** Runs [start, end) of consecutive pixels of colour c along row y between x0 and x1. */
    private static List<int[]> runs(BufferedImage img, int y, int x0, int x1, Color c, int tol) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int x = x0; x <= x1; x++) {
            boolean in = x < x1 && near(img.getRGB(x, y), c, tol);
            if (in && start < 0) start = x;
            if (!in && start >= 0) { out.add(new int[] {start, x}); start = -1; }
        }
        return out;
    }

    private static long countColour(BufferedImage img, int rgb) {
        long c = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) c++;
        return c;
    }
}
