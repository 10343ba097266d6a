package org.diffevo4j.environments.render;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws one frame of an environment, Gymnasium's {@code render_mode="rgb_array"} for Java: the picture
 * of the state behind an observation.
 *
 * <p>A renderer draws from the observation an environment returns (for the built-in environments the
 * observation holds enough of the state to draw it: CartPole's is the state, Acrobot's has the cosine
 * and sine of both angles, MountainCar's the position, Pendulum's the angle's cosine and sine). It
 * keeps no state between frames and must be deterministic: the same observation and size give the
 * same pixels.
 *
 * <p>Built-in environments get theirs from {@link Renderers#forEnvironment(String)}. A plug-in
 * environment provides one by overriding
 * {@link org.diffevo4j.environments.EnvironmentProvider#renderer(String)}.
 *
 * <pre>{@code
 * EnvironmentRenderer r = Renderers.forEnvironment("CartPole-v1");
 * BufferedImage frame = r.render(env.reset(0), 600, 400);
 * }</pre>
 */
public interface EnvironmentRenderer {

    /**
     * Draws the frame for {@code observation} onto {@code g}, covering the whole area
     * {@code [0, width) x [0, height)} (background included). The caller owns {@code g}; a renderer may
     * change its transform, paint and stroke.
     */
    void draw(Graphics2D g, int width, int height, double[] observation);

    /**
     * The frame as a new RGB image, drawn with anti-aliasing on a white background.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    default BufferedImage render(double[] observation, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g, width, height, observation);
        } finally {
            g.dispose();
        }
        return img;
    }
}
