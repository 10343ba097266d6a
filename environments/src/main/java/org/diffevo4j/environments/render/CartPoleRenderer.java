package org.diffevo4j.environments.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;

/**
 * {@code CartPole-v1} as Gymnasium draws it on its 600 x 400 surface: a black cart on a black track
 * 100 units above the bottom, a brown pole of 10 x 125 units hinged a quarter of the cart's height
 * above the cart's centre line, and a lilac axle. The observation {@code [x, x_dot, theta, theta_dot]}
 * places the cart at {@code 300 + 125 x} and tilts the pole by {@code theta} (positive leans right).
 */
public final class CartPoleRenderer extends GymSurfaceRenderer {

    /** Gymnasium's surface size. */
    public static final int WIDTH = 600;
    /** Gymnasium's surface size. */
    public static final int HEIGHT = 400;
    /** Surface units per metre: the track from -2.4 to 2.4 fills the width. */
    public static final double SCALE = WIDTH / (2.4 * 2);
    /** Pole width. */
    public static final double POLE_WIDTH = 10.0;
    /** Pole length: the full pole (twice Gymnasium's half-length 0.5) in surface units. */
    public static final double POLE_LENGTH = SCALE * (2 * 0.5);
    /** Cart size. */
    public static final double CART_WIDTH = 50.0;
    /** Cart size. */
    public static final double CART_HEIGHT = 30.0;
    /** Height of the track (and of the cart's centre line) above the bottom of the surface. */
    public static final double CART_Y = 100;
    /** The pole's hinge sits this far above the cart's centre line. */
    public static final double AXLE_OFFSET = CART_HEIGHT / 4.0;
    /** Gymnasium's colours. */
    public static final Color CART = new Color(0, 0, 0);
    /** Gymnasium's colours. */
    public static final Color POLE = new Color(202, 152, 101);
    /** Gymnasium's colours. */
    public static final Color AXLE = new Color(129, 132, 203);

    /** A CartPole renderer. */
    public CartPoleRenderer() {
        super(WIDTH, HEIGHT);
    }

    @Override
    protected void paint(Graphics2D g, double[] obs) {
        double cartx = obs[0] * SCALE + WIDTH / 2.0;
        double theta = obs[2];
        fillPolygon(g, CART, rotatedBox(-CART_WIDTH / 2, CART_WIDTH / 2, CART_HEIGHT / 2, -CART_HEIGHT / 2, 0,
                cartx, CART_Y));
        fillPolygon(g, POLE, rotatedBox(-POLE_WIDTH / 2, POLE_WIDTH / 2, POLE_LENGTH - POLE_WIDTH / 2,
                -POLE_WIDTH / 2, -theta, cartx, CART_Y + AXLE_OFFSET));
        fillCircle(g, AXLE, (int) cartx, (int) (CART_Y + AXLE_OFFSET), (int) (POLE_WIDTH / 2));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(0, CART_Y, WIDTH, CART_Y));
    }
}
