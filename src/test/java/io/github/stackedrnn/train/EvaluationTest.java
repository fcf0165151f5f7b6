package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link Evaluation}: the derived figures against hand-computed ones, and the kinds' boundaries. */
class EvaluationTest {
    private static final double EPS = 1e-12;

    /**
     * <pre>
     * true \ predicted   0  1  2    support
     *        0           5  1  0    6
     *        1           2  3  1    6
     *        2           0  0  4    4
     * predicted          7  4  5    16
     * </pre>
     * 12 on the diagonal; the true class came second 3 times and third once.
     */
    private static Evaluation threeClasses() {
        return Evaluation.classification(0.75, new long[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}}, new long[] {12, 3, 1});
    }

    @Test
    void classification_accuracyAndTopK() {
        Evaluation e = threeClasses();
        assertThat(e.isClassification()).isTrue();
        assertThat(e.loss()).isEqualTo(0.75);
        assertThat(e.rows()).isEqualTo(16);
        assertThat(e.classes()).isEqualTo(3);
        assertThat(e.accuracy()).isEqualTo(12.0 / 16);
        assertThat(e.topKAccuracy(1)).isEqualTo(12.0 / 16);
        assertThat(e.topKAccuracy(2)).isEqualTo(15.0 / 16);
        assertThat(e.topKAccuracy(3)).isEqualTo(1.0);
        assertThat(e.topKAccuracy(Evaluation.DEFAULT_TOP_K)).isEqualTo(1.0);
    }

    @Test
    void classification_precisionRecallF1() {
        Evaluation e = threeClasses();
        assertThat(e.precision(0)).isCloseTo(5.0 / 7, within(EPS));
        assertThat(e.recall(0)).isCloseTo(5.0 / 6, within(EPS));
        assertThat(e.f1(0)).isCloseTo(10.0 / 13, within(EPS));
        assertThat(e.precision(1)).isCloseTo(3.0 / 4, within(EPS));
        assertThat(e.recall(1)).isCloseTo(1.0 / 2, within(EPS));
        assertThat(e.f1(1)).isCloseTo(0.6, within(EPS));
        assertThat(e.precision(2)).isCloseTo(4.0 / 5, within(EPS));
        assertThat(e.recall(2)).isEqualTo(1.0);
        assertThat(e.f1(2)).isCloseTo(8.0 / 9, within(EPS));
        assertThat(e.macroF1()).isCloseTo((10.0 / 13 + 0.6 + 8.0 / 9) / 3, within(EPS));
    }

    @Test
    void f1_isTheHarmonicMeanOfPrecisionAndRecall() {
        Evaluation e = threeClasses();
        for (int c = 0; c < 3; c++) {
            double p = e.precision(c);
            double r = e.recall(c);
            assertThat(e.f1(c)).isCloseTo(2 * p * r / (p + r), within(EPS));
        }
    }

    @Test
    void undefinedRatios_areZero_andAbsentClassesCountInTheMacroMean() {
        // class 2 is never true nor predicted; class 1 is predicted but never true
        Evaluation e = Evaluation.classification(1.0, new long[][] {{2, 2, 0}, {0, 0, 0}, {0, 0, 0}}, new long[] {2, 2, 0});
        assertThat(e.precision(2)).isZero();
        assertThat(e.recall(2)).isZero();
        assertThat(e.f1(2)).isZero();
        assertThat(e.precision(1)).isZero();
        assertThat(e.recall(1)).isZero();
        assertThat(e.f1(1)).isZero();
        assertThat(e.precision(0)).isEqualTo(1.0);
        assertThat(e.recall(0)).isEqualTo(0.5);
        assertThat(e.f1(0)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(e.macroF1()).isCloseTo(2.0 / 9, within(EPS));
    }

    @Test
    void binary_isTwoClasses() {
        Evaluation e = Evaluation.classification(0.5, new long[][] {{3, 1}, {2, 4}}, new long[] {7, 3});
        assertThat(e.classes()).isEqualTo(2);
        assertThat(e.accuracy()).isEqualTo(0.7);
        assertThat(e.precision(1)).isCloseTo(0.8, within(EPS));
        assertThat(e.recall(1)).isCloseTo(4.0 / 6, within(EPS));
        assertThat(e.topKAccuracy(2)).isEqualTo(1.0);
    }

    @Test
    void confusionMatrix_isACopy() {
        Evaluation e = threeClasses();
        long[][] m = e.confusionMatrix();
        assertThat(m).isDeepEqualTo(new long[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}});
        m[0][0] = 99;
        assertThat(e.confusionMatrix()[0][0]).isEqualTo(5);
        assertThat(e.precision(0)).isCloseTo(5.0 / 7, within(EPS));
    }

    @Test
    void inputs_areCopied() {
        long[][] confusion = {{1, 0}, {0, 1}};
        long[] ranks = {2, 0};
        Evaluation e = Evaluation.classification(0.1, confusion, ranks);
        confusion[0][1] = 5;
        ranks[1] = 7;
        assertThat(e.rows()).isEqualTo(2);
        assertThat(e.topKAccuracy(1)).isEqualTo(1.0);
        assertThat(e.precision(1)).isEqualTo(1.0);
    }

    @Test
    void report_isScikitLearnsLayoutThenTheConfusionMatrix() {
        Evaluation e = Evaluation.classification(0.5, new long[][] {{3, 1}, {2, 4}}, new long[] {7, 3});
        assertThat(e.report()).isEqualTo("loss: 0.5000 - accuracy: 0.7000 (10 predictions)\n"
                + "\n"
                + "              precision    recall  f1-score   support\n"
                + "\n"
                + "           0       0.60      0.75      0.67         4\n"
                + "           1       0.80      0.67      0.73         6\n"
                + "\n"
                + "    accuracy                           0.70        10\n"
                + "   macro avg       0.70      0.71      0.70        10\n"
                + "weighted avg       0.72      0.70      0.70        10\n"
                + "\n"
                + "confusion matrix (rows: true class, columns: predicted class)\n"
                + "  0 1\n"
                + "0 3 1\n"
                + "1 2 4\n");
    }

    @Test
    void toString_isOneLine() {
        assertThat(threeClasses()).hasToString("loss: 0.7500 - accuracy: 0.7500 (16 predictions)");
        assertThat(Evaluation.regression(0.25, 0.25, 0.4, 8)).hasToString("loss: 0.2500 - mse: 0.2500 - mae: 0.4000 (8 predictions)");
    }

    @Test
    void regression_accessors() {
        Evaluation e = Evaluation.regression(0.3, 0.25, 0.4, 8);
        assertThat(e.isClassification()).isFalse();
        assertThat(e.loss()).isEqualTo(0.3);
        assertThat(e.mse()).isEqualTo(0.25);
        assertThat(e.mae()).isEqualTo(0.4);
        assertThat(e.rows()).isEqualTo(8);
        assertThat(e.accuracy()).isNaN();
        assertThat(e.report()).isEqualTo(e + "\n");
    }

    @Test
    void regression_refusesClassificationMethods() {
        Evaluation e = Evaluation.regression(0.3, 0.25, 0.4, 8);
        assertThatThrownBy(() -> e.precision(0)).isInstanceOf(IllegalStateException.class).hasMessageEndingWith("is a regression evaluation");
        assertThatThrownBy(() -> e.recall(0)).isInstanceOf(IllegalStateException.class).hasMessageEndingWith("is a regression evaluation");
        assertThatThrownBy(() -> e.f1(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(e::macroF1).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> e.topKAccuracy(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(e::confusionMatrix).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(e::classes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void classification_refusesRegressionMethods() {
        Evaluation e = threeClasses();
        assertThatThrownBy(e::mse).isInstanceOf(IllegalStateException.class).hasMessageEndingWith("is a classification evaluation");
        assertThatThrownBy(e::mae).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constructor_knowsLossAndAccuracyOnly() {
        Evaluation e = new Evaluation(0.5, 0.75, 4);
        assertThat(e.isClassification()).isTrue();
        assertThat(e.loss()).isEqualTo(0.5);
        assertThat(e.accuracy()).isEqualTo(0.75);
        assertThat(e.rows()).isEqualTo(4);
        assertThat(e).hasToString("loss: 0.5000 - accuracy: 0.7500 (4 predictions)").isEqualTo(new Evaluation(0.5, 0.75, 4));
        assertThatThrownBy(() -> e.topKAccuracy(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Evaluation.classification");
        assertThat(e.report()).isEqualTo(e + "\n");
    }

    @Test
    void equals_comparesKindFiguresAndCounts() {
        assertThat(threeClasses()).isEqualTo(threeClasses()).hasSameHashCodeAs(threeClasses());
        assertThat(threeClasses()).isNotEqualTo(new Evaluation(0.75, 0.75, 16));
        assertThat(Evaluation.regression(1, 1, 1, 1)).isEqualTo(Evaluation.regression(1, 1, 1, 1))
                .isNotEqualTo(Evaluation.regression(1, 1, 0.5, 1));
    }

    @Test
    void topK_kBelow1() {
        assertThatThrownBy(() -> threeClasses().topKAccuracy(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `k`, expected a positive integer, got 0.");
    }

    @Test
    void classIndex_outOfRange() {
        assertThatThrownBy(() -> threeClasses().precision(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `c`, expected a class in [0, 3), got 3.");
    }

    @Test
    void classification_invalidCounts() {
        assertThatThrownBy(() -> Evaluation.classification(0, new long[][] {{1, 0}, {0}}, new long[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> Evaluation.classification(0, new long[][] {{1}}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> Evaluation.classification(0, new long[][] {{1, -1}, {0, 1}}, new long[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> Evaluation.classification(0, new long[][] {{1, 0}, {0, 1}}, new long[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`rankCounts`");
        assertThatThrownBy(() -> Evaluation.classification(0, new long[][] {{1, 0}, {0, 1}}, new long[] {2, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to 3 rows but the confusion matrix to 2");
        assertThatThrownBy(() -> Evaluation.classification(0, new long[][] {{1, 0}, {1, 0}}, new long[] {2, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diagonal");
    }

    @Test
    void regression_invalid() {
        assertThatThrownBy(() -> Evaluation.regression(0, -1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `mse`, expected a non-negative number, got -1.0.");
        assertThatThrownBy(() -> Evaluation.regression(0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`rows`");
    }

    @Test
    void noRows_giveNaNRates() {
        Evaluation e = Evaluation.classification(Double.NaN, new long[][] {{0, 0}, {0, 0}}, new long[] {0, 0});
        assertThat(e.rows()).isZero();
        assertThat(e.accuracy()).isNaN();
        assertThat(e.topKAccuracy(1)).isNaN();
        assertThat(e.f1(0)).isZero();
    }
}
