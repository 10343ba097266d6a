package org.diffevo4j.environments.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.EnvironmentRegistry;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.classic.CartPole;
import org.junit.jupiter.api.Test;

class RenderersTest {

    static boolean near(int rgb, Color c, int tol) {
        return Math.abs((rgb >> 16 & 0xFF) - c.getRed()) <= tol && Math.abs((rgb >> 8 & 0xFF) - c.getGreen()) <= tol
                && Math.abs((rgb & 0xFF) - c.getBlue()) <= tol;
    }

    @Test
    void cartPolePoleIsWhereTheStatePutsIt() {
        CartPoleRenderer r = new CartPoleRenderer();
        for (double[] obs : new double[][] {{0, 0, 0, 0}, {1.0, 0, 0.2, 0}, {-1.5, 0, -0.19, 0}}) {
            BufferedImage img = r.render(obs, 600, 400);
            double cartx = 300 + obs[0] * 125;
            double hingeY = 400 - (100 + 7.5);   // image rows grow downwards
            double along = 125 - 5 - 3;          // a little inside the pole's top end
            int tipX = (int) Math.round(cartx + along * Math.sin(obs[2]));
            int tipY = (int) Math.round(hingeY - along * Math.cos(obs[2]));
            assertTrue(near(img.getRGB(tipX, tipY), CartPoleRenderer.POLE, 2), "pole at " + tipX + "," + tipY);
            // beyond the tip there is background
            int outX = (int) Math.round(cartx + 135 * Math.sin(obs[2]));
            int outY = (int) Math.round(hingeY - 135 * Math.cos(obs[2]));
            assertEquals(0xFFFFFF, img.getRGB(outX, outY) & 0xFFFFFF);
            // the cart is black under the hinge
            assertEquals(0, img.getRGB((int) cartx, 400 - 95) & 0xFFFFFF);
        }
    }

    @Test
    void everyBuiltInEnvironmentDrawsSomething() {
        for (String id : List.of("CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                "Pendulum-v1")) {
            Environment env = Environments.make(id);
            double[] obs = env.reset(3);
            BufferedImage img = Renderers.forEnvironment(id).render(obs, 300, 200);
            assertEquals(300, img.getWidth());
            int nonWhite = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    nonWhite += (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
                }
            }
            assertTrue(nonWhite > 200, id + " drew " + nonWhite + " pixels");
        }
    }

    @Test
    void pendulumUprightPointsUp() {
        BufferedImage img = new PendulumRenderer().render(new double[] {1, 0, 0}, 500, 500);
        assertTrue(near(img.getRGB(250, 250 - 80), PendulumRenderer.ROD, 2));
        assertEquals(0xFFFFFF, img.getRGB(250, 250 + 80) & 0xFFFFFF);
    }

    @Test
    void aProviderWithoutARendererGetsAnErrorNamingTheInterface() {
        EnvironmentProvider p = new EnvironmentProvider() {
            @Override
            public List<EnvSpec> specs() {
                return List.of(new EnvSpec("Blind-v0", CartPole.SPEC.observationSpace(), CartPole.SPEC.actionSpace(),
                        10, null));
            }

            @Override
            public Environment make(String id) {
                return CartPole.single();
            }
        };
        assertEquals(Optional.empty(), p.renderer("Blind-v0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Renderers.forEnvironment(EnvironmentRegistry.of(List.of(p)), "Blind-v0"));
        assertTrue(e.getMessage().contains(EnvironmentRenderer.class.getName()), e.getMessage());
    }

    @Test
    void gifRoundTripsFramesSizeAndBytes() throws Exception {
        byte[] a = gif();
        byte[] b = gif();
        assertArrayEquals(a, b);
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(a))) {
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true));
            BufferedImage first = reader.read(0);
            assertEquals(600, first.getWidth());
            assertEquals(400, first.getHeight());
            assertTrue(near(first.getRGB(300, 400 - 107 - 110), CartPoleRenderer.POLE, 0),
                    Integer.toHexString(first.getRGB(300, 400 - 107 - 110)) + " " + first.getType());
        } finally {
            reader.dispose();
        }
    }

    private static byte[] gif() throws Exception {
        CartPoleRenderer r = new CartPoleRenderer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AnimatedGifWriter w = new AnimatedGifWriter(out, 600, 400, AnimatedGifWriter.delayForFps(50))) {
            for (int i = 0; i < 5; i++) {
                BufferedImage img = r.render(new double[] {0.1 * i, 0, 0.02 * i, 0}, 600, 400);
                Caption.draw(img, 4, 4, "step " + i, 2, Color.BLACK);
                w.addFrame(img);
            }
        }
        return out.toByteArray();
    }
}
