package org.diffevo4j.environments.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;

/**
 * {@code MountainCar-v0} and {@code MountainCarContinuous-v0} as Gymnasium draws them on a 600 x 400
 * surface: the hill {@code y = 0.45 sin(3x) + 0.55} over {@code [-1.2, 0.6]}, a black car tilted with the
 * slope on grey wheels, and a yellow flag at the goal (0.5 for the discrete car, 0.45 for the continuous
 * one). The observation {@code [position, velocity]} places the car.
 */
public final class MountainCarRenderer extends GymSurfaceRenderer {

    /** Gymnasium's surface size. */
    public static final int WIDTH = 600;
    /** Gymnasium's surface size. */
    public static final int HEIGHT = 400;
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double SCALE = WIDTH / (MAX_POSITION - MIN_POSITION);
    private static final double CAR_WIDTH = 40;
    private static final double CAR_HEIGHT = 20;
    private static final double CLEARANCE = 10;
    /** Gymnasium's colours. */
    public static final Color WHEEL = new Color(128, 128, 128);
    /** Gymnasium's colours. */
    public static final Color FLAG = new Color(204, 204, 0);

    private final double goalPosition;

    /** The renderer of {@code MountainCar-v0} (goal at 0.5). */
    public static MountainCarRenderer discrete() {
        return new MountainCarRenderer(0.5);
    }

    /** The renderer of {@code MountainCarContinuous-v0} (goal at 0.45). */
    public static MountainCarRenderer continuous() {
        return new MountainCarRenderer(0.45);
    }

    /** A mountain-car renderer with its flag at {@code goalPosition}. */
    public MountainCarRenderer(double goalPosition) {
        super(WIDTH, HEIGHT);
        this.goalPosition = goalPosition;
    }

    private static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    @Override
    protected void paint(Graphics2D g, double[] obs) {
        double pos = obs[0];
        Path2D.Double hill = new Path2D.Double();
        for (int i = 0; i < 100; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / 99.0;
            double px = (x - MIN_POSITION) * SCALE;
            double py = height(x) * SCALE;
            if (i == 0) {
                hill.moveTo(px, py);
            } else {
                hill.lineTo(px, py);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.draw(hill);

        double angle = Math.cos(3 * pos);
        double cx = (pos - MIN_POSITION) * SCALE;
        double cy = CLEARANCE + height(pos) * SCALE;
        fillPolygon(g, Color.BLACK, rotatedBox(-CAR_WIDTH / 2, CAR_WIDTH / 2, CAR_HEIGHT, 0, angle, cx, cy));
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        for (double wx : new double[] {CAR_WIDTH / 4, -CAR_WIDTH / 4}) {
            fillCircle(g, WHEEL, (int) (wx * c + cx), (int) (wx * s + cy), (int) (CAR_HEIGHT / 2.5));
        }

        int flagx = (int) ((goalPosition - MIN_POSITION) * SCALE);
        int flagy1 = (int) (height(goalPosition) * SCALE);
        int flagy2 = flagy1 + 50;
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(flagx, flagy1, flagx, flagy2));
        fillPolygon(g, FLAG, new double[][] {{flagx, flagy2}, {flagx, flagy2 - 10}, {flagx + 25, flagy2 - 5}});
    }
}
