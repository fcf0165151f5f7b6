package io.github.stackedrnn.data;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ValidationData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** fit, evaluate and predict on data sets: the same results as the arrays, determinism, bad data, the reading thread. */
class DatasetFitTest {
    @TempDir
    Path dir;

    private static void assertSameWeights(StackedRnnModel a, StackedRnnModel b) {
        List<Tensor> wa = a.getWeights();
        List<Tensor> wb = b.getWeights();
        assertThat(wa).hasSameSizeAs(wb);
        for (int i = 0; i < wa.size(); i++) {
            assertThat(wa.get(i).toFloatArray()).as("weight %d", i).containsExactly(wb.get(i).toFloatArray());
        }
    }

    private static boolean prefetchThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("stacked-rnn-prefetch") && t.isAlive());
    }

    private static void awaitNoPrefetchThread() throws InterruptedException {
        // close() joins the thread, so it is gone when fit returns; the loop only absorbs the JVM's bookkeeping
        for (int i = 0; i < 50 && prefetchThreadAlive(); i++) {
            Thread.sleep(10);
        }
        assertThat(prefetchThreadAlive()).as("a prefetch thread outlived its fit").isFalse();
    }

    @Test
    void fitOnDataset_inOrder_equalsFitOnTheList() throws Exception {
        // equal lengths: the list's length sort keeps its order, so both see the same batches
        List<SequenceExample> examples = Toy.examples(40, 3, 7, 7);
        FitOptions options = FitOptions.builder().epochs(2).batchSize(8).shuffle(false).build();
        StackedRnnModel fromList = Toy.model(1);
        History h1 = fromList.fit(Toy.steps(examples), Toy.labels(examples), options);
        StackedRnnModel fromData = Toy.model(1);
        History h2 = fromData.fit(SequenceDataset.of(examples), options);
        assertSameWeights(fromList, fromData);
        assertThat(h2.asMap()).isEqualTo(h1.asMap());
        assertThat(fromData.iterations()).isEqualTo(10);
        awaitNoPrefetchThread();
    }

    @Test
    void fitOnCsvFiles_equalsFitInMemory_andIsDeterministicPerSeed() {
        List<SequenceExample> examples = Toy.examples(60, 5, 2, 15);
        Toy.writeCsv(dir, examples);
        FitOptions options = FitOptions.builder().epochs(3).batchSize(8).build();
        StackedRnnModel a = Toy.model(7);
        StackedRnnModel b = Toy.model(7);
        StackedRnnModel c = Toy.model(8);
        CsvSequenceDataset csv = CsvSequenceDataset.builder(dir).features(Toy.FEATURES).classLabel().build();
        a.fit(csv.shuffled(16).bucketedByLength(32), options);
        b.fit(CsvSequenceDataset.builder(dir).features(Toy.FEATURES).classLabel().build().shuffled(16).bucketedByLength(32), options);
        c.fit(csv.shuffled(16).bucketedByLength(32), options);
        assertSameWeights(a, b);
        assertThat(c.getWeights().get(0).toFloatArray()).isNotEqualTo(a.getWeights().get(0).toFloatArray());
        // files in name order hold the same numbers as memory: the same fit when read unshuffled
        StackedRnnModel fromFiles = Toy.model(9);
        StackedRnnModel fromMemory = Toy.model(9);
        FitOptions inOrder = FitOptions.builder().epochs(1).batchSize(8).shuffle(false).build();
        fromFiles.fit(csv, inOrder);
        fromMemory.fit(SequenceDataset.of(examples), inOrder);
        assertSameWeights(fromFiles, fromMemory);
    }

    @Test
    void fitOnDataset_learns_andEvaluatePredictMatchTheLists() {
        List<SequenceExample> train = Toy.examples(300, 11, 3, 30);
        List<SequenceExample> validation = Toy.examples(80, 12, 3, 30);
        StackedRnnModel model = Toy.model(2);
        History h = model.fit(SequenceDataset.of(train).shuffled(64).bucketedByLength(128),
                FitOptions.builder().epochs(4).batchSize(16).validationData(ValidationData.of(SequenceDataset.of(validation))).build());
        List<Double> valLoss = h.asMap().get("val_loss");
        assertThat(valLoss).hasSize(4);
        assertThat(h.asMap().get("val_accuracy").get(3)).isGreaterThan(0.9);
        Evaluation fromData = model.evaluate(SequenceDataset.of(validation));
        Evaluation fromList = model.evaluate(Toy.steps(validation), Toy.labels(validation));
        assertThat(fromData.loss()).isCloseTo(fromList.loss(), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(fromData.accuracy()).isEqualTo(fromList.accuracy());
        assertThat(valLoss.get(3)).isCloseTo(fromList.loss(), org.assertj.core.api.Assertions.within(1e-6));
        List<Tensor> p1 = model.predict(SequenceDataset.of(validation));
        List<Tensor> p2 = model.predict(Toy.steps(validation));
        assertThat(p1).hasSize(80);
        for (int i = 0; i < p1.size(); i++) {
            assertThat(p1.get(i).toFloatArray()).containsExactly(p2.get(i).toFloatArray());
        }
    }

    @Test
    void badRowInAFile_stopsAfterTheLastWholeStep_namingFileAndLine() throws Exception {
        List<SequenceExample> examples = Toy.examples(16, 21, 4, 4);
        List<Path> files = Toy.writeCsv(dir, examples);
        // file 9 (in batch 2 of batches of 4), line 3: a short row
        List<String> lines = Files.readAllLines(files.get(9));
        lines.set(2, "0.5,1");
        Files.write(files.get(9), lines);
        StackedRnnModel model = Toy.model(4);
        FitOptions options = FitOptions.builder().epochs(1).batchSize(4).shuffle(false).build();
        assertThatThrownBy(() -> model.fit(CsvSequenceDataset.builder(dir).features(Toy.FEATURES).classLabel().build(), options))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(files.get(9) + ":3")
                .hasMessageContaining("expected 3 columns (2 features + 1 target), got 2");
        assertThat(model.iterations()).isEqualTo(2);
        // the two whole batches, and nothing of the third
        StackedRnnModel reference = Toy.model(4);
        reference.fit(SequenceDataset.of(examples.subList(0, 8)), options);
        assertSameWeights(model, reference);
        awaitNoPrefetchThread();
    }

    @Test
    void nonNumberAndWrongFeatureCount_areNamedByFileAndLine() throws Exception {
        List<SequenceExample> examples = Toy.examples(3, 22, 3, 3);
        List<Path> files = Toy.writeCsv(dir, examples);
        List<String> lines = Files.readAllLines(files.get(1));
        lines.set(1, "0.5,abc,1");
        Files.write(files.get(1), lines);
        StackedRnnModel model = Toy.model(4);
        assertThatThrownBy(() -> model.fit(CsvSequenceDataset.builder(dir).features(Toy.FEATURES).classLabel().build(),
                FitOptions.builder().epochs(1).batchSize(1).shuffle(false).build()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(files.get(1) + ":2")
                .hasMessageContaining("column 2: expected a number, got 'abc'");
        assertThat(model.iterations()).isEqualTo(1);
        // a data set of 3 features for a model of 2: refused on the first batch, before any step
        StackedRnnModel other = Toy.model(4);
        assertThatThrownBy(() -> other.fit(SequenceDataset.of(List.of(SequenceExample.of(new float[][] {{1, 2, 3}}, 0))),
                FitOptions.builder().epochs(1).build()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("sequence 0 of the pass")
                .hasMessageContaining("step 0 has 3 features but the model's input has 2");
        assertThat(other.iterations()).isZero();
    }

    @Test
    void aListenerStoppingMidEpoch_stopsTheReadingThread() throws Exception {
        StackedRnnModel model = Toy.model(4);
        model.fit(SequenceDataset.of(Toy.examples(400, 1, 3, 5)), FitOptions.builder().epochs(3).batchSize(4)
                .listeners(new io.github.stackedrnn.train.TrainingListener() {
                    @Override
                    public void onBatchEnd(io.github.stackedrnn.train.FitContext context, int epoch, int batch,
                                           java.util.Map<String, Double> logs) {
                        if (batch == 2) {
                            context.stopTraining();
                        }
                    }
                }).build());
        assertThat(model.iterations()).isEqualTo(3);
        awaitNoPrefetchThread();
    }

    @Test
    void predictOnBadData_namesWhere() {
        List<SequenceExample> examples = new java.util.ArrayList<>(Toy.examples(3, 1, 3, 5));
        examples.add(SequenceExample.unlabelled(new float[][] {{1f}}));
        assertThatThrownBy(() -> Toy.model(4).predict(SequenceDataset.of(examples)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("sequence 0 of the pass (the first of 4 predicted together)")
                .hasMessageContaining("sequence 3 step 0 must have 2 features but has 1");
    }

    @Test
    void optionsADatasetCannotTake_areRefusedBeforeAnyStep() {
        StackedRnnModel model = Toy.model(4);
        SequenceDataset data = SequenceDataset.of(Toy.examples(10, 1, 3, 5));
        assertThatThrownBy(() -> model.fit(data, FitOptions.builder().validationSplit(0.2).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validationData(ValidationData.of(dataset))");
        assertThatThrownBy(() -> model.fit(data, FitOptions.builder().sampleWeights(new float[10]).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampleWeights");
        assertThat(model.iterations()).isZero();
    }

    @Test
    void aDatasetOfUnknownSize_isCountedFirst() {
        List<SequenceExample> examples = Toy.examples(13, 1, 3, 5);
        SequenceDataset inner = SequenceDataset.of(examples);
        SequenceDataset unknown = new SequenceDataset() {
            @Override
            public SequenceReader open(java.util.SplittableRandom random) {
                return inner.open(random);
            }

            @Override
            public java.util.OptionalLong size() {
                return java.util.OptionalLong.empty();
            }
        };
        StackedRnnModel model = Toy.model(4);
        int[] steps = new int[1];
        model.fit(unknown, FitOptions.builder().epochs(1).batchSize(4).listeners(new io.github.stackedrnn.train.TrainingListener() {
            @Override
            public void onTrainBegin(io.github.stackedrnn.train.FitContext context) {
                steps[0] = context.stepsPerEpoch();
            }
        }).build());
        assertThat(steps[0]).isEqualTo(4);
        assertThat(model.iterations()).isEqualTo(4);
    }
}
