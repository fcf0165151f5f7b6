package io.github.stackedrnn.examples;

import io.github.stackedrnn.train.History;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Saves a PNG of the metrics of a training run, one point per epoch: the examples' picture of
 * {@code History.history}.
 *
 * <p>Every metric in {@link History#asMap()} is drawn. Metrics whose name contains {@code loss}
 * ({@code loss}, {@code val_loss}, {@code test_loss}, ...) go in the upper panel; all others
 * ({@code accuracy}, {@code val_accuracy}, ...) in the lower one, which is left out when there are
 * none. Training metrics are solid lines; metrics measured on held-out data (names starting with
 * {@code val_} or {@code test_}) are dashed. Both panels share the epoch axis, counted from 1.
 * Non-finite values are left out of the lines.
 *
 * <p>Drawing uses JFreeChart in headless mode (no display is needed); JFreeChart is a test-scoped
 * dependency, so this class lives with the examples and never in the library's jar.
 */
public final class TrainingChart {
    /** Width of the saved image, in pixels. */
    public static final int WIDTH = 900;
    /** Height of the saved image, in pixels. */
    public static final int HEIGHT = 700;

    private static final Paint[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final BasicStroke SOLID = new BasicStroke(2f);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {8f, 5f}, 0f);

    static {
        // must be set before AWT starts; an explicit -Djava.awt.headless=false still wins
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TrainingChart() {
    }

    /**
     * Draws the history and writes it as a {@value #WIDTH} × {@value #HEIGHT} PNG, creating the parent
     * directories.
     *
     * @param history the metrics to draw, at least one epoch
     * @param title   the chart's title
     * @param file    where to write the PNG; replaced if it exists
     * @return the absolute path of the written file
     * @throws IllegalArgumentException if the history has no epoch
     * @throws IOException              if the file cannot be written
     */
    public static Path save(History history, String title, Path file) throws IOException {
        if (history.epochs() == 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `history`, expected at least "
                    + "one epoch, got " + history);
        }
        XYSeriesCollection losses = new XYSeriesCollection();
        XYSeriesCollection others = new XYSeriesCollection();
        for (Map.Entry<String, List<Double>> metric : history.asMap().entrySet()) {
            XYSeries series = new XYSeries(metric.getKey(), false, true);
            List<Double> values = metric.getValue();
            for (int epoch = 0; epoch < values.size(); epoch++) {
                double value = values.get(epoch);
                if (Double.isFinite(value)) {
                    series.add(epoch + 1, value);
                }
            }
            (isLoss(metric.getKey()) ? losses : others).addSeries(series);
        }

        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12.0);
        if (losses.getSeriesCount() > 0) {
            plot.add(panel(losses, "loss", false), 1);
        }
        if (others.getSeriesCount() > 0) {
            plot.add(panel(others, "accuracy", fractions(others)), 1);
        }

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        ChartUtils.saveChartAsPNG(target.toFile(), chart, WIDTH, HEIGHT);
        return target;
    }

    private static XYPlot panel(XYSeriesCollection data, String label, boolean unitRange) {
        NumberAxis values = new NumberAxis(label);
        values.setAutoRangeIncludesZero(false);
        if (unitRange) {
            values.setRange(0.0, 1.02);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, data.getItemCount(0) <= 40);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            renderer.setSeriesStroke(s, isHeldOut((String) data.getSeriesKey(s)) ? DASHED : SOLID);
        }
        XYPlot plot = new XYPlot(data, null, values, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    /** Whether every value lies in [0, 1], so the axis can show the whole range of a fraction. */
    private static boolean fractions(XYSeriesCollection data) {
        for (int s = 0; s < data.getSeriesCount(); s++) {
            XYSeries series = data.getSeries(s);
            if (!series.isEmpty() && (series.getMinY() < 0.0 || series.getMaxY() > 1.0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoss(String metric) {
        return metric.contains("loss");
    }

    private static boolean isHeldOut(String metric) {
        return metric.startsWith("val_") || metric.startsWith("test_");
    }
}
