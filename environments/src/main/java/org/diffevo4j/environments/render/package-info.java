/**
 * How environments are drawn: {@link org.diffevo4j.environments.render.EnvironmentRenderer} turns an
 * observation into a frame; the five classic-control environments have renderers that draw them the way
 * Gymnasium does ({@link org.diffevo4j.environments.render.Renderers}); a plug-in returns its own from
 * {@link org.diffevo4j.environments.EnvironmentProvider#renderer(String)}.
 * {@link org.diffevo4j.environments.render.AnimatedGifWriter} writes frames as a looping GIF with the
 * JDK's {@code javax.imageio}, and {@link org.diffevo4j.environments.render.Caption} draws captions with
 * a built-in pixel font, so the same frames give the same bytes on every machine.
 */
package org.diffevo4j.environments.render;
