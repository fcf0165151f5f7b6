package io.github.stackedrnn.keras;

import io.github.stackedrnn.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the weights of the mapped layers from an HDF5 file in one of Keras's layouts, each checked
 * against the shape the config implies before it is read:
 * <ul>
 * <li>Keras 3 ({@code model.weights.h5} in a {@code .keras}, or a {@code .weights.h5}): the variables of
 * a layer are {@code <group>/vars/0, 1, ...}, where the group is named after the layer's class
 * ({@code layers/simple_rnn_1/cell}), not the layer's name;</li>
 * <li>legacy HDF5 (tf.keras 2.x / Keras 2.x {@code save} and {@code save_weights}, and Keras 3's
 * {@code .h5}): {@code layer_names} lists the layers, each layer's group lists its datasets in
 * {@code weight_names}, in {@code get_weights()} order.</li>
 * </ul>
 */
final class WeightsReader {
    private WeightsReader() {
    }

    /** @return true if the file has the Keras 3 layout */
    static boolean isKeras3(Hdf5Reader h5) {
        return h5.isGroup("layers") && !h5.isGroup("model_weights");
    }

    static List<Tensor> keras3(Hdf5Reader h5, List<MappedLayer> layers) {
        List<Tensor> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (MappedLayer layer : layers) {
            used.add(layer.keras3Group().split("/")[1]);
            if (!layer.weighted()) {
                continue;
            }
            List<int[]> shapes = layer.weightShapes();
            List<String> groups = layer.keras3VarGroups();
            int perGroup = shapes.size() / groups.size(); // a Bidirectional's copies have the same weights
            for (int g = 0; g < groups.size(); g++) {
                String vars = groups.get(g) + "/vars";
                if (!h5.isGroup(vars)) {
                    throw h5.error(vars, "the weights of " + layer.describe() + " are missing");
                }
                List<String> names = h5.children(vars);
                if (names.size() != perGroup) {
                    throw h5.error(vars, "holds " + names.size() + " variables, but " + layer.describe() + " has "
                            + perGroup + (groups.size() > 1 ? " per direction" : "") + " (kernel, recurrent kernel, bias as configured)");
                }
                for (int i = 0; i < perGroup; i++) {
                    out.add(tensor(h5, vars + "/" + i, shapes.get(g * perGroup + i)));
                }
            }
        }
        checkNoOtherWeights(h5, used);
        return out;
    }

    /** A weights file for a model with other layers than ours would load into the wrong places. */
    private static void checkNoOtherWeights(Hdf5Reader h5, Set<String> used) {
        for (String child : h5.children("layers")) {
            if (used.contains(child)) {
                continue;
            }
            if (hasVariables(h5, "layers/" + child, 0)) {
                throw h5.error("layers/" + child, "holds weights of a layer the model does not have");
            }
        }
    }

    private static boolean hasVariables(Hdf5Reader h5, String path, int depth) {
        if (depth > 4 || !h5.isGroup(path)) {
            return false;
        }
        for (String child : h5.children(path)) {
            if (child.equals("seed_generator")) {
                continue; // a Dropout's random-number state (some backends save it), not weights
            }
            String p = path + "/" + child;
            if (child.equals("vars") && h5.isGroup(p) && !h5.children(p).isEmpty()) {
                return true;
            }
            if (hasVariables(h5, p, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param root   the group that holds {@code layer_names}: {@code model_weights} in a full-model file,
     *               the root in a {@code save_weights} file
     * @param byName true to find each layer's group by its name (the config's names), false to take the
     *               file's weighted layers in order (a model built in Java may have other names)
     */
    static List<Tensor> legacy(Hdf5Reader h5, String root, List<MappedLayer> mapped, boolean byName) {
        List<MappedLayer> layers = mapped.stream().filter(MappedLayer::weighted).toList(); // a Dropout's group holds none
        List<String> layerNames = h5.strings(root, "layer_names")
                .orElseThrow(() -> h5.error(root, "has no layer_names attribute: not a Keras weights file"));
        List<String> groups = new ArrayList<>();
        if (byName) {
            for (MappedLayer layer : layers) {
                if (!layerNames.contains(layer.name())) {
                    throw h5.error(root, "layer_names does not list " + layer.describe());
                }
                groups.add(layer.name());
            }
        } else {
            for (String name : layerNames) {
                if (!weightNames(h5, join(root, name)).isEmpty()) {
                    groups.add(name);
                }
            }
            if (groups.size() != layers.size()) {
                throw h5.error(root, "holds the weights of " + groups.size() + " layers " + groups + ", but the model has "
                        + layers.size() + " layers with weights");
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            MappedLayer layer = layers.get(l);
            String group = join(root, groups.get(l));
            List<String> names = weightNames(h5, group);
            List<int[]> shapes = layer.weightShapes();
            if (names.size() != shapes.size()) {
                throw h5.error(group, "weight_names lists " + names.size() + " weights " + names + ", but " + layer.describe()
                        + " has " + shapes.size());
            }
            for (int i = 0; i < shapes.size(); i++) {
                out.add(tensor(h5, join(group, names.get(i)), shapes.get(i)));
            }
        }
        return out;
    }

    private static List<String> weightNames(Hdf5Reader h5, String group) {
        if (!h5.isGroup(group)) {
            throw h5.error(group, "layer group is missing");
        }
        Optional<List<String>> names = h5.strings(group, "weight_names");
        return names.orElseThrow(() -> h5.error(group, "has no weight_names attribute"));
    }

    private static Tensor tensor(Hdf5Reader h5, String path, int[] shape) {
        if (shape.length == 0) {
            // a scalar (a Normalization's count, an integer in Keras): the library's tensors have a dimension
            return Tensor.of(new float[] {h5.scalar(path)}, 1);
        }
        float[] values = h5.floats(path, shape);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw h5.error(path, "holds a NaN or infinite value at flat index " + i);
            }
        }
        return Tensor.of(values, Arrays.copyOf(shape, shape.length));
    }

    private static String join(String a, String b) {
        if (b.contains("..") || b.startsWith("/")) {
            throw new KerasFormatError(a, "weight path " + b + " leaves its group");
        }
        return a.isEmpty() ? b : a + "/" + b;
    }
}
