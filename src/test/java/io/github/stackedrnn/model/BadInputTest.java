package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.NonFiniteLossException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per input rule. Each asserts the exception, the key parts of its message, and that the model
 * is as it was: the same weights, the same iteration count, the same predictions and, through a twin
 * model that never saw the bad call, the same optimizer state (both take one more step and must agree).
 */
class BadInputTest {
    private static final int FEATURES = 10;
    private static final int UNITS = 8;
    private static final int CLASSES = 4;
    private static final int BATCH = 16;
    private static final int TIME = 5;

    /** A model and its twin, built alike and trained one identical step, so the optimizer has state. */
    private static final class Fixture {
        final boolean perStep;
        final StackedRnnModel model;
        final StackedRnnModel twin;
        final Tensor x;
        final int[] labels;        // for the last-state model
        final int[][] stepLabels;  // for the per-step model
        final Tensor oneHot;       // [B, K] or [B, T, K]
        final List<Tensor> weights;
        final long iterations;
        final Tensor prediction;

        Fixture(boolean perStep) {
            this.perStep = perStep;
            this.model = build(perStep);
            this.twin = build(perStep);
            SplittableRandom random = new SplittableRandom(99);
            this.x = randomInput(BATCH, TIME, random);
            this.labels = new int[BATCH];
            this.stepLabels = new int[BATCH][TIME];
            float[] hot = new float[perStep ? BATCH * TIME * CLASSES : BATCH * CLASSES];
            for (int b = 0; b < BATCH; b++) {
                labels[b] = random.nextInt(CLASSES);
                for (int t = 0; t < TIME; t++) {
                    stepLabels[b][t] = random.nextInt(CLASSES);
                    if (perStep) {
                        hot[(b * TIME + t) * CLASSES + stepLabels[b][t]] = 1f;
                    }
                }
                if (!perStep) {
                    hot[b * CLASSES + labels[b]] = 1f;
                }
            }
            this.oneHot = perStep ? Tensor.of(hot, BATCH, TIME, CLASSES) : Tensor.of(hot, BATCH, CLASSES);
            model.trainOnBatch(x, oneHot);
            twin.trainOnBatch(x, oneHot);
            this.weights = model.getWeights();
            this.iterations = model.iterations();
            this.prediction = model.predict(x);
            assertThat(iterations).isEqualTo(1);
        }

        private static StackedRnnModel build(boolean perStep) {
            return StackedRnnModel.builder()
                    .inputFeatures(FEATURES)
                    .add(SimpleRnnLayer.builder(UNITS).returnSequences(perStep).build())
                    .add(DenseSoftmaxLayer.builder(CLASSES).build())
                    .optimizer(Adam.builder().learningRate(0.01).build())
                    .seed(2024)
                    .build();
        }

        /** Asserts nothing changed; then steps both models once, so call it last. */
        void assertUnchanged() {
            assertThat(model.getWeights()).as("weights").isEqualTo(weights);
            assertThat(model.iterations()).as("iterations").isEqualTo(iterations);
            assertThat(model.predict(x)).as("predictions").isEqualTo(prediction);
            assertThat(model.getWeights()).isEqualTo(twin.getWeights());
            double loss = model.trainOnBatch(x, oneHot);
            double twinLoss = twin.trainOnBatch(x, oneHot);
            assertThat(loss).isEqualTo(twinLoss);
            assertThat(model.getWeights()).as("weights after one more step (optimizer state)").isEqualTo(twin.getWeights());
        }
    }

    private static Tensor randomInput(int batch, int time, SplittableRandom random) {
        float[] data = new float[batch * time * FEATURES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, batch, time, FEATURES);
    }

    private static Tensor withValue(Tensor x, int b, int t, int f, float value) {
        float[] data = x.toFloatArray();
        data[(b * x.dim(1) + t) * x.dim(2) + f] = value;
        return Tensor.of(data, x.shape());
    }

    private static FitOptions options() {
        return FitOptions.builder().epochs(2).batchSize(4).build();
    }

    private static void rejects(ThrowingCallable call, String... messageParts) {
        var assertion = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
        for (String part : messageParts) {
            assertion.hasMessageContaining(part);
        }
    }

    /** Every entry point that reads an input tensor must refuse {@code x} with the same message. */
    private static void everyInputEntryPointRejects(Fixture f, Tensor x, String... messageParts) {
        StackedRnnModel m = f.model;
        rejects(() -> m.predict(x), messageParts);
        rejects(() -> m.predictLogits(x), messageParts);
        rejects(() -> m.hiddenStates(x), messageParts);
        rejects(() -> m.evaluate(x, f.labels), messageParts);
        rejects(() -> m.evaluate(x, f.oneHot), messageParts);
        rejects(() -> m.computeGradients(x, f.labels), messageParts);
        rejects(() -> m.trainOnBatch(x, f.labels), messageParts);
        rejects(() -> m.trainOnBatch(x, f.oneHot), messageParts);
        rejects(() -> m.fit(x, f.labels, options()), messageParts);
        rejects(() -> m.fit(x, f.oneHot, options()), messageParts);
    }

    // ------------------------------------------------------------------ input shape

    @Test
    void input_wrongRank() {
        Fixture f = new Fixture(false);
        everyInputEntryPointRejects(f, Tensor.zeros(32, FEATURES), "simple_rnn: input must be [batch, time, 10] but got [32, 10]");
        everyInputEntryPointRejects(f, Tensor.zeros(2, 3, 4, FEATURES), "simple_rnn: input must be [batch, time, 10] but got [2, 3, 4, 10]");
        f.assertUnchanged();
    }

    @Test
    void input_wrongFeatureCount() {
        Fixture f = new Fixture(false);
        everyInputEntryPointRejects(f, Tensor.zeros(32, 20, 9), "simple_rnn: input must be [batch, time, 10] but got [32, 20, 9]");
        f.assertUnchanged();
    }

    @Test
    void input_wrongFeatureCount_namesTheUsersFirstLayer() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(10)
                .add(SimpleRnnLayer.builder(4).name("encoder").build()).add(DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        rejects(() -> model.predict(Tensor.zeros(16, 10, 31)), "encoder: input must be [batch, time, 10] but got [16, 10, 31]");
    }

    @Test
    void input_null() {
        Fixture f = new Fixture(false);
        everyInputEntryPointRejects(f, null, "simple_rnn: input must be [batch, time, 10] but got null");
        f.assertUnchanged();
    }

    @Test
    void input_emptyBatch() {
        Fixture f = new Fixture(false);
        everyInputEntryPointRejects(f, Tensor.zeros(0, TIME, FEATURES),
                "simple_rnn: input must be [batch, time, 10] with at least one sample but got [0, 5, 10] (an empty batch)");
        f.assertUnchanged();
    }

    @Test
    void input_zeroTimeSteps() {
        Fixture f = new Fixture(false);
        everyInputEntryPointRejects(f, Tensor.zeros(BATCH, 0, FEATURES),
                "simple_rnn: input must be [batch, time, 10] with at least one time step but got [16, 0, 10] (zero time steps)");
        f.assertUnchanged();
    }

    // ------------------------------------------------------------------ input values

    @Test
    void input_nan() {
        Fixture f = new Fixture(false);
        everyInputEntryPointRejects(f, withValue(f.x, 1, 2, 3, Float.NaN),
                "simple_rnn: input contains NaN at [1, 2, 3]; inputs must be finite");
        f.assertUnchanged();
    }

    @Test
    void input_infinite() {
        Fixture f = new Fixture(false);
        everyInputEntryPointRejects(f, withValue(f.x, 15, 4, 9, Float.NEGATIVE_INFINITY),
                "simple_rnn: input contains -Infinity at [15, 4, 9]; inputs must be finite");
        everyInputEntryPointRejects(f, withValue(f.x, 0, 0, 0, Float.POSITIVE_INFINITY),
                "simple_rnn: input contains Infinity at [0, 0, 0]");
        f.assertUnchanged();
    }

    @Test
    void input_nanInLastSampleOfALargeFit_trainsNothing() {
        // the bad value sits in the last batch of the last epoch: fit must check before its first step
        Fixture f = new Fixture(false);
        Tensor x = randomInput(64, TIME, new SplittableRandom(5));
        int[] labels = new int[64];
        rejects(() -> f.model.fit(withValue(x, 63, TIME - 1, FEATURES - 1, Float.NaN), labels,
                FitOptions.builder().epochs(3).batchSize(8).shuffle(false).build()), "input contains NaN at [63, 4, 9]");
        f.assertUnchanged();
    }

    // ------------------------------------------------------------------ labels

    @Test
    void labels_oneHotShapeMismatch() {
        Fixture f = new Fixture(false);
        StackedRnnModel m = f.model;
        Tensor fewerRows = Tensor.zeros(BATCH - 1, CLASSES);
        Tensor fewerClasses = Tensor.zeros(BATCH, CLASSES - 1);
        for (Tensor bad : List.of(fewerRows, fewerClasses)) {
            String got = "but got " + Tensor.formatShape(bad.shape());
            rejects(() -> m.evaluate(f.x, bad), "labels must be [16, 4] (one-hot, matching the output of dense)", got);
            rejects(() -> m.computeGradients(f.x, bad), "labels must be [16, 4]", got);
            rejects(() -> m.trainOnBatch(f.x, bad), "labels must be [16, 4]", got);
            rejects(() -> m.fit(f.x, bad, options()), "labels must be [16, 4]", got);
        }
        rejects(() -> m.trainOnBatch(f.x, (Tensor) null), "labels must be a tensor [16, 4] but got null");
        f.assertUnchanged();
    }

    @Test
    void labels_sparseCountMismatch() {
        Fixture f = new Fixture(false);
        StackedRnnModel m = f.model;
        int[] fewer = Arrays.copyOf(f.labels, BATCH - 1);
        rejects(() -> m.evaluate(f.x, fewer), "labels must have one class per sample, 16 in all, but got 15");
        rejects(() -> m.trainOnBatch(f.x, fewer), "labels must have one class per sample, 16 in all, but got 15");
        rejects(() -> m.fit(f.x, fewer, options()), "labels must have one class per sample, 16 in all, but got 15");
        rejects(() -> m.fit(f.x, (int[]) null, options()), "one class per sample", "but got null");
        f.assertUnchanged();
    }

    @Test
    void labels_perStepShapeMismatch() {
        Fixture f = new Fixture(true);
        StackedRnnModel m = f.model;
        rejects(() -> m.trainOnBatch(f.x, Tensor.zeros(BATCH, CLASSES)), "labels must be [16, 5, 4]", "but got [16, 4]");
        rejects(() -> m.fit(f.x, Tensor.zeros(BATCH, TIME - 1, CLASSES), options()), "labels must be [16, 5, 4]",
                "but got [16, 4, 4]");
        int[][] shortRow = f.stepLabels.clone();
        shortRow[3] = new int[TIME - 1];
        rejects(() -> m.trainOnBatch(f.x, shortRow), "labels must be int[16][5] but labels[3] has length 4");
        int[][] fewerRows = Arrays.copyOf(f.stepLabels, BATCH - 1);
        rejects(() -> m.fit(f.x, fewerRows, options()), "labels must be int[16][5] but got int[15][...]");
        f.assertUnchanged();
    }

    @Test
    void label_negative() {
        Fixture f = new Fixture(false);
        int[] bad = f.labels.clone();
        bad[3] = -1;
        rejects(() -> f.model.evaluate(f.x, bad), "label -1 at [3] is outside [0, 4)");
        rejects(() -> f.model.trainOnBatch(f.x, bad), "label -1 at [3] is outside [0, 4)");
        rejects(() -> f.model.fit(f.x, bad, options()), "label -1 at [3] is outside [0, 4)");
        f.assertUnchanged();
    }

    @Test
    void label_tooLarge() {
        Fixture f = new Fixture(false);
        int[] bad = f.labels.clone();
        bad[BATCH - 1] = CLASSES;
        rejects(() -> f.model.computeGradients(f.x, bad), "label 4 at [15] is outside [0, 4)");
        rejects(() -> f.model.trainOnBatch(f.x, bad), "label 4 at [15] is outside [0, 4)");
        rejects(() -> f.model.fit(f.x, bad, options()), "label 4 at [15] is outside [0, 4)");
        f.assertUnchanged();
    }

    @Test
    void label_outsideClasses_perStep() {
        Fixture f = new Fixture(true);
        int[][] tooLarge = copy(f.stepLabels);
        tooLarge[1][2] = 7;
        int[][] negative = copy(f.stepLabels);
        negative[0][4] = -2;
        rejects(() -> f.model.trainOnBatch(f.x, tooLarge), "label 7 at [1][2] is outside [0, 4)");
        rejects(() -> f.model.fit(f.x, negative, options()), "label -2 at [0][4] is outside [0, 4)");
        f.assertUnchanged();
    }

    @Test
    void oneHot_rowNotSummingToOne() {
        Fixture f = new Fixture(false);
        float[] hot = f.oneHot.toFloatArray();
        Arrays.fill(hot, 2 * CLASSES, 3 * CLASSES, 0f);
        hot[2 * CLASSES + 1] = 0.5f;
        Tensor half = Tensor.of(hot, BATCH, CLASSES);
        rejects(() -> f.model.evaluate(f.x, half), "labels[2] sums to 0.5; each one-hot row must sum to 1");
        rejects(() -> f.model.trainOnBatch(f.x, half), "labels[2] sums to 0.5; each one-hot row must sum to 1");
        rejects(() -> f.model.fit(f.x, half, options()), "labels[2] sums to 0.5");
        float[] twoHot = f.oneHot.toFloatArray();
        Arrays.fill(twoHot, 5 * CLASSES, 6 * CLASSES, 1f);
        rejects(() -> f.model.trainOnBatch(f.x, Tensor.of(twoHot, BATCH, CLASSES)), "labels[5] sums to 4.0");
        rejects(() -> f.model.trainOnBatch(f.x, Tensor.zeros(BATCH, CLASSES)), "labels[0] sums to 0.0");
        f.assertUnchanged();
    }

    @Test
    void oneHot_rowNotSummingToOne_perStepNamesSampleAndStep() {
        Fixture f = new Fixture(true);
        float[] hot = f.oneHot.toFloatArray();
        int row = (3 * TIME + 2) * CLASSES;
        Arrays.fill(hot, row, row + CLASSES, 0.1f);
        rejects(() -> f.model.trainOnBatch(f.x, Tensor.of(hot, BATCH, TIME, CLASSES)), "labels[3, 2] sums to 0.4");
        f.assertUnchanged();
    }

    @Test
    void oneHot_valuesOutsideUnitInterval() {
        Fixture f = new Fixture(false);
        // each row still sums to 1, so only the range rule can refuse it
        float[] above = f.oneHot.toFloatArray();
        Arrays.fill(above, CLASSES, 2 * CLASSES, 0f);
        above[CLASSES] = 1.5f;
        above[CLASSES + 1] = -0.5f;
        rejects(() -> f.model.trainOnBatch(f.x, Tensor.of(above, BATCH, CLASSES)),
                "labels[1] has value 1.5 for class 0; one-hot labels must lie in [0, 1]");
        float[] below = f.oneHot.toFloatArray();
        Arrays.fill(below, 0, CLASSES, 0f);
        below[0] = -0.5f;
        below[1] = 1.5f;
        rejects(() -> f.model.fit(f.x, Tensor.of(below, BATCH, CLASSES), options()),
                "labels[0] has value -0.5 for class 0; one-hot labels must lie in [0, 1]");
        float[] nan = f.oneHot.toFloatArray();
        nan[7 * CLASSES + 3] = Float.NaN;
        rejects(() -> f.model.evaluate(f.x, Tensor.of(nan, BATCH, CLASSES)), "labels[7] has value NaN for class 3");
        f.assertUnchanged();
    }

    @Test
    void sparseLabels_forPerStepModel() {
        Fixture f = new Fixture(true);
        String message = "The model outputs one prediction per time step ([batch, time, 4]); give labels as int[batch][time] "
                + "or a one-hot tensor [batch, time, 4]";
        rejects(() -> f.model.trainOnBatch(f.x, f.labels), message);
        rejects(() -> f.model.fit(f.x, f.labels, options()), message);
        rejects(() -> f.model.evaluate(f.x, f.labels), message);
        f.assertUnchanged();
    }

    @Test
    void sequenceLabels_forLastStateModel() {
        Fixture f = new Fixture(false);
        String message = "The model outputs one prediction per sequence ([batch, 4]); give labels as int[batch] "
                + "or a one-hot tensor [batch, 4]";
        rejects(() -> f.model.trainOnBatch(f.x, f.stepLabels), message);
        rejects(() -> f.model.fit(f.x, f.stepLabels, options()), message);
        rejects(() -> f.model.computeGradients(f.x, f.stepLabels), message);
        f.assertUnchanged();
    }

    // ------------------------------------------------------------------ setWeights

    @Test
    void setWeights_wrongCount() {
        Fixture f = new Fixture(false);
        List<Tensor> fewer = f.model.getWeights().subList(0, 4);
        rejects(() -> f.model.setWeights(fewer), "setWeights expected 5 tensors (simple_rnn/kernel [10, 8], "
                + "simple_rnn/recurrent_kernel [8, 8], simple_rnn/bias [8], dense/kernel [8, 4], dense/bias [4]) but got 4");
        List<Tensor> more = new ArrayList<>(f.model.getWeights());
        more.add(Tensor.zeros(4));
        rejects(() -> f.model.setWeights(more), "setWeights expected 5 tensors", "but got 6");
        rejects(() -> f.model.setWeights(null), "setWeights expected 5 tensors", "but got null");
        f.assertUnchanged();
    }

    @Test
    void setWeights_wrongShape() {
        Fixture f = new Fixture(false);
        List<Tensor> w = new ArrayList<>(f.model.getWeights());
        w.set(0, Tensor.zeros(FEATURES, UNITS)); // a valid replacement of the first weight must not be applied either
        w.set(1, Tensor.zeros(UNITS, UNITS - 1));
        rejects(() -> f.model.setWeights(w), "setWeights: weight 1 (simple_rnn/recurrent_kernel) must be [8, 8] but got [8, 7]");
        List<Tensor> transposed = new ArrayList<>(f.model.getWeights());
        transposed.set(0, Tensor.zeros(UNITS, FEATURES));
        rejects(() -> f.model.setWeights(transposed), "setWeights: weight 0 (simple_rnn/kernel) must be [10, 8] but got [8, 10]");
        List<Tensor> flat = new ArrayList<>(f.model.getWeights());
        flat.set(3, Tensor.zeros(UNITS * CLASSES));
        rejects(() -> f.model.setWeights(flat), "weight 3 (dense/kernel) must be [8, 4] but got [32]");
        List<Tensor> withNull = new ArrayList<>(f.model.getWeights());
        withNull.set(4, null);
        rejects(() -> f.model.setWeights(withNull), "weight 4 (dense/bias) must be [4] but got null");
        f.assertUnchanged();
    }

    @Test
    void setWeights_nan() {
        Fixture f = new Fixture(false);
        List<Tensor> w = new ArrayList<>(f.model.getWeights());
        w.set(0, Tensor.zeros(FEATURES, UNITS)); // valid, earlier in the list: must not be applied
        float[] kernel = w.get(3).toFloatArray();
        kernel[5] = Float.NaN;
        w.set(3, Tensor.of(kernel, UNITS, CLASSES));
        rejects(() -> f.model.setWeights(w), "setWeights: weight 3 (dense/kernel) contains a NaN or infinite value at flat index 5");
        float[] bias = f.model.getWeights().get(2).toFloatArray();
        bias[7] = Float.POSITIVE_INFINITY;
        List<Tensor> inf = new ArrayList<>(f.model.getWeights());
        inf.set(2, Tensor.of(bias, UNITS));
        rejects(() -> f.model.setWeights(inf), "weight 2 (simple_rnn/bias) contains a NaN or infinite value at flat index 7");
        f.assertUnchanged();
    }

    // ------------------------------------------------------------------ fit options

    @Test
    void fitOptions_epochsNotPositive() {
        Fixture f = new Fixture(false);
        assertThatThrownBy(() -> FitOptions.builder().epochs(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `epochs`, expected a positive integer, got 0.");
        assertThatThrownBy(() -> FitOptions.builder().epochs(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`epochs`").hasMessageContaining("got -3.");
        f.assertUnchanged();
    }

    @Test
    void fitOptions_batchSizeNotPositive() {
        Fixture f = new Fixture(false);
        assertThatThrownBy(() -> FitOptions.builder().batchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `batchSize`, expected a positive integer, got 0.");
        assertThatThrownBy(() -> FitOptions.builder().batchSize(-32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`batchSize`").hasMessageContaining("got -32.");
        f.assertUnchanged();
    }

    @Test
    void fitOptions_validationSplitNegative() {
        Fixture f = new Fixture(false);
        assertThatThrownBy(() -> FitOptions.builder().validationSplit(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `validationSplit`, expected a number in [0, 1), got -0.1.");
        f.assertUnchanged();
    }

    @Test
    void fitOptions_validationSplitOne() {
        Fixture f = new Fixture(false);
        assertThatThrownBy(() -> FitOptions.builder().validationSplit(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`validationSplit`").hasMessageContaining("got 1.0.");
        f.assertUnchanged();
    }

    @Test
    void fitOptions_validationSplitNan() {
        Fixture f = new Fixture(false);
        assertThatThrownBy(() -> FitOptions.builder().validationSplit(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`validationSplit`").hasMessageContaining("got NaN.");
        f.assertUnchanged();
    }

    @Test
    void fitOptions_null() {
        Fixture f = new Fixture(false);
        rejects(() -> f.model.fit(f.x, f.labels, null),
                "Received an invalid value for argument `options`, expected FitOptions, got null.");
        rejects(() -> f.model.fit(f.x, f.oneHot, null), "`options`");
        f.assertUnchanged();
    }

    @Test
    void validationSplit_leavesNoTrainingSample() {
        Fixture f = new Fixture(false);
        Tensor one = Tensor.of(Arrays.copyOf(f.x.toFloatArray(), TIME * FEATURES), 1, TIME, FEATURES);
        rejects(() -> f.model.fit(one, new int[] {2}, FitOptions.builder().validationSplit(0.5).build()),
                "validationSplit 0.5 of 1 samples leaves no training sample");
        // 16 samples · (1 - 0.95) = 0.8 training samples, rounded down to none
        rejects(() -> f.model.fit(f.x, f.labels, FitOptions.builder().validationSplit(0.95).build()),
                "validationSplit 0.95 of 16 samples leaves no training sample");
        f.assertUnchanged();
    }

    @Test
    void validationSplit_leavesNoValidationSample() {
        Fixture f = new Fixture(false);
        // 1 - 1e-17 rounds to 1, so all 16 samples train and none is left to validate on
        rejects(() -> f.model.fit(f.x, f.labels, FitOptions.builder().validationSplit(1e-17).build()),
                "validationSplit 1.0E-17 of 16 samples leaves no validation sample");
        f.assertUnchanged();
    }

    @Test
    void adam_learningRateNotPositiveOrFinite() {
        for (double bad : new double[] {0.0, -0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> Adam.builder().learningRate(bad))
                    .as("learningRate %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Received an invalid value for argument `learningRate`, expected a positive finite number, got ");
        }
    }

    // ------------------------------------------------------------------ non-finite training

    @Test
    void fit_lossBecomingNaN_throwsNamingEpochAndBatch_andKeepsTheLastFiniteWeights() {
        // An absurd learning rate: the first step moves every weight by about 1e38, so the next forward
        // pass overflows float (Infinity - Infinity in the logits) and the loss is NaN.
        Tensor x = randomInput(64, TIME, new SplittableRandom(3));
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % CLASSES;
        }
        StackedRnnModel model = hugeLearningRateModel();
        StackedRnnModel twin = hugeLearningRateModel();
        FitOptions options = FitOptions.builder().epochs(5).batchSize(8).shuffle(false).build();

        assertThatThrownBy(() -> model.fit(x, labels, options))
                .isInstanceOfSatisfying(NonFiniteLossException.class, e -> {
                    assertThat(e.epoch()).isEqualTo(1);
                    assertThat(e.batch()).isEqualTo(2);
                })
                .hasMessageStartingWith("Epoch 1, batch 2: the loss is NaN")
                .hasMessageContaining("this step was not applied");

        // exactly the first batch's step was applied: the twin takes that one step by hand
        twin.trainOnBatch(Tensor.of(Arrays.copyOf(x.toFloatArray(), 8 * TIME * FEATURES), 8, TIME, FEATURES),
                Arrays.copyOf(labels, 8));
        assertThat(model.iterations()).isEqualTo(1);
        assertThat(model.getWeights()).isEqualTo(twin.getWeights());
        assertThat(model.getWeights()).allSatisfy(w -> assertThat(w.isFinite()).isTrue());
        float largest = 0;
        for (Tensor w : model.getWeights()) {
            for (float v : w.toFloatArray()) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        assertThat(largest).as("the first step really was huge").isGreaterThan(1e37f);
    }

    @Test
    void trainOnBatch_lossBecomingNaN_throwsWithoutEpoch_andAppliesNothing() {
        Tensor x = randomInput(8, TIME, new SplittableRandom(3));
        int[] labels = {0, 1, 2, 3, 0, 1, 2, 3};
        StackedRnnModel model = hugeLearningRateModel();
        model.trainOnBatch(x, labels);
        List<Tensor> before = model.getWeights();
        assertThatThrownBy(() -> model.trainOnBatch(x, labels))
                .isInstanceOfSatisfying(NonFiniteLossException.class, e -> {
                    assertThat(e.epoch()).isZero();
                    assertThat(e.batch()).isZero();
                })
                .hasMessageStartingWith("the loss is NaN");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThat(model.iterations()).isEqualTo(1);
    }

    @Test
    void trainOnBatch_stepOverflowingTheWeights_isNotApplied() {
        // Linear activation and a large head kernel make the recurrent kernel's gradient ~1e12: finite, but
        // alpha·m = (lr·0.316)·(0.1·1e12) overflows float for lr = 1e30.
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(3).activation(Activation.LINEAR).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .optimizer(Adam.builder().learningRate(1e30).build())
                .seed(1)
                .build();
        List<Tensor> w = new ArrayList<>(model.getWeights());
        w.set(3, Tensor.of(new float[] {1e12f, 0f, 0f, 1e12f, 1e12f, 0f}, 3, 2));
        model.setWeights(w);
        Tensor x = Tensor.of(new float[] {1, -1, 0.5f, 2, 1, 1, -1, 0}, 2, 2, 2);
        int[] labels = {0, 1};
        assertThat(model.computeGradients(x, labels).asList()).allSatisfy(g -> assertThat(g.isFinite()).isTrue());
        List<Tensor> before = model.getWeights();
        Tensor predictionBefore = model.predict(x);
        assertThatThrownBy(() -> model.trainOnBatch(x, labels))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("would not be finite")
                .hasMessageContaining("this step was not applied");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThat(model.iterations()).isZero();
        assertThat(model.predict(x)).isEqualTo(predictionBefore);
    }

    private static StackedRnnModel hugeLearningRateModel() {
        return StackedRnnModel.builder()
                .inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(UNITS).build())
                .add(DenseSoftmaxLayer.builder(CLASSES).build())
                .optimizer(Adam.builder().learningRate(1e38).build())
                .seed(7)
                .build();
    }

    private static int[][] copy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
