package org.diffevo4j.environments.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;

/**
 * {@code Acrobot-v1} as Gymnasium draws it on its 500 x 500 surface: two teal links of length 1 hanging
 * from the centre, yellow joints, and the black line at height 1 the free end must swing above. The
 * observation {@code [cos t1, sin t1, cos t2, sin t2, ...]} gives both angles.
 */
public final class AcrobotRenderer extends GymSurfaceRenderer {

    /** Gymnasium's surface size. */
    public static final int SIZE = 500;
    private static final double BOUND = 1.0 + 1.0 + 0.2;
    private static final double SCALE = SIZE / (BOUND * 2);
    private static final double OFFSET = SIZE / 2.0;
    /** Gymnasium's colours. */
    public static final Color LINK = new Color(0, 204, 204);
    /** Gymnasium's colours. */
    public static final Color JOINT = new Color(204, 204, 0);

    /** An Acrobot renderer. */
    public AcrobotRenderer() {
        super(SIZE, SIZE);
    }

    @Override
    protected void paint(Graphics2D g, double[] obs) {
        double s0 = Math.atan2(obs[1], obs[0]);
        double s1 = Math.atan2(obs[3], obs[2]);
        double p1x = -Math.cos(s0) * SCALE;
        double p1y = Math.sin(s0) * SCALE;
        double p2x = p1x - Math.cos(s0 + s1) * SCALE;
        double p2y = p1y + Math.sin(s0 + s1) * SCALE;
        // Gymnasium swaps the coordinates ([:, ::-1]): the links hang down from the centre
        double[][] xys = {{0, 0}, {p1y, p1x}, {p2y, p2x}};
        double[] thetas = {s0 - Math.PI / 2, s0 + s1 - Math.PI / 2};
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(-2.2 * SCALE + OFFSET, SCALE + OFFSET, 2.2 * SCALE + OFFSET, SCALE + OFFSET));
        for (int i = 0; i < 2; i++) {
            double x = xys[i][0] + OFFSET;
            double y = xys[i][1] + OFFSET;
            fillPolygon(g, LINK, rotatedBox(0, SCALE, 0.1 * SCALE, -0.1 * SCALE, thetas[i], x, y));
            fillCircle(g, JOINT, (int) x, (int) y, (int) (0.1 * SCALE));
        }
    }
}
