package org.diffevo4j.trainer;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

/** Decodes an animated GIF with the JDK's reader into full frames (each drawn over the previous one). */
record GifFrames(int width, int height, List<BufferedImage> frames, List<Integer> delays, boolean loops) {

    static GifFrames read(Path gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in, false);
            IIOMetadataNode stream = (IIOMetadataNode) reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0");
            IIOMetadataNode screen = (IIOMetadataNode) stream.getElementsByTagName("LogicalScreenDescriptor").item(0);
            int w = Integer.parseInt(screen.getAttribute("logicalScreenWidth"));
            int h = Integer.parseInt(screen.getAttribute("logicalScreenHeight"));
            int n = reader.getNumImages(true);
            List<BufferedImage> frames = new ArrayList<>();
            List<Integer> delays = new ArrayList<>();
            boolean loops = false;
            BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < n; i++) {
                IIOMetadataNode md = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode desc = (IIOMetadataNode) md.getElementsByTagName("ImageDescriptor").item(0);
                IIOMetadataNode gce = (IIOMetadataNode) md.getElementsByTagName("GraphicControlExtension").item(0);
                delays.add(Integer.parseInt(gce.getAttribute("delayTime")));
                if (md.getElementsByTagName("ApplicationExtension").getLength() > 0) {
                    IIOMetadataNode app = (IIOMetadataNode) md.getElementsByTagName("ApplicationExtension").item(0);
                    loops |= "NETSCAPE".equals(app.getAttribute("applicationID"));
                }
                BufferedImage part = reader.read(i);
                Graphics2D g = canvas.createGraphics();
                g.drawImage(part, Integer.parseInt(desc.getAttribute("imageLeftPosition")),
                        Integer.parseInt(desc.getAttribute("imageTopPosition")), null);
                g.dispose();
                BufferedImage copy = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                copy.setData(canvas.getData());
                frames.add(copy);
            }
            return new GifFrames(w, h, frames, delays, loops);
        } finally {
            reader.dispose();
        }
    }
}
