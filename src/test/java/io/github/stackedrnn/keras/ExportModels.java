package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The models the export tests write: one per layer type and setting that {@link KerasModels#save}
 * writes, each trained for a few steps so its weights are not the initial ones. Shared by the round
 * trip test and by the directory that {@code interop/keras_check.py} checks with real Keras.
 */
final class ExportModels {
    private ExportModels() {
    }

    static Map<String, KerasModel> all() {
        Map<String, KerasModel> m = new LinkedHashMap<>();
        m.put("tutorial_softmax", plain(StackedRnnModel.builder().inputFeatures(4).name("tutorial")
                .add(SimpleRnnLayer.builder(6).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(5).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(5).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .optimizer(Adam.builder().learningRate(0.01).build()).seed(1).build()));
        m.put("relu_sequence_linear", plain(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(6).activation(Activation.RELU).returnSequences(true)
                        .recurrentInitializer(Initializer.IDENTITY).name("irnn").build())
                .add(DenseLayer.builder(3).name("per_step").build())
                .optimizer(Sgd.builder().learningRate(0.02).momentum(0.5).nesterov(true).clipValue(0.5).build())
                .seed(2).build()));
        m.put("sigmoid_regularized", plain(StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(4).activation(Activation.LINEAR).useBias(false).kernelL2(1e-3).recurrentL2(1e-4)
                        .dropout(0.2).recurrentDropout(0.1).build())
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).kernelL2(1e-3).biasL2(1e-4).build())
                .optimizer(RmsProp.builder().learningRate(0.005).centered(true).momentum(0.1).build())
                .seed(3).build()));
        m.put("tanh_relu_heads", plain(StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(5).build())
                .add(DenseLayer.builder(2).activation(Activation.TANH).useBias(false).build())
                .loss(Loss.meanAbsoluteError())
                .optimizer(Adam.builder().learningRate(new ExponentialDecay(0.01, 100, 0.9, true)).amsgrad(true)
                        .weightDecay(0.004).globalClipNorm(1.0).build())
                .seed(4).build()));
        m.put("relu_head_softmax_layer", plain(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(4).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(4).activation(Activation.RELU).build())
                .add(DenseLayer.builder(3).activation(Activation.SOFTMAX).build())
                .loss(Loss.categoricalCrossentropy(0.1))
                .seed(5).build()));
        m.put("relu_head", plain(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(4).build())
                .add(DenseLayer.builder(2).activation(Activation.RELU).build())
                .seed(6).build()));
        m.put("masked", KerasModel.withMaskValue(StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(4).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .seed(7).build(), 0.0));
        m.put("masked_per_step", KerasModel.withMaskValue(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(4).returnSequences(true).build())
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).build())
                .seed(8).build(), 0.0));
        m.put("lstm_stack", plain(StackedRnnModel.builder().inputFeatures(3)
                .add(LstmLayer.builder(6).returnSequences(true).build())
                .add(LstmLayer.builder(5).recurrentActivation(GateActivation.HARD_SIGMOID).activation(Activation.RELU)
                        .unitForgetBias(false).kernelL2(1e-3).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .optimizer(Adam.builder().learningRate(0.01).build()).seed(9).build()));
        m.put("gru_both_variants", plain(StackedRnnModel.builder().inputFeatures(4)
                .add(GruLayer.builder(5).returnSequences(true).dropout(0.1).build())
                .add(GruLayer.builder(4).resetAfter(false).recurrentActivation(GateActivation.HARD_SIGMOID).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .seed(10).build()));
        m.put("gru_no_bias_per_step", plain(StackedRnnModel.builder().inputFeatures(2)
                .add(GruLayer.builder(4).useBias(false).returnSequences(true).build())
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).build())
                .seed(11).build()));
        MergeMode[] modes = MergeMode.values();
        for (int i = 0; i < modes.length; i++) {
            MergeMode mode = modes[i];
            m.put("bidirectional_" + mode.kerasName(), plain(StackedRnnModel.builder().inputFeatures(3)
                    .add(Bidirectional.builder(LstmLayer.builder(4).returnSequences(true).build()).mergeMode(mode).build())
                    .add(Bidirectional.builder(i % 2 == 0 ? GruLayer.builder(3).build() : SimpleRnnLayer.builder(3).build())
                            .mergeMode(mode).build())
                    .add(DenseSoftmaxLayer.builder(3).build())
                    .seed(12 + i).build()));
        }
        m.put("bidirectional_masked_per_step", KerasModel.withMaskValue(StackedRnnModel.builder().inputFeatures(2)
                .add(Bidirectional.builder(GruLayer.builder(3).returnSequences(true).build()).build())
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).build())
                .seed(20).build(), 0.0));
        m.put("hidden_dense", plain(StackedRnnModel.builder().inputFeatures(3)
                .add(LstmLayer.builder(5).build())
                .add(DenseLayer.builder(6).activation(Activation.RELU).build())
                .add(DenseLayer.builder(4).activation(Activation.TANH).useBias(false).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(21).build()));
        m.put("hidden_dense_per_step", plain(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(4).returnSequences(true).build())
                .add(DenseLayer.builder(3).activation(Activation.SIGMOID).build())
                .add(DenseLayer.builder(1).build())
                .loss(Loss.meanSquaredError())
                .seed(22).build()));
        m.put("go_backwards_masked", KerasModel.withMaskValue(StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(4).goBackwards(true).returnSequences(true).build())
                .add(LstmLayer.builder(3).goBackwards(true).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .seed(23).build(), 0.0));
        m.put("gru_go_backwards_per_step", plain(StackedRnnModel.builder().inputFeatures(2)
                .add(GruLayer.builder(4).goBackwards(true).returnSequences(true).build())
                .add(GruLayer.builder(3).resetAfter(false).goBackwards(true).returnSequences(true).build())
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).build())
                .seed(24).build()));
        // statistics given, not adapted: the inputs here are small; a spread of 0.02 and an offset far away
        NormalizationLayer norm = NormalizationLayer.of(new double[] {0.5, -0.2, 4}, new double[] {0.0004, 2.5, 9}, 120);
        m.put("normalization_gru", plain(StackedRnnModel.builder()
                .add(norm)
                .add(GruLayer.builder(4).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(3).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .seed(23).build()));
        m.put("normalization_masked", KerasModel.withMaskValue(StackedRnnModel.builder()
                .add(NormalizationLayer.of(new double[] {0.1, 0.3}, new double[] {0.25, 1.5}).withName("scaler"))
                .add(LstmLayer.builder(3).build())
                .add(DenseLayer.builder(1).build())
                .seed(24).build(), 0.0));
        m.put("dropout_layers", plain(StackedRnnModel.builder().inputFeatures(3)
                .add(DropoutLayer.of(0.1))
                .add(LstmLayer.builder(5).returnSequences(true).build())
                .add(DropoutLayer.builder(0.3).seed(17).name("between").build())
                .add(GruLayer.builder(4).build())
                .add(DropoutLayer.of(0.2))
                .add(DenseLayer.builder(6).activation(Activation.RELU).build())
                .add(DropoutLayer.of(0.5))
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(23).build()));
        m.put("dropout_per_step", KerasModel.withMaskValue(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(4).returnSequences(true).build())
                .add(DropoutLayer.of(0.25))
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).build())
                .seed(24).build(), 0.0));
        for (KerasModel k : m.values()) {
            train(k.model());
        }
        return m;
    }

    private static KerasModel plain(StackedRnnModel model) {
        return new KerasModel(model, null, java.util.List.of(), null);
    }

    /** A few steps on random data, so the weights are no longer the initial ones. */
    private static void train(StackedRnnModel model) {
        SplittableRandom r = new SplittableRandom(model.seed());
        int batch = 8;
        int time = 5;
        Tensor x = input(model.inputFeatures(), batch, time, r, false);
        int units = model.classes();
        int rows = model.outputsSequences() ? batch * time : batch;
        float[] y = new float[rows * units];
        for (int i = 0; i < rows; i++) {
            if (model.loss().kind() == Loss.Kind.CATEGORICAL_CROSSENTROPY) {
                y[i * units + r.nextInt(units)] = 1;
            } else {
                for (int k = 0; k < units; k++) {
                    y[i * units + k] = (float) r.nextDouble();
                }
            }
        }
        Tensor labels = model.outputsSequences() ? Tensor.of(y, batch, time, units) : Tensor.of(y, batch, units);
        for (int step = 0; step < 3; step++) {
            model.trainOnBatch(x, labels);
        }
    }

    /** Multiples of 1/64 in [-1, 1] (exact in float32); with padding, samples get 5, 3 and 1 valid steps then zeros. */
    static Tensor input(int features, int batch, int time, SplittableRandom r, boolean padded) {
        float[] v = new float[batch * time * features];
        for (int b = 0; b < batch; b++) {
            int valid = padded ? Math.max(1, time - 2 * (b % 3)) : time;
            for (int t = 0; t < time; t++) {
                for (int f = 0; f < features; f++) {
                    float value = t < valid ? (r.nextInt(128) + 1) / 64f - 1f : 0f;
                    v[(b * time + t) * features + f] = t < valid && value == 0 ? 0.5f : value;
                }
            }
        }
        return Tensor.of(v, batch, time, features);
    }
}
