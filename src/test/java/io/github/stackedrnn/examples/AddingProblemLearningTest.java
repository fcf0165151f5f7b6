package io.github.stackedrnn.examples;

import io.github.stackedrnn.examples.AddingProblem.Placement;
import io.github.stackedrnn.examples.AddingProblemExample.Cell;
import io.github.stackedrnn.examples.AddingProblemExample.Run;
import io.github.stackedrnn.examples.AddingProblemExample.Setup;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AddingProblemLearningTest {

    /**
     * T = 10, SimpleRNN(32, tanh), Adam 1e-3 with global clip norm 1, batches of 32, 1500 steps (about
     * 0.2 s of training). Measured on seeds 1..10: test MSE 0.0100 to 0.0181 (median 0.0126) after 1500
     * steps, against 0.167 for predicting 1; the bound, a quarter of that, leaves more than twice the
     * worst seed's error.
     */
    @Test
    void tanhRnn_learnsShortSequences_wellBelowTheTrivialError() {
        Setup setup = new Setup(10, Cell.TANH, 32, 32, 1500, 500, 1000, 1e-3, 1.0, Placement.HALVES, 1);
        Run run = AddingProblemExample.train(setup, 1, AddingProblemExample.testSet(setup), line -> { });

        assertThat(run.steps()).containsExactly(0, 500, 1000, 1500);
        assertThat(run.divergedAt()).isEqualTo(-1);
        assertThat(run.finalTestMse()).isLessThan(AddingProblemExample.TRIVIAL_MSE / 4);
        assertThat(run.testMse()[0]).as("untrained").isGreaterThan(AddingProblemExample.TRIVIAL_MSE);
        assertThat(run.trainLoss()[3]).as("training loss over the last interval").isLessThan(run.trainLoss()[1]);
    }

    /**
     * T = 30, where the gates matter: LSTM(16) and GRU(16), Adam 1e-3 with global clip norm 1, batches of 32,
     * 1500 steps. The bound is a quarter of the trivial error, as for the tanh network at T = 10 above.
     */
    @Test
    void lstmAndGru_learnLongerSequences_wellBelowTheTrivialError() {
        for (Cell cell : new Cell[] {Cell.LSTM, Cell.GRU}) {
            Setup setup = new Setup(30, cell, 16, 32, 1500, 500, 1000, 1e-3, 1.0, Placement.HALVES, 1);
            Run run = AddingProblemExample.train(setup, 1, AddingProblemExample.testSet(setup), line -> { });
            assertThat(run.divergedAt()).isEqualTo(-1);
            assertThat(run.testMse()[0]).as("%s untrained", cell).isGreaterThan(AddingProblemExample.TRIVIAL_MSE / 2);
            assertThat(run.finalTestMse()).as("%s after 1500 steps", cell).isLessThan(AddingProblemExample.TRIVIAL_MSE / 4);
        }
    }

    @Test
    void theSameSeed_trainsTheSame() {
        Setup setup = new Setup(6, Cell.IRNN, 8, 16, 30, 10, 50, 1e-3, 1.0, Placement.ANYWHERE, 1);
        AddingProblem.Data test = AddingProblemExample.testSet(setup);
        Run a = AddingProblemExample.train(setup, 7, test, line -> { });
        Run b = AddingProblemExample.train(setup, 7, test, line -> { });
        Run c = AddingProblemExample.train(setup, 8, test, line -> { });
        assertThat(b.testMse()).containsExactly(a.testMse());
        assertThat(b.trainLoss()).containsExactly(a.trainLoss());
        assertThat(c.testMse()[3]).isNotEqualTo(a.testMse()[3]);
    }

    @Test
    void irnn_hasReluUnits_anIdentityRecurrentKernel_andInputWeightsOfStd0001() {
        Setup setup = Setup.of(50, Cell.IRNN);
        StackedRnnModel model = AddingProblemExample.model(setup, 3);
        SimpleRnnLayer rnn = (SimpleRnnLayer) model.layers().get(0);
        assertThat(rnn.activation()).isEqualTo(Activation.RELU);
        List<Tensor> weights = model.getWeights();
        float[] kernel = weights.get(0).toFloatArray(); // [2, 100]
        float[] recurrent = weights.get(1).toFloatArray(); // [100, 100]
        assertThat(kernel).hasSize(200);
        double mean = 0;
        double squares = 0;
        for (float w : kernel) {
            mean += w;
            squares += (double) w * w;
        }
        mean /= kernel.length;
        double std = Math.sqrt(squares / kernel.length - mean * mean);
        assertThat(std).isCloseTo(0.001, within(0.0002)); // the std of 200 draws varies by about 5% (1/sqrt(400)); 20% is four times that
        assertThat(Math.abs(mean)).isLessThan(0.0003); // the mean of 200 draws varies by 0.001/sqrt(200) = 0.00007
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                assertThat(recurrent[i * 100 + j]).isEqualTo(i == j ? 1f : 0f);
            }
        }
        Adam adam = (Adam) model.optimizer();
        assertThat(adam.learningRate()).isEqualTo(1e-4);
        assertThat(adam.globalClipNorm()).hasValue(1.0);
        assertThat(AddingProblemExample.model(setup, 3).getWeights().get(0)).as("the same seed").isEqualTo(weights.get(0));
    }

    @Test
    void tanh_keepsKerasInitialisation_withAdam1e3_andGlobalClipping() {
        StackedRnnModel model = AddingProblemExample.model(Setup.of(50, Cell.TANH), 3);
        assertThat(((SimpleRnnLayer) model.layers().get(0)).activation()).isEqualTo(Activation.TANH);
        assertThat(model.getWeights().get(1).shape()).containsExactly(100, 100);
        Adam adam = (Adam) model.optimizer();
        assertThat(adam.learningRate()).isEqualTo(1e-3);
        assertThat(adam.globalClipNorm()).hasValue(1.0);
        assertThat(adam.clipNorm()).isEmpty();
    }

    @Test
    void badOptions_areRefusedBeforeTraining() {
        assertThatThrownBy(() -> AddingProblemExample.main(new String[] {"--model cnn"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Option --model expects tanh, irnn, lstm or gru, got 'cnn'");
        assertThatThrownBy(() -> AddingProblemExample.main(new String[] {"--lr 0"}))
                .hasMessage("Option --lr expects a positive number, got '0'");
        assertThatThrownBy(() -> AddingProblemExample.main(new String[] {"--placement middle"}))
                .hasMessage("Option --placement expects halves or anywhere, got 'middle'");
        assertThatThrownBy(() -> AddingProblemExample.main(new String[] {"--time 1"}))
                .hasMessageContaining("--time expects at least 2 steps");
    }
}
