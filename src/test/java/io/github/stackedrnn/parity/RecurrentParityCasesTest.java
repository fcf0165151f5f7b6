package io.github.stackedrnn.parity;

import io.github.stackedrnn.model.Gradients;
import io.github.stackedrnn.model.ModelSummary;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The whole model against the Keras reference cases for LSTM, GRU and Bidirectional in
 * {@code src/test/resources/parity-recurrent/} (see the README and SOURCE.md there), with the
 * tolerances of the SimpleRNN cases: forward 1e-6, gradients 1e-5 + 1e-3·|g|, Adam steps 2e-5. The
 * weights are read from each case.
 */
class RecurrentParityCasesTest {
    static List<String> caseNames() {
        return RecurrentParityCase.NAMES;
    }

    @Test
    void everyListedCaseHasItsFiles() {
        for (String name : caseNames()) {
            assertNotNull(RecurrentParityCasesTest.class.getResource("/parity-recurrent/cases/" + name + ".json"), name);
            assertNotNull(RecurrentParityCasesTest.class.getResource("/parity-recurrent/results/" + name + ".json"), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void forwardPassMatchesKeras(String name) {
        RecurrentParityCase c = RecurrentParityCase.load(name);
        StackedRnnModel model = c.newModel();
        List<Executable> checks = new ArrayList<>();
        if (c.mask == null) {
            List<Tensor> hidden = model.hiddenStates(c.x);
            for (int l = 0; l < c.layers.size(); l++) {
                int layer = l;
                // a plain layer's hidden states; a Bidirectional's merged output sequence, if it returns one
                boolean wrapper = c.layers.get(l) instanceof io.github.stackedrnn.layer.Bidirectional;
                Tensor expected = !wrapper ? c.hiddenStates.get(l)
                        : c.layers.get(l).outputSize() > 0 && ((io.github.stackedrnn.layer.Bidirectional) c.layers.get(l)).returnSequences()
                        ? c.layerOutputs.get(l) : null;
                if (expected != null) {
                    checks.add(() -> assertClose(name + ": layer " + layer + " output sequence", "recurrent.hiddenStates", expected,
                            hidden.get(layer), FORWARD));
                }
            }
            checks.add(() -> assertClose(name + ": forward.logits", "recurrent.logits", c.logits, model.predictLogits(c.x), FORWARD));
            checks.add(() -> assertClose(name + ": forward.probabilities", "recurrent.probabilities", c.probabilities,
                    model.predict(c.x), FORWARD));
        } else {
            checks.add(() -> assertClose(name + ": forward.probabilities (masked)", "recurrent.probabilities", c.probabilities,
                    model.predict(c.x, c.mask), FORWARD));
        }
        assertAll(name + ": forward pass", checks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void lossAndGradientsMatchKeras(String name) {
        RecurrentParityCase c = RecurrentParityCase.load(name);
        StackedRnnModel model = c.newModel();
        Gradients g = c.mask == null ? model.computeGradients(c.x, c.y) : model.computeGradients(c.x, c.y, c.mask);
        assertEquals(c.gradients.size(), g.size(), name + ": number of gradient tensors");
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertClose(name + ": logitsPath.loss", "recurrent.loss", c.loss, g.loss(), FORWARD));
        for (int i = 0; i < g.size(); i++) {
            int w = i;
            checks.add(() -> assertClose(name + ": logitsPath.gradients[" + w + "] " + g.name(w), "recurrent.gradients",
                    c.gradients.get(w), g.get(w), GRADIENT));
        }
        assertAll(name + ": loss and gradients", checks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void namesShapesAndParameterCountsMatchKeras(String name) {
        RecurrentParityCase c = RecurrentParityCase.load(name);
        StackedRnnModel model = c.newModel();
        assertEquals(c.layerNames, model.layerNames(), name + ": layer names");
        List<Tensor> weights = model.getWeights();
        assertEquals(c.weights.size(), weights.size(), name + ": number of weight tensors");
        for (int i = 0; i < weights.size(); i++) {
            assertEquals(Tensor.formatShape(c.weights.get(i).shape()), Tensor.formatShape(weights.get(i).shape()),
                    name + ": shape of " + model.weightNames().get(i));
        }
        assertEquals(c.weights, weights, name + ": getWeights returns what setWeights took");
        Map<String, Long> fromSummary = new LinkedHashMap<>();
        ModelSummary summary = model.summary();
        for (ModelSummary.Row row : summary.rows()) {
            fromSummary.put(row.name(), row.parameters());
        }
        assertEquals(c.paramCounts, fromSummary, name + ": summary parameter counts");
        assertEquals(c.totalParams, summary.totalParameters(), name + ": total parameters");
        assertEquals(c.totalParams, model.parameterCount(), name + ": parameterCount()");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void adamStepsMatchKerasRule(String name) {
        RecurrentParityCase c = RecurrentParityCase.load(name);
        StackedRnnModel model = c.newModel();
        for (int k = 1; k <= c.steps; k++) {
            RecurrentParityCase.AdamStep expected = c.adamSteps.get(k - 1);
            double loss = c.mask == null ? model.trainOnBatch(c.x, c.y) : model.trainOnBatch(c.x, c.y, c.mask);
            List<Tensor> weights = model.getWeights();
            List<Executable> checks = new ArrayList<>();
            int step = k;
            checks.add(() -> assertClose(name + ": lossBeforeStep " + step, "recurrent.adam.loss", expected.lossBeforeStep(), loss,
                    FORWARD));
            for (int i = 0; i < weights.size(); i++) {
                int w = i;
                checks.add(() -> assertClose(name + ": weights " + model.weightNames().get(w) + " after step " + step,
                        "recurrent.adam.weights", expected.weights().get(w), weights.get(w), ADAM_WEIGHTS));
            }
            assertAll(name + ": Adam step " + k, checks);
        }
    }
}
