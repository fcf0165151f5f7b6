package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.model.StackedRnnModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which Dense layers of a model built in Java were {@code TimeDistributed(Dense)} in the Keras 3 model
 * whose weights file is being loaded. Keras 3 names a layer's weight group after its class, numbered
 * per class in order ({@code layers/<class_snake_name>[_N]}, from {@code saving_lib}), and both classes
 * hold the same kernel and bias, so the file's {@code layers/time_distributed[_N]} groups give how many
 * were TimeDistributed and the shapes of the variables which: every assignment of that many of the
 * model's Dense layers to TimeDistributed is tried, and exactly one may fit every group's shapes. None
 * fitting leaves them all Dense (the reader then names the group that does not fit); two or more
 * fitting is refused, since their weights would land in different layers.
 */
final class DenseClasses {
    /** More Dense layers than this with TimeDistributed groups are not searched (a model has a handful). */
    private static final int MAX_ASSIGNMENTS = 4096;

    private static final String REMEDY = "load the model's .keras or .h5 file with KerasModels.load (its config says which "
            + "layer is which) and copy its weights with getWeights/setWeights";

    private DenseClasses() {
    }

    static boolean[] of(StackedRnnModel model, Hdf5Reader h5) {
        List<Layer> layers = model.layers();
        boolean[] none = new boolean[layers.size()];
        List<Integer> dense = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof RecurrentLayer)) {
                dense.add(i);
            }
        }
        int k = 0;
        while (h5.isGroup("layers/" + (k == 0 ? "time_distributed" : "time_distributed_" + k))) {
            k++;
        }
        if (k == 0 || k > dense.size() || !model.outputsSequences()) {
            return none; // no TimeDistributed groups, or more than the model can hold: as Dense, the reader says why
        }
        long count = binomial(dense.size(), k);
        if (count > MAX_ASSIGNMENTS) {
            throw h5.error("layers", "holds " + k + " TimeDistributed groups for " + dense.size() + " Dense layers: too many "
                    + "ways to place them (" + count + "); " + REMEDY);
        }
        List<boolean[]> fitting = new ArrayList<>();
        int[] pick = new int[k];
        for (int i = 0; i < k; i++) {
            pick[i] = i;
        }
        while (true) {
            boolean[] td = new boolean[layers.size()];
            for (int p : pick) {
                td[dense.get(p)] = true;
            }
            if (fits(KerasReader.mapped(model, td), h5)) {
                fitting.add(td);
            }
            int i = k - 1;
            while (i >= 0 && pick[i] == dense.size() - k + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            pick[i]++;
            for (int j = i + 1; j < k; j++) {
                pick[j] = pick[j - 1] + 1;
            }
        }
        if (fitting.size() > 1) {
            List<String> ways = new ArrayList<>();
            for (boolean[] td : fitting) {
                List<String> names = new ArrayList<>();
                for (int i : dense) {
                    if (td[i]) {
                        names.add(model.layerNames().get(i));
                    }
                }
                ways.add(names.toString());
            }
            throw h5.error("layers", "the file's " + k + " TimeDistributed group" + (k == 1 ? "" : "s") + " and its Dense groups fit "
                    + "the model's Dense layers in " + fitting.size() + " ways (TimeDistributed: " + String.join(" or ", ways)
                    + "), their shapes being equal; the file does not say which, so the weights could land in the wrong "
                    + "layers; " + REMEDY);
        }
        return fitting.isEmpty() ? none : fitting.get(0);
    }

    /** @return true if every Dense layer's group holds variables of its weights' shapes */
    private static boolean fits(List<MappedLayer> layers, Hdf5Reader h5) {
        for (MappedLayer m : layers) {
            if (m.recurrent()) {
                continue;
            }
            List<int[]> shapes = m.weightShapes();
            String vars = m.keras3Group() + "/vars";
            if (!h5.isGroup(vars) || h5.children(vars).size() != shapes.size()) {
                return false;
            }
            for (int i = 0; i < shapes.size(); i++) {
                int[] shape = h5.shape(vars + "/" + i).orElse(null);
                if (!Arrays.equals(shape, shapes.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long binomial(int n, int k) {
        long c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
            if (c > Long.MAX_VALUE / (n + 1)) {
                return Long.MAX_VALUE;
            }
        }
        return c;
    }
}
