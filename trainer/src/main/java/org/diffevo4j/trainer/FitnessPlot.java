package org.diffevo4j.trainer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws {@code fitness.png}: return over steps, mean with its standard deviation, and the min-max range. */
public final class FitnessPlot {

    static {
        // Runs on servers and in CI: never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    private FitnessPlot() {
    }

    /** Writes the chart as PNG (atomically) and returns the path. */
    public static Path write(Path png, String title, List<StepMetrics> metrics) {
        try {
            AtomicFiles.write(png, png(title, metrics));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png + ": " + e.getMessage(), e);
        }
        return png;
    }

    /** The chart as PNG bytes. */
    static byte[] png(String title, List<StepMetrics> metrics) throws IOException {
        int n = metrics.size();
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        for (int i = 0; i < n; i++) {
            StepMetrics m = metrics.get(i);
            x[i] = m.step();
            mean[i] = m.returnMean();
            std[i] = m.returnStd();
            min[i] = m.returnMin();
            max[i] = m.returnMax();
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("step").yAxisTitle("episode return").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        if (n > 0) {
            XYSeries maxS = chart.addSeries("max", x, max);
            maxS.setMarker(SeriesMarkers.NONE);
            maxS.setLineColor(new Color(90, 160, 90));
            maxS.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5f, 4f}, 0f));
            XYSeries meanS = chart.addSeries("mean +- std", x, mean, std);
            meanS.setMarker(SeriesMarkers.CIRCLE);
            meanS.setLineColor(new Color(40, 90, 180));
            meanS.setMarkerColor(new Color(40, 90, 180));
            XYSeries minS = chart.addSeries("min", x, min);
            minS.setMarker(SeriesMarkers.NONE);
            minS.setLineColor(new Color(200, 90, 70));
            minS.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5f, 4f}, 0f));
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

}
