package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CsvLogger}: the exact text, append mode, flushing, and failures naming the file. */
class CsvLoggerTest {
    @TempDir
    Path dir;

    private static FakeFitContext context() {
        return new FakeFitContext(10, 4, History.LOSS, History.ACCURACY, History.VAL_LOSS, History.VAL_ACCURACY);
    }

    private static Map<String, Double> logs(double loss, double accuracy, double valLoss, double valAccuracy) {
        Map<String, Double> logs = new LinkedHashMap<>();
        // a different order from the header's, which follows the context's metric names
        logs.put(History.VAL_ACCURACY, valAccuracy);
        logs.put(History.VAL_LOSS, valLoss);
        logs.put(History.ACCURACY, accuracy);
        logs.put(History.LOSS, loss);
        return logs;
    }

    /** One fit of two epochs. */
    private static void fit(CsvLogger logger, double offset) {
        FakeFitContext fit = context();
        logger.onTrainBegin(fit);
        logger.onEpochBegin(fit, 0);
        logger.onEpochEnd(fit, 0, logs(1.25 + offset, 0.5, 1.5, 0.25));
        logger.onEpochBegin(fit, 1);
        logger.onEpochEnd(fit, 1, logs(0.1 + 0.2, 0.75, 1e-5, 1.0));
        logger.onTrainEnd(fit);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void writesHeaderAndOneRowPerEpoch() throws IOException {
        Path file = dir.resolve("log.csv");
        fit(CsvLogger.builder(file).build(), 0);
        assertThat(read(file)).isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy\n"
                + "0,1.25,0.5,1.5,0.25\n"
                + "1,0.30000000000000004,0.75,1.0E-5,1.0\n");
    }

    @Test
    void overwrites_byDefault() throws IOException {
        Path file = dir.resolve("log.csv");
        Files.writeString(file, "old text\n");
        fit(CsvLogger.builder(file).build(), 0);
        assertThat(read(file)).startsWith("epoch,loss,").doesNotContain("old text");
    }

    @Test
    void append_addsRowsWithoutASecondHeader() throws IOException {
        Path file = dir.resolve("log.csv");
        CsvLogger logger = CsvLogger.builder(file).append(true).build();
        fit(logger, 0);
        fit(logger, 1);
        assertThat(read(file)).isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy\n"
                + "0,1.25,0.5,1.5,0.25\n"
                + "1,0.30000000000000004,0.75,1.0E-5,1.0\n"
                + "0,2.25,0.5,1.5,0.25\n"
                + "1,0.30000000000000004,0.75,1.0E-5,1.0\n");
    }

    @Test
    void append_toAnEmptyFile_writesTheHeader() throws IOException {
        Path file = dir.resolve("log.csv");
        Files.writeString(file, "");
        fit(CsvLogger.builder(file).append(true).build(), 0);
        assertThat(read(file)).startsWith("epoch,loss,accuracy,val_loss,val_accuracy\n0,");
    }

    @Test
    void separator_andMissingValues() throws IOException {
        Path file = dir.resolve("log.csv");
        CsvLogger logger = CsvLogger.builder(file).separator(";").build();
        FakeFitContext fit = context();
        logger.onTrainBegin(fit);
        logger.onEpochEnd(fit, 0, Map.of(History.LOSS, 0.5, History.ACCURACY, 0.25));
        logger.onTrainEnd(fit);
        assertThat(read(file)).isEqualTo("epoch;loss;accuracy;val_loss;val_accuracy\n0;0.5;0.25;NA;NA\n");
    }

    @Test
    void aFieldHoldingTheSeparator_isQuoted() throws IOException {
        Path file = dir.resolve("log.csv");
        CsvLogger logger = CsvLogger.builder(file).separator(".").build();
        FakeFitContext fit = new FakeFitContext(1, 1, History.LOSS);
        logger.onTrainBegin(fit);
        logger.onEpochEnd(fit, 0, Map.of(History.LOSS, 0.5));
        logger.onTrainEnd(fit);
        assertThat(read(file)).isEqualTo("epoch.loss\n0.\"0.5\"\n");
    }

    @Test
    void eachRow_isOnDiskBeforeTrainEnd() throws IOException {
        Path file = dir.resolve("log.csv");
        CsvLogger logger = CsvLogger.builder(file).build();
        FakeFitContext fit = context();
        logger.onTrainBegin(fit);
        logger.onEpochEnd(fit, 0, logs(1.25, 0.5, 1.5, 0.25));
        assertThat(read(file)).isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy\n0,1.25,0.5,1.5,0.25\n");
        logger.onTrainEnd(fit);
    }

    @Test
    void unwritableFile_isAnUncheckedIOExceptionNamingIt() {
        Path file = dir.resolve("missing-directory").resolve("log.csv");
        CsvLogger logger = CsvLogger.builder(file).build();
        assertThatThrownBy(() -> logger.onTrainBegin(context()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void separator_mustBeOneCharacter() {
        assertThatThrownBy(() -> CsvLogger.builder(dir.resolve("x.csv")).separator(", "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `separator`, expected one character other than a quote "
                        + "or a line break, got \", \".");
        assertThatThrownBy(() -> CsvLogger.builder(dir.resolve("x.csv")).separator("\""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void append_twice() {
        assertThatThrownBy(() -> CsvLogger.builder(dir.resolve("x.csv")).append(true).append(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`append` was already set to true");
    }

    @Test
    void path_null() {
        assertThatThrownBy(() -> CsvLogger.builder(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`path`");
    }
}
