package io.github.stackedrnn.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The files example, shortened: it writes one CSV file per training sequence and learns from them. */
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
    }
}
