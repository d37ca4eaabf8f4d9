package org.feedbackrl.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.text.AttributedString;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.block.AbstractBlock;
import org.jfree.chart.block.Block;
import org.jfree.chart.block.BlockContainer;
import org.jfree.chart.block.BorderArrangement;
import org.jfree.chart.block.LineBorder;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.LegendGraphic;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.Size2D;

/**
 * JFreeChart's {@link LegendTitle}, one entry per row, in a white box with a grey frame. Two
 * changes: entry labels are {@link Superscript} strings (JFreeChart's own legend draws labels as
 * plain text), and the label padding is the figure's.
 */
final class SuperscriptLegend extends LegendTitle {
    private final Font font;
    private final double scale;

    /**
     * @param source the entries
     * @param font   label font
     * @param scale  figure scale (1 at 1200×800)
     */
    SuperscriptLegend(LegendItemSource source, Font font, double scale) {
        super(source);
        this.font = font;
        this.scale = scale;
        setPosition(RectangleEdge.RIGHT);   // entries in a column
        setItemFont(font);
        setBackgroundPaint(new Color(255, 255, 255, 225));
        setFrame(new LineBorder(new Color(0xbbbbbb), new BasicStroke((float) scale), new RectangleInsets(scale, scale, scale, scale)));
        setMargin(RectangleInsets.ZERO_INSETS);
        setPadding(new RectangleInsets(5 * scale, 8 * scale, 5 * scale, 8 * scale));
    }

    @Override
    protected Block createLegendItemBlock(LegendItem item) {
        LegendGraphic g = new LegendGraphic(item.getShape(), item.getFillPaint());
        g.setShapeVisible(item.isShapeVisible());
        g.setShapeFilled(true);
        g.setShapeOutlineVisible(false);
        g.setLine(item.getLine());
        g.setLineStroke(item.getLineStroke());
        g.setLinePaint(item.getLinePaint());
        g.setLineVisible(item.isLineVisible());
        // JFreeChart sizes the graphic by its line and shape, visible or not: every entry's line is
        // the same sample length, so the labels line up
        g.setPadding(new RectangleInsets(2 * scale, 0, 2 * scale, 0));
        BlockContainer row = new BlockContainer(new BorderArrangement());
        row.add(g, RectangleEdge.LEFT);
        Label label = new Label(Superscript.of(item.getLabel(), font));
        label.setPadding(new RectangleInsets(2.5 * scale, 8 * scale, 2.5 * scale, 0));
        row.add(label);
        return row;
    }

    /** A one-line label drawn from an attributed string (left-aligned, vertically centred). */
    private static final class Label extends AbstractBlock implements Block {
        private static final long serialVersionUID = 1L;
        private final transient AttributedString text;

        Label(AttributedString text) { this.text = text; }

        private TextLayout layout(Graphics2D g2) { return new TextLayout(text.getIterator(), g2.getFontRenderContext()); }

        @Override
        public Size2D arrange(Graphics2D g2, RectangleConstraint constraint) {
            TextLayout t = layout(g2);
            return new Size2D(calculateTotalWidth(t.getAdvance()), calculateTotalHeight(t.getAscent() + t.getDescent()));
        }

        @Override
        public void draw(Graphics2D g2, Rectangle2D area) { draw(g2, area, null); }

        @Override
        public Object draw(Graphics2D g2, Rectangle2D area, Object params) {
            area = trimPadding(trimBorder(trimMargin(area)));
            TextLayout t = layout(g2);
            g2.setPaint(Color.BLACK);
            t.draw(g2, (float) area.getX(), (float) (area.getCenterY() + (t.getAscent() - t.getDescent()) / 2));
            return null;
        }
    }
}
