package io.github.stackedrnn.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecasting example, shortened: the regression head learns, and its controls leave their traces. */
class ForecastingExampleTest {
    @Test
    void beatsTheNaiveForecast_andLogsEveryEpoch(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("log.csv");
        ForecastingExample.Result r = ForecastingExample.run(12, 600, 3, csv, false);
        assertThat(r.testMse()).as("test MSE against repeating the last value %s", r.naiveMse())
                .isLessThan(r.naiveMse() / 2);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("epoch,loss,mae,val_loss,val_mae");
        assertThat(lines).hasSize(r.epochs() + 1);
        assertThat(r.history().valLoss()).hasSize(r.epochs());
    }
}
