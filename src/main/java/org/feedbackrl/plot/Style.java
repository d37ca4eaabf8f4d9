package org.feedbackrl.plot;

import java.awt.Color;

/**
 * How one series is drawn: colour, line width, dash pattern, marker, opacity. Immutable; each
 * {@code withX} method returns a modified copy. Widths and sizes are in pixels of a 1200×800 figure
 * and scale with the figure (see {@link Figure}). A null colour means "next colour of the cycle"
 * (series sharing a label share a colour).
 *
 * <pre>
 *   Style.DEFAULT.dashed().withColor(Color.GRAY)      // dashed grey reference line
 *   Style.DEFAULT.withMarker(Marker.CIRCLE)           // line with circles on the points
 * </pre>
 */
public final class Style {
    /** Solid line, automatic colour, width 2.2, no marker. */
    public static final Style DEFAULT = new Style(null, 2.2f, null, Marker.NONE, 7f, 1f, true);
    /** Markers only (a scatter plot). */
    public static final Style POINTS = new Style(null, 2.2f, null, Marker.CIRCLE, 7f, 1f, false);

    /** The default colour cycle (matplotlib's "tab10", colour-blind friendlier than pure hues). */
    public static final Color[] CYCLE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    final Color color;
    final float width;
    final float[] dash;
    final Marker marker;
    final float markerSize;
    final float alpha;
    final boolean connect;

    private Style(Color color, float width, float[] dash, Marker marker, float markerSize, float alpha, boolean connect) {
        this.color = color;
        this.width = width;
        this.dash = dash;
        this.marker = marker;
        this.markerSize = markerSize;
        this.alpha = alpha;
        this.connect = connect;
    }

    /** @param c colour, or null for the automatic cycle */
    public Style withColor(Color c) { return new Style(c, width, dash, marker, markerSize, alpha, connect); }

    /** @param w line width in reference pixels, &gt; 0 */
    public Style withWidth(float w) {
        if (!(w > 0)) throw new IllegalArgumentException("line width must be > 0, got " + w);
        return new Style(color, w, dash, marker, markerSize, alpha, connect);
    }

    /** @param pattern dash/gap lengths in reference pixels (all &gt; 0), or none for a solid line */
    public Style withDash(float... pattern) {
        for (float f : pattern) if (!(f > 0)) throw new IllegalArgumentException("dash lengths must be > 0");
        return new Style(color, width, pattern.length == 0 ? null : pattern.clone(), marker, markerSize, alpha, connect);
    }

    /** Dashed line (8 on, 5 off). */
    public Style dashed() { return withDash(8f, 5f); }

    /** Dotted line. */
    public Style dotted() { return withDash(2f, 4f); }

    /** @param m marker drawn at every point (NONE for none) */
    public Style withMarker(Marker m) { return new Style(color, width, dash, m, markerSize, alpha, connect); }

    /** @param size marker diameter in reference pixels, &gt; 0 */
    public Style withMarkerSize(float size) {
        if (!(size > 0)) throw new IllegalArgumentException("marker size must be > 0, got " + size);
        return new Style(color, width, dash, marker, size, alpha, connect);
    }

    /** @param a opacity in (0, 1] (bands multiply it by their own 0.25) */
    public Style withAlpha(float a) {
        if (!(a > 0 && a <= 1)) throw new IllegalArgumentException("alpha must be in (0, 1], got " + a);
        return new Style(color, width, dash, marker, markerSize, a, connect);
    }

    /** @param connect whether consecutive points are joined by a line (false: markers only) */
    public Style withLine(boolean connect) { return new Style(color, width, dash, marker, markerSize, alpha, connect); }
}
