package org.feedbackrl.plot;

/** Where an {@link Axes} draws its legend; {@link #BEST} picks the corner covering the fewest data points. */
public enum LegendPosition { BEST, UPPER_LEFT, UPPER_RIGHT, LOWER_LEFT, LOWER_RIGHT, NONE }
