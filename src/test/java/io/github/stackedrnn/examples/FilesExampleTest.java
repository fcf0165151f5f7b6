package io.github.stackedrnn.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The files example, shortened: it writes one CSV file per training sequence of raw values and learns from them. */
class FilesExampleTest {
    @Test
    void trainsFromFiles_andLearns(@TempDir Path dir) throws IOException {
        FilesExample.Result r = FilesExample.run(dir, 800, 4, 3);
        try (Stream<Path> files = Files.list(dir.resolve("train"))) {
            assertThat(files.count()).isEqualTo(800);
        }
        assertThat(r.history().valAccuracy()).hasSize(4);
        // chance is 0.25; the drift over 10 to 40 steps is clear
        assertThat(r.test().accuracy()).isGreaterThan(0.8);
        // the statistics were adapted on every step of the 800 files, and travel with the saved model
        assertThat(r.normalization().count()).isBetween(800L * 10, 800L * 40);
        assertThat(r.normalization().mean()[9]).isBetween(850f, 950f); // feature 9, a distractor, is 900 + 512·N(0, 1)
        assertThat(r.reloadedLargestDifference()).isEqualTo(0.0);
    }
}
