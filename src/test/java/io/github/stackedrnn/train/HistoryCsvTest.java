package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link History}'s CSV and its regression metrics. */
class HistoryCsvTest {
    @TempDir
    Path dir;

    private static History regression() {
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        metrics.put(History.LOSS, List.of(0.5, 0.1 + 0.2));
        metrics.put(History.MAE, List.of(0.75, 1e-5));
        metrics.put(History.VAL_LOSS, List.of(2.0, Double.NaN));
        metrics.put(History.VAL_MAE, List.of(1.25, 1234567.0));
        return new History(metrics);
    }

    @Test
    void toCsv_headerInOrderThenOneRowPerEpochFrom0_fullPrecision() {
        assertThat(regression().toCsv()).isEqualTo("epoch,loss,mae,val_loss,val_mae\n"
                + "0,0.5,0.75,2.0,1.25\n"
                + "1,0.30000000000000004,1.0E-5,NaN,1234567.0\n");
    }

    @Test
    void toCsv_ignoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(regression().toCsv()).contains("0,0.5,0.75,2.0,1.25\n");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void toCsv_ofNoEpochs_isTheHeader() {
        assertThat(new History(Map.of()).toCsv()).isEqualTo("epoch\n");
    }

    @Test
    void writeCsv_writesTheSameText() throws IOException {
        Path file = dir.resolve("history.csv");
        Files.writeString(file, "to be replaced, and longer than the history itself ..............................");
        regression().writeCsv(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(regression().toCsv());
    }

    @Test
    void mae_andValMae() {
        History h = regression();
        assertThat(h.mae()).containsExactly(0.75, 1e-5);
        assertThat(h.valMae()).containsExactly(1.25, 1234567.0);
        assertThat(h.accuracy()).isEmpty();
    }
}
