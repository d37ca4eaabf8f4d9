package org.feedbackrl.plot;

import java.awt.Color;
import org.feedbackrl.io.AtomicFiles;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.VerticalAlignment;

/**
 * A PNG figure made of a grid of {@link Axes} panels. Each panel is drawn by JFreeChart (an
 * {@code XYPlot}) into its cell of one Java2D image (anti-aliased, headless); this class lays out
 * the cells and the figure title. Fonts and line widths scale with the image: at 1200×800 the
 * tick labels are about 16 px and the axis labels 18 px.
 *
 * <pre>
 *   Figure fig = new Figure(1200, 800, 1, 2);
 *   fig.axes(0, 0).title("Variance").xlabel("horizon T [steps]").ylabel("variance [1]").logY()
 *      .line(ts, v, "open loop").line(ts, w, "tracking");
 *   fig.axes(0, 1).equalAspect().line(refX, refY, "reference", Style.DEFAULT.dashed().withColor(Color.GRAY))
 *      .line(carX, carY, "car");
 *   fig.save(Path.of("out/figure.png"));
 * </pre>
 */
public final class Figure {
    static {
        // A figure never needs a display; must be set before the AWT toolkit loads.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private final int width, height, rows, cols;
    private final Axes[] axes;
    private String title = "";

    /**
     * @param width  image width in pixels, 64…16384
     * @param height image height in pixels, 64…16384
     * @param rows   panel rows, ≥ 1
     * @param cols   panel columns, ≥ 1
     */
    public Figure(int width, int height, int rows, int cols) {
        if (width < 64 || height < 64 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("figure size must be within 64…16384 px, got " + width + "×" + height);
        }
        if (rows < 1 || cols < 1 || rows > 16 || cols > 16) throw new IllegalArgumentException("panel grid must be 1…16 × 1…16, got " + rows + "×" + cols);
        this.width = width;
        this.height = height;
        this.rows = rows;
        this.cols = cols;
        this.axes = new Axes[rows * cols];
        for (int i = 0; i < axes.length; i++) axes[i] = new Axes();
    }

    /** A single-panel figure. */
    public Figure(int width, int height) { this(width, height, 1, 1); }

    /** @return the panel at (row, col), zero-based, row 0 on top */
    public Axes axes(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("panel (" + row + ", " + col + ") outside a " + rows + "×" + cols + " figure");
        }
        return axes[row * cols + col];
    }

    /** @param t figure title above all panels (may be empty) */
    public Figure title(String t) { title = t == null ? "" : t; return this; }

    public int width() { return width; }

    public int height() { return height; }

    /** Renders the figure into a new RGB image. */
    public BufferedImage render() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            // 1.0 at 1200×800; fonts and strokes scale with the square root of the area.
            double scale = Math.sqrt((double) width * height) / 980.0;
            float base = (float) Math.max(11, Math.min(34, 18 * scale));
            Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont(base);
            Axes.Look look = new Axes.Look(label.deriveFont(Font.BOLD, base * 1.05f), label,
                    label.deriveFont(base * 0.88f), label.deriveFont(base * 0.85f), scale);
            double top = 0;
            if (!title.isEmpty()) {
                TextTitle t = new TextTitle(title, label.deriveFont(Font.BOLD, base * 1.2f), Color.BLACK, RectangleEdge.TOP,
                        HorizontalAlignment.CENTER, VerticalAlignment.TOP, new RectangleInsets(10 * scale, 0, 4 * scale, 0));
                top = t.arrange(g, new RectangleConstraint(width, null, LengthConstraintType.FIXED, 0, null, LengthConstraintType.NONE)).getHeight();
                t.draw(g, new Rectangle2D.Double(0, 0, width, top));
            }
            double cw = (double) width / cols, ch = (height - top) / rows;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    Rectangle2D cell = new Rectangle2D.Double(c * cw, top + r * ch, cw, ch);
                    axes[r * cols + c].draw(g, cell, look);
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** @return the rendered figure as PNG bytes */
    public byte[] png() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(1 << 16);
            if (!ImageIO.write(render(), "png", bos)) throw new IllegalStateException("no PNG writer in this JDK");
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the figure as a PNG, atomically (temp file, fsync, rename); creates parent directories.
     *
     * @param path target file (conventionally ending in .png)
     */
    public void save(Path path) throws IOException {
        AtomicFiles.write(path, png());
    }
}
