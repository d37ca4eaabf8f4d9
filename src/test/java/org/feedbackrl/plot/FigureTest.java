package org.feedbackrl.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Renders sample figures into target/plot-samples/ (look at them) and checks they are sane PNGs. */
class FigureTest {
    static final Path OUT = Path.of("target", "plot-samples");

    @Test
    void logPlotWithBandsAndLegend() throws IOException {
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
                .line(t, b, "tracking", Style.DEFAULT.withMarker(Marker.SQUARE))
                .line(t, new double[] {1, 1e5, 1e10, 1e15, 1e20, 1e25, 1e30, 1e35}, "reference slope", Style.DEFAULT.dashed().withColor(Color.GRAY));
        Path p = OUT.resolve("log-bands.png");
        fig.save(p);
        BufferedImage img = PngCheck.check(p, 1200, 800);
        // The first series colour (tab10 blue) appears: the line was drawn.
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
                .line(time, err, "error").hline(0.1, "tolerance", Style.DEFAULT.dotted().withColor(Color.RED));
        Path p = OUT.resolve("trajectory.png");
        fig.save(p);
        PngCheck.check(p, 1400, 700);
    }

    @Test
    void degenerateInputsStillRender() throws IOException {
        Figure fig = new Figure(600, 400, 2, 2);
        fig.axes(0, 0).title("empty");
        fig.axes(0, 1).title("constant").line(new double[] {0, 1, 2}, new double[] {5, 5, 5}, "c");
        fig.axes(1, 0).title("NaN gap, log").logY().line(new double[] {1, 2, 3, 4, 5}, new double[] {1, Double.NaN, 0, 1e3, 1e4}, null);
        fig.axes(1, 1).title("log x, narrow").logX().logY().line(new double[] {1, 2, 3}, new double[] {2, 3, 4}, null);
        Path p = OUT.resolve("degenerate.png");
        fig.save(p);
        PngCheck.check(p, 600, 400);
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
    void linearTicksAreNiceAndLabelled() {
        List<Ticks.Tick> t = Ticks.linear(0.03, 0.97, 5);
        assertEquals(List.of("0.2", "0.4", "0.6", "0.8"), t.stream().map(Ticks.Tick::label).toList());
        t = Ticks.linear(-3, 3, 6);
        assertEquals("\u22123", t.get(0).label());
        assertEquals("0", t.get(3).label());
        t = Ticks.linear(0, 3e6, 3);
        assertEquals("10^6", t.get(1).label());
        assertEquals("2×10^6", t.get(2).label());
    }

    @Test
    void logTicksArePowersOfTen() {
        List<Ticks.Tick> t = Ticks.log10(0.5, 2e3, 8);
        List<String> majors = t.stream().filter(Ticks.Tick::major).map(Ticks.Tick::label).toList();
        assertEquals(List.of("10^0", "10^1", "10^2", "10^3"), majors.stream().map(s -> s.replace('\u2212', '-')).toList());
        assertTrue(t.stream().anyMatch(x -> !x.major() && Math.abs(x.value() - 200) < 1e-9));
        // 40 decades with room for 5 labels: every 8th (or so) decade labelled
        long labelled = Ticks.log10(1e-20, 1e20, 5).stream().filter(Ticks.Tick::major).count();
        assertTrue(labelled >= 4 && labelled <= 7, "labelled " + labelled);
        // less than a decade: 1-2-5 labels in plain numbers
        assertEquals(List.of("0.5", "1", "2"), Ticks.log10(0.4, 2.5, 5).stream().map(Ticks.Tick::label).toList());
        // too few 1-2-5 ticks: every mantissa
        assertEquals(List.of("2", "3", "4", "5", "6", "7", "8", "9"), Ticks.log10(1.5, 9, 5).stream().map(Ticks.Tick::label).toList());
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

    private static long countColour(BufferedImage img, int rgb) {
        long c = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) c++;
        return c;
    }
}
