package org.diffevo4j.examples.corridor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.diffevo4j.environments.render.EnvironmentRenderer;

/**
 * Draws Corridor-v0 from its observation (position, wind): a grey corridor from 0 to 10 with a flag at
 * the right end, the walker as a blue disc, and an arrow whose length is the wind pushing it back.
 * How a plugin makes its environment drawable for {@code diffevo4j render}: implement
 * {@link EnvironmentRenderer} and return it from {@code EnvironmentProvider.renderer(id)}.
 */
public final class CorridorRenderer implements EnvironmentRenderer {

    @Override
    public void draw(Graphics2D g, int width, int height, double[] observation) {
        double position = observation[0];
        double wind = observation[1];
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double margin = width * 0.08;
        double unit = (width - 2 * margin) / Corridor.LENGTH;
        double floor = height * 0.65;
        double wall = height * 0.3;
        g.setColor(new Color(225, 225, 225));
        g.fill(new Rectangle2D.Double(margin, floor - wall, Corridor.LENGTH * unit, wall));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(1f, height / 200f)));
        g.draw(new Line2D.Double(margin, floor, margin + Corridor.LENGTH * unit, floor));
        // goal flag at the right end
        double gx = margin + Corridor.LENGTH * unit;
        g.draw(new Line2D.Double(gx, floor, gx, floor - wall * 1.2));
        Path2D.Double flag = new Path2D.Double();
        flag.moveTo(gx, floor - wall * 1.2);
        flag.lineTo(gx - unit * 0.8, floor - wall * 1.05);
        flag.lineTo(gx, floor - wall * 0.9);
        flag.closePath();
        g.setColor(new Color(204, 204, 0));
        g.fill(flag);
        // the walker
        double r = Math.min(unit * 0.35, wall * 0.35);
        double x = margin + position * unit;
        g.setColor(new Color(40, 90, 180));
        g.fill(new Ellipse2D.Double(x - r, floor - 2 * r, 2 * r, 2 * r));
        // the wind: an arrow pointing left, as long as the push per step
        double ay = floor + height * 0.12;
        double len = wind * unit;
        g.setColor(new Color(200, 90, 70));
        g.draw(new Line2D.Double(x, ay, x - len, ay));
        Path2D.Double head = new Path2D.Double();
        double hs = Math.max(3, height * 0.02);
        head.moveTo(x - len - hs, ay);
        head.lineTo(x - len, ay - hs);
        head.lineTo(x - len, ay + hs);
        head.closePath();
        g.fill(head);
    }
}
