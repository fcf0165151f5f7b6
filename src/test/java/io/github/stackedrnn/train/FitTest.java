package io.github.stackedrnn.train;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code fit}: the validation split, the history, batching and shuffling. */
class FitTest {
    private static final int FEATURES = 3;
    private static final int CLASSES = 4;
    private static final int TIME = 6;

    private static StackedRnnModel model(boolean perStep) {
        return StackedRnnModel.builder()
                .inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(8).returnSequences(perStep).build())
                .add(DenseSoftmaxLayer.builder(CLASSES).build())
                .optimizer(Adam.builder().learningRate(0.01).build())
                .seed(77)
                .build();
    }

    /** Samples whose class is the arg-max of the first features' sums, except the tail, which differs. */
    private static final class Data {
        final Tensor x;
        final int[] y;
        final Tensor head;
        final int[] headLabels;
        final Tensor tail;
        final int[] tailLabels;

        /** {@code samples} sequences; the last {@code tailCount} are constant 2.5 and all of class 3. */
        Data(int samples, int tailCount, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] data = new float[samples * TIME * FEATURES];
            y = new int[samples];
            for (int s = 0; s < samples; s++) {
                boolean inTail = s >= samples - tailCount;
                double[] sums = new double[FEATURES];
                for (int t = 0; t < TIME; t++) {
                    for (int f = 0; f < FEATURES; f++) {
                        float v = inTail ? 2.5f : (float) random.nextGaussian();
                        data[(s * TIME + t) * FEATURES + f] = v;
                        sums[f] += v;
                    }
                }
                y[s] = inTail ? 3 : argMax(sums);
            }
            x = Tensor.of(data, samples, TIME, FEATURES);
            int split = samples - tailCount;
            head = slice(x, 0, split);
            headLabels = Arrays.copyOfRange(y, 0, split);
            tail = slice(x, split, samples);
            tailLabels = Arrays.copyOfRange(y, split, samples);
        }
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static Tensor slice(Tensor x, int from, int to) {
        int step = x.dim(1) * x.dim(2);
        float[] data = Arrays.copyOfRange(x.toFloatArray(), from * step, to * step);
        return Tensor.of(data, to - from, x.dim(1), x.dim(2));
    }

    private static int[] sliceLabels(int[] y, int from, int to) {
        return Arrays.copyOfRange(y, from, to);
    }

    // ------------------------------------------------------------------ validation split

    @Test
    void validationSplit_trainsOnTheHeadOnly_withTheSameShuffling() {
        Data d = new Data(50, 10, 1);
        StackedRnnModel withSplit = model(false);
        StackedRnnModel headOnly = model(false);
        History split = withSplit.fit(d.x, d.y, FitOptions.builder().epochs(3).batchSize(8).validationSplit(0.2).build());
        History head = headOnly.fit(d.head, d.headLabels, FitOptions.builder().epochs(3).batchSize(8).build());
        // the last 10 samples never reached a training step, and the 40 first were shuffled alike
        assertThat(withSplit.getWeights()).isEqualTo(headOnly.getWeights());
        assertThat(split.loss()).isEqualTo(head.loss());
        assertThat(split.accuracy()).isEqualTo(head.accuracy());
        assertThat(withSplit.iterations()).isEqualTo(3 * 5);
        // and the last epoch's validation metrics are those of the tail
        Evaluation tail = headOnly.evaluate(d.tail, d.tailLabels);
        assertThat(split.valLoss().get(2)).isEqualTo(tail.loss());
        assertThat(split.valAccuracy().get(2)).isEqualTo(tail.accuracy());
    }

    @Test
    void validationSplit_everyEpochsValidationMetrics_areTheTails() {
        Data d = new Data(50, 10, 2);
        StackedRnnModel model = model(false);
        FitOptions oneEpoch = FitOptions.builder().batchSize(8).validationSplit(0.2).build();
        for (int epoch = 0; epoch < 3; epoch++) {
            History h = model.fit(d.x, d.y, oneEpoch);
            Evaluation tail = model.evaluate(d.tail, d.tailLabels);
            Evaluation head = model.evaluate(d.head, d.headLabels);
            assertThat(h.valLoss()).containsExactly(tail.loss());
            assertThat(h.valAccuracy()).containsExactly(tail.accuracy());
            assertThat(tail.rows()).isEqualTo(10);
            // the tail is distinguishable: its metrics are not those of the training part
            assertThat(h.valLoss().get(0)).isNotCloseTo(head.loss(), within(1e-3));
        }
    }

    @Test
    void validationSplit_perStepModel_validatesOnTheTailsSteps() {
        Data d = new Data(20, 5, 3);
        int[][] steps = new int[20][TIME];
        for (int s = 0; s < 20; s++) {
            for (int t = 0; t < TIME; t++) {
                steps[s][t] = (d.y[s] + t) % CLASSES;
            }
        }
        StackedRnnModel model = model(true);
        History h = model.fit(d.x, steps, FitOptions.builder().epochs(2).batchSize(4).validationSplit(0.25).build());
        Evaluation tail = model.evaluate(d.tail, Arrays.copyOfRange(steps, 15, 20));
        assertThat(tail.rows()).isEqualTo(5 * TIME);
        assertThat(h.valLoss().get(1)).isEqualTo(tail.loss());
        assertThat(h.valAccuracy().get(1)).isEqualTo(tail.accuracy());
        assertThat(model.iterations()).isEqualTo(2 * 4);
    }

    @Test
    void validationSplit_roundsTheTrainingPartDown() {
        // Keras: split_at = int(n · (1 - split)); 10 samples with 0.25 train on 7 and validate on 3
        Data d = new Data(10, 0, 4);
        StackedRnnModel model = model(false);
        History h = model.fit(d.x, d.y, FitOptions.builder().batchSize(1).validationSplit(0.25).shuffle(false).build());
        assertThat(model.iterations()).isEqualTo(7);
        Evaluation last3 = model.evaluate(slice(d.x, 7, 10), sliceLabels(d.y, 7, 10));
        assertThat(h.valLoss()).containsExactly(last3.loss());
    }

    // ------------------------------------------------------------------ history

    @Test
    void history_withValidation_hasFourListsOfLengthEpochs() {
        Data d = new Data(30, 6, 5);
        History h = model(false).fit(d.x, d.y, FitOptions.builder().epochs(4).batchSize(8).validationSplit(0.2).build());
        assertThat(h.epochs()).isEqualTo(4);
        assertThat(h.asMap().keySet()).containsExactly(History.LOSS, History.ACCURACY, History.VAL_LOSS, History.VAL_ACCURACY);
        assertThat(h.loss()).hasSize(4);
        assertThat(h.accuracy()).hasSize(4);
        assertThat(h.valLoss()).hasSize(4);
        assertThat(h.valAccuracy()).hasSize(4);
        assertThat(h.metric("val_loss")).isEqualTo(h.valLoss());
        for (int e = 0; e < 4; e++) {
            assertThat(h.loss().get(e)).isPositive().isFinite();
            assertThat(h.accuracy().get(e)).isBetween(0.0, 1.0);
            assertThat(h.valAccuracy().get(e)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void history_withoutValidation_hasNoValidationLists() {
        Data d = new Data(30, 0, 6);
        History h = model(false).fit(d.x, d.y, FitOptions.builder().epochs(2).build());
        assertThat(h.asMap().keySet()).containsExactly(History.LOSS, History.ACCURACY);
        assertThat(h.valLoss()).isEmpty();
        assertThat(h.valAccuracy()).isEmpty();
        assertThat(h.metric("no_such_metric")).isEmpty();
        assertThat(h.epochs()).isEqualTo(2);
    }

    @Test
    void history_isImmutable() {
        Data d = new Data(12, 0, 7);
        History h = model(false).fit(d.x, d.y, FitOptions.builder().epochs(2).build());
        assertThatThrownBy(() -> h.loss().add(1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.asMap().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void history_constructor_copiesAndChecksLengths() {
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        metrics.put("loss", new java.util.ArrayList<>(List.of(1.0, 0.5)));
        History h = new History(metrics);
        metrics.get("loss").add(0.1);
        assertThat(h.loss()).containsExactly(1.0, 0.5);
        metrics.put("accuracy", List.of(0.5));
        assertThatThrownBy(() -> new History(metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Metric accuracy has 1 values but other metrics have 3");
        assertThat(new History(Map.of()).epochs()).isZero();
    }

    @Test
    void history_loss_isTheMeanOfTheBatchLossesBeforeEachStep() {
        // without shuffling, fit is trainOnBatch on consecutive slices: 40 samples in batches of 16, 16, 8
        Data d = new Data(40, 0, 8);
        StackedRnnModel fitted = model(false);
        StackedRnnModel stepped = model(false);
        History h = fitted.fit(d.x, d.y, FitOptions.builder().epochs(2).batchSize(16).shuffle(false).build());
        for (int epoch = 0; epoch < 2; epoch++) {
            double sum = 0;
            for (int from = 0; from < 40; from += 16) {
                int to = Math.min(40, from + 16);
                sum += stepped.trainOnBatch(slice(d.x, from, to), sliceLabels(d.y, from, to)) * (to - from);
            }
            assertThat(h.loss().get(epoch)).isCloseTo(sum / 40, within(1e-12));
        }
        assertThat(fitted.getWeights()).isEqualTo(stepped.getWeights());
        assertThat(fitted.iterations()).isEqualTo(stepped.iterations()).isEqualTo(6);
    }

    // ------------------------------------------------------------------ batching and shuffling

    @Test
    void batchSize_largerThanTheData_isOneBatchPerEpoch() {
        Data d = new Data(10, 0, 9);
        StackedRnnModel fitted = model(false);
        StackedRnnModel stepped = model(false);
        History h = fitted.fit(d.x, d.y, FitOptions.builder().epochs(3).batchSize(64).shuffle(false).build());
        assertThat(fitted.iterations()).isEqualTo(3);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertThat(h.loss().get(epoch)).isEqualTo(stepped.trainOnBatch(d.x, d.y));
        }
        assertThat(fitted.getWeights()).isEqualTo(stepped.getWeights());
        // with shuffling the one batch holds the same samples, in another order
        StackedRnnModel shuffled = model(false);
        History hs = shuffled.fit(d.x, d.y, FitOptions.builder().epochs(3).batchSize(64).build());
        assertThat(shuffled.iterations()).isEqualTo(3);
        assertThat(hs.loss().get(0)).isCloseTo(h.loss().get(0), within(1e-6));
    }

    @Test
    void iterations_areEpochsTimesBatchesPerEpoch() {
        Data d = new Data(33, 0, 10);
        StackedRnnModel model = model(false);
        model.fit(d.x, d.y, FitOptions.builder().epochs(2).batchSize(10).build());
        assertThat(model.iterations()).isEqualTo(2 * 4);
        model.fit(d.x, d.y, FitOptions.builder().batchSize(33).build());
        assertThat(model.iterations()).isEqualTo(9);
    }

    @Test
    void shuffle_falseAndTrue_differ() {
        Data d = new Data(40, 0, 11);
        StackedRnnModel ordered = model(false);
        StackedRnnModel shuffled = model(false);
        History ho = ordered.fit(d.x, d.y, FitOptions.builder().epochs(2).batchSize(8).shuffle(false).build());
        History hs = shuffled.fit(d.x, d.y, FitOptions.builder().epochs(2).batchSize(8).shuffle(true).build());
        assertThat(ordered.getWeights().get(0)).isNotEqualTo(shuffled.getWeights().get(0));
        assertThat(ho.loss()).isNotEqualTo(hs.loss());
        assertThat(ordered.iterations()).isEqualTo(shuffled.iterations()).isEqualTo(10);
    }

    @Test
    void shuffle_false_isRepeatable() {
        Data d = new Data(40, 0, 12);
        StackedRnnModel a = model(false);
        StackedRnnModel b = model(false);
        FitOptions options = FitOptions.builder().epochs(2).batchSize(8).shuffle(false).build();
        assertThat(a.fit(d.x, d.y, options).asMap()).isEqualTo(b.fit(d.x, d.y, options).asMap());
        assertThat(a.getWeights()).isEqualTo(b.getWeights());
    }

    @Test
    void labels_oneHotAndSparse_trainAlike() {
        Data d = new Data(24, 0, 13);
        float[] hot = new float[24 * CLASSES];
        for (int s = 0; s < 24; s++) {
            hot[s * CLASSES + d.y[s]] = 1f;
        }
        StackedRnnModel sparse = model(false);
        StackedRnnModel oneHot = model(false);
        FitOptions options = FitOptions.builder().epochs(2).batchSize(8).validationSplit(0.25).build();
        History hs = sparse.fit(d.x, d.y, options);
        History ho = oneHot.fit(d.x, Tensor.of(hot, 24, CLASSES), options);
        assertThat(sparse.getWeights()).isEqualTo(oneHot.getWeights());
        assertThat(hs.asMap()).isEqualTo(ho.asMap());
    }

    @Test
    void fit_doesNotModifyItsInputs() {
        Data d = new Data(16, 0, 14);
        float[] x = d.x.toFloatArray();
        int[] y = d.y.clone();
        model(false).fit(d.x, d.y, FitOptions.builder().epochs(2).batchSize(4).build());
        assertThat(d.x.toFloatArray()).containsExactly(x);
        assertThat(d.y).containsExactly(y);
    }

    // ------------------------------------------------------------------ options and results

    @Test
    void fitOptions_defaults_areKeras() {
        FitOptions o = FitOptions.builder().build();
        assertThat(o.epochs()).isEqualTo(1);
        assertThat(o.batchSize()).isEqualTo(32);
        assertThat(o.validationSplit()).isZero();
        assertThat(o.shuffle()).isTrue();
        assertThat(o).isEqualTo(FitOptions.builder().epochs(1).batchSize(32).validationSplit(0).shuffle(true).build())
                .hasSameHashCodeAs(FitOptions.builder().build())
                .hasToString("FitOptions{epochs=1, batchSize=32, validationSplit=0.0, shuffle=true}");
    }

    @Test
    void fitOptions_eachSettingOnce() {
        assertThatThrownBy(() -> FitOptions.builder().epochs(2).epochs(3))
                .isInstanceOf(IllegalStateException.class).hasMessage("`epochs` was already set to 2");
        assertThatThrownBy(() -> FitOptions.builder().batchSize(8).batchSize(16))
                .isInstanceOf(IllegalStateException.class).hasMessage("`batchSize` was already set to 8");
        assertThatThrownBy(() -> FitOptions.builder().validationSplit(0.1).validationSplit(0.2))
                .isInstanceOf(IllegalStateException.class).hasMessage("`validationSplit` was already set to 0.1");
        assertThatThrownBy(() -> FitOptions.builder().shuffle(false).shuffle(true))
                .isInstanceOf(IllegalStateException.class).hasMessage("`shuffle` was already set to false");
    }

    @Test
    void evaluation_toString() {
        assertThat(new Evaluation(0.123456, 0.75, 40)).hasToString("loss: 0.1235 - accuracy: 0.7500 (40 predictions)");
    }
}
