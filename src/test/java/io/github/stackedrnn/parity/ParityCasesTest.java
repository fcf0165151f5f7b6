package io.github.stackedrnn.parity;

import io.github.stackedrnn.model.Gradients;
import io.github.stackedrnn.model.ModelSummary;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.stackedrnn.parity.ParityAssert.ADAM_WEIGHTS;
import static io.github.stackedrnn.parity.ParityAssert.FORWARD;
import static io.github.stackedrnn.parity.ParityAssert.GRADIENT;
import static io.github.stackedrnn.parity.ParityAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole model against the Keras reference cases in {@code src/test/resources/parity/} (generated
 * by TensorFlow.js 4.22 with Keras semantics; see the README there). Each case is built with its
 * layers, loaded with the reference weights, and compared on the forward pass, the loss and every
 * weight gradient (computed from the logits, {@code logitsPath}), names and parameter counts, and the
 * weights after each Adam step ({@code adamStepsKerasRule}), with the README's tolerances.
 *
 * <p>Run with {@code -Dparity.report=FILE} to write the largest deviation of each category to FILE.
 */
class ParityCasesTest {
    /** The shared folder holds eight cases; a lost file must not silently shrink the suite. */
    private static final int MINIMUM_CASES = 8;

    static List<String> caseNames() {
        return ParityCase.names();
    }

    @Test
    void everyReferenceCaseIsPresent() {
        List<String> names = caseNames();
        assertTrue(names.size() >= MINIMUM_CASES, "expected at least " + MINIMUM_CASES
                + " cases in src/test/resources/parity/cases but found " + names.size() + ": " + names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void forwardPassMatchesKeras(String name) {
        ParityCase c = ParityCase.load(name);
        StackedRnnModel model = c.newModel();

        List<Tensor> hidden = model.hiddenStates(c.x);
        assertEquals(c.hiddenStates.size(), hidden.size(), name + ": number of hidden-state tensors");
        List<Executable> checks = new ArrayList<>();
        for (int l = 0; l < hidden.size(); l++) {
            int layer = l;
            checks.add(() -> assertClose(name + ": forward.hiddenStates[" + layer + "] (" + c.layerNames.get(layer) + ")",
                    "forward.hiddenStates", c.hiddenStates.get(layer), hidden.get(layer), FORWARD));
        }
        checks.add(() -> assertClose(name + ": forward.logits vs predictLogits", "forward.logits", c.logits,
                model.predictLogits(c.x), FORWARD));
        checks.add(() -> assertClose(name + ": forward.probabilities vs predict", "forward.probabilities",
                c.probabilities, model.predict(c.x), FORWARD));
        assertAll(name + ": forward pass", checks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void lossAndGradientsMatchKeras(String name) {
        ParityCase c = ParityCase.load(name);
        StackedRnnModel model = c.newModel();
        Gradients g = model.computeGradients(c.x, c.y);
        assertMatchesLogitsPath(c, g, "one-hot labels");
        assertEquals(c.weights, model.getWeights(), name + ": computeGradients must leave the weights unchanged");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void sparseLabelsGiveTheOneHotLossAndGradients(String name) {
        ParityCase c = ParityCase.load(name);
        assumeTrue(c.oneHot(), name + ": labels are not one-hot");
        StackedRnnModel model = c.newModel();
        Gradients oneHot = model.computeGradients(c.x, c.y);
        Gradients sparse = c.perStepOutput()
                ? model.computeGradients(c.x, c.sparseStepLabels())
                : model.computeGradients(c.x, c.sparseLabels());
        assertMatchesLogitsPath(c, sparse, "sparse labels");
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertClose(name + ": loss, sparse vs one-hot labels", "sparse vs one-hot", oneHot.loss(),
                sparse.loss(), FORWARD));
        for (int i = 0; i < oneHot.size(); i++) {
            int w = i;
            checks.add(() -> assertClose(name + ": gradient " + oneHot.name(w) + ", sparse vs one-hot labels",
                    "sparse vs one-hot", oneHot.get(w), sparse.get(w), FORWARD));
        }
        assertAll(name + ": sparse labels", checks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void namesAndParameterCountsMatchKeras(String name) {
        ParityCase c = ParityCase.load(name);
        StackedRnnModel model = c.newModel();
        assertEquals(c.layerNames, model.layerNames(), name + ": layerNames");
        assertEquals(c.weightPaths, model.weightNames(), name + ": weight names in Keras get_weights() order");

        Map<String, Long> fromShapes = c.parametersFromShapes();
        assertEquals(c.layerNames, List.copyOf(fromShapes.keySet()), name + ": layers of the reference weights");
        assertEquals(c.summaryParameters, fromShapes,
                name + ": reference weight shapes vs TensorFlow.js's summary (a fixture inconsistency)");
        Map<String, Long> fromSummary = new LinkedHashMap<>();
        ModelSummary summary = model.summary();
        for (ModelSummary.Row row : summary.rows()) {
            fromSummary.put(row.name(), row.parameters());
        }
        assertEquals(fromShapes, fromSummary, name + ": summary().rows() parameter counts");
        long total = fromShapes.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(total, summary.totalParameters(), name + ": summary().totalParameters()");
        assertEquals(total, model.parameterCount(), name + ": parameterCount()");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void adamStepsMatchKerasRule(String name) {
        ParityCase c = ParityCase.load(name);
        StackedRnnModel model = c.newModel();
        for (int k = 1; k <= c.steps; k++) {
            ParityCase.AdamStep expected = c.adamSteps.get(k - 1);
            assertEquals(k, expected.step(), name + ": adamStepsKerasRule[" + (k - 1) + "].step");
            double loss = model.trainOnBatch(c.x, c.y);
            List<Tensor> weights = model.getWeights();
            assertEquals(c.weightPaths.size(), weights.size(), name + ": number of weight tensors");
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertClose(name + ": adamStepsKerasRule[" + (expected.step() - 1) + "].lossBeforeStep vs trainOnBatch",
                    "adam.lossBeforeStep", expected.lossBeforeStep(), loss, FORWARD));
            for (int i = 0; i < weights.size(); i++) {
                int w = i;
                String what = name + ": adamStepsKerasRule[" + (k - 1) + "].weights " + c.weightPaths.get(w)
                        + " after step " + k;
                checks.add(() -> assertClose(what, "adam.weights", expected.weights().get(w), weights.get(w), ADAM_WEIGHTS));
            }
            assertAll(name + ": Adam step " + k, checks);
        }
        assertEquals(c.steps, model.iterations(), name + ": iterations()");
    }

    @AfterAll
    static void writeDeviationReport() throws IOException {
        String file = System.getProperty("parity.report");
        if (file != null && !file.isBlank()) {
            Path path = Paths.get(file);
            Files.writeString(path, ParityAssert.deviationReport(), StandardCharsets.UTF_8);
        }
    }

    /** Loss and every weight gradient against {@code logitsPath}, the reference for the fused softmax + CE. */
    private static void assertMatchesLogitsPath(ParityCase c, Gradients g, String labels) {
        String name = c.name;
        assertEquals(c.gradients.size(), g.size(), name + ": number of gradient tensors");
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertClose(name + ": logitsPath.loss vs computeGradients (" + labels + ")", "loss",
                c.loss, g.loss(), FORWARD));
        for (int i = 0; i < g.size(); i++) {
            int w = i;
            checks.add(() -> assertEquals(c.weightPaths.get(w), g.name(w), name + ": gradient name " + w));
            checks.add(() -> assertClose(name + ": logitsPath.gradients[" + w + "] " + c.weightPaths.get(w) + " (" + labels + ")",
                    "gradients", c.gradients.get(w), g.get(w), GRADIENT));
        }
        assertAll(name + ": loss and gradients (" + labels + ")", checks);
    }
}
