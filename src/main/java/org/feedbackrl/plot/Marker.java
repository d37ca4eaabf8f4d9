package org.feedbackrl.plot;

/** Point markers for scatter plots and marked lines. */
public enum Marker { NONE, CIRCLE, SQUARE, TRIANGLE, DIAMOND, CROSS, PLUS }
