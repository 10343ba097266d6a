package org.diffevo4j.environments.render;

import java.awt.Color;
import java.awt.Graphics2D;

/**
 * {@code Pendulum-v1} as Gymnasium draws it on its 500 x 500 surface: a red rod of length 1 with rounded
 * ends turning about a black axle at the centre, upright when the angle is 0. The observation
 * {@code [cos theta, sin theta, theta_dot]} gives the angle. (Gymnasium also draws the last torque as
 * an arrow image; the observation does not hold it, so it is left out.)
 */
public final class PendulumRenderer extends GymSurfaceRenderer {

    /** Gymnasium's surface size. */
    public static final int SIZE = 500;
    private static final double SCALE = SIZE / (2.2 * 2);
    private static final int OFFSET = SIZE / 2;
    /** Gymnasium's colours. */
    public static final Color ROD = new Color(204, 77, 77);

    /** A Pendulum renderer. */
    public PendulumRenderer() {
        super(SIZE, SIZE);
    }

    @Override
    protected void paint(Graphics2D g, double[] obs) {
        double theta = Math.atan2(obs[1], obs[0]);
        double rodLength = SCALE;
        double rodWidth = 0.2 * SCALE;
        double angle = theta + Math.PI / 2;
        fillPolygon(g, ROD, rotatedBox(0, rodLength, rodWidth / 2, -rodWidth / 2, angle, OFFSET, OFFSET));
        fillCircle(g, ROD, OFFSET, OFFSET, (int) (rodWidth / 2));
        int endX = (int) (rodLength * Math.cos(angle) + OFFSET);
        int endY = (int) (rodLength * Math.sin(angle) + OFFSET);
        fillCircle(g, ROD, endX, endY, (int) (rodWidth / 2));
        fillCircle(g, Color.BLACK, OFFSET, OFFSET, (int) (0.05 * SCALE));
    }
}
