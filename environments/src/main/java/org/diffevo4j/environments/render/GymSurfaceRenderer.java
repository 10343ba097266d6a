package org.diffevo4j.environments.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/**
 * A renderer that draws the way Gymnasium's classic-control environments do: on a surface of a fixed
 * native size (600 x 400 for CartPole, for example) in pygame coordinates with the y axis pointing up
 * (Gymnasium flips its surface before returning it). The surface is scaled uniformly to the requested
 * frame size and centred, white around it; at the native size one surface unit is one pixel.
 */
public abstract class GymSurfaceRenderer implements EnvironmentRenderer {

    private final int nativeWidth;
    private final int nativeHeight;

    /** A renderer whose drawing is made for a surface of {@code nativeWidth x nativeHeight}. */
    protected GymSurfaceRenderer(int nativeWidth, int nativeHeight) {
        this.nativeWidth = nativeWidth;
        this.nativeHeight = nativeHeight;
    }

    /** Width of Gymnasium's surface for this environment. */
    public final int nativeWidth() {
        return nativeWidth;
    }

    /** Height of Gymnasium's surface for this environment. */
    public final int nativeHeight() {
        return nativeHeight;
    }

    @Override
    public final void draw(Graphics2D g, int width, int height, double[] observation) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double s = Math.min(width / (double) nativeWidth, height / (double) nativeHeight);
        double ox = (width - nativeWidth * s) / 2;
        double oy = (height - nativeHeight * s) / 2;
        g.translate(ox, oy + nativeHeight * s);
        g.scale(s, -s);
        paint(g, observation);
    }

    /**
     * Draws on the native surface: x to the right, y up, origin at the bottom-left corner, background
     * already white.
     */
    protected abstract void paint(Graphics2D g, double[] observation);

    /** Fills the polygon through the given (x, y) corners. */
    protected static void fillPolygon(Graphics2D g, Color c, double[][] corners) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(corners[0][0], corners[0][1]);
        for (int i = 1; i < corners.length; i++) {
            p.lineTo(corners[i][0], corners[i][1]);
        }
        p.closePath();
        g.setColor(c);
        g.fill(p);
    }

    /**
     * The rectangle {@code [l, r] x [b, t]} rotated counter-clockwise by {@code angle} about the origin
     * (pygame's {@code Vector2.rotate_rad}), then moved by {@code (dx, dy)}: Gymnasium's way of placing
     * a link, a pole or a car.
     */
    protected static double[][] rotatedBox(double l, double r, double t, double b, double angle, double dx, double dy) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        double[][] out = new double[4][];
        for (int i = 0; i < 4; i++) {
            double x = corners[i][0];
            double y = corners[i][1];
            out[i] = new double[] {x * c - y * s + dx, x * s + y * c + dy};
        }
        return out;
    }

    /** Fills a circle (pygame's {@code gfxdraw.filled_circle}). */
    protected static void fillCircle(Graphics2D g, Color c, double cx, double cy, double radius) {
        g.setColor(c);
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
    }
}
