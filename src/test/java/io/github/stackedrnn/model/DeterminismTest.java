package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** All randomness flows from the seed; the initializers have Keras's statistics. */
class DeterminismTest {
    private static final int FEATURES = 10;

    private static StackedRnnModel model(long seed) {
        return StackedRnnModel.builder()
                .inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(16).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(16).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .optimizer(Adam.builder().learningRate(0.005).build())
                .seed(seed)
                .build();
    }

    private static Tensor input(int samples, int time, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[samples * time * FEATURES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, samples, time, FEATURES);
    }

    private static int[] labels(Tensor x) {
        // the class is the feature among 0..3 with the largest sum over time: learnable, not trivial
        int[] labels = new int[x.dim(0)];
        for (int b = 0; b < labels.length; b++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 4; k++) {
                double sum = 0;
                for (int t = 0; t < x.dim(1); t++) {
                    sum += x.get(b, t, k);
                }
                if (sum > best) {
                    best = sum;
                    labels[b] = k;
                }
            }
        }
        return labels;
    }

    // ------------------------------------------------------------------ seeds

    @Test
    void sameSeed_identicalInitialWeights() {
        assertThat(model(42).getWeights()).isEqualTo(model(42).getWeights());
    }

    @Test
    void differentSeed_differentInitialWeights() {
        List<Tensor> a = model(42).getWeights();
        List<Tensor> b = model(43).getWeights();
        for (int i = 0; i < a.size(); i++) {
            boolean isBias = a.get(i).rank() == 1;
            if (!isBias) {
                assertThat(a.get(i)).as("weight %d", i).isNotEqualTo(b.get(i));
            }
        }
    }

    @Test
    void sameSeed_sameFit_endBitIdentical() {
        Tensor x = input(300, 12, 1);
        int[] y = labels(x);
        FitOptions options = FitOptions.builder().epochs(4).batchSize(64).validationSplit(0.2).build();
        assertThat(options.shuffle()).isTrue();
        StackedRnnModel a = model(42);
        StackedRnnModel b = model(42);
        History ha = a.fit(x, y, options);
        History hb = b.fit(x, y, options);
        assertThat(a.getWeights()).isEqualTo(b.getWeights());
        assertThat(ha.asMap()).isEqualTo(hb.asMap());
        assertThat(a.iterations()).isEqualTo(b.iterations()).isEqualTo(4 * 4);
        assertThat(a.predict(x)).isEqualTo(b.predict(x));
        // and the training moved the weights
        assertThat(a.getWeights()).isNotEqualTo(model(42).getWeights());
    }

    @Test
    void differentSeed_sameFit_endDifferent() {
        Tensor x = input(100, 8, 2);
        int[] y = labels(x);
        FitOptions options = FitOptions.builder().epochs(2).batchSize(16).build();
        StackedRnnModel a = model(42);
        StackedRnnModel b = model(7);
        a.fit(x, y, options);
        b.fit(x, y, options);
        assertThat(a.getWeights().get(0)).isNotEqualTo(b.getWeights().get(0));
    }

    @Test
    void sameWeightsDifferentSeed_shuffleDiffers() {
        // the shuffling comes from the seed too: copy the weights across, and only the order of batches differs
        Tensor x = input(100, 8, 3);
        int[] y = labels(x);
        FitOptions options = FitOptions.builder().epochs(2).batchSize(10).build();
        StackedRnnModel a = model(42);
        StackedRnnModel b = model(7);
        b.setWeights(a.getWeights());
        a.fit(x, y, options);
        b.fit(x, y, options);
        assertThat(a.getWeights().get(0)).isNotEqualTo(b.getWeights().get(0));
    }

    @Test
    void inference_betweenEpochs_doesNotDisturbTheShuffling() {
        Tensor x = input(120, 6, 4);
        int[] y = labels(x);
        FitOptions oneEpoch = FitOptions.builder().batchSize(16).build();
        StackedRnnModel a = model(5);
        StackedRnnModel b = model(5);
        for (int epoch = 0; epoch < 3; epoch++) {
            a.fit(x, y, oneEpoch);
            a.predict(x);
            a.evaluate(x, y);
            a.computeGradients(x, y);
            a.hiddenStates(x);
            b.fit(x, y, oneEpoch);
        }
        assertThat(a.getWeights()).isEqualTo(b.getWeights());
    }

    @Test
    void fit_firstEpoch_doesNotDependOnHowManyFollow() {
        // Later epochs of one fit call reshuffle the previous epoch's order, while a new fit call starts from
        // the identity order, so fit(3 epochs) and three fit(1 epoch) calls part after the first epoch.
        Tensor x = input(90, 6, 5);
        int[] y = labels(x);
        History three = model(11).fit(x, y, FitOptions.builder().epochs(3).batchSize(16).build());
        History one = model(11).fit(x, y, FitOptions.builder().batchSize(16).build());
        assertThat(one.loss()).containsExactly(three.loss().get(0));
        assertThat(one.accuracy()).containsExactly(three.accuracy().get(0));
    }

    @Test
    void unsetSeed_isRandomButReadable() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(4).build()).add(DenseSoftmaxLayer.builder(2).build());
        StackedRnnModel a = builder.build();
        StackedRnnModel b = builder.build();
        assertThat(a.seed()).isNotEqualTo(b.seed());
        StackedRnnModel again = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(4).build()).add(DenseSoftmaxLayer.builder(2).build())
                .seed(a.seed()).build();
        assertThat(again.getWeights()).isEqualTo(a.getWeights());
    }

    @Test
    void predict_sampleInALargeBatch_equalsSampleAlone_toFloatRounding() {
        // the engine splits large batches into chunks; a sample's output must not depend on its neighbours
        // beyond float rounding (the Vector API products group rows differently for different batch sizes)
        StackedRnnModel m = model(3);
        Tensor x = input(100, 7, 6);
        Tensor all = m.predict(x);
        float[] flat = x.toFloatArray();
        for (int s : new int[] {0, 1, 37, 63, 64, 99}) {
            float[] one = new float[7 * FEATURES];
            System.arraycopy(flat, s * 7 * FEATURES, one, 0, one.length);
            Tensor p = m.predict(Tensor.of(one, 1, 7, FEATURES));
            for (int k = 0; k < 4; k++) {
                assertThat(p.get(0, k)).as("sample %d class %d", s, k).isCloseTo(all.get(s, k), within(1e-6f));
            }
        }
    }

    @Test
    void threads_doNotChangeTheNumbers() {
        Tensor x = input(256, 10, 7);
        int[] y = labels(x);
        FitOptions options = FitOptions.builder().epochs(2).batchSize(128).validationSplit(0.25).build();
        StackedRnnModel one = threaded(1, null);
        StackedRnnModel four = threaded(4, null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            StackedRnnModel user = threaded(4, pool);
            History h1 = one.fit(x, y, options);
            History h4 = four.fit(x, y, options);
            History hu = user.fit(x, y, options);
            assertThat(one.threads()).isEqualTo(1);
            assertThat(four.threads()).isEqualTo(4);
            assertThat(four.getWeights()).isEqualTo(one.getWeights());
            assertThat(user.getWeights()).isEqualTo(one.getWeights());
            assertThat(h4.asMap()).isEqualTo(h1.asMap());
            assertThat(hu.asMap()).isEqualTo(h1.asMap());
            assertThat(four.predict(x)).isEqualTo(one.predict(x));
            assertThat(user.evaluate(x, y)).isEqualTo(one.evaluate(x, y));
            assertThat(four.computeGradients(x, y).asList()).isEqualTo(one.computeGradients(x, y).asList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static StackedRnnModel threaded(int threads, java.util.concurrent.Executor executor) {
        StackedRnnModel.Builder builder = StackedRnnModel.builder()
                .inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(16).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(16).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .optimizer(Adam.builder().learningRate(0.005).build())
                .threads(threads)
                .seed(42);
        if (executor != null) {
            builder.executor(executor);
        }
        return builder.build();
    }

    // ------------------------------------------------------------------ initial statistics

    @Test
    void glorotUniform_respectsTheBound() {
        StackedRnnModel m = StackedRnnModel.builder().inputFeatures(40)
                .add(SimpleRnnLayer.builder(60).build()).add(DenseSoftmaxLayer.builder(5).build()).seed(9).build();
        assertGlorot(m.getWeights().get(0), 40, 60);
        assertGlorot(m.getWeights().get(3), 60, 5);
    }

    private static void assertGlorot(Tensor w, int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] v = w.toFloatArray();
        double sum = 0;
        double sumSq = 0;
        double max = 0;
        for (float f : v) {
            assertThat((double) Math.abs(f)).isLessThanOrEqualTo(limit);
            sum += f;
            sumSq += (double) f * f;
            max = Math.max(max, Math.abs(f));
        }
        int n = v.length;
        // uniform on [-l, l]: mean 0, variance l²/3, and the extremes come close to ±l
        assertThat(sum / n).isCloseTo(0, within(4 * limit / Math.sqrt(3 * n)));
        assertThat(sumSq / n).isCloseTo(limit * limit / 3, within(0.15 * limit * limit / 3));
        assertThat(max).isGreaterThan(0.9 * limit);
    }

    @Test
    void recurrentKernel_isOrthogonal() {
        StackedRnnModel m = model(42);
        for (int index : new int[] {1, 4}) {
            Tensor u = m.getWeights().get(index);
            assertThat(u.shape()).containsExactly(16, 16);
            assertOrthonormalRows(u);
            assertOrthonormalColumns(u);
        }
        // each layer has its own random stream
        assertThat(m.getWeights().get(1)).isNotEqualTo(m.getWeights().get(4));
    }

    @Test
    void recurrentKernel_tutorialSize_isOrthogonal() {
        StackedRnnModel m = StackedRnnModel.builder().inputFeatures(10)
                .add(SimpleRnnLayer.builder(50).build()).add(DenseSoftmaxLayer.builder(4).build()).seed(42).build();
        assertOrthonormalRows(m.getWeights().get(1));
    }

    @Test
    void orthogonalKernel_wideAndTall_haveOrthonormalRowsOrColumns() {
        StackedRnnModel wide = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(7).kernelInitializer(Initializer.ORTHOGONAL).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        assertOrthonormalRows(wide.getWeights().get(0)); // [3, 7]
        StackedRnnModel tall = StackedRnnModel.builder().inputFeatures(9)
                .add(SimpleRnnLayer.builder(4).kernelInitializer(Initializer.ORTHOGONAL).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        assertOrthonormalColumns(tall.getWeights().get(0)); // [9, 4]
    }

    @Test
    void identityInitializer_givesIdentity() {
        StackedRnnModel m = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(6).activation(Activation.RELU).recurrentInitializer(Initializer.IDENTITY).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        Tensor u = m.getWeights().get(1);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertThat(u.get(i, j)).isEqualTo(i == j ? 1f : 0f);
            }
        }
    }

    @Test
    void zerosInitializer_andBiases_areZero() {
        StackedRnnModel m = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(6).kernelInitializer(Initializer.ZEROS).recurrentInitializer(Initializer.ZEROS).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        List<Tensor> w = m.getWeights();
        assertThat(w.get(0)).isEqualTo(Tensor.zeros(3, 6));
        assertThat(w.get(1)).isEqualTo(Tensor.zeros(6, 6));
        assertThat(w.get(2)).isEqualTo(Tensor.zeros(6));
        assertThat(w.get(4)).isEqualTo(Tensor.zeros(2));
        assertThat(w.get(3).toFloatArray()).isNotEqualTo(new float[12]);
    }

    private static void assertOrthonormalRows(Tensor w) {
        int rows = w.dim(0);
        int cols = w.dim(1);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) {
                double dot = 0;
                for (int k = 0; k < cols; k++) {
                    dot += (double) w.get(i, k) * w.get(j, k);
                }
                assertThat(dot).as("(W·Wᵀ)[%d, %d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-5));
            }
        }
    }

    private static void assertOrthonormalColumns(Tensor w) {
        int rows = w.dim(0);
        int cols = w.dim(1);
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < cols; j++) {
                double dot = 0;
                for (int k = 0; k < rows; k++) {
                    dot += (double) w.get(k, i) * w.get(k, j);
                }
                assertThat(dot).as("(Wᵀ·W)[%d, %d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-5));
            }
        }
    }
}
