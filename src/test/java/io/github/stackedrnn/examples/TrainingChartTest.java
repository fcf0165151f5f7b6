package io.github.stackedrnn.examples;

import io.github.stackedrnn.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingChartTest {

    @TempDir
    Path dir;

    @Test
    void save_writesADecodablePngOfTheStatedSize_thatIsNotBlank() throws IOException {
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        metrics.put(History.LOSS, List.of(1.3, 0.9, 0.6, 0.5, 0.45));
        metrics.put(History.ACCURACY, List.of(0.40, 0.62, 0.80, 0.85, 0.88));
        metrics.put(History.VAL_LOSS, List.of(1.2, 0.95, 0.7, 0.62, 0.6));
        metrics.put(History.VAL_ACCURACY, List.of(0.42, 0.60, 0.76, 0.81, 0.83));
        Path file = dir.resolve("nested/charts/history.png");

        Path written = TrainingChart.save(new History(metrics), "test chart", file);

        assertThat(written).isEqualTo(file.toAbsolutePath());
        assertThat(Files.size(written)).isGreaterThan(1000);
        BufferedImage image = ImageIO.read(written.toFile());
        assertThat(image).as("decodes as an image").isNotNull();
        assertThat(image.getWidth()).isEqualTo(TrainingChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TrainingChart.HEIGHT);
        assertThat(distinctColours(image)).as("distinct colours: lines, text and grid, not a blank canvas")
                .isGreaterThan(20);
    }

    @Test
    void save_drawsHistoriesWithLossOnly_andSkipsNonFiniteValues() throws IOException {
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        metrics.put("test_loss", List.of(2.0, Double.NaN, 1.0));
        Path file = TrainingChart.save(new History(metrics), "loss only", dir.resolve("loss.png"));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(TrainingChart.WIDTH);
        assertThat(distinctColours(image)).isGreaterThan(5);
    }

    @Test
    void save_refusesAnEmptyHistory() {
        assertThatThrownBy(() -> TrainingChart.save(new History(Map.of()), "empty", dir.resolve("empty.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one epoch");
        assertThat(dir.resolve("empty.png")).doesNotExist();
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
