package org.ser4j.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks that a file is a decodable PNG of the expected size that is not blank. */
final class PngAssertions {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngAssertions() {}

    static BufferedImage assertPng(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), "missing " + file);
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(8, in.readNBytes(head, 0, 8), file.toString());
        }
        assertArrayEquals(PNG_MAGIC, head, "PNG signature of " + file);
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "ImageIO cannot decode " + file);
        assertEquals(width, img.getWidth(), "width of " + file);
        assertEquals(height, img.getHeight(), "height of " + file);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 3, file + " looks blank (" + colours.size() + " colours)");
        return img;
    }
}
