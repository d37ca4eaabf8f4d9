/**
 * PNG figures and CSV tables. {@link org.feedbackrl.plot.Figure} and {@link org.feedbackrl.plot.Axes}
 * are a thin adapter over JFreeChart 1.5 (one {@code XYPlot} per panel, drawn into the panel's cell
 * of one image): log axes, min–max bands, reference lines, markers and legends are JFreeChart's; the
 * adapter computes the axis ranges, equal aspect, the legend corner and the tick density. Why
 * JFreeChart and not XChart, and why {@link org.feedbackrl.plot.Csv} stays hand-written:
 * {@code docs/libraries.md}.
 */
package org.feedbackrl.plot;
