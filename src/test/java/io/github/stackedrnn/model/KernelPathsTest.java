package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.MatrixKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model trained on the Vector API kernels and one trained on the scalar kernels are the same model to
 * the bit: {@link KernelPathRun} trains here, on this JVM's path, and again in a JVM started on the
 * other path (without {@code -Dstackedrnn.vector=false} and with {@code --add-modules jdk.incubator.vector},
 * or the reverse), and every weight and prediction must have the same bits.
 */
class KernelPathsTest {
    @Test
    void trainingOnEitherKernelPathGivesTheSameWeightsAndPredictionsBitForBit(@TempDir Path dir) throws Exception {
        StringBuilder here = new StringBuilder();
        float[] expected = KernelPathRun.run(here);

        Path file = dir.resolve("other-path.bin");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        if (MatrixKernels.vectorized()) {
            command.add("-Dstackedrnn.vector=false");
        } else {
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(KernelPathRun.class.getName());
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8);
        assertThat(ended).as("the other JVM ended; its output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as("the other JVM's exit code; its output:%n%s", log).isZero();

        String there;
        float[] actual;
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            there = data.readUTF();
            actual = new float[data.readInt()];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = Float.intBitsToFloat(data.readInt());
            }
        }
        assertThat(there).as("the other JVM ran the other kernels").isNotEqualTo(here.toString());
        assertThat(List.of(here.toString(), there)).anySatisfy(k -> assertThat(k).startsWith("Vector API"))
                .anySatisfy(k -> assertThat(k).startsWith("scalar"));
        // the other JVM logged the kernels it used at INFO, once
        assertThat(log.lines().filter(l -> l.contains("stacked-rnn kernels: " + there))).as("log:%n%s", log).hasSize(1);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(String.format("float %d of %d (weights, then predictions): %s on %s but %s on %s", i,
                        expected.length, expected[i], here, actual[i], there));
            }
        }
    }
}
