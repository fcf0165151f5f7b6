package io.github.stackedrnn.examples;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Keras tutorial model in Java: three SimpleRNN(50) layers and a 4-class softmax, trained on
 * {@link DriftTask} (which of four noisy channels drifts upward; see there).
 *
 * <pre>
 * mvn -B -q test-compile exec:exec
 * </pre>
 */
public final class TutorialExample {
    private TutorialExample() {
    }

    /**
     * The Keras tutorial model: SimpleRNN(50, return_sequences) × 2, SimpleRNN(50), Dense(4, softmax),
     * Adam(1e-3), seed 42. The learning test trains this same model.
     *
     * @return a new, untrained model
     */
    public static StackedRnnModel tutorialModel() {
        return StackedRnnModel.builder()
                .inputFeatures(DriftTask.FEATURES)
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).activation(Activation.TANH).build())
                .add(DenseSoftmaxLayer.builder(DriftTask.CLASSES).build())
                .optimizer(Adam.builder().learningRate(1e-3).build())
                .seed(42)
                .build();
    }

    /**
     * Builds the model, prints its summary, trains it and prints the result.
     *
     * @param args unused
     * @throws IOException if the chart cannot be written
     */
    public static void main(String[] args) throws IOException {
        StackedRnnModel model = tutorialModel();
        System.out.print(model.summary());

        DriftTask.Data train = DriftTask.generate(4000, 20, 1.0f, 1);
        DriftTask.Data test = DriftTask.generate(1000, 20, 1.0f, 2);
        long start = System.nanoTime();
        History history = model.fit(train.x(), train.labels(),
                FitOptions.builder().epochs(10).batchSize(32).validationSplit(0.2)
                        .verbose(1) // Keras's progress bar
                        .build());
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation evaluation = model.evaluate(test.x(), test.labels());

        int last = history.epochs() - 1;
        System.out.printf(Locale.ROOT, "%nTrained %d epochs in %.1f s: loss %.4f, accuracy %.4f, val_loss %.4f, val_accuracy %.4f%n",
                history.epochs(), seconds, history.loss().get(last), history.accuracy().get(last),
                history.valLoss().get(last), history.valAccuracy().get(last));
        System.out.printf(Locale.ROOT, "Test set (1000 new sequences): loss %.4f, accuracy %.4f%n",
                evaluation.loss(), evaluation.accuracy());
        Path chart = TrainingChart.save(history, "Tutorial model on DriftTask", Path.of("target", "charts", "tutorial.png"));
        System.out.println("Chart of the training history: " + chart);
        System.out.println();
        System.out.print(model.summary());
    }
}
