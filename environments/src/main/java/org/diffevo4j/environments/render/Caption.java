package org.diffevo4j.environments.render;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A caption drawn with a built-in 5 x 7 pixel font: the same pixels on every machine (no system fonts,
 * which headless servers may lack and which differ between machines), so a rendered GIF is
 * reproducible byte for byte. Knows digits, lower-case letters (upper case is drawn as lower case),
 * space and {@code . , - + : / = ( ) %}; anything else is drawn as a space.
 */
public final class Caption {

    private static final Map<Character, String[]> GLYPHS = new HashMap<>();

    static {
        g('0', " ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### ");
        g('1', "  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### ");
        g('2', " ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####");
        g('3', "#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### ");
        g('4', "   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # ");
        g('5', "#####", "#    ", "#### ", "    #", "    #", "#   #", " ### ");
        g('6', "  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### ");
        g('7', "#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   ");
        g('8', " ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### ");
        g('9', " ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  ");
        g('a', "     ", "     ", " ### ", "    #", " ####", "#   #", " ####");
        g('b', "#    ", "#    ", "# ## ", "##  #", "#   #", "#   #", "#### ");
        g('c', "     ", "     ", " ### ", "#    ", "#    ", "#   #", " ### ");
        g('d', "    #", "    #", " ## #", "#  ##", "#   #", "#   #", " ####");
        g('e', "     ", "     ", " ### ", "#   #", "#####", "#    ", " ### ");
        g('f', "  ## ", " #  #", " #   ", "###  ", " #   ", " #   ", " #   ");
        g('g', "     ", " ####", "#   #", "#   #", " ####", "    #", " ### ");
        g('h', "#    ", "#    ", "# ## ", "##  #", "#   #", "#   #", "#   #");
        g('i', "  #  ", "     ", " ##  ", "  #  ", "  #  ", "  #  ", " ### ");
        g('j', "   # ", "     ", "  ## ", "   # ", "   # ", "#  # ", " ##  ");
        g('k', "#    ", "#    ", "#  # ", "# #  ", "##   ", "# #  ", "#  # ");
        g('l', " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### ");
        g('m', "     ", "     ", "## # ", "# # #", "# # #", "#   #", "#   #");
        g('n', "     ", "     ", "# ## ", "##  #", "#   #", "#   #", "#   #");
        g('o', "     ", "     ", " ### ", "#   #", "#   #", "#   #", " ### ");
        g('p', "     ", "     ", "#### ", "#   #", "#### ", "#    ", "#    ");
        g('q', "     ", "     ", " ## #", "#  ##", " ####", "    #", "    #");
        g('r', "     ", "     ", "# ## ", "##  #", "#    ", "#    ", "#    ");
        g('s', "     ", "     ", " ### ", "#    ", " ### ", "    #", "#### ");
        g('t', " #   ", " #   ", "###  ", " #   ", " #   ", " #  #", "  ## ");
        g('u', "     ", "     ", "#   #", "#   #", "#   #", "#  ##", " ## #");
        g('v', "     ", "     ", "#   #", "#   #", "#   #", " # # ", "  #  ");
        g('w', "     ", "     ", "#   #", "#   #", "# # #", "# # #", " # # ");
        g('x', "     ", "     ", "#   #", " # # ", "  #  ", " # # ", "#   #");
        g('y', "     ", "     ", "#   #", "#   #", " ####", "    #", " ### ");
        g('z', "     ", "     ", "#####", "   # ", "  #  ", " #   ", "#####");
        g('.', "     ", "     ", "     ", "     ", "     ", " ##  ", " ##  ");
        g(',', "     ", "     ", "     ", "     ", " ##  ", "  #  ", " #   ");
        g('-', "     ", "     ", "     ", "#####", "     ", "     ", "     ");
        g('+', "     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     ");
        g(':', "     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     ");
        g('/', "     ", "    #", "   # ", "  #  ", " #   ", "#    ", "     ");
        g('=', "     ", "     ", "#####", "     ", "#####", "     ", "     ");
        g('(', "   # ", "  #  ", " #   ", " #   ", " #   ", "  #  ", "   # ");
        g(')', " #   ", "  #  ", "   # ", "   # ", "   # ", "  #  ", " #   ");
        g('%', "##   ", "##  #", "   # ", "  #  ", " #   ", "#  ##", "   ##");
    }

    private static void g(char c, String... rows) {
        GLYPHS.put(c, rows);
    }

    private Caption() {
    }

    /** Width in pixels of {@code text} at the given pixel scale (6 columns per character, one a gap). */
    public static int width(String text, int scale) {
        return text.length() * 6 * scale;
    }

    /** Height in pixels of a line at the given pixel scale. */
    public static int height(int scale) {
        return 7 * scale;
    }

    /**
     * Draws {@code text} with its top-left corner at {@code (x, y)}, each font pixel a
     * {@code scale x scale} square; pixels outside the image are skipped.
     */
    public static void draw(BufferedImage img, int x, int y, String text, int scale, Color color) {
        int rgb = color.getRGB();
        String t = text.toLowerCase(Locale.ROOT);
        for (int k = 0; k < t.length(); k++) {
            String[] rows = GLYPHS.get(t.charAt(k));
            if (rows == null) {
                continue;
            }
            int gx = x + k * 6 * scale;
            for (int r = 0; r < 7; r++) {
                for (int c = 0; c < 5; c++) {
                    if (rows[r].charAt(c) != '#') {
                        continue;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            int px = gx + c * scale + dx;
                            int py = y + r * scale + dy;
                            if (px >= 0 && py >= 0 && px < img.getWidth() && py < img.getHeight()) {
                                img.setRGB(px, py, rgb);
                            }
                        }
                    }
                }
            }
        }
    }
}
