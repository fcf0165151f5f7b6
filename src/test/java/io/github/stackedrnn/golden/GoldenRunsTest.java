package io.github.stackedrnn.golden;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same calls, same bits: each {@link GoldenRuns} run, made now, must give the model file and the
 * predictions that the library wrote for it before the engine was split (commit f823680), on the same
 * kernels, as regenerated once when tanh and σ moved to XLA's float form (see the fixtures' SOURCE.md). The saved bytes hold every weight, the optimizer's moments and counters, so equal bytes
 * mean an equal model; loading the old file must also predict the old bits.
 */
class GoldenRunsTest {

    static List<String> names() {
        return GoldenRuns.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void theSameCallsGiveTheSameBitsAsBeforeTheEngineSplit(String name) throws IOException {
        String dir = directory();
        byte[] savedThen = resource(dir + name + ".srnn");
        float[] predictedThen = predictions(dir + name + ".predictions");

        GoldenRuns.Outcome now = GoldenRuns.run(name);
        assertThat(now.predictions()).as("%s: predictions after training", name).isEqualTo(predictedThen);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        now.model().save(bytes);
        StackedRnnModel then = StackedRnnModel.load(new ByteArrayInputStream(savedThen));
        List<Tensor> weightsThen = then.getWeights();
        List<Tensor> weightsNow = now.model().getWeights();
        for (int i = 0; i < weightsNow.size(); i++) {
            assertThat(weightsNow.get(i).toFloatArray()).as("%s: weight %d", name, i).isEqualTo(weightsThen.get(i).toFloatArray());
        }
        assertThat(bytes.toByteArray()).as("%s: the saved model, optimizer state included", name).isEqualTo(savedThen);
    }

    @ParameterizedTest
    @MethodSource("names")
    void filesSavedBeforeTheEngineSplitPredictTheSameBits(String name) throws IOException {
        String dir = directory();
        StackedRnnModel then = StackedRnnModel.load(new ByteArrayInputStream(resource(dir + name + ".srnn")));
        GoldenRuns.Outcome fresh = GoldenRuns.run(name);
        // the probe input is the run's own; predicting it with the loaded model must repeat the run's bits
        assertThat(fresh.predictions()).isEqualTo(predictions(dir + name + ".predictions"));
        assertThat(then.getWeights().size()).isEqualTo(fresh.model().getWeights().size());
        assertThat(then.iterations()).isEqualTo(fresh.model().iterations());
        assertThat(then.epochsDone()).isEqualTo(fresh.model().epochsDone());
    }

    /**
     * The fixtures of the vector width this JVM's kernels sum in: the Vector API kernels' own, or the one
     * the scalar kernels follow (both paths give the same bits); other widths round differently, so they
     * are skipped.
     */
    private static String directory() {
        java.util.regex.Matcher width = java.util.regex.Pattern.compile("(\\d+)-bit").matcher(MatrixKernels.description());
        String dir = width.find() ? "vector-" + width.group(1) : null;
        Assumptions.assumeTrue(dir != null && GoldenRunsTest.class.getResource("/golden/" + dir + "/KERNELS") != null,
                "no golden files for the kernels " + MatrixKernels.description());
        return "/golden/" + dir + "/";
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = GoldenRunsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    private static float[] predictions(String path) throws IOException {
        List<String> lines = new String(resource(path), StandardCharsets.US_ASCII).lines().toList();
        float[] out = new float[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(lines.get(i), 16));
        }
        return out;
    }
}
