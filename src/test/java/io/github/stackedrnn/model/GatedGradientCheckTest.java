package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.ReferenceStack.Kind;
import io.github.stackedrnn.model.ReferenceStack.Spec;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every weight gradient and the input gradient of LSTM, GRU (both reset variants) and Bidirectional
 * stacks (every merge mode, masks, sequences and last states, dropout with the engine's own masks)
 * against central finite differences of {@link ReferenceStack}, a double-precision model written
 * independently of the engine.
 */
class GatedGradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double ABSOLUTE = 2e-5;
    private static final double RELATIVE = 1e-2;
    private static final int FEATURES = 3;
    private static final int CLASSES = 3;
    private static final int BATCH = 3;
    private static final int TIME = 5;

    record Case(String name, List<Spec> specs, boolean masked, double dropout, double recurrentDropout,
                List<ReferenceStack.DenseSpec> dense) {
        Case(String name, List<Spec> specs, boolean masked, double dropout, double recurrentDropout) {
            this(name, specs, masked, dropout, recurrentDropout, List.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Spec spec(Kind kind, int units, boolean seq) {
        return new Spec(kind, units, seq, null);
    }

    private static Spec backwards(Kind kind, int units, boolean seq) {
        return new Spec(kind, units, seq, null, true);
    }

    private static Spec bi(Kind kind, int units, boolean seq, MergeMode merge) {
        return new Spec(kind, units, seq, merge);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Kind k : new Kind[] {Kind.LSTM, Kind.GRU_AFTER, Kind.GRU_BEFORE}) {
            cases.add(new Case(k + " last state", List.of(spec(k, 4, false)), false, 0, 0));
            cases.add(new Case(k + " sequences", List.of(spec(k, 3, true)), false, 0, 0));
            cases.add(new Case(k + " masked", List.of(spec(k, 3, false)), true, 0, 0));
            cases.add(new Case(k + " dropout", List.of(spec(k, 3, true), spec(k, 3, false)), false, 0.3, 0.4));
            cases.add(new Case(k + " stacked", List.of(spec(k, 3, true), spec(k, 4, true), spec(k, 2, false)), false, 0, 0));
        }
        for (MergeMode m : MergeMode.values()) {
            cases.add(new Case("Bidirectional LSTM " + m, List.of(bi(Kind.LSTM, 3, false, m)), false, 0, 0));
            cases.add(new Case("Bidirectional GRU " + m + " sequences", List.of(bi(Kind.GRU_AFTER, 3, true, m)), false, 0, 0));
            cases.add(new Case("Bidirectional GRU(reset before) " + m + " masked, stacked",
                    List.of(bi(Kind.GRU_BEFORE, 3, true, m), bi(Kind.LSTM, 2, false, m)), true, 0, 0));
        }
        cases.add(new Case("mixed stack masked", List.of(spec(Kind.GRU_AFTER, 3, true), bi(Kind.SIMPLE, 2, true, MergeMode.CONCAT),
                spec(Kind.LSTM, 3, true)), true, 0, 0));
        cases.add(new Case("Bidirectional dropout", List.of(bi(Kind.LSTM, 3, true, MergeMode.MUL), bi(Kind.GRU_BEFORE, 2, false,
                MergeMode.CONCAT)), false, 0.25, 0.25));
        // Keras 3's hard sigmoid gates (the random pre-activations land on its kinks at ±3 with probability ~0)
        cases.add(new Case("LSTM hard sigmoid", List.of(spec(Kind.LSTM_HARD, 3, true), spec(Kind.LSTM_HARD, 3, false)), true, 0, 0));
        cases.add(new Case("GRU hard sigmoid", List.of(spec(Kind.GRU_HARD, 3, true)), false, 0, 0));
        // Keras 2's hard sigmoid gates, clip(0.2·x + 0.5, 0, 1) (kinks at ±2.5)
        cases.add(new Case("LSTM Keras 2 hard sigmoid", List.of(spec(Kind.LSTM_HARD_KERAS2, 3, true),
                spec(Kind.LSTM_HARD_KERAS2, 3, false)), true, 0, 0));
        cases.add(new Case("GRU Keras 2 hard sigmoid", List.of(spec(Kind.GRU_HARD_KERAS2, 3, true)), false, 0, 0));
        cases.add(new Case("GRU Keras 2 hard sigmoid last state, masked", List.of(spec(Kind.GRU_HARD_KERAS2, 4, false)), true, 0, 0));
        // go_backwards: outputs in reading order, the input's mask passed on unflipped, as Keras
        cases.add(new Case("SimpleRNN go_backwards last state", List.of(backwards(Kind.SIMPLE, 4, false)), false, 0, 0));
        cases.add(new Case("LSTM go_backwards sequences, masked", List.of(backwards(Kind.LSTM, 3, true)), true, 0, 0));
        cases.add(new Case("go_backwards stacked, masked", List.of(backwards(Kind.SIMPLE, 4, true),
                backwards(Kind.LSTM, 3, false)), true, 0, 0));
        cases.add(new Case("go_backwards between forward layers, masked", List.of(spec(Kind.LSTM, 3, true),
                backwards(Kind.GRU_BEFORE, 3, true), spec(Kind.GRU_AFTER, 2, false)), true, 0, 0));
        cases.add(new Case("GRU go_backwards dropout", List.of(backwards(Kind.GRU_AFTER, 3, true), backwards(Kind.GRU_AFTER, 2,
                false)), false, 0.3, 0.2));
        cases.add(new Case("go_backwards beside a Bidirectional, hidden Dense", List.of(bi(Kind.LSTM, 2, true, MergeMode.SUM),
                backwards(Kind.LSTM, 3, false)), true, 0, 0, List.of(new ReferenceStack.DenseSpec(4, Activation.TANH))));
        // hidden Dense layers between the recurrent stack and the head, per step and on the last state
        cases.add(new Case("hidden Dense after a sequence, masked", List.of(spec(Kind.LSTM, 3, true)), true, 0, 0,
                List.of(new ReferenceStack.DenseSpec(4, Activation.TANH), new ReferenceStack.DenseSpec(3, Activation.SIGMOID))));
        cases.add(new Case("hidden Dense after the last state", List.of(spec(Kind.GRU_AFTER, 3, true), bi(Kind.GRU_BEFORE, 2, false,
                MergeMode.CONCAT)), false, 0, 0, List.of(new ReferenceStack.DenseSpec(5, Activation.RELU),
                new ReferenceStack.DenseSpec(3, Activation.SOFTMAX), new ReferenceStack.DenseSpec(2, Activation.LINEAR))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferencesOfTheReference(Case c) {
        ReferenceStack reference = new ReferenceStack(FEATURES, CLASSES, c.specs(), c.dense());
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        List<int[]> shapes = reference.weightShapes();
        float[][] w = new float[shapes.size()][];
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            int n = 1;
            for (int d : shapes.get(i)) {
                n *= d;
            }
            w[i] = uniform(random, n, 0.6);
            tensors.add(Tensor.of(w[i], shapes.get(i)));
        }
        float[] x = uniform(random, BATCH * TIME * FEATURES, 1.0);
        int[] lengths = c.masked() ? new int[] {TIME, 2, 4} : null;
        if (lengths != null) {
            for (int b = 0; b < BATCH; b++) {
                for (int t = lengths[b]; t < TIME; t++) {
                    for (int f = 0; f < FEATURES; f++) {
                        x[(b * TIME + t) * FEATURES + f] = 0f;
                    }
                }
            }
        }
        int steps = reference.perStep() ? TIME : 1;
        int[][] labels = new int[BATCH][steps];
        for (int[] row : labels) {
            for (int t = 0; t < steps; t++) {
                row[t] = random.nextInt(CLASSES);
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (Spec s : c.specs()) {
            layers.add(layer(s, c.dropout(), c.recurrentDropout()));
        }
        for (ReferenceStack.DenseSpec d : c.dense()) {
            layers.add(io.github.stackedrnn.layer.DenseLayer.builder(d.units()).activation(d.activation()).build());
        }
        layers.add(DenseSoftmaxLayer.builder(CLASSES).build());
        Network net = Network.plan(FEATURES, layers, null);
        ModelParameters parameters = ModelParameters.of(net, tensors);
        float[] params = parameters.copy();
        Tensor input = Tensor.of(x, BATCH, TIME, FEATURES);
        SequenceMask mask = lengths == null ? null : SequenceMask.ofLengths(lengths, TIME);
        Targets targets = reference.perStep() ? Targets.sparse(labels, BATCH, TIME, net, mask) : Targets.sparse(column(labels), BATCH, net);
        Batch batch = new Batch(input, targets, null, 0, BATCH, mask, null);
        Engine engine = new Engine(net, new Parallelism(1, null), true);
        boolean drops = c.dropout() > 0 || c.recurrentDropout() > 0;
        long key = 0x5EEDL;
        float[] inputGradient = drops ? null : new float[x.length];
        Engine.Result result = engine.gradients(params, batch, inputGradient, drops, key);
        float[][][] masks = null;
        if (drops) {
            masks = new float[net.rnn.length][][];
            for (int l = 0; l < net.rnn.length; l++) {
                Dropout d = new Dropout(net.rnn[l], TIME, BATCH);
                d.draw(key, l, 0, BATCH, net.rnn[l].in, net.rnn[l].units);
                masks[l] = new float[][] {d.inputMask, d.stateMask};
            }
        }
        double[][] wd = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            wd[i] = widen(w[i]);
        }
        double[] xd = widen(x);
        float[][][] m = masks;
        double loss = reference.loss(wd, xd, BATCH, TIME, lengths, labels, m);
        assertEquals(loss, result.meanLoss(), 1e-5, c + ": loss");

        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < w.length; i++) {
            WeightSlot slot = net.slots.get(i);
            for (int j = 0; j < wd[i].length; j++) {
                double keep = wd[i][j];
                wd[i][j] = keep + EPS;
                double up = reference.loss(wd, xd, BATCH, TIME, lengths, labels, m);
                wd[i][j] = keep - EPS;
                double down = reference.loss(wd, xd, BATCH, TIME, lengths, labels, m);
                wd[i][j] = keep;
                double numeric = (up - down) / (2 * EPS);
                double analytic = engine.grads[slot.offset + j];
                checked++;
                if (Math.abs(analytic - numeric) > ABSOLUTE + RELATIVE * Math.abs(numeric)) {
                    failures.add(slot.path() + "[" + j + "]: engine " + analytic + ", finite differences " + numeric);
                }
            }
        }
        if (inputGradient != null) {
            for (int j = 0; j < xd.length; j++) {
                double keep = xd[j];
                xd[j] = keep + EPS;
                double up = reference.loss(wd, xd, BATCH, TIME, lengths, labels, m);
                xd[j] = keep - EPS;
                double down = reference.loss(wd, xd, BATCH, TIME, lengths, labels, m);
                xd[j] = keep;
                double numeric = (up - down) / (2 * EPS);
                checked++;
                if (Math.abs(inputGradient[j] - numeric) > ABSOLUTE + RELATIVE * Math.abs(numeric)) {
                    failures.add("input[" + j + "]: engine " + inputGradient[j] + ", finite differences " + numeric);
                }
            }
        }
        assertTrue(failures.isEmpty(), c + ": " + failures.size() + " of " + checked + " gradients differ: "
                + failures.subList(0, Math.min(8, failures.size())));
    }

    private static RecurrentLayer layer(Spec s, double dropout, double recurrentDropout) {
        RecurrentLayer inner = switch (s.kind()) {
            case SIMPLE -> SimpleRnnLayer.builder(s.units()).activation(Activation.TANH).returnSequences(s.seq())
                    .dropout(dropout).recurrentDropout(recurrentDropout).build();
            case LSTM -> LstmLayer.builder(s.units()).returnSequences(s.seq()).dropout(dropout).recurrentDropout(recurrentDropout).build();
            case GRU_AFTER -> GruLayer.builder(s.units()).returnSequences(s.seq()).dropout(dropout)
                    .recurrentDropout(recurrentDropout).build();
            case GRU_BEFORE -> GruLayer.builder(s.units()).resetAfter(false).returnSequences(s.seq()).dropout(dropout)
                    .recurrentDropout(recurrentDropout).build();
            case LSTM_HARD -> LstmLayer.builder(s.units()).recurrentActivation(io.github.stackedrnn.layer.GateActivation.HARD_SIGMOID)
                    .returnSequences(s.seq()).build();
            case GRU_HARD -> GruLayer.builder(s.units()).recurrentActivation(io.github.stackedrnn.layer.GateActivation.HARD_SIGMOID)
                    .returnSequences(s.seq()).build();
            case LSTM_HARD_KERAS2 -> LstmLayer.builder(s.units())
                    .recurrentActivation(io.github.stackedrnn.layer.GateActivation.HARD_SIGMOID_KERAS2).returnSequences(s.seq()).build();
            case GRU_HARD_KERAS2 -> GruLayer.builder(s.units())
                    .recurrentActivation(io.github.stackedrnn.layer.GateActivation.HARD_SIGMOID_KERAS2).returnSequences(s.seq()).build();
        };
        if (s.backwards()) {
            inner = backwardsCopy(inner, dropout, recurrentDropout);
        }
        return s.merge() == null ? inner : Bidirectional.builder(inner).mergeMode(s.merge()).build();
    }

    /** The same layer reading backwards (the builders set each setting once, so it is built anew). */
    private static RecurrentLayer backwardsCopy(RecurrentLayer l, double dropout, double recurrentDropout) {
        if (l instanceof SimpleRnnLayer r) {
            return SimpleRnnLayer.builder(r.units()).returnSequences(r.returnSequences()).goBackwards(true).dropout(dropout)
                    .recurrentDropout(recurrentDropout).build();
        }
        if (l instanceof LstmLayer r) {
            return LstmLayer.builder(r.units()).recurrentActivation(r.recurrentActivation()).returnSequences(r.returnSequences())
                    .goBackwards(true).dropout(dropout).recurrentDropout(recurrentDropout).build();
        }
        GruLayer r = (GruLayer) l;
        return GruLayer.builder(r.units()).recurrentActivation(r.recurrentActivation()).resetAfter(r.resetAfter())
                .returnSequences(r.returnSequences()).goBackwards(true).dropout(dropout).recurrentDropout(recurrentDropout).build();
    }

    private static int[] column(int[][] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i][0];
        }
        return out;
    }

    private static float[] uniform(SplittableRandom random, int n, double halfWidth) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * halfWidth);
        }
        return v;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
