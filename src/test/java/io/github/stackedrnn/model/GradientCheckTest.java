package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.ReferenceRnn.RnnSpec;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole model against {@link ReferenceRnn}, a plain double-precision implementation written for
 * the tests: the forward pass ({@code predict}, {@code hiddenStates}, {@code predictLogits}) element by
 * element, and {@code computeGradients} (float, analytic BPTT) against central finite differences of
 * the reference's loss (double) with respect to every weight element and every input element.
 *
 * <p>The element criterion is DL4J's gradient check: the relative error {@code |a-n| / (|a|+|n|)} must
 * not exceed {@value #MAX_RELATIVE_ERROR}, unless the absolute error is below
 * {@value #MIN_ABSOLUTE_ERROR} (which also lets two zeros pass). On top of that the errors are bounded
 * in aggregate, relative to the size of the gradient. ReLU layers are kept away from their kink: every
 * pre-activation of a ReLU layer is at least {@value #RELU_MARGIN} from zero, or the sample is redrawn.
 *
 * <p>Dimension legend: {@code B} = batch, {@code T} = time, {@code F} = features, {@code K} = classes.
 */
class GradientCheckTest {
    /** Central-difference step, in double precision. */
    private static final double EPS = 1e-6;
    /** DL4J's bound on {@code |a-n| / (|a|+|n|)}: float analytic against double numeric. */
    private static final double MAX_RELATIVE_ERROR = 1e-2;
    /** Absolute errors below this pass whatever their relative size (both-zero passes). */
    private static final double MIN_ABSOLUTE_ERROR = 1e-5;
    /** Aggregate bound: the largest absolute error, and the error's L2 norm, relative to the gradient's size. */
    private static final double AGGREGATE_TOLERANCE = 1e-4;
    /** Forward values: {@code |reference - model| <= FORWARD_TOLERANCE * max(1, |reference|)}. */
    private static final double FORWARD_TOLERANCE = 1e-5;
    /** No ReLU pre-activation may lie closer to zero than this. */
    private static final double RELU_MARGIN = 1e-3;
    private static final int WEIGHT_DRAWS = 20;
    private static final int SAMPLE_DRAWS = 200;

    private static final List<Case> CASES = List.of(
            new Case(3, 3, false, 1, 1, false, 101, rnn(4, Activation.TANH, true, false)),
            new Case(3, 3, true, 3, 5, true, 102, rnn(4, Activation.TANH, true, false)),
            new Case(3, 3, true, 3, 5, false, 103, rnn(4, Activation.TANH, true, true)),
            new Case(2, 4, true, 3, 1, true, 104, rnn(5, Activation.RELU, true, true)),
            new Case(3, 3, true, 3, 5, false, 105, rnn(4, Activation.RELU, true, false)),
            new Case(3, 2, true, 1, 5, true, 106, rnn(3, Activation.LINEAR, true, true)),
            new Case(3, 3, true, 3, 1, false, 107, rnn(4, Activation.LINEAR, false, false)),
            new Case(3, 3, true, 3, 5, true, 108,
                    rnn(4, Activation.TANH, false, true), rnn(5, Activation.RELU, true, false)),
            new Case(2, 3, true, 3, 5, false, 109,
                    rnn(4, Activation.RELU, true, true), rnn(3, Activation.LINEAR, true, true)),
            new Case(3, 3, false, 1, 1, true, 110,
                    rnn(4, Activation.LINEAR, true, true), rnn(3, Activation.TANH, true, true)),
            new Case(3, 3, true, 3, 5, false, 111,
                    rnn(4, Activation.TANH, true, true), rnn(5, Activation.RELU, true, true), rnn(3, Activation.LINEAR, true, false)),
            new Case(3, 2, true, 3, 5, true, 112,
                    rnn(3, Activation.LINEAR, true, true), rnn(4, Activation.TANH, false, true), rnn(5, Activation.RELU, true, true)),
            new Case(2, 3, true, 3, 5, false, 113,
                    rnn(4, Activation.RELU, true, true), rnn(3, Activation.RELU, false, true), rnn(4, Activation.RELU, true, false)),
            new Case(3, 3, true, 37, 5, true, 114, rnn(4, Activation.TANH, true, false)),
            new Case(3, 3, true, 37, 5, false, 115,
                    rnn(4, Activation.TANH, true, true), rnn(5, Activation.RELU, true, true)),
            new Case(3, 3, true, 37, 5, true, 116,
                    rnn(4, Activation.RELU, true, true), rnn(5, Activation.TANH, true, true), rnn(3, Activation.LINEAR, false, false)),
            new Case(3, 3, false, 37, 1, false, 117,
                    rnn(4, Activation.TANH, true, true), rnn(3, Activation.TANH, true, true), rnn(4, Activation.TANH, true, true)),
            new Case(3, 3, true, 9, 5, true, 118,
                    rnn(4, Activation.LINEAR, true, true), rnn(3, Activation.TANH, true, false)));

    private static final AtomicInteger FORWARD_CASES = new AtomicInteger();
    private static final AtomicInteger GRADIENT_CASES = new AtomicInteger();
    private static final AtomicLong GRADIENT_ELEMENTS = new AtomicLong();

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesReference(Case c) {
        Fixture f = Fixture.create(c);
        ReferenceRnn.Pass pass = f.reference.forward(f.weightValues, f.xValues, c.batch, c.time);

        Tensor probabilities = f.model.predict(f.x);
        assertArrayEquals(f.outputShape(), probabilities.shape(), c + ": predict shape");
        assertClose(c + ": predict", pass.probabilities, probabilities);

        Tensor logits = f.model.predictLogits(f.x);
        assertArrayEquals(f.outputShape(), logits.shape(), c + ": predictLogits shape");
        assertClose(c + ": predictLogits", pass.logits, logits);

        List<Tensor> hidden = f.model.hiddenStates(f.x);
        assertEquals(c.layers.size(), hidden.size(), c + ": one hidden sequence per recurrent layer");
        for (int l = 0; l < hidden.size(); l++) {
            assertArrayEquals(new int[] {c.batch, c.time, c.layers.get(l).units()}, hidden.get(l).shape(),
                    c + ": hiddenStates(" + l + ") shape");
            assertClose(c + ": hiddenStates(" + l + ")", pass.hidden[l], hidden.get(l));
        }
        FORWARD_CASES.incrementAndGet();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Case c) {
        Fixture f = Fixture.create(c);
        ReferenceRnn reference = f.reference;
        assertTrue(reluMargin(reference, f.weightValues, f.xValues, c.batch, c.time) >= RELU_MARGIN,
                c + ": a ReLU pre-activation lies within " + RELU_MARGIN + " of its kink");

        Gradients g = f.computeGradients();

        // computeGradients changes nothing: bit-identical weights, no optimizer step
        assertEquals(f.weights, f.model.getWeights(), c + ": computeGradients changed the weights");
        assertEquals(0, f.model.iterations(), c + ": computeGradients counted an optimizer step");
        Gradients again = f.computeGradients();
        assertEquals(g.asList(), again.asList(), c + ": a second computeGradients gave other weight gradients");
        assertEquals(g.input(), again.input(), c + ": a second computeGradients gave another input gradient");
        assertEquals(f.weights, f.model.getWeights(), c + ": computeGradients changed the weights");

        // layout: aligned with getWeights(), the input gradient shaped like x
        assertEquals(f.weights.size(), g.size(), c + ": number of weight gradients");
        assertEquals(f.model.weightNames(), namesOf(g), c + ": weight gradient names");
        for (int i = 0; i < g.size(); i++) {
            assertArrayEquals(f.weights.get(i).shape(), g.get(i).shape(), c + ": shape of the gradient of " + g.name(i));
        }
        assertArrayEquals(f.x.shape(), g.input().shape(), c + ": shape of the input gradient");

        double loss = reference.meanLoss(f.weightValues, f.xValues, f.targets, c.batch, c.time);
        assertEquals(loss, g.loss(), FORWARD_TOLERANCE * Math.max(1.0, loss), c + ": loss");

        Comparison cmp = new Comparison(c.toString());
        for (int i = 0; i < g.size(); i++) {
            double[] numeric = numericGradient(f, f.weightValues[i]);
            cmp.add(g.name(i), f.weights.get(i).shape(), g.get(i).toFloatArray(), numeric);
        }
        cmp.add("input", f.x.shape(), g.input().toFloatArray(), numericGradient(f, f.xValues));

        int expectedElements = f.model.parameterCount() + c.batch * c.time * c.features;
        assertEquals(expectedElements, cmp.elements, c + ": gradient elements checked");
        cmp.assertPassed();
        GRADIENT_CASES.incrementAndGet();
        GRADIENT_ELEMENTS.addAndGet(cmp.elements);
    }

    /** The case list covers every shape of the problem the brief names, so that no gap goes unnoticed. */
    @Test
    void casesCoverEveryConfiguration() {
        assertEquals(18, CASES.size());
        assertEquals(CASES.size(), CASES.stream().map(Case::toString).distinct().count(), "case names must be unique");
        assertTrue(CASES.stream().anyMatch(c -> c.time == 1), "T = 1");
        assertTrue(CASES.stream().anyMatch(c -> c.time > 1), "T > 1");
        assertTrue(CASES.stream().anyMatch(c -> c.reference().perStepOutput()), "last layer returns sequences");
        assertTrue(CASES.stream().anyMatch(c -> !c.reference().perStepOutput()), "last layer returns its last state");
        for (Activation a : new Activation[] {Activation.TANH, Activation.RELU, Activation.LINEAR}) {
            assertTrue(CASES.stream().anyMatch(c -> c.layers.stream().anyMatch(s -> s.activation() == a)), a.toString());
        }
        for (int depth = 1; depth <= 3; depth++) {
            int d = depth;
            assertTrue(CASES.stream().anyMatch(c -> c.layers.size() == d && c.time > 1), "depth " + d + " with T > 1");
        }
        assertTrue(CASES.stream().anyMatch(c -> c.layers.stream().anyMatch(s -> !s.useBias())), "a layer without bias");
        assertTrue(CASES.stream().anyMatch(c -> !c.headBias), "a head without bias");
        for (int b : new int[] {1, 3, 37}) {
            assertTrue(CASES.stream().anyMatch(c -> c.batch == b), "batch " + b);
        }
        assertTrue(CASES.stream().anyMatch(c -> c.sparseLabels) && CASES.stream().anyMatch(c -> !c.sparseLabels),
                "sparse and one-hot labels");
        // the large batches really are split into several chunks, one of them shorter than the others
        assertTrue(Tuning.chunkSize(37) < 37 && 37 % Tuning.chunkSize(37) != 0, "batch 37 is split unevenly into chunks");
        assertTrue(Tuning.chunkSize(9) < 9, "batch 9 is split into chunks");
    }

    /** A silently skipped configuration shows up here: each test that ran must have checked every case. */
    @AfterAll
    static void everyCaseWasChecked() {
        for (AtomicInteger counter : List.of(FORWARD_CASES, GRADIENT_CASES)) {
            int n = counter.get();
            // 0 only when a runner filtered the method out
            assertTrue(n == 0 || n == CASES.size(), "completed " + n + " of " + CASES.size()
                    + " configurations: the others failed (reported above) or were skipped");
        }
        if (GRADIENT_CASES.get() == CASES.size()) {
            assertEquals(expectedGradientElements(), GRADIENT_ELEMENTS.get(), "gradient elements checked");
        }
    }

    private static long expectedGradientElements() {
        long total = 0;
        for (Case c : CASES) {
            for (int[] shape : c.reference().weightShapes()) {
                total += Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            }
            total += (long) c.batch * c.time * c.features;
        }
        return total;
    }

    // ---------------------------------------------------------------- finite differences

    /** {@code dLoss/dv} by central differences on the reference, perturbing {@code values} in place and restoring it. */
    private static double[] numericGradient(Fixture f, double[] values) {
        Case c = f.c;
        double[] numeric = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            double saved = values[j];
            double plus = saved + EPS;
            double minus = saved - EPS;
            values[j] = plus;
            double lossPlus = f.reference.meanLoss(f.weightValues, f.xValues, f.targets, c.batch, c.time);
            values[j] = minus;
            double lossMinus = f.reference.meanLoss(f.weightValues, f.xValues, f.targets, c.batch, c.time);
            values[j] = saved;
            numeric[j] = (lossPlus - lossMinus) / (plus - minus);
        }
        return numeric;
    }

    /** Element-wise and aggregate comparison of float analytic gradients with double numeric ones. */
    private static final class Comparison {
        private final String caseName;
        private final List<String> failures = new ArrayList<>();
        int elements;
        double worstRelative;      // over elements judged by the relative criterion (|a-n| >= the floor)
        double maxAbsoluteError;
        double maxAbsoluteNumeric;
        double squaredError;
        double squaredNumeric;

        Comparison(String caseName) {
            this.caseName = caseName;
        }

        void add(String name, int[] shape, float[] analytic, double[] numeric) {
            assertEquals(numeric.length, analytic.length, caseName + ": " + name + " size");
            for (int j = 0; j < analytic.length; j++) {
                double a = analytic[j];
                double n = numeric[j];
                double error = Math.abs(a - n);
                elements++;
                maxAbsoluteError = Math.max(maxAbsoluteError, error);
                maxAbsoluteNumeric = Math.max(maxAbsoluteNumeric, Math.abs(n));
                squaredError += error * error;
                squaredNumeric += n * n;
                if (!(error < MIN_ABSOLUTE_ERROR)) { // also catches NaN
                    double relative = error / (Math.abs(a) + Math.abs(n));
                    worstRelative = Math.max(worstRelative, relative);
                    if (!(relative <= MAX_RELATIVE_ERROR)) {
                        failures.add(String.format("%s%s: analytic %.9g, numeric %.9g, |a-n| %.3g, relative %.3g",
                                name, index(j, shape), a, n, error, relative));
                    }
                }
            }
        }

        void assertPassed() {
            if (!failures.isEmpty()) {
                fail(caseName + ": " + failures.size() + " of " + elements + " gradient elements fail |a-n|/(|a|+|n|) <= "
                        + MAX_RELATIVE_ERROR + " (floor " + MIN_ABSOLUTE_ERROR + "):\n  "
                        + failures.stream().limit(20).collect(Collectors.joining("\n  ")));
            }
            assertTrue(maxAbsoluteNumeric > 0, caseName + ": the numeric gradient is all zero; the check would be empty");
            assertTrue(maxAbsoluteError <= AGGREGATE_TOLERANCE * maxAbsoluteNumeric, String.format(
                    "%s: max |a-n| %.3g exceeds %.1g x max |n| %.3g", caseName, maxAbsoluteError, AGGREGATE_TOLERANCE,
                    maxAbsoluteNumeric));
            double normRatio = Math.sqrt(squaredError / squaredNumeric);
            assertTrue(normRatio <= AGGREGATE_TOLERANCE, String.format(
                    "%s: ||a-n|| / ||n|| = %.3g exceeds %.1g", caseName, normRatio, AGGREGATE_TOLERANCE));
        }
    }

    /** {@code [i, j, ...]}, the position of flat index {@code flat} in a row-major tensor of {@code shape}. */
    private static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    private static void assertClose(String what, double[] expected, Tensor actual) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, what + ": size");
        int[] shape = actual.shape();
        for (int i = 0; i < a.length; i++) {
            double tolerance = FORWARD_TOLERANCE * Math.max(1.0, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - a[i]) <= tolerance)) {
                fail(String.format("%s%s: reference %.9g, model %.9g, |difference| %.3g > %.1g", what, index(i, shape),
                        expected[i], a[i], Math.abs(expected[i] - a[i]), tolerance));
            }
        }
    }

    private static List<String> namesOf(Gradients g) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            names.add(g.name(i));
        }
        return names;
    }

    /** The smallest {@code |z|} over every pre-activation of every ReLU layer; infinite without ReLU layers. */
    private static double reluMargin(ReferenceRnn reference, double[][] weights, double[] x, int batch, int time) {
        ReferenceRnn.Pass pass = reference.forward(weights, x, batch, time);
        double margin = Double.POSITIVE_INFINITY;
        for (int l = 0; l < reference.layers().size(); l++) {
            if (reference.layers().get(l).activation() == Activation.RELU) {
                for (double z : pass.preActivations[l]) {
                    margin = Math.min(margin, Math.abs(z));
                }
            }
        }
        return margin;
    }

    // ---------------------------------------------------------------- configurations and fixtures

    private static RnnSpec rnn(int units, Activation activation, boolean useBias, boolean returnSequences) {
        return new RnnSpec(units, activation, useBias, returnSequences);
    }

    /** One model configuration and data shape; its name describes it. */
    static final class Case {
        final int features;       // F
        final int classes;        // K
        final boolean headBias;
        final int batch;          // B
        final int time;           // T
        final boolean sparseLabels;
        final long seed;
        final List<RnnSpec> layers;

        Case(int features, int classes, boolean headBias, int batch, int time, boolean sparseLabels, long seed,
             RnnSpec... layers) {
            this.features = features;
            this.classes = classes;
            this.headBias = headBias;
            this.batch = batch;
            this.time = time;
            this.sparseLabels = sparseLabels;
            this.seed = seed;
            this.layers = List.of(layers);
        }

        ReferenceRnn reference() {
            return new ReferenceRnn(features, layers, classes, headBias);
        }

        /** For example {@code F=3 > tanh(4, seq) > relu(5, last, no bias) > softmax(3) | B=37 T=5 | sparse labels}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("F=").append(features);
            for (RnnSpec s : layers) {
                sb.append(" > ").append(s.activation().kerasName()).append('(').append(s.units())
                        .append(s.returnSequences() ? ", seq" : ", last").append(s.useBias() ? "" : ", no bias").append(')');
            }
            sb.append(" > softmax(").append(classes).append(headBias ? "" : ", no bias").append(')');
            sb.append(" | B=").append(batch).append(" T=").append(time);
            sb.append(" | ").append(sparseLabels ? "sparse" : "one-hot").append(" labels");
            return sb.toString();
        }
    }

    /** A model and the reference with identical weights, an input and labels, all drawn from the case's seed. */
    private static final class Fixture {
        final Case c;
        final ReferenceRnn reference;
        final StackedRnnModel model;
        final List<Tensor> weights;    // what was set, in Keras order
        final double[][] weightValues; // the same floats, widened exactly
        final Tensor x;                // [B, T, F]
        final double[] xValues;        // the same floats, widened exactly
        final int[][] labels;          // [B][T] per step, else [B][1]
        final double[] targets;        // [R, K] one-hot

        private Fixture(Case c, ReferenceRnn reference, float[][] w, float[] x, int[][] labels) {
            this.c = c;
            this.reference = reference;
            List<int[]> shapes = reference.weightShapes();
            List<Tensor> tensors = new ArrayList<>();
            weightValues = new double[w.length][];
            for (int i = 0; i < w.length; i++) {
                tensors.add(Tensor.of(w[i], shapes.get(i)));
                weightValues[i] = widen(w[i]);
            }
            weights = List.copyOf(tensors);
            this.x = Tensor.of(x, c.batch, c.time, c.features);
            xValues = widen(x);
            this.labels = labels;
            int steps = labels[0].length;
            targets = new double[c.batch * steps * c.classes];
            for (int b = 0; b < c.batch; b++) {
                for (int t = 0; t < steps; t++) {
                    targets[(b * steps + t) * c.classes + labels[b][t]] = 1.0;
                }
            }

            StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(c.features).seed(c.seed);
            for (RnnSpec s : c.layers) {
                builder.add(SimpleRnnLayer.builder(s.units()).activation(s.activation()).useBias(s.useBias())
                        .returnSequences(s.returnSequences()).build());
            }
            builder.add(DenseSoftmaxLayer.builder(c.classes).useBias(c.headBias).build());
            model = builder.build();
            assertEquals(shapes.size(), model.getWeights().size(), c + ": the reference and the model disagree on the weight list");
            for (int i = 0; i < shapes.size(); i++) {
                assertArrayEquals(shapes.get(i), model.getWeights().get(i).shape(), c + ": shape of weight " + i);
            }
            model.setWeights(weights);
        }

        /**
         * Draws weights in [-0.5, 0.5), inputs in [-1, 1) and labels. With ReLU layers, a sample whose
         * pre-activations come within {@link #RELU_MARGIN} of zero is redrawn (samples are independent), and
         * if one cannot be cleared the weights are redrawn; all of it deterministic in the seed.
         */
        static Fixture create(Case c) {
            ReferenceRnn reference = c.reference();
            SplittableRandom random = new SplittableRandom(c.seed);
            List<int[]> shapes = reference.weightShapes();
            int sampleSize = c.time * c.features;
            for (int draw = 0; draw < WEIGHT_DRAWS; draw++) {
                float[][] w = new float[shapes.size()][];
                for (int i = 0; i < w.length; i++) {
                    w[i] = uniform(random, Arrays.stream(shapes.get(i)).reduce(1, (a, b) -> a * b), 0.5);
                }
                double[][] wd = new double[w.length][];
                for (int i = 0; i < w.length; i++) {
                    wd[i] = widen(w[i]);
                }
                float[] x = new float[c.batch * sampleSize];
                boolean clear = true;
                for (int b = 0; b < c.batch && clear; b++) {
                    clear = false;
                    for (int attempt = 0; attempt < SAMPLE_DRAWS && !clear; attempt++) {
                        float[] sample = uniform(random, sampleSize, 1.0);
                        System.arraycopy(sample, 0, x, b * sampleSize, sampleSize);
                        clear = reluMargin(reference, wd, widen(sample), 1, c.time) >= RELU_MARGIN;
                    }
                }
                if (clear) {
                    int steps = reference.perStepOutput() ? c.time : 1;
                    int[][] labels = new int[c.batch][steps];
                    for (int[] row : labels) {
                        for (int t = 0; t < steps; t++) {
                            row[t] = random.nextInt(c.classes);
                        }
                    }
                    return new Fixture(c, reference, w, x, labels);
                }
            }
            throw new AssertionError(c + ": found no weights in " + WEIGHT_DRAWS + " draws that keep every ReLU "
                    + "pre-activation " + RELU_MARGIN + " away from zero");
        }

        int[] outputShape() {
            return reference.perStepOutput() ? new int[] {c.batch, c.time, c.classes} : new int[] {c.batch, c.classes};
        }

        /** The model's gradients, with the labels given as the case says: class indices or a one-hot tensor. */
        Gradients computeGradients() {
            boolean perStep = reference.perStepOutput();
            if (c.sparseLabels) {
                if (perStep) {
                    return model.computeGradients(x, labels);
                }
                int[] flat = new int[c.batch];
                for (int b = 0; b < c.batch; b++) {
                    flat[b] = labels[b][0];
                }
                return model.computeGradients(x, flat);
            }
            float[] oneHot = new float[targets.length];
            for (int i = 0; i < oneHot.length; i++) {
                oneHot[i] = (float) targets[i];
            }
            return model.computeGradients(x, Tensor.of(oneHot, outputShape()));
        }

        private static float[] uniform(SplittableRandom random, int n, double halfWidth) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * halfWidth);
            }
            return v;
        }

        private static double[] widen(float[] v) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            return d;
        }
    }
}
