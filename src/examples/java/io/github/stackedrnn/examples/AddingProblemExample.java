package io.github.stackedrnn.examples;

import io.github.stackedrnn.examples.AddingProblem.Placement;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.NonFiniteLossException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The adding problem of Le, Jaitly &amp; Hinton (2015, section 4.1; {@link AddingProblem}): a
 * SimpleRNN reads {@code T} steps of (value, marker) and a linear Dense(1) head outputs the sum of the
 * two marked values, trained on the mean squared error. Predicting the constant 1 scores 1/6 ≈ 0.167;
 * a model has learnt the task only well below that.
 *
 * <p>Two models, as in the paper:
 * <ul>
 * <li>{@code tanh}: SimpleRNN(100) with Keras's defaults (tanh, glorot_uniform kernel, orthogonal
 * recurrent kernel, zero bias), Adam with learning rate 1e-3;</li>
 * <li>{@code irnn}: SimpleRNN(100) with ReLU, the recurrent kernel initialised to the identity and the
 * input kernel drawn from N(0, 0.001²), as Le et al. do ("the input weights ... from a Gaussian with
 * standard deviation 0.001" is not one of the library's initializers, so the kernel is drawn from the
 * run's seed and set with {@link StackedRnnModel#setWeights}), Adam with learning rate 1e-4.</li>
 * </ul>
 * Both clip the gradient to a global norm of 1 ({@link Adam.Builder#globalClipNorm}: the norm of all
 * gradients together, as PyTorch's {@code clip_grad_norm_} in the reference runs, not Keras's per-tensor
 * {@code clipnorm}), use Adam's Keras defaults otherwise (epsilon 1e-7) and batches of 32.
 *
 * <p><b>Data.</b> As Le et al., every step trains on a fresh batch from {@link AddingProblem}; the
 * batches come from a random stream seeded by the run's seed, so a run is repeatable. The test set is
 * one fixed set of {@code --test-samples} sequences ({@link #TEST_SEED}), the same for every seed and
 * model, scored every {@code --eval-every} steps (and before the first step). The markers are placed
 * with {@link Placement#HALVES} by default: the first in the first half, the second in the second half,
 * as in the reference runs and most implementations since Hochreiter &amp; Schmidhuber. It makes every
 * sequence need memory over at least the second half (with {@link Placement#ANYWHERE}, a quarter of the
 * sequences have both markers in the last half and are easier), so the numbers compare with theirs;
 * {@code --placement anywhere} gives Le et al.'s literal description.
 *
 * <p><b>Output.</b> A line per evaluation while training, then a table of the test MSE by step: one
 * column per seed, the median and the range; and the median over seeds of the seconds per 1000 steps
 * (for each seed, the median over its evaluation intervals of the training time alone: data generation
 * and {@code trainOnBatch}, not the test evaluation). The curves are saved to
 * {@code target/charts/adding-T{time}-{model}.png}.
 *
 * <p><b>Results</b>: the README's table (<i>Learning real sequences</i>) gives the figures of the
 * command below for both models and T = 50, 100, beside the reference's. The tanh network at T = 50
 * learns or not by seed (its gradients explode, up to norms of 300 before clipping, and some runs fall
 * back to the 1/6 plateau); at T = 100 it does not learn within 10,000 steps, as in the reference,
 * while {@code --model lstm} and {@code --model gru} at T = 100 end well under 0.01 on each of seeds 1..3
 * (the table's rows with footnote 7).
 *
 * <pre>
 * mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.AddingProblemExample \
 *     -Dexample.args="--time 50 --model tanh --steps 10000 --seeds 3 --batch 32 --eval-every 1000 --test-samples 1000"
 * </pre>
 * {@code --model lstm} and {@code --model gru} train an LSTM(100) or a GRU(100) (Keras's defaults, Adam 1e-3)
 * instead, where the gates keep the two marked values over the whole sequence.
 * Further options: {@code --units} (100), {@code --lr} (the model's), {@code --clip} (1.0),
 * {@code --placement halves|anywhere}, {@code --threads} (the available processors, as the library defaults to),
 * {@code --first-seed} (1: seeds 1..K; 2 with {@code --seeds 2} runs seeds 2 and 3 alone).
 */
public final class AddingProblemExample {
    /** The mean squared error of predicting the constant 1: the variance of a sum of two U[0, 1] values. */
    public static final double TRIVIAL_MSE = 1.0 / 6.0;
    /** The seed of the test set, shared by every run. */
    public static final long TEST_SEED = 1_000_003L;
    // a run's seed drives the library's initialisers; these salts give the IRNN kernel and the training
    // batches streams of their own, independent of it and of each other
    private static final long KERNEL_SALT = 0x6b65726e656cL; // "kernel"
    private static final long BATCH_SALT = 0x62617463686573L; // "batches"

    /** The two recurrent models of the paper. */
    public enum Cell {
        /** tanh units with Keras's initialisation; Adam 1e-3. */
        TANH(1e-3),
        /** ReLU units, identity recurrent kernel, N(0, 0.001²) input kernel; Adam 1e-4. */
        IRNN(1e-4),
        /** An LSTM with Keras's defaults (forget bias 1); Adam 1e-3. */
        LSTM(1e-3),
        /** A GRU with Keras's defaults (reset_after); Adam 1e-3. */
        GRU(1e-3);

        private final double learningRate;

        Cell(double learningRate) {
            this.learningRate = learningRate;
        }

        /** @return the learning rate used unless another is given */
        public double defaultLearningRate() {
            return learningRate;
        }

        static Cell parse(String name) {
            for (Cell cell : values()) {
                if (cell.name().equalsIgnoreCase(name)) {
                    return cell;
                }
            }
            throw new IllegalArgumentException("Option --model expects tanh, irnn, lstm or gru, got '" + name + "'");
        }
    }

    /**
     * What a run does.
     *
     * @param time         steps per sequence, at least 2
     * @param cell         the recurrent model
     * @param units        recurrent units
     * @param batch        sequences per training step
     * @param steps        training steps
     * @param evalEvery    steps between evaluations of the test set
     * @param testSamples  sequences in the test set
     * @param learningRate Adam's learning rate
     * @param clipNorm     the bound on the global gradient norm
     * @param placement    where the markers fall, in training and test data
     * @param threads      threads per training step
     */
    public record Setup(int time, Cell cell, int units, int batch, int steps, int evalEvery, int testSamples,
                        double learningRate, double clipNorm, Placement placement, int threads) {
        /**
         * The paper's setup for one sequence length and model: 100 units, batches of 32, 10,000 steps
         * scored every 1000 on 1000 test sequences, the model's learning rate, clip norm 1, markers in
         * halves, as many threads as the machine has processors (the library's default).
         *
         * @param time steps per sequence
         * @param cell the model
         * @return the setup
         */
        public static Setup of(int time, Cell cell) {
            return new Setup(time, cell, 100, 32, 10_000, 1000, 1000, cell.defaultLearningRate(), 1.0, Placement.HALVES,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * What a run measured. Index 0 is before training; index {@code i} after {@code steps[i]} steps.
     *
     * @param steps          the steps at which the test set was scored
     * @param testMse        the test MSE there; NaN after a divergence
     * @param trainLoss      the mean training loss over the steps since the previous evaluation (NaN at 0)
     * @param secondsPer1000 training seconds per 1000 steps over each interval (NaN at 0)
     * @param divergedAt     the step whose loss or gradient was not finite, or -1
     */
    public record Run(int[] steps, double[] testMse, double[] trainLoss, double[] secondsPer1000, int divergedAt) {
        /** @return the median over the evaluation intervals of the seconds per 1000 steps */
        public double medianSecondsPer1000() {
            return Stats.median(Arrays.copyOfRange(secondsPer1000, 1, secondsPer1000.length));
        }

        /** @return the last test MSE */
        public double finalTestMse() {
            return testMse[testMse.length - 1];
        }
    }

    private AddingProblemExample() {
    }

    /**
     * Builds the model of a setup: SimpleRNN({@code units}) and a linear Dense(1), mean squared error,
     * Adam with the setup's learning rate and global clip norm; for IRNN the input kernel is then
     * replaced by draws from N(0, 0.001²).
     *
     * @param setup the setup
     * @param seed  the seed of the weights
     * @return a new, untrained model
     */
    public static StackedRnnModel model(Setup setup, long seed) {
        RecurrentLayer layer;
        if (setup.cell() == Cell.LSTM) {
            layer = LstmLayer.builder(setup.units()).build();
        } else if (setup.cell() == Cell.GRU) {
            layer = GruLayer.builder(setup.units()).build();
        } else {
            SimpleRnnLayer.Builder rnn = SimpleRnnLayer.builder(setup.units());
            if (setup.cell() == Cell.IRNN) {
                rnn.activation(Activation.RELU).recurrentInitializer(Initializer.IDENTITY);
            }
            layer = rnn.build();
        }
        StackedRnnModel model = StackedRnnModel.builder()
                .inputFeatures(AddingProblem.FEATURES)
                .add(layer)
                .add(DenseLayer.builder(1).build())
                .loss(Loss.meanSquaredError())
                .optimizer(Adam.builder().learningRate(setup.learningRate()).globalClipNorm(setup.clipNorm()).build())
                .threads(setup.threads())
                .seed(seed)
                .build();
        if (setup.cell() == Cell.IRNN) {
            List<Tensor> weights = new ArrayList<>(model.getWeights()); // kernel [2, U], recurrent [U, U], bias [U], dense ...
            SplittableRandom random = new SplittableRandom(seed ^ KERNEL_SALT);
            float[] kernel = new float[AddingProblem.FEATURES * setup.units()];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = (float) (0.001 * random.nextGaussian());
            }
            weights.set(0, Tensor.of(kernel, AddingProblem.FEATURES, setup.units()));
            model.setWeights(weights);
        }
        return model;
    }

    /**
     * @param setup the setup (its sequence length, test size and placement)
     * @return the test set, the same for every run of that setup
     */
    public static AddingProblem.Data testSet(Setup setup) {
        return AddingProblem.generate(setup.testSamples(), setup.time(), TEST_SEED, setup.placement());
    }

    /**
     * Trains one model on fresh batches and scores the test set every {@code evalEvery} steps and at
     * the end. If a step's loss or gradient is not finite, training stops there and the remaining
     * scores are NaN.
     *
     * @param setup    the setup
     * @param seed     the seed of the weights and of the training batches
     * @param test     the test set
     * @param progress receives one line per evaluation
     * @return the scores
     */
    public static Run train(Setup setup, long seed, AddingProblem.Data test, Consumer<String> progress) {
        StackedRnnModel model = model(setup, seed);
        SplittableRandom batches = new SplittableRandom(seed ^ BATCH_SALT);
        Tensor testTargets = Tensor.of(test.targets(), test.targets().length);
        int evaluations = (setup.steps() + setup.evalEvery() - 1) / setup.evalEvery() + 1;
        int[] steps = new int[evaluations];
        double[] testMse = new double[evaluations];
        double[] trainLoss = new double[evaluations];
        double[] secondsPer1000 = new double[evaluations];
        testMse[0] = model.evaluate(test.x(), testTargets).mse();
        trainLoss[0] = Double.NaN;
        secondsPer1000[0] = Double.NaN;
        progress.accept(String.format(Locale.ROOT, "seed %d step %6d: test MSE %.5f", seed, 0, testMse[0]));
        int step = 0;
        int divergedAt = -1;
        for (int e = 1; e < evaluations; e++) {
            int end = Math.min(setup.steps(), e * setup.evalEvery());
            double lossSum = 0;
            int begin = step;
            long start = System.nanoTime();
            try {
                for (; step < end; step++) {
                    AddingProblem.Data batch = AddingProblem.generate(setup.batch(), setup.time(), batches.nextLong(), setup.placement());
                    lossSum += model.trainOnBatch(batch.x(), Tensor.of(batch.targets(), setup.batch()));
                }
            } catch (NonFiniteLossException diverged) {
                divergedAt = step + 1;
                progress.accept(String.format(Locale.ROOT, "seed %d step %6d: not finite (%s); stopped", seed, divergedAt,
                        diverged.getMessage()));
                for (int r = e; r < evaluations; r++) {
                    steps[r] = Math.min(setup.steps(), r * setup.evalEvery());
                    testMse[r] = trainLoss[r] = secondsPer1000[r] = Double.NaN;
                }
                break;
            }
            secondsPer1000[e] = (System.nanoTime() - start) / 1e9 * 1000.0 / (end - begin);
            steps[e] = end;
            trainLoss[e] = lossSum / (end - begin);
            testMse[e] = model.evaluate(test.x(), testTargets).mse();
            progress.accept(String.format(Locale.ROOT, "seed %d step %6d: test MSE %.5f, train loss %.5f, %.2f s/1000 steps",
                    seed, end, testMse[e], trainLoss[e], secondsPer1000[e]));
        }
        return new Run(steps, testMse, trainLoss, secondsPer1000, divergedAt);
    }

    /**
     * Trains one model per seed S..S+K-1 ({@code --first-seed S}, default 1) and prints the test MSE by step;
     * a run of seeds 2..3 continues one of seed 1, as every seed's run depends on its seed alone.
     *
     * @param args {@code --time T} (50), {@code --model tanh|irnn} (tanh), {@code --steps N} (10000),
     *             {@code --seeds K} (3), {@code --batch B} (32), {@code --eval-every E} (1000),
     *             {@code --test-samples S} (1000), {@code --units U} (100), {@code --lr R} (1e-3 for
     *             tanh, 1e-4 for irnn), {@code --clip C} (1.0), {@code --placement halves|anywhere}
     *             (halves), {@code --threads N} (the available processors), {@code --first-seed S} (1)
     * @throws IOException if the chart cannot be written
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "time", "model", "steps", "seeds", "batch", "eval-every",
                "test-samples", "units", "lr", "clip", "placement", "threads", "first-seed");
        Cell cell = Cell.parse(options.text("model", "tanh"));
        Setup defaults = Setup.of(options.positiveInt("time", 50), cell);
        int seeds = options.positiveInt("seeds", 3);
        int firstSeed = options.positiveInt("first-seed", 1);
        Setup setup = new Setup(defaults.time(), cell,
                options.positiveInt("units", defaults.units()),
                options.positiveInt("batch", defaults.batch()),
                options.positiveInt("steps", defaults.steps()),
                options.positiveInt("eval-every", defaults.evalEvery()),
                options.positiveInt("test-samples", defaults.testSamples()),
                options.positiveDouble("lr", defaults.learningRate()),
                options.positiveDouble("clip", defaults.clipNorm()),
                placement(options.text("placement", "halves")),
                options.positiveInt("threads", defaults.threads()));
        if (setup.time() < 2) {
            throw new IllegalArgumentException("Option --time expects at least 2 steps (two markers), got " + setup.time());
        }

        AddingProblem.Data test = testSet(setup);
        double trivial = 0;
        for (float target : test.targets()) {
            trivial += (target - 1.0) * (target - 1.0);
        }
        trivial /= test.targets().length;
        String name = switch (cell) {
            case TANH -> "SimpleRNN(" + setup.units() + ", tanh)";
            case IRNN -> "SimpleRNN(" + setup.units() + ", IRNN)";
            case LSTM -> "LSTM(" + setup.units() + ")";
            case GRU -> "GRU(" + setup.units() + ")";
        };
        System.out.printf(Locale.ROOT, "Adding problem, T = %d, markers %s: a fresh batch of %d per step; test set of %d sequences "
                        + "(seed %d), on which predicting 1.0 scores %.4f%n",
                setup.time(), setup.placement().name().toLowerCase(Locale.ROOT), setup.batch(), setup.testSamples(), TEST_SEED, trivial);
        System.out.printf(Locale.ROOT, "Model: %s + Dense(1), MSE, Adam lr %.0e, global clip norm %s; %d steps, "
                        + "seeds %d..%d, %d thread%s%n", name, setup.learningRate(), setup.clipNorm(), setup.steps(), firstSeed, firstSeed + seeds - 1,
                setup.threads(), setup.threads() == 1 ? "" : "s");

        Run[] runs = new Run[seeds];
        for (int s = 0; s < seeds; s++) {
            runs[s] = train(setup, firstSeed + s, test, System.out::println);
        }

        int[] steps = runs[0].steps();
        System.out.printf(Locale.ROOT, "%nTest MSE by step, T = %d, %s (predicting 1.0: %.4f)%n", setup.time(), name, trivial);
        StringBuilder header = new StringBuilder(" step");
        for (int s = 0; s < seeds; s++) {
            header.append(String.format(Locale.ROOT, "   seed %-3d", firstSeed + s));
        }
        System.out.println(header.append("    median       min       max"));
        for (int i = 0; i < steps.length; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%5d", steps[i]));
            double[] values = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                values[s] = runs[s].testMse()[i];
                row.append(String.format(Locale.ROOT, "  %9.5f", values[s]));
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted); // a diverged run (NaN) sorts last, the worst
            row.append(String.format(Locale.ROOT, "  %8.5f  %8.5f  %8.5f", Stats.median(values), sorted[0], sorted[seeds - 1]));
            System.out.println(row);
        }
        double[] seconds = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            seconds[s] = runs[s].medianSecondsPer1000();
        }
        System.out.printf(Locale.ROOT, "seconds per 1000 steps (median over seeds of each seed's median over intervals): %.2f "
                + "(seeds: %s)%n", Stats.median(seconds), Arrays.toString(seconds));

        Map<String, double[]> curves = new LinkedHashMap<>();
        for (int s = 0; s < seeds; s++) {
            curves.put("seed " + (firstSeed + s), runs[s].testMse());
        }
        Path chart = AddingProblemChart.save(steps, curves, trivial,
                String.format(Locale.ROOT, "Adding problem, T = %d: SimpleRNN(%d, %s), test MSE", setup.time(), setup.units(), name),
                Path.of("target", "charts", String.format(Locale.ROOT, "adding-T%d-%s.png", setup.time(),
                        cell.name().toLowerCase(Locale.ROOT))));
        System.out.println("chart: " + chart);
    }

    private static Placement placement(String name) {
        for (Placement placement : Placement.values()) {
            if (placement.name().equalsIgnoreCase(name)) {
                return placement;
            }
        }
        throw new IllegalArgumentException("Option --placement expects halves or anywhere, got '" + name + "'");
    }
}
