package io.github.stackedrnn.examples;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
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
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Map;

/**
 * Saves a PNG of the adding problem's test error by training step: one solid line per seed and a
 * dashed line at the error of predicting the constant 1 (1/6).
 *
 * <p>{@link TrainingChart} draws one point per epoch; the adding problem trains on fresh batches and
 * has no epochs, so its x axis is the optimizer step instead. The error axis is logarithmic, because a
 * model that learns the task moves from about 0.17 to below 0.01. Non-finite and non-positive values
 * are left out of the lines. Headless, like {@link TrainingChart}.
 */
final class AddingProblemChart {
    /** Width of the saved image, in pixels. */
    static final int WIDTH = 900;
    /** Height of the saved image, in pixels. */
    static final int HEIGHT = 600;

    private static final Paint[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    static {
        // must be set before AWT starts; an explicit -Djava.awt.headless=false still wins
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private AddingProblemChart() {
    }

    /**
     * @param steps    the optimizer steps at which the errors were measured, ascending
     * @param errors   one series per line, in legend order: its name and its errors, aligned with {@code steps}
     * @param baseline the error of the trivial predictor, drawn dashed
     * @param title    the chart's title
     * @param file     where to write the PNG, replaced if it exists; parent directories are created
     * @return the absolute path of the written file
     * @throws IllegalArgumentException if a series is not aligned with {@code steps}
     * @throws IOException              if the file cannot be written
     */
    static Path save(int[] steps, Map<String, double[]> errors, double baseline, String title, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[]> line : errors.entrySet()) {
            double[] values = line.getValue();
            if (values.length != steps.length) {
                throw new IllegalArgumentException("series " + line.getKey() + " has " + values.length + " values but there are "
                        + steps.length + " steps");
            }
            XYSeries series = new XYSeries(line.getKey(), false, true);
            for (int i = 0; i < steps.length; i++) {
                if (Double.isFinite(values[i]) && values[i] > 0) {
                    series.add(steps[i], values[i]);
                }
            }
            data.addSeries(series);
        }
        XYSeries trivial = new XYSeries(String.format(Locale.ROOT, "predict 1.0 (%.3f)", baseline), false, true);
        trivial.add(steps[0], baseline);
        trivial.add(steps[steps.length - 1], baseline);
        data.addSeries(trivial);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, steps.length <= 40);
        for (int s = 0; s < data.getSeriesCount() - 1; s++) {
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        int last = data.getSeriesCount() - 1;
        renderer.setSeriesPaint(last, Color.GRAY);
        renderer.setSeriesShapesVisible(last, false);
        renderer.setSeriesStroke(last, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 5f}, 0f));

        NumberAxis stepAxis = new NumberAxis("training step");
        stepAxis.setAutoRangeIncludesZero(true);
        LogAxis errorAxis = new LogAxis("test MSE");
        errorAxis.setSmallestValue(1e-5);
        // a tick at every power of ten, labelled as a plain number, with the 2..9 multiples as minor ticks
        errorAxis.setTickUnit(new NumberTickUnit(1.0), false, true);
        errorAxis.setNumberFormatOverride(new DecimalFormat("0.#####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        errorAxis.setMinorTickCount(9);
        errorAxis.setMinorTickMarksVisible(true);
        XYPlot plot = new XYPlot(data, stepAxis, errorAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        ChartUtils.saveChartAsPNG(target.toFile(), chart, WIDTH, HEIGHT);
        return target;
    }
}
