package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Layer;
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
 *                    such as {@code layers/simple_rnn_1/cell}
 */
record MappedLayer(int position, String kerasClass, String name, Layer layer, int in, String keras3Group) {

    boolean recurrent() {
        return layer instanceof SimpleRnnLayer;
    }

    /** @return the shapes of its weights, in Keras's {@code get_weights()} order */
    List<int[]> weightShapes() {
        List<int[]> shapes = new ArrayList<>();
        int units = layer.outputSize();
        shapes.add(new int[] {in, units});
        if (layer instanceof SimpleRnnLayer r) {
            shapes.add(new int[] {units, units});
            if (r.useBias()) {
                shapes.add(new int[] {units});
            }
        } else if (layer instanceof DenseLayer d ? d.useBias() : ((DenseSoftmaxLayer) layer).useBias()) {
            shapes.add(new int[] {units});
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
