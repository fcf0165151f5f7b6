package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;
import io.jhdf.HdfFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every supported Keras fixture reproduces Keras's own predictions, from each of its three files. */
class KerasImportTest {
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @CsvSource({"keras3,simple_rnn_stack", "keras3,simple_rnn_relu_seq", "keras3,masked_simple_rnn",
            "keras3,regression_mse_linear", "extra,time_distributed_sigmoid", "extra,tanh_head_sgd", "extra,relu_head_adamw",
            "extra,functional_chain", "extra,dense_then_activation", "keras3,lstm_stack", "keras3,gru_reset_after",
            "keras3,bidirectional_lstm_concat", "keras3,dropout_layers", "extra,hidden_dense", "extra,bidirectional_sum_mul_masked",
            "extra,bidirectional_ave_per_step", "extra,gru_reset_before_hidden_dense", "extra,lstm_hard_sigmoid_relu",
            "extra,go_backwards", "extra,go_backwards_masked_stack", "extra,gru_go_backwards_per_step",
            "extra,hidden_dense_time_distributed_head", "extra,dropout_everywhere"})
    void everyFormatReproducesKerasPredictions(String folder, String name) throws IOException {
        KerasFixture f = new KerasFixture(folder, name);
        Tensor x = f.input();
        Tensor expected = f.expected();

        KerasModel fromKeras = KerasModels.open(f.file(".keras"));
        assertClose(fromKeras.predict(x), expected, name + ".keras");
        KerasModel fromH5 = KerasModels.open(f.file(".h5"));
        assertClose(fromH5.predict(x), expected, name + ".h5");

        // weights only, into a model built in Java from the same layers
        StackedRnnModel javaModel = sameLayers(fromKeras.model());
        KerasModels.loadWeights(javaModel, f.file(".weights.h5"));
        assertClose(predict(javaModel, fromKeras, x), expected, name + ".weights.h5");
        StackedRnnModel legacyWeights = sameLayers(fromKeras.model());
        KerasModels.loadWeights(legacyWeights, f.file(".h5"));
        assertClose(predict(legacyWeights, fromKeras, x), expected, name + ".h5 as weights");

        assertThat(fromH5.model().layerNames()).isEqualTo(fromKeras.model().layerNames());
        assertThat(fromH5.model().optimizer()).isEqualTo(fromKeras.model().optimizer());
        assertThat(fromH5.model().loss()).isEqualTo(fromKeras.model().loss());
        assertThat(fromKeras.kerasVersion()).contains("3.15.1");
    }

    private static Tensor predict(StackedRnnModel model, KerasModel masks, Tensor x) {
        return masks.mask(x).map(m -> model.predict(x, m)).orElseGet(() -> model.predict(x));
    }

    static StackedRnnModel sameLayers(StackedRnnModel m) {
        StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(m.inputFeatures()).seed(99);
        for (Layer l : m.layers()) {
            b.add(l);
        }
        return b.build();
    }

    static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertThat((double) a[i]).as(what + " [" + i + "]").isCloseTo(e[i], within(TOLERANCE));
        }
    }

    @Test
    void settingsComeAcross() throws IOException {
        StackedRnnModel stack = KerasModels.load(new KerasFixture("keras3", "simple_rnn_stack").file(".keras"));
        assertThat(stack.name()).isEqualTo("simple_rnn_stack");
        assertThat(stack.layerNames()).containsExactly("simple_rnn", "simple_rnn_1", "simple_rnn_2", "dense");
        assertThat(stack.layers().get(3)).isInstanceOf(DenseSoftmaxLayer.class);
        assertThat(((SimpleRnnLayer) stack.layers().get(0)).returnSequences()).isTrue();
        assertThat(((SimpleRnnLayer) stack.layers().get(2)).returnSequences()).isFalse();
        Adam adam = (Adam) stack.optimizer();
        assertThat(adam.learningRate()).isEqualTo(0.009999999776482582);
        assertThat(stack.loss()).isEqualTo(Loss.categoricalCrossentropy());
        assertThat(stack.summary().toString()).contains("simple_rnn_2 (SimpleRNN)").contains("dense (Dense)");

        StackedRnnModel relu = KerasModels.load(new KerasFixture("keras3", "simple_rnn_relu_seq").file(".keras"));
        assertThat(((SimpleRnnLayer) relu.layers().get(0)).activation().kerasName()).isEqualTo("relu");
        assertThat(relu.loss()).isEqualTo(Loss.meanSquaredError());
        assertThat(relu.outputsSequences()).isTrue();

        StackedRnnModel sgd = KerasModels.load(new KerasFixture("keras3", "regression_mse_linear").file(".h5"));
        assertThat(sgd.optimizer()).isInstanceOf(Sgd.class);
        assertThat(((Sgd) sgd.optimizer()).momentum()).isEqualTo(0.9);
        assertThat(((Sgd) sgd.optimizer()).learningRate()).isCloseTo(0.05, within(1e-8));

        KerasModel td = KerasModels.open(new KerasFixture("extra", "time_distributed_sigmoid").file(".keras"));
        SimpleRnnLayer rnn = (SimpleRnnLayer) td.model().layers().get(0);
        assertThat(rnn.useBias()).isFalse();
        assertThat(rnn.kernelL2()).isEqualTo(1e-3);
        DenseLayer head = (DenseLayer) td.model().layers().get(1);
        assertThat(head.activation().kerasName()).isEqualTo("sigmoid");
        assertThat(td.model().layerNames()).containsExactly("simple_rnn", "time_distributed");
        assertThat(td.model().loss()).isEqualTo(Loss.binaryCrossentropy());
        Adam ams = (Adam) td.model().optimizer();
        assertThat(ams.amsgrad()).isTrue();
        assertThat(ams.clipNorm()).hasValue(1.0);

        KerasModel tanh = KerasModels.open(new KerasFixture("extra", "tanh_head_sgd").file(".keras"));
        SimpleRnnLayer linear = (SimpleRnnLayer) tanh.model().layers().get(0);
        assertThat(linear.dropout()).isCloseTo(0.1, within(1e-12));
        assertThat(linear.recurrentDropout()).isCloseTo(0.2, within(1e-12));
        assertThat(linear.recurrentL2()).isEqualTo(1e-4);
        assertThat(((DenseLayer) tanh.model().layers().get(2)).biasL2()).isEqualTo(1e-3);
        assertThat(((Sgd) tanh.model().optimizer()).nesterov()).isTrue();
        assertThat(tanh.model().loss()).isEqualTo(Loss.meanAbsoluteError());
        assertThat(tanh.model().layers().get(1)).isEqualTo(DropoutLayer.builder(0.25).name("dropout").build());
        assertThat(tanh.model().layers().get(2)).isInstanceOf(DenseLayer.class);
        assertThat(tanh.notes()).isEmpty();

        Adam adamW = (Adam) KerasModels.load(new KerasFixture("extra", "relu_head_adamw").file(".keras")).optimizer();
        assertThat(adamW.weightDecay()).hasValue(0.01);
        assertThat(adamW.learningRate()).isCloseTo(0.005, within(1e-9));

        KerasModel masked = KerasModels.open(new KerasFixture("keras3", "masked_simple_rnn").file(".keras"));
        assertThat(masked.maskValue()).hasValue(0.0);
        assertThat(masked.mask(new KerasFixture("keras3", "masked_simple_rnn").input()).orElseThrow().validSteps())
                .isEqualTo(7 + 4 + 2);
    }

    @Test
    void longAttributesSplitIntoChunksAreJoined() throws IOException {
        // layer_names as layer_names0 + layer_names1, one layer's weight_names likewise (Keras reads these
        // back bit for bit; interop/make_fixtures.py split)
        KerasFixture f = new KerasFixture("keras3", "simple_rnn_stack");
        Path split = f.dir.resolveSibling("extra").resolve("simple_rnn_stack_split_attributes.h5");
        StackedRnnModel m = KerasModels.load(split);
        assertThat(m.layerNames()).containsExactly("simple_rnn", "simple_rnn_1", "simple_rnn_2", "dense");
        assertClose(m.predict(f.input()), f.expected(), "split attributes");
        StackedRnnModel weightsOnly = sameLayers(m);
        KerasModels.loadWeights(weightsOnly, split);
        assertThat(weightsOnly.getWeights()).isEqualTo(m.getWeights());
    }

    @Test
    void chunkedGzipDatasetsAreRead() throws IOException {
        // every dataset chunked and deflated, as h5py's compression="gzip" writes (interop/make_fixtures.py gzip)
        KerasFixture f = new KerasFixture("keras3", "simple_rnn_stack");
        StackedRnnModel m = KerasModels.load(f.dir.resolveSibling("extra").resolve("simple_rnn_stack_gzip.h5"));
        assertClose(m.predict(f.input()), f.expected(), "gzip datasets");
    }

    @Test
    void legacySaveWeightsFileLoadsIntoAJavaModel() throws IOException {
        // tf.keras 2.x save_weights("x.h5") layout: layer_names on the root group (interop/make_fixtures.py legacy-weights)
        KerasFixture f = new KerasFixture("keras3", "masked_simple_rnn");
        KerasModel keras = KerasModels.open(f.file(".keras"));
        StackedRnnModel javaModel = sameLayers(keras.model());
        KerasModels.loadWeights(javaModel, f.dir.resolveSibling("extra").resolve("masked_simple_rnn_legacy_save_weights.h5"));
        assertClose(predict(javaModel, keras, f.input()), f.expected(), "legacy save_weights");
    }

    @Test
    void anActivationLayerAfterALinearHeadIsFoldedIntoIt() throws IOException {
        KerasModel m = KerasModels.open(new KerasFixture("extra", "dense_then_activation").file(".h5"));
        assertThat(m.model().layers()).hasSize(2);
        assertThat(m.model().layers().get(1)).isInstanceOf(DenseSoftmaxLayer.class);
        assertThat(m.notes()).singleElement().asString()
                .isEqualTo("Activation 'activation' at layer 2 was folded into the head Dense 'dense' at layer 1");
    }

    @Test
    void compileFalseIgnoresTheCompileConfig() throws IOException {
        StackedRnnModel m = KerasModels.load(new KerasFixture("extra", "tanh_head_sgd").file(".keras"), false);
        assertThat(m.optimizer()).isEqualTo(Adam.defaults());
        assertThat(m.loss()).isEqualTo(Loss.meanSquaredError());
    }

    @Test
    void legacyKeras2FileReproducesItsSavedPredictions() throws IOException {
        Path dir = new KerasFixture("keras3", "simple_rnn_stack").dir.resolveSibling("legacy");
        KerasModel m = KerasModels.open(dir.resolve("dl4j_simple_rnn_tf_keras_2_model.h5"));
        assertThat(m.kerasVersion()).contains("2.1.3");
        assertThat(m.model().layerNames()).containsExactly("simple_rnn_1", "dense_1");
        assertThat(m.model().optimizer()).isInstanceOf(RmsProp.class);
        assertThat(((RmsProp) m.model().optimizer()).rho()).isCloseTo(0.9, within(1e-7));
        assertThat(m.model().loss()).isEqualTo(Loss.meanSquaredError());
        Tensor x;
        Tensor expected;
        try (HdfFile io = new HdfFile(dir.resolve("dl4j_simple_rnn_tf_keras_2_inputs_and_outputs.h5"))) {
            x = of3((float[][][]) io.getDatasetByPath("inputs/simple_rnn_1_input").getData());
            expected = Tensor.of((float[][]) io.getDatasetByPath("predictions/dense_1").getData());
        }
        assertClose(m.predict(x), expected, "Keras 2.1.3 predictions");
    }

    private static Tensor of3(float[][][] v) {
        return Tensor.of(v);
    }

    @Test
    void unsupportedConvIsRefusedNamingTheLayer() {
        KerasFixture f = new KerasFixture("keras3", "unsupported_conv");
        for (String suffix : new String[] {".keras", ".h5"}) {
            assertThatThrownBy(() -> KerasModels.load(f.file(suffix)))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageStartingWith("Conv1D 'conv1d' at layer 0 is not supported; supported: InputLayer, Masking, "
                            + "SimpleRNN, LSTM, GRU, Bidirectional (of SimpleRNN, LSTM or GRU), Dense (linear, softmax, sigmoid, "
                            + "tanh, relu), TimeDistributed(Dense), Dropout, Activation after a linear Dense");
        }
    }

    @Test
    void gatedLayersComeAcrossWithTheirKerasSettings() throws IOException {
        StackedRnnModel lstm = KerasModels.load(new KerasFixture("keras3", "lstm_stack").file(".keras"));
        assertThat(lstm.layers().get(0)).isEqualTo(LstmLayer.builder(6).returnSequences(true).name("lstm").build());
        assertThat(lstm.layerNames()).containsExactly("lstm", "lstm_1", "dense");
        StackedRnnModel gru = KerasModels.load(new KerasFixture("keras3", "gru_reset_after").file(".h5"));
        assertThat(((GruLayer) gru.layers().get(0)).resetAfter()).isTrue();
        assertThat(gru.getWeights().get(2).shape()).containsExactly(2, 18);
        StackedRnnModel bi = KerasModels.load(new KerasFixture("keras3", "bidirectional_lstm_concat").file(".keras"));
        Bidirectional first = (Bidirectional) bi.layers().get(0);
        assertThat(first.mergeMode()).isEqualTo(MergeMode.CONCAT);
        assertThat(first.layer()).isEqualTo(LstmLayer.builder(5).returnSequences(true).name("lstm").build());
        assertThat(bi.layerNames()).containsExactly("bidirectional", "bidirectional_1", "dense");
        assertThat(bi.weightNames()).startsWith("bidirectional/forward_lstm/kernel", "bidirectional/forward_lstm/recurrent_kernel",
                "bidirectional/forward_lstm/bias", "bidirectional/backward_lstm/kernel");
        for (String format : new String[] {".keras", ".h5"}) {
            KerasModel dropout = KerasModels.open(new KerasFixture("keras3", "dropout_layers").file(format));
            assertThat(dropout.model().layers().get(1)).as(format).isEqualTo(DropoutLayer.builder(0.3).name("dropout").build());
            assertThat(dropout.model().layerNames()).containsExactly("simple_rnn", "dropout", "gru", "dense");
            assertThat(dropout.notes()).noneMatch(n -> n.contains("Dropout"));
            assertThat(dropout.model().summary().toString()).contains("dropout (Dropout)");
            assertThat(dropout.model().summary().rows().get(1)).isEqualTo(new io.github.stackedrnn.model.ModelSummary.Row("dropout",
                    "Dropout", "(None, None, 6)", 0));
            assertThat(((SimpleRnnLayer) dropout.model().layers().get(0)).dropout()).isEqualTo(0.2);
        }
    }

    /** Real Keras's Dropout layers at the input, between and after the recurrent layers and between Dense layers. */
    @Test
    void dropoutLayersComeAcrossWithTheirRatesAndSeeds() throws IOException {
        KerasFixture f = new KerasFixture("extra", "dropout_everywhere");
        for (String format : new String[] {".keras", ".h5"}) {
            KerasModel k = KerasModels.open(f.file(format));
            StackedRnnModel m = k.model();
            assertThat(m.layerNames()).as(format).containsExactly("dropout", "lstm", "dropout_1", "simple_rnn", "dropout_2", "dense",
                    "dropout_3", "dense_1");
            assertThat(m.layers().get(0)).isEqualTo(DropoutLayer.builder(0.1).name("dropout").build());
            assertThat(m.layers().get(2)).isEqualTo(DropoutLayer.builder(0.3).seed(5).name("dropout_1").build());
            assertThat(m.layers().get(4)).isEqualTo(DropoutLayer.builder(0.2).name("dropout_2").build());
            assertThat(m.layers().get(6)).isEqualTo(DropoutLayer.builder(0.5).name("dropout_3").build());
            assertThat(k.notes()).isEmpty();
            assertThat(m.summary().rows()).extracting(io.github.stackedrnn.model.ModelSummary.Row::outputShape)
                    .containsExactly("(None, None, 3)", "(None, None, 4)", "(None, None, 4)", "(None, 3)", "(None, 3)", "(None, 4)",
                            "(None, 4)", "(None, 2)");
            // and it trains: the masks drop, so a training step's loss is not the evaluated one
            Tensor x = f.input();
            float[] y = new float[x.dim(0) * 2];
            for (int b = 0; b < x.dim(0); b++) {
                y[2 * b + b % 2] = 1;
            }
            Tensor labels = Tensor.of(y, x.dim(0), 2);
            double evaluated = m.evaluate(x, labels).loss();
            assertThat(m.trainOnBatch(x, labels)).isNotEqualTo(evaluated);
        }
    }

    @Test
    void aDropoutWithNoiseShapeIsRefused() {
        assertThatThrownBy(() -> KerasModels.load(new KerasFixture("extra", "dropout_noise_shape").file(".keras")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("Dropout 'dropout' at layer 1: noise_shape (None, 1, 4) is not supported (a mask shared "
                        + "along some axis); supported: noise_shape=None, a draw for every value");
    }

    @Test
    void hiddenDenseLayersComeAcross() throws IOException {
        StackedRnnModel m = KerasModels.load(new KerasFixture("extra", "hidden_dense").file(".keras"));
        assertThat(m.layerNames()).containsExactly("simple_rnn", "dense", "dense_1");
        assertThat(((DenseLayer) m.layers().get(1)).activation()).isEqualTo(Activation.RELU);
    }

    /**
     * A Keras 2.1.3 weights file of a GRU without reset_after (Keras 2.1's GRU: bias [3U]) > hidden Dense >
     * Dropout > Dense, loaded into the same model built in Java; the reference is Keras 3 running the
     * same layers with these weights (set_weights; SOURCE.md).
     */
    @Test
    void keras2GruWeightsWithoutResetAfterReproduceKeras() throws IOException {
        KerasFixture f = new KerasFixture("legacy", "hls4ml_KERAS_gru");
        StackedRnnModel m = StackedRnnModel.builder().inputFeatures(6)
                .add(GruLayer.builder(20).activation(Activation.RELU).resetAfter(false).build())
                .add(DenseLayer.builder(20).activation(Activation.RELU).build())
                .add(DropoutLayer.of(0.2)) // as the file's model: no weights, so the legacy reader passes it by
                .add(DenseSoftmaxLayer.builder(5).build()).seed(3).build();
        KerasModels.loadWeights(m, f.dir.resolve("hls4ml_KERAS_gru_model_weights.h5"));
        assertThat(m.getWeights().get(2).shape()).containsExactly(60);
        assertClose(m.predict(f.input()), f.expected(), "hls4ml GRU");
    }

    /**
     * Keras 3 names weight groups by class: hidden Dense layers are layers/dense, layers/dense_1, a
     * TimeDistributed head layers/time_distributed (the parameterized test loads that file's weights into
     * the same layers built in Java); when equal shapes let the groups fit the Dense layers in two ways,
     * loadWeights refuses instead of guessing, and the full model still loads.
     */
    @Test
    void denseAndTimeDistributedGroupsAreMatchedExactlyOrRefused() throws IOException {
        KerasFixture f = new KerasFixture("extra", "time_distributed_ambiguous");
        KerasModel keras = KerasModels.open(f.file(".keras"));
        assertClose(keras.predict(f.input()), f.expected(), "time_distributed_ambiguous.keras");
        StackedRnnModel javaModel = sameLayers(keras.model());
        java.util.List<Tensor> before = javaModel.getWeights();
        assertThatThrownBy(() -> KerasModels.loadWeights(javaModel, f.file(".weights.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("the file's 1 TimeDistributed group and its Dense groups fit the model's Dense layers in 2 ways "
                        + "(TimeDistributed: [time_distributed] or [dense_1]), their shapes being equal");
        assertThat(javaModel.getWeights()).isEqualTo(before);
        KerasFixture head = new KerasFixture("extra", "hidden_dense_time_distributed_head");
        StackedRnnModel m = sameLayers(KerasModels.load(head.file(".keras")));
        KerasModels.loadWeights(m, head.file(".weights.h5"));
        assertThat(m.getWeights()).isEqualTo(KerasModels.load(head.file(".keras")).getWeights());
    }

    @Test
    void goBackwardsComesAcross() throws IOException {
        StackedRnnModel m = KerasModels.load(new KerasFixture("extra", "go_backwards_masked_stack").file(".keras"));
        assertThat(m.layers().get(0)).isEqualTo(SimpleRnnLayer.builder(4).goBackwards(true).returnSequences(true)
                .name("simple_rnn").build());
        assertThat(m.layers().get(1)).isEqualTo(LstmLayer.builder(3).goBackwards(true).name("lstm").build());
        StackedRnnModel gru = KerasModels.load(new KerasFixture("extra", "gru_go_backwards_per_step").file(".h5"));
        assertThat(((GruLayer) gru.layers().get(1)).goBackwards()).isTrue();
        assertThat(((GruLayer) gru.layers().get(1)).resetAfter()).isFalse();
        assertThatThrownBy(() -> m.newState(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("goBackwards=true");
    }

    @Test
    void keras2HardSigmoidIsKeras2sFunction() throws IOException {
        Path dir = new KerasFixture("keras3", "simple_rnn_stack").dir.resolveSibling("legacy");
        // Keras 2.1.3, LSTM(50, hard_sigmoid) > Dense(1), with Keras's predictions stored beside it (DL4J's test files)
        KerasModel m = KerasModels.open(dir.resolve("dl4j_simple_flatten_lstm_tf_keras_2_model.h5"));
        assertThat(((LstmLayer) m.model().layers().get(0)).recurrentActivation()).isEqualTo(GateActivation.HARD_SIGMOID_KERAS2);
        Tensor x;
        Tensor expected;
        try (HdfFile io = new HdfFile(dir.resolve("dl4j_simple_flatten_lstm_tf_keras_2_inputs_and_outputs.h5"))) {
            x = of3((float[][][]) io.getDatasetByPath("inputs/lstm_1_input").getData());
            expected = Tensor.of((float[][]) io.getDatasetByPath("predictions/dense_1").getData());
        }
        assertClose(m.predict(x), expected, "Keras 2.1.3 LSTM hard_sigmoid predictions");
        // Keras 3's hard sigmoid gives other numbers on the same file: the test can tell the two apart
        StackedRnnModel keras3Gates = StackedRnnModel.builder().inputFeatures(m.model().inputFeatures())
                .add(LstmLayer.builder(50).recurrentActivation(GateActivation.HARD_SIGMOID).build())
                .add(m.model().layers().get(1)).loss(m.model().loss()).build();
        keras3Gates.setWeights(m.model().getWeights());
        assertThat(maxDifference(keras3Gates.predict(x), expected)).isGreaterThan(1e-4);

        // the other Keras 2 LSTM files read their hard_sigmoid the same way, and are refused only because
        // they end without a Dense head
        assertThatThrownBy(() -> KerasModels.load(dir.resolve("dl4j_masking_zero_lstm.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("the model ends with LSTM 'lstm_1' at layer 1, not a Dense head");
        assertThatThrownBy(() -> KerasModels.load(dir.resolve("dl4j_bidirectional_lstm_tensorflow_2.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("the model ends with Bidirectional");
        assertThatThrownBy(() -> KerasModels.load(dir.resolve("dl4j_tfkeras_rnn_133.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("the model ends with Bidirectional");
    }

    /**
     * LSTM and GRU stacks whose gates are Keras 2's hard sigmoid, run by Keras 3.15.1 with that function as a
     * custom activation (interop/make_fixtures.py backwards): their weights loaded into the same layers built
     * in Java with HARD_SIGMOID_KERAS2 reproduce Keras's predictions, over several steps, masked and backwards.
     */
    @Test
    void keras2HardSigmoidStacksReproduceKeras() throws IOException {
        KerasFixture lstm = new KerasFixture("extra", "lstm_keras2_hard_sigmoid");
        StackedRnnModel l = StackedRnnModel.builder().inputFeatures(3)
                .add(LstmLayer.builder(4).recurrentActivation(GateActivation.HARD_SIGMOID_KERAS2).returnSequences(true).build())
                .add(LstmLayer.builder(3).recurrentActivation(GateActivation.HARD_SIGMOID_KERAS2).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        KerasModels.loadWeights(l, lstm.file(".weights.h5"));
        assertClose(KerasModel.withMaskValue(l, 0.0).predict(lstm.input()), lstm.expected(), "LSTM Keras 2 hard sigmoid, masked");
        KerasFixture gru = new KerasFixture("extra", "gru_keras2_hard_sigmoid");
        StackedRnnModel g = StackedRnnModel.builder().inputFeatures(2)
                .add(GruLayer.builder(4).recurrentActivation(GateActivation.HARD_SIGMOID_KERAS2).resetAfter(false)
                        .returnSequences(true).build())
                .add(GruLayer.builder(3).recurrentActivation(GateActivation.HARD_SIGMOID_KERAS2).goBackwards(true).build())
                .add(DenseLayer.builder(1).build()).seed(2).build();
        KerasModels.loadWeights(g, gru.file(".weights.h5"));
        assertClose(g.predict(gru.input()), gru.expected(), "GRU Keras 2 hard sigmoid");
    }

    static double maxDifference(Tensor a, Tensor b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }

    @Test
    void keras3HardSigmoidIsTheLibrarysAndKerasVersionsAreReadAsNumbers() {
        assertThat(LayerMappings.isKeras3("3.15.1")).isTrue();
        assertThat(LayerMappings.isKeras3("10.0")).isTrue();
        assertThat(LayerMappings.isKeras3("2.15.0")).isFalse();
        assertThat(LayerMappings.isKeras3("2.2.4-tf")).isFalse();
        assertThat(LayerMappings.isKeras3(null)).isFalse();
        assertThat(LayerMappings.isKeras3("x")).isFalse();
    }

    @Test
    void legacyFilesOutsideTheSupportedSetAreRefused() {
        Path dir = new KerasFixture("keras3", "simple_rnn_stack").dir.resolveSibling("legacy");
        assertThatThrownBy(() -> KerasModels.load(dir.resolve("dl4j_simple_flatten_rnn_tf_keras_2_model.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("Flatten 'flatten_1' at layer 1 is not supported; supported: ");
        // tf.keras 2.2.4 functional chain Input > SimpleRNN > SimpleRNN: read, but it has no head
        assertThatThrownBy(() -> KerasModels.load(dir.resolve("dl4j_tfkeras_rnn_128.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("the model ends with SimpleRNN 'simple_rnn_65' at layer 1, not a Dense head");
        // Input > Bidirectional(SimpleRNN) > Bidirectional(SimpleRNN): read, but it has no head either
        assertThatThrownBy(() -> KerasModels.load(dir.resolve("dl4j_tfkeras_rnn_129.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("the model ends with Bidirectional 'bidirectional_79' at layer 1, not a Dense head");
    }

    @Test
    void weightsOnlyFileIsNotAModel() {
        assertThatThrownBy(() -> KerasModels.load(new KerasFixture("keras3", "simple_rnn_stack").file(".weights.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("has no model_config attribute: a weights-only file")
                .hasMessageContaining("loadWeights");
    }

    @Test
    void weightsThatDoNotFitTheModelAreRefusedAndChangeNothing() throws IOException {
        KerasFixture f = new KerasFixture("keras3", "simple_rnn_stack");
        StackedRnnModel wrong = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(8).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(7).build())
                .add(DenseSoftmaxLayer.builder(4).build()).seed(1).build();
        java.util.List<Tensor> before = wrong.getWeights();
        assertThatThrownBy(() -> KerasModels.loadWeights(wrong, f.file(".weights.h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("does not match the config");
        assertThatThrownBy(() -> KerasModels.loadWeights(wrong, f.file(".h5")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("holds the weights of 4 layers");
        assertThat(wrong.getWeights()).isEqualTo(before);
    }
}
