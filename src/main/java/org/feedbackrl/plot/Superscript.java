package org.feedbackrl.plot;

import java.awt.Font;
import java.awt.font.TextAttribute;
import java.text.AttributedString;

/** Labels with an optional superscript: the text after the first '^' is raised ("~T^2.1", "10^3"). */
final class Superscript {
    private Superscript() {}

    /** @return {@code label} without its '^', in {@code font}, the part after the '^' superscript */
    static AttributedString of(String label, Font font) {
        int hat = label.indexOf('^');
        String text = hat < 0 ? label : label.substring(0, hat) + label.substring(hat + 1);
        AttributedString a = new AttributedString(text);
        if (text.isEmpty()) return a;
        a.addAttributes(font.getAttributes(), 0, text.length());
        if (hat >= 0 && hat < text.length()) a.addAttribute(TextAttribute.SUPERSCRIPT, TextAttribute.SUPERSCRIPT_SUPER, hat, text.length());
        return a;
    }
}
