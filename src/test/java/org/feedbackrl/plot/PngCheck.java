package org.feedbackrl.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Test helper for every experiment that saves a figure: the file is a real, non-trivial PNG. */
public final class PngCheck {
    private PngCheck() {}

    /** Reads back a saved PNG and checks signature, size and that it is more than a blank canvas. */
    public static BufferedImage check(Path p, int w, int h) throws IOException {
        assertTrue(Files.isRegularFile(p), p + " missing");
        byte[] bytes = Files.readAllBytes(p);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < sig.length; i++) assertEquals(sig[i], bytes[i], "PNG signature byte " + i);
        BufferedImage img = ImageIO.read(p.toFile());
        assertNotNull(img);
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) nonWhite++;
            }
        }
        long samples = (long) (w / 2) * (h / 2);
        assertTrue(colours.size() > 50, "only " + colours.size() + " colours: anti-aliased text and lines expected");
        assertTrue(nonWhite > samples / 100, "almost blank: " + nonWhite + " of " + samples + " non-white");
        assertTrue(nonWhite < samples * 0.6, "mostly ink: " + nonWhite + " of " + samples);
        return img;
    }
}
