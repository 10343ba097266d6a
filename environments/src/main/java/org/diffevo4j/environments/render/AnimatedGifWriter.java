package org.diffevo4j.environments.render;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes an animated GIF frame by frame with the JDK's own GIF writer ({@code javax.imageio}): a fixed
 * delay per frame, looping forever, nothing on disk but the output. Frames are kept small: each one
 * after the first holds only the rectangle that changed since the previous one.
 *
 * <p>Colours: one 256-colour palette for the whole animation, the 216-colour web cube plus the most
 * frequent other colours of the first frame (so an environment's own colours come out exact), every
 * pixel mapped to its nearest palette colour. The output depends only on the frames: the same frames
 * give the same bytes.
 *
 * <pre>{@code
 * try (AnimatedGifWriter gif = new AnimatedGifWriter(out, 600, 400, 2)) {
 *     gif.addFrame(renderer.render(obs, 600, 400));
 * }
 * }</pre>
 */
public final class AnimatedGifWriter implements Closeable {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private static final int CUBE = 216;

    private final ImageOutputStream ios;
    private final ImageWriter writer;
    private final int width;
    private final int height;
    private final int delayCentis;
    private IndexColorModel palette;
    private final Map<Integer, Byte> nearest = new HashMap<>();
    private byte[] previous;
    private int frames;
    private boolean closed;

    /**
     * A GIF of {@code width x height} frames shown {@code delayCentis} hundredths of a second each.
     * The stream is not closed by {@link #close()}.
     *
     * @throws IllegalArgumentException for a non-positive size or a delay outside [1, 65535]
     */
    public AnimatedGifWriter(OutputStream out, int width, int height, int delayCentis) {
        Objects.requireNonNull(out, "out");
        if (width < 1 || height < 1 || width > 65535 || height > 65535) {
            throw new IllegalArgumentException("GIF size must be 1..65535 each way, got " + width + "x" + height);
        }
        if (delayCentis < 1 || delayCentis > 65535) {
            throw new IllegalArgumentException("GIF frame delay must be 1..65535 hundredths of a second, got "
                    + delayCentis);
        }
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) {
            throw new IllegalStateException("this Java runtime has no GIF writer (javax.imageio)");
        }
        this.writer = it.next();
        this.ios = new MemoryCacheImageOutputStream(out);
        this.width = width;
        this.height = height;
        this.delayCentis = delayCentis;
        writer.setOutput(ios);
    }

    /** Starts the file: logical screen size and the palette as the global colour table. */
    private void start() {
        try {
            String fmt = "javax_imageio_gif_stream_1.0";
            IIOMetadata sm = writer.getDefaultStreamMetadata(writer.getDefaultWriteParam());
            IIOMetadataNode root = (IIOMetadataNode) sm.getAsTree(fmt);
            IIOMetadataNode screen = child(root, "LogicalScreenDescriptor");
            screen.setAttribute("logicalScreenWidth", Integer.toString(width));
            screen.setAttribute("logicalScreenHeight", Integer.toString(height));
            screen.setAttribute("colorResolution", "8");
            screen.setAttribute("pixelAspectRatio", "0");
            IIOMetadataNode table = child(root, "GlobalColorTable");
            while (table.getLength() > 0) {
                table.removeChild(table.getFirstChild());
            }
            table.setAttribute("sizeOfGlobalColorTable", "256");
            table.setAttribute("backgroundColorIndex", Integer.toString(CUBE - 1));   // white
            table.setAttribute("sortFlag", "FALSE");
            for (int i = 0; i < 256; i++) {
                IIOMetadataNode e = new IIOMetadataNode("ColorTableEntry");
                e.setAttribute("index", Integer.toString(i));
                e.setAttribute("red", Integer.toString(palette.getRed(i)));
                e.setAttribute("green", Integer.toString(palette.getGreen(i)));
                e.setAttribute("blue", Integer.toString(palette.getBlue(i)));
                table.appendChild(e);
            }
            sm.setFromTree(fmt, root);
            writer.prepareWriteSequence(sm);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start a GIF: " + e.getMessage(), e);
        }
    }

    /** The frame delay for a frame rate: {@code round(100 / fps)} hundredths of a second, at least 1. */
    public static int delayForFps(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("frames per second must be positive, got " + fps);
        }
        return (int) Math.max(1, Math.min(65535, Math.round(100.0 / fps)));
    }

    /** Frames written so far. */
    public int frames() {
        return frames;
    }

    /**
     * Appends a frame.
     *
     * @throws IllegalArgumentException if the frame's size is not the GIF's
     * @throws java.io.UncheckedIOException if writing fails
     */
    public void addFrame(BufferedImage frame) {
        if (closed) {
            throw new IllegalStateException("the GIF is closed");
        }
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight() + ", the GIF is "
                    + width + "x" + height);
        }
        int[] rgb = frame.getRGB(0, 0, width, height, null, 0, width);
        if (palette == null) {
            palette = buildPalette(rgb);
            start();
        }
        byte[] idx = new byte[rgb.length];
        int lastRgb = 0;
        byte lastIdx = 0;
        boolean haveLast = false;
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i] & 0xFFFFFF;
            if (!haveLast || c != lastRgb) {
                lastRgb = c;
                lastIdx = nearest.computeIfAbsent(c, this::nearestIndex);
                haveLast = true;
            }
            idx[i] = lastIdx;
        }
        int x0 = 0;
        int y0 = 0;
        int x1 = width - 1;
        int y1 = height - 1;
        if (previous != null) {
            x0 = width;
            y0 = height;
            x1 = -1;
            y1 = -1;
            for (int y = 0; y < height; y++) {
                int row = y * width;
                for (int x = 0; x < width; x++) {
                    if (idx[row + x] != previous[row + x]) {
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y);
                    }
                }
            }
            if (x1 < 0) {
                x0 = 0;
                y0 = 0;
                x1 = 0;
                y1 = 0;   // nothing changed: repeat one pixel to keep the frame and its delay
            }
        }
        previous = idx;
        int w = x1 - x0 + 1;
        int h = y1 - y0 + 1;
        BufferedImage part = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, palette);
        WritableRaster r = part.getRaster();
        byte[] line = new byte[w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(idx, (y0 + y) * width + x0, line, 0, w);
            r.setDataElements(0, y, w, 1, line);
        }
        write(part, x0, y0);
        frames++;
    }

    private void write(BufferedImage part, int left, int top) {
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(part), param);
            IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(FORMAT);
            // the default metadata carries a stock local colour table; drop it: frames use the global one
            for (int i = root.getLength() - 1; i >= 0; i--) {
                if ("LocalColorTable".equals(root.item(i).getNodeName())) {
                    root.removeChild(root.item(i));
                }
            }
            md.reset();
            IIOMetadataNode gce = child(root, "GraphicControlExtension");
            gce.setAttribute("disposalMethod", "doNotDispose");
            gce.setAttribute("userInputFlag", "FALSE");
            gce.setAttribute("transparentColorFlag", "FALSE");
            gce.setAttribute("delayTime", Integer.toString(delayCentis));
            gce.setAttribute("transparentColorIndex", "0");
            IIOMetadataNode desc = child(root, "ImageDescriptor");
            desc.setAttribute("imageLeftPosition", Integer.toString(left));
            desc.setAttribute("imageTopPosition", Integer.toString(top));
            desc.setAttribute("imageWidth", Integer.toString(part.getWidth()));
            desc.setAttribute("imageHeight", Integer.toString(part.getHeight()));
            desc.setAttribute("interlaceFlag", "FALSE");
            if (frames == 0) {
                IIOMetadataNode apps = child(root, "ApplicationExtensions");
                IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                app.setAttribute("applicationID", "NETSCAPE");
                app.setAttribute("authenticationCode", "2.0");
                app.setUserObject(new byte[] {1, 0, 0});   // loop forever
                apps.appendChild(app);
            }
            md.setFromTree(FORMAT, root);
            writer.writeToSequence(new IIOImage(part, null, md), param);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write a GIF frame: " + e.getMessage(), e);
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }

    private static IndexColorModel buildPalette(int[] firstFrame) {
        int[] colors = new int[256];
        int n = 0;
        for (int r = 0; r < 6; r++) {
            for (int g = 0; g < 6; g++) {
                for (int b = 0; b < 6; b++) {
                    colors[n++] = (r * 51) << 16 | (g * 51) << 8 | (b * 51);
                }
            }
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (int c : firstFrame) {
            int v = c & 0xFFFFFF;
            if (!inCube(v)) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        List<Map.Entry<Integer, Integer>> extra = new ArrayList<>(counts.entrySet());
        extra.sort((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        for (int i = 0; i < extra.size() && n < 256; i++) {
            colors[n++] = extra.get(i).getKey();
        }
        // fill the rest with greys so the palette always has 256 entries
        for (int k = 1; n < 256; k++) {
            int v = (k * 8) & 0xFF;
            colors[n++] = v << 16 | v << 8 | v;
        }
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (colors[i] >> 16);
            g[i] = (byte) (colors[i] >> 8);
            b[i] = (byte) colors[i];
        }
        return new IndexColorModel(8, 256, r, g, b);
    }

    private static boolean inCube(int v) {
        return (v >> 16 & 0xFF) % 51 == 0 && (v >> 8 & 0xFF) % 51 == 0 && (v & 0xFF) % 51 == 0;
    }

    private Byte nearestIndex(int c) {
        int r = c >> 16 & 0xFF;
        int g = c >> 8 & 0xFF;
        int b = c & 0xFF;
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < 256; i++) {
            int dr = r - palette.getRed(i);
            int dg = g - palette.getGreen(i);
            int db = b - palette.getBlue(i);
            long d = 2L * dr * dr + 4L * dg * dg + 3L * db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return (byte) best;
    }

    /** Ends the animation (the stream given to the constructor stays open). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (palette == null) {
                throw new IllegalStateException("a GIF needs at least one frame");
            }
            writer.endWriteSequence();
            ios.flush();
        } finally {
            writer.dispose();
            ios.close();
        }
    }
}
