package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * One Keras layer that became a library layer: where it was in the Keras model, what it became, and
 * where its weights are in each file layout.
 *
 * @param position    its index in Keras's {@code model.layers} (the InputLayer not counted)
 * @param kerasClass  Keras's class name, such as {@code SimpleRNN} or {@code TimeDistributed}
 * @param name        the Keras layer name
 * @param layer       the library layer
 * @param in          the width of its input
 * @param keras3Group the group of its variables in a Keras 3 weights file, without {@code /vars},
 *                    such as {@code layers/simple_rnn_1/cell}; for a Bidirectional the wrapper's group,
 *                    {@code layers/bidirectional}, whose copies are {@code forward_layer/cell} and
 *                    {@code backward_layer/cell} under it ({@link #keras3VarGroups()})
 */
record MappedLayer(int position, String kerasClass, String name, Layer layer, int in, String keras3Group) {

    boolean recurrent() {
        return layer instanceof RecurrentLayer;
    }

    /** @return false for a layer without weights (a Dropout) */
    boolean weighted() {
        return !(layer instanceof DropoutLayer);
    }

    /**
     * @return the groups that hold its {@code vars}, in weight order: one, or a Bidirectional's forward then
     *         backward; none for a layer without weights
     */
    List<String> keras3VarGroups() {
        if (!weighted()) {
            return List.of();
        }
        if (layer instanceof Bidirectional) {
            return List.of(keras3Group + "/forward_layer/cell", keras3Group + "/backward_layer/cell");
        }
        return List.of(keras3Group);
    }

    /** @return the shapes of its weights, in Keras's {@code get_weights()} order */
    List<int[]> weightShapes() {
        if (layer instanceof io.github.stackedrnn.layer.NormalizationLayer) {
            // mean (F,), variance (F,), count (): Keras's scalar, the library's [1]
            return List.of(new int[] {in}, new int[] {in}, new int[0]);
        }
        if (!weighted()) {
            return List.of();
        }
        if (layer instanceof Bidirectional b) {
            List<int[]> one = recurrentShapes(b.layer(), in);
            List<int[]> shapes = new ArrayList<>(one);
            shapes.addAll(one);
            return shapes;
        }
        if (layer instanceof RecurrentLayer r) {
            return recurrentShapes(r, in);
        }
        List<int[]> shapes = new ArrayList<>();
        int units = layer.outputSize();
        shapes.add(new int[] {in, units});
        if (layer instanceof DenseLayer d ? d.useBias() : ((DenseSoftmaxLayer) layer).useBias()) {
            shapes.add(new int[] {units});
        }
        return shapes;
    }

    /** kernel {@code [in, G·U]}, recurrent kernel {@code [U, G·U]}, bias {@code [G·U]} (a reset-after GRU's {@code [2, 3U]}) */
    private static List<int[]> recurrentShapes(RecurrentLayer r, int in) {
        int units = r.units();
        int gates;
        boolean bias;
        boolean twoBiases = false;
        if (r instanceof LstmLayer l) {
            gates = 4;
            bias = l.useBias();
        } else if (r instanceof GruLayer g) {
            gates = 3;
            bias = g.useBias();
            twoBiases = g.resetAfter();
        } else {
            gates = 1;
            bias = ((SimpleRnnLayer) r).useBias();
        }
        List<int[]> shapes = new ArrayList<>();
        shapes.add(new int[] {in, gates * units});
        shapes.add(new int[] {units, gates * units});
        if (bias) {
            shapes.add(twoBiases ? new int[] {2, gates * units} : new int[] {gates * units});
        }
        return shapes;
    }

    /** @return how errors name it: {@code SimpleRNN 'simple_rnn' at layer 0} */
    String describe() {
        return describe(kerasClass, name, position);
    }

    static String describe(String kerasClass, String name, int position) {
        return kerasClass + " '" + name + "' at layer " + position;
    }
}
