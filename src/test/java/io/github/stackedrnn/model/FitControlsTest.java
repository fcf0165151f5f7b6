package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitContext;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.NonFiniteLossException;
import io.github.stackedrnn.train.TrainingListener;
import io.github.stackedrnn.train.ValidationData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** fit's controls beyond epochs and batches: weights, validation data, listeners, regression metrics. */
class FitControlsTest {
    private static final int N = 24;
    private static final int TIME = 5;
    private static final int FEATURES = 3;

    @Test
    void sampleWeightsScaleTheLoss_asKerasSumOverBatchSize() {
        Tensor x = input(1);
        int[] labels = labels();
        float[] twos = new float[N];
        java.util.Arrays.fill(twos, 2f);
        History plain = classifier(5).fit(x, labels, FitOptions.builder().batchSize(N).shuffle(false).build());
        History doubled = classifier(5).fit(x, labels, FitOptions.builder().batchSize(N).shuffle(false).sampleWeights(twos).build());
        // one batch: the loss is measured before the step, so it is exactly twice the plain loss
        assertThat(doubled.loss().get(0)).isCloseTo(2 * plain.loss().get(0), within(1e-6));
        assertThat(doubled.accuracy()).as("accuracy is not weighted").isEqualTo(plain.accuracy());
    }

    @Test
    void classWeightEqualsTheSampleWeightsItImplies() {
        Tensor x = input(2);
        int[] labels = labels();
        float[] implied = new float[N];
        for (int i = 0; i < N; i++) {
            implied[i] = labels[i] == 0 ? 3f : labels[i] == 2 ? 0.5f : 1f;
        }
        StackedRnnModel byClass = classifier(6);
        StackedRnnModel bySample = classifier(6);
        StackedRnnModel unweighted = classifier(6);
        byClass.fit(x, labels, FitOptions.builder().epochs(2).batchSize(8).classWeight(Map.of(0, 3.0, 2, 0.5)).build());
        bySample.fit(x, labels, FitOptions.builder().epochs(2).batchSize(8).sampleWeights(implied).build());
        unweighted.fit(x, labels, FitOptions.builder().epochs(2).batchSize(8).build());
        assertThat(byClass.getWeights()).isEqualTo(bySample.getWeights());
        assertThat(byClass.getWeights()).isNotEqualTo(unweighted.getWeights());
    }

    @Test
    void weightsAreCheckedAgainstTheDataAndTheModel() {
        Tensor x = input(3);
        StackedRnnModel model = classifier(7);
        List<Tensor> before = model.getWeights();
        assertThatThrownBy(() -> model.fit(x, labels(), FitOptions.builder().sampleWeights(new float[N - 1]).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sampleWeights has 23 weights but fit got 24 samples; give one weight per sample");
        assertThatThrownBy(() -> model.fit(x, labels(), FitOptions.builder().classWeight(Map.of(3, 2.0)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("classWeight has class 3 but the model has 3 classes, [0, 3)");
        assertThatThrownBy(() -> regressor(1).fit(x, Tensor.of(new float[N], N, 1),
                FitOptions.builder().classWeight(Map.of(0, 2.0)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classWeight needs a classifier");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThatThrownBy(() -> FitOptions.builder().validationSplit(0.2).validationData(ValidationData.of(x, labels())).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Both `validationSplit` (0.2) and `validationData` are set");
    }

    @Test
    void validationDataIsEvaluatedAfterEveryEpoch() {
        Tensor x = input(4);
        Tensor xVal = input(40);
        int[] labels = labels();
        StackedRnnModel model = classifier(8);
        History h = model.fit(x, labels, FitOptions.builder().epochs(2).batchSize(8)
                .validationData(ValidationData.of(xVal, labels)).build());
        assertThat(h.asMap().keySet()).containsExactly("loss", "accuracy", "val_loss", "val_accuracy");
        assertThat(h.valLoss().get(1)).isEqualTo(model.evaluate(xVal, labels).loss());
        assertThat(h.valAccuracy().get(1)).isEqualTo(model.evaluate(xVal, labels).accuracy());
        // validation data that does not fit the model is refused before training
        List<Tensor> before = model.getWeights();
        assertThatThrownBy(() -> model.fit(x, labels, FitOptions.builder()
                .validationData(ValidationData.of(input(41), new int[] {0, 1})).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels must have one class per sample, 24 in all, but got 2");
        assertThat(model.getWeights()).isEqualTo(before);
    }

    @Test
    void listenersHearEveryEvent_andCanStopAfterABatch() {
        List<String> events = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onTrainBegin(FitContext c) {
                events.add("begin " + c.epochs() + "x" + c.stepsPerEpoch() + " " + c.metricNames());
            }

            @Override
            public void onEpochBegin(FitContext c, int epoch) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onBatchEnd(FitContext c, int epoch, int batch, Map<String, Double> logs) {
                events.add("batch " + epoch + "." + batch + " " + logs.keySet());
                if (epoch == 1 && batch == 1) {
                    c.stopTraining();
                }
            }

            @Override
            public void onEpochEnd(FitContext c, int epoch, Map<String, Double> logs) {
                events.add("end " + epoch + " " + logs.keySet());
            }

            @Override
            public void onTrainEnd(FitContext c) {
                events.add("finish");
            }
        };
        StackedRnnModel model = classifier(9);
        History h = model.fit(input(5), labels(), FitOptions.builder().epochs(5).batchSize(8).validationSplit(0.25)
                .listeners(recorder).build());
        assertThat(events).containsExactly(
                "begin 5x3 [loss, accuracy, val_loss, val_accuracy]",
                "epoch 0", "batch 0.0 [loss, accuracy]", "batch 0.1 [loss, accuracy]", "batch 0.2 [loss, accuracy]",
                "end 0 [loss, accuracy, val_loss, val_accuracy]",
                "epoch 1", "batch 1.0 [loss, accuracy]", "batch 1.1 [loss, accuracy]",
                "end 1 [loss, accuracy, val_loss, val_accuracy]",
                "finish");
        assertThat(model.iterations()).as("3 steps, then 2 before the stop").isEqualTo(5);
        assertThat(h.epochs()).isEqualTo(2);
    }

    @Test
    void aListenerCanEndTrainingOnANonFiniteLoss_keepingTheLastFiniteWeights() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES).seed(1)
                .add(SimpleRnnLayer.builder(4).build()).add(DenseSoftmaxLayer.builder(3).build())
                .optimizer(Adam.builder().learningRate(1e38).build()).build();
        List<Double> seen = new ArrayList<>();
        TrainingListener stopOnNaN = new TrainingListener() {
            @Override
            public void onBatchEnd(FitContext c, int epoch, int batch, Map<String, Double> logs) {
                seen.add(logs.get("loss"));
                if (!Double.isFinite(logs.get("loss"))) {
                    c.stopTraining();
                }
            }
        };
        History h = model.fit(input(6), labels(), FitOptions.builder().epochs(5).batchSize(8).shuffle(false)
                .listeners(stopOnNaN).build());
        assertThat(seen.get(seen.size() - 1)).isNaN();
        assertThat(h.epochs()).isEqualTo(1);
        assertThat(model.getWeights()).allSatisfy(w -> assertThat(w.isFinite()).isTrue());
        // without such a listener the same fit throws
        StackedRnnModel twin = StackedRnnModel.builder().inputFeatures(FEATURES).seed(1)
                .add(SimpleRnnLayer.builder(4).build()).add(DenseSoftmaxLayer.builder(3).build())
                .optimizer(Adam.builder().learningRate(1e38).build()).build();
        assertThatThrownBy(() -> twin.fit(input(6), labels(), FitOptions.builder().epochs(5).batchSize(8).shuffle(false).build()))
                .isInstanceOf(NonFiniteLossException.class);
    }

    @Test
    void earlyStoppingInARealFit_stopsWhereTheHistorySays_andRestoresTheBestWeights() {
        Tensor x = input(12);
        Tensor xVal = input(13);
        int[] labels = labels();
        int[] valLabels = new int[N];
        for (int i = 0; i < N; i++) {
            valLabels[i] = (i * 7) % 3; // unrelated to the inputs: the validation loss soon rises
        }
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES).seed(14)
                .add(SimpleRnnLayer.builder(16).build()).add(DenseSoftmaxLayer.builder(3).build())
                .optimizer(Adam.builder().learningRate(0.03).build()).build();
        io.github.stackedrnn.train.EarlyStopping early = io.github.stackedrnn.train.EarlyStopping.builder()
                .monitor("val_loss").patience(2).restoreBestWeights(true).build();
        History h = model.fit(x, labels, FitOptions.builder().epochs(40).batchSize(8)
                .validationData(ValidationData.of(xVal, valLabels)).listeners(early).build());
        List<Double> val = h.valLoss();
        int best = 0;
        int stop = -1;
        for (int e = 1; e < val.size() && stop < 0; e++) {
            if (val.get(e) < val.get(best)) {
                best = e;
            } else if (e - best >= 2) {
                stop = e;
            }
        }
        assertThat(stop).as("the validation loss rose for 2 epochs somewhere in %s", val).isPositive();
        assertThat(h.epochs()).isEqualTo(stop + 1);
        assertThat(early.stoppedEpoch()).isEqualTo(stop);
        assertThat(early.bestEpoch()).isEqualTo(best);
        assertThat(model.evaluate(xVal, valLabels).loss()).as("the best epoch's weights are back").isEqualTo(val.get(best));
    }

    @Test
    void reduceLrOnPlateauInARealFit_lowersTheRateTheOptimizerUses() {
        List<Double> rates = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onEpochEnd(FitContext c, int epoch, Map<String, Double> logs) {
                rates.add(c.learningRate());
            }
        };
        StackedRnnModel model = classifier(15);
        // min_delta 10 makes every epoch after the first a plateau: after 2 of them the rate halves
        model.fit(input(16), labels(), FitOptions.builder().epochs(6).batchSize(8).listeners(
                io.github.stackedrnn.train.ReduceLROnPlateau.builder().monitor("loss").factor(0.5).patience(2).minDelta(10)
                        .build(), recorder).build());
        assertThat(rates).containsExactly(1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4, 2.5e-4);
    }

    @Test
    void regressionReportsMae_andLearnsASum() {
        SplittableRandom random = new SplittableRandom(10);
        int n = 256;
        float[] x = new float[n * TIME * FEATURES];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < TIME; t++) {
                float v = (float) random.nextDouble();
                x[(i * TIME + t) * FEATURES] = v;
                y[i] += v / TIME;
            }
        }
        StackedRnnModel model = regressor(11);
        Tensor xs = Tensor.of(x, n, TIME, FEATURES);
        Tensor ys = Tensor.of(y, n);
        History h = model.fit(xs, ys, FitOptions.builder().epochs(30).batchSize(32).validationSplit(0.25).build());
        assertThat(h.asMap().keySet()).containsExactly("loss", "mae", "val_loss", "val_mae");
        double constantMse = variance(y);
        assertThat(h.loss().get(h.epochs() - 1)).as("well below predicting the mean").isLessThan(constantMse / 4);
        Tensor predicted = model.predict(xs);
        assertThat(predicted.shape()).containsExactly(n, 1);
        double mse = 0;
        for (int i = 0; i < n; i++) {
            mse += Math.pow(predicted.get(i, 0) - y[i], 2) / n;
        }
        assertThat(model.evaluate(xs, ys).loss()).isCloseTo(mse, within(1e-5));
    }

    private static double variance(float[] y) {
        double mean = 0;
        for (float v : y) {
            mean += v / y.length;
        }
        double var = 0;
        for (float v : y) {
            var += (v - mean) * (v - mean) / y.length;
        }
        return var;
    }

    private static StackedRnnModel classifier(long seed) {
        return StackedRnnModel.builder().inputFeatures(FEATURES).seed(seed).threads(1)
                .add(SimpleRnnLayer.builder(6).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(5).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .build();
    }

    private static StackedRnnModel regressor(long seed) {
        return StackedRnnModel.builder().inputFeatures(FEATURES).seed(seed)
                .add(SimpleRnnLayer.builder(16).build())
                .add(DenseLayer.builder(1).activation(Activation.LINEAR).build())
                .optimizer(Adam.builder().learningRate(0.01).build())
                .build();
    }

    private static Tensor input(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[N * TIME * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return Tensor.of(x, N, TIME, FEATURES);
    }

    private static int[] labels() {
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 3;
        }
        return labels;
    }
}
