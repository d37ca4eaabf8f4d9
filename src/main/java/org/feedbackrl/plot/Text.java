package org.feedbackrl.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** Draws single-line labels with an optional superscript after '^' (e.g. "10^3"). */
final class Text {
    private Text() {}

    /** Width, height and baseline offset (from the top) of a label. */
    record Box(double width, double height, double baseline) {}

    static Box measure(Graphics2D g, String s, Font f) {
        int hat = s.indexOf('^');
        FontMetrics fm = g.getFontMetrics(f);
        double ascent = fm.getAscent() * 0.82;     // cap height is ~0.72 em; trim the font's leading
        double descent = fm.getDescent();
        if (hat < 0) return new Box(fm.stringWidth(s), ascent + descent, ascent);
        Font sf = sup(f);
        FontMetrics sm = g.getFontMetrics(sf);
        double raise = f.getSize2D() * 0.42;
        double top = Math.max(ascent, raise + sm.getAscent() * 0.82);
        double w = fm.stringWidth(s.substring(0, hat)) + sm.stringWidth(s.substring(hat + 1)) + f.getSize2D() * 0.05;
        return new Box(w, top + descent, top);
    }

    /**
     * Draws {@code s} so that the point (ax, ay) of its box — ax: 0 left … 1 right, ay: 0 top … 1
     * bottom — lands on (x, y).
     */
    static void draw(Graphics2D g, String s, Font f, double x, double y, double ax, double ay) {
        if (s == null || s.isEmpty()) return;
        Box b = measure(g, s, f);
        float left = (float) (x - ax * b.width());
        float base = (float) (y - ay * b.height() + b.baseline());
        int hat = s.indexOf('^');
        g.setFont(f);
        if (hat < 0) {
            g.drawString(s, left, base);
            return;
        }
        String head = s.substring(0, hat);
        g.drawString(head, left, base);
        float w = g.getFontMetrics(f).stringWidth(head) + f.getSize2D() * 0.05f;
        Font sf = sup(f);
        g.setFont(sf);
        g.drawString(s.substring(hat + 1), left + w, base - f.getSize2D() * 0.42f);
        g.setFont(f);
    }

    private static Font sup(Font f) { return f.deriveFont(f.getSize2D() * 0.72f); }
}
