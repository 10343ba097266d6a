package org.diffevo4j.trainer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.diffevo4j.core.benchmarks.TwoDFunction;
import org.diffevo4j.core.benchmarks.TwoDSuite;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of {@code reproduce}: (a) per 2-D function, the final population of every method over
 * a heat map of g, one panel per method (Java2D); (b) per RL environment, the population's mean
 * return over the steps, median and interquartile band over seeds, per method (XChart). Both depend
 * only on the numbers given, so the same results give the same files.
 */
final class SuiteFigures {

    /** Side of one heat-map panel in pixels. */
    static final int PANEL = 300;
    /** Panels per row. */
    static final int COLUMNS = 3;
    static final int MARGIN = 10;
    static final int TITLE = 28;
    static final int HEADER = 34;
    static final int CAPTION = 56;
    /** Heat map resolution (cells per side). */
    static final int GRID = 150;
    /** Size of an RL figure. */
    static final int RL_WIDTH = 900;
    static final int RL_HEIGHT = 560;

    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75)};

    /** Viridis, 9 stops. */
    private static final int[][] VIRIDIS = {{68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142},
        {38, 130, 142}, {31, 158, 137}, {53, 183, 121}, {109, 205, 89}, {180, 222, 44}, {253, 231, 37}};

    private SuiteFigures() {
    }

    /** Width and height of the 2-D figure for {@code panels} methods. */
    static int[] twoDSize(int panels) {
        int cols = Math.min(COLUMNS, panels);
        int rows = (panels + COLUMNS - 1) / COLUMNS;
        return new int[] {MARGIN + cols * (PANEL + MARGIN), HEADER + rows * (PANEL + TITLE + MARGIN) + CAPTION};
    }

    /**
     * Writes the 2-D figure of one function.
     *
     * @param positions method -> final positions of one seed's run (N x d), in panel order
     * @param seed      the seed whose populations are shown
     */
    static void twoD(Path png, TwoDFunction f, Map<String, double[][]> positions, long seed) {
        List<String> methods = List.copyOf(positions.keySet());
        int[] size = twoDSize(methods.size());
        BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size[0], size[1]);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(f.label() + (f.dimension() > 2 ? " (" + f.dimension() + "-d)" : "")
                    + ": final populations over the fitness g, seed " + seed, MARGIN, 22);
            BufferedImage heat = heatMap(TwoDSuite.grid(f, GRID));
            for (int i = 0; i < methods.size(); i++) {
                int x0 = MARGIN + (i % COLUMNS) * (PANEL + MARGIN);
                int y0 = HEADER + (i / COLUMNS) * (PANEL + TITLE + MARGIN);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
                double[][] pts = positions.get(methods.get(i));
                int inside = 0;
                for (double[] p : pts) {
                    if (Math.abs(p[0]) <= TwoDFunction.BOX && Math.abs(p[1]) <= TwoDFunction.BOX) {
                        inside++;
                    }
                }
                g.drawString(methods.get(i) + " (" + inside + "/" + pts.length + " shown)", x0, y0 + 18);
                int py = y0 + TITLE;
                g.drawImage(heat, x0, py, PANEL, PANEL, null);
                g.setColor(Color.WHITE);
                for (double[] o : optimaInPlane(f)) {
                    int ox = (int) Math.round(x0 + (o[0] + TwoDFunction.BOX) / (2 * TwoDFunction.BOX) * PANEL);
                    int oy = (int) Math.round(py + (TwoDFunction.BOX - o[1]) / (2 * TwoDFunction.BOX) * PANEL);
                    g.setStroke(new BasicStroke(1.5f));
                    g.drawLine(ox - 5, oy - 5, ox + 5, oy + 5);
                    g.drawLine(ox - 5, oy + 5, ox + 5, oy - 5);
                }
                g.setColor(new Color(255, 60, 60));
                for (double[] p : pts) {
                    if (Math.abs(p[0]) > TwoDFunction.BOX || Math.abs(p[1]) > TwoDFunction.BOX) {
                        continue;
                    }
                    double sx = x0 + (p[0] + TwoDFunction.BOX) / (2 * TwoDFunction.BOX) * PANEL;
                    double sy = py + (TwoDFunction.BOX - p[1]) / (2 * TwoDFunction.BOX) * PANEL;
                    g.fillOval((int) Math.round(sx) - 2, (int) Math.round(sy) - 2, 4, 4);
                }
                g.setColor(Color.GRAY);
                g.drawRect(x0, py, PANEL, PANEL);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String caption = "Box [-4, 4]^2, heat map of g (dark: 0, yellow: 1); white crosses: global optima; red "
                    + "dots: final positions inside the box";
            String caption2 = "(Diffusion Evolution: its final population x, scaled; MAP-Elites: its elites; others: "
                    + "the last sampled population).";
            String second = f.dimension() > 2 ? "d = " + f.dimension() + ": the first two coordinates, over the 2-D "
                    + "slice with every other coordinate at the corner optimum 3.51786." : "";
            g.drawString(caption, MARGIN, size[1] - CAPTION + 14);
            g.drawString(caption2, MARGIN, size[1] - CAPTION + 30);
            g.drawString(second, MARGIN, size[1] - CAPTION + 46);
        } finally {
            g.dispose();
        }
        AtomicFiles.write(png, encode(img));
    }

    /** The optima to mark: the function's own in 2-D, else the four corners of the plane of the first two coordinates. */
    private static List<double[]> optimaInPlane(TwoDFunction f) {
        if (f.dimension() == 2) {
            return f.optima();
        }
        double c = f.cornerOptimum();
        return List.of(new double[] {c, c}, new double[] {-c, c}, new double[] {c, -c}, new double[] {-c, -c});
    }

    private static BufferedImage heatMap(double[][] grid) {
        int n = grid.length;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                img.setRGB(c, n - 1 - r, viridis(grid[r][c]));   // row 0 is y = -4: at the bottom
            }
        }
        return img;
    }

    static int viridis(double v) {
        double t = Math.max(0, Math.min(1, Double.isFinite(v) ? v : 0)) * (VIRIDIS.length - 1);
        int i = Math.min((int) t, VIRIDIS.length - 2);
        double w = t - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        int red = (int) Math.round(a[0] + w * (b[0] - a[0]));
        int green = (int) Math.round(a[1] + w * (b[1] - a[1]));
        int blue = (int) Math.round(a[2] + w * (b[2] - a[2]));
        return (red << 16) | (green << 8) | blue;
    }

    private static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The q-quantile (linear interpolation) of the values. */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /**
     * Writes the RL figure of one environment.
     *
     * @param curves method -> per-seed curves (the population's mean return at every step)
     */
    static void rl(Path png, String env, double scaling, Map<String, List<double[]>> curves) {
        XYChart chart = new XYChartBuilder().width(RL_WIDTH).height(RL_HEIGHT)
                .title(env + ": mean return of the population (median and interquartile range over seeds)"
                        + (scaling != 1.0 ? ", scaling " + scaling : ""))
                .xAxisTitle("step (generation)").yAxisTitle("return").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(5);
        int i = 0;
        for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
            List<double[]> runs = e.getValue();
            int len = runs.stream().mapToInt(c -> c.length).min().orElse(0);
            if (len == 0) {
                continue;
            }
            double[] x = new double[len];
            double[] med = new double[len];
            double[] q1 = new double[len];
            double[] q3 = new double[len];
            for (int t = 0; t < len; t++) {
                double[] at = new double[runs.size()];
                for (int k = 0; k < at.length; k++) {
                    at[k] = runs.get(k)[t];
                }
                x[t] = t + 1;
                med[t] = quantile(at, 0.5);
                q1[t] = quantile(at, 0.25);
                q3[t] = quantile(at, 0.75);
            }
            Color color = COLORS[i++ % COLORS.length];
            double[] bx = new double[2 * len];
            double[] by = new double[2 * len];
            for (int k = 0; k < len; k++) {
                bx[k] = x[k];
                by[k] = q3[k];
                bx[2 * len - 1 - k] = x[k];
                by[2 * len - 1 - k] = q1[k];
            }
            XYSeries band = chart.addSeries(e.getKey() + " IQR", bx, by);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
            band.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
            XYSeries s = chart.addSeries(e.getKey() + " (" + runs.size() + " seeds)", x, med);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
