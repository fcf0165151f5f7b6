package io.github.stackedrnn.keras;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.model.StackedRnnModel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Keras interop: load the models users trained in Keras, save models Keras loads.
 *
 * <pre>{@code
 * StackedRnnModel model = KerasModels.load(Path.of("model.keras"));      // Keras 3, or a legacy .h5
 * KerasModels.loadWeights(javaModel, Path.of("model.weights.h5"));       // weights only, into a model built in Java
 * KerasModels.save(model, Path.of("exported.keras"));                    // keras.saving.load_model reads it
 * }</pre>
 *
 * <p>Formats: Keras 3 {@code .keras} (a zip of {@code config.json}, {@code metadata.json},
 * {@code model.weights.h5}); legacy HDF5 {@code .h5} full models of tf.keras 2.x, Keras 2.x and Keras 3;
 * weights-only files (Keras 3 {@code .weights.h5}, legacy {@code save_weights} HDF5). Models: Sequential
 * (or functional models that are a single chain)
 * {@code [InputLayer] [Masking] (SimpleRNN | LSTM | GRU | Bidirectional)+ (Dense | TimeDistributed(Dense))+}
 * with Dropout layers anywhere below the head (GRU with either {@code reset_after}, Bidirectional in every merge mode);
 * {@code go_backwards} on SimpleRNN, LSTM and GRU; {@code recurrent_activation='hard_sigmoid'} read as
 * the function of the Keras version that wrote the file (Keras 3's {@code relu6(x + 3) / 6}, Keras 2's
 * {@code clip(0.2·x + 0.5, 0, 1)}, see the README's version notes); the compile config's loss and optimizer (Adam, AdamW, SGD, RMSprop, with their settings,
 * clipping and learning-rate schedules) come across. What the library cannot build is refused before
 * anything is built, with a {@link ModelFormatException} that names the layer's class, name and
 * position and what is supported; so are damaged files, with the member and the path inside it.
 *
 * <p>What a {@link StackedRnnModel} does not hold: a Masking layer's mask value (the library takes masks
 * per call, as a {@link io.github.stackedrnn.model.SequenceMask}), so {@link #open(Path)} returns it
 * with the model in a {@link KerasModel}, whose {@code predict} masks as Keras does; {@link #load(Path)}
 * returns the bare model and logs a warning when the file had one. A Dropout layer becomes a
 * {@link io.github.stackedrnn.layer.DropoutLayer} with its rate and seed (an inference no-op that
 * {@code fit} applies, as Keras does; {@code noise_shape} other than None is refused). The optimizer's state (moments, step count) is not imported nor exported. An imported
 * model's seed is 0.
 *
 * <p>Needs two optional dependencies on the class path, {@code com.google.code.gson:gson} and
 * {@code io.jhdf:jhdf}; without them each method throws an {@link IllegalStateException} naming the
 * artifact to add.
 */
public final class KerasModels {
    private static final Logger LOG = LoggerFactory.getLogger(KerasModels.class);

    private KerasModels() {
    }

    /**
     * Loads a Keras model file with its compile configuration.
     *
     * @param path a {@code .keras} file or a legacy {@code .h5} full-model file
     * @return the model, with Keras's layer names, weights, loss and optimizer settings
     * @throws ModelFormatException  if the file is damaged or holds what the library cannot build
     * @throws IOException           if the file cannot be read
     * @throws IllegalStateException if gson or jhdf is missing from the class path
     */
    public static StackedRnnModel load(Path path) throws IOException {
        return load(path, true);
    }

    /**
     * @param path    a {@code .keras} file or a legacy {@code .h5} full-model file
     * @param compile false to ignore the compile configuration (as Keras's {@code compile=False}): the
     *                model gets the library's defaults for the loss and the optimizer
     * @return the model
     * @throws ModelFormatException  if the file is damaged or holds what the library cannot build
     * @throws IOException           if the file cannot be read
     * @throws IllegalStateException if gson or jhdf is missing from the class path
     */
    public static StackedRnnModel load(Path path, boolean compile) throws IOException {
        KerasModel m = open(path, compile);
        if (m.maskValue().isPresent()) {
            LOG.warn("{}: the Keras model masks steps equal to {} (a Masking layer); the returned model does not: "
                    + "pass KerasModels.open(path).mask(x) to predict/fit, or use KerasModel.predict", path.getFileName(),
                    m.maskValue().getAsDouble());
        }
        return m.model();
    }

    /**
     * Loads a Keras model file with what it says beyond the model (the mask value, notes).
     *
     * @param path a {@code .keras} file or a legacy {@code .h5} full-model file
     * @return the model and its mask value
     * @throws ModelFormatException  if the file is damaged or holds what the library cannot build
     * @throws IOException           if the file cannot be read
     * @throws IllegalStateException if gson or jhdf is missing from the class path
     */
    public static KerasModel open(Path path) throws IOException {
        return open(path, true);
    }

    /**
     * @param path    a {@code .keras} file or a legacy {@code .h5} full-model file
     * @param compile false to ignore the compile configuration
     * @return the model and its mask value
     * @throws ModelFormatException  if the file is damaged or holds what the library cannot build
     * @throws IOException           if the file cannot be read
     * @throws IllegalStateException if gson or jhdf is missing from the class path
     */
    public static KerasModel open(Path path, boolean compile) throws IOException {
        requireArgument(path);
        try {
            KerasModel m = KerasReader.read(path, compile);
            for (String note : m.notes()) {
                LOG.info("{}: {}", path.getFileName(), note);
            }
            return m;
        } catch (KerasFormatError e) {
            throw e.toChecked();
        } catch (NoClassDefFoundError e) {
            throw missingDependency(e);
        }
    }

    /**
     * Loads Keras weights into a model built in Java with the same layers, as Keras's
     * {@code load_weights}: a Keras 3 {@code .weights.h5} (or the weights of a {@code .keras} file), a
     * legacy {@code save_weights} HDF5 file or a legacy full-model {@code .h5}. Keras 3 files are matched
     * by Keras's class-named groups ({@code layers/simple_rnn_1/cell/vars}; the model's Dense layers are
     * placed on the file's {@code dense} and {@code time_distributed} groups by that numbering and the
     * variables' shapes, and a file they fit in two ways is refused), legacy files by the order of their
     * layers with weights. Every weight's shape is checked before any is set.
     *
     * @param model the model to fill
     * @param path  the weights file
     * @throws ModelFormatException  if the file is damaged or its weights do not fit the model; the model is then unchanged
     * @throws IOException           if the file cannot be read
     * @throws IllegalStateException if gson or jhdf is missing from the class path
     */
    public static void loadWeights(StackedRnnModel model, Path path) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `model`, expected a model, got null.");
        }
        requireArgument(path);
        try {
            KerasReader.readWeights(model, path);
        } catch (KerasFormatError e) {
            throw e.toChecked();
        } catch (NoClassDefFoundError e) {
            throw missingDependency(e);
        }
    }

    /**
     * Saves a model as a Keras 3 {@code .keras} file that {@code keras.saving.load_model} loads and that
     * predicts what this model predicts; the optimizer's configuration goes into the compile config (its
     * state does not). Atomic: written under a temporary name beside the target, then renamed.
     *
     * @param model the model
     * @param path  the file to write, by Keras's convention ending in {@code .keras}
     * @throws ModelFormatException  if the model has what Keras 3 cannot hold (an LSTM or GRU with Keras 2's
     *                               {@link io.github.stackedrnn.layer.GateActivation#HARD_SIGMOID_KERAS2}); nothing is written
     * @throws IOException           if writing fails; a previous file at {@code path} is then unchanged
     * @throws IllegalStateException if gson or jhdf is missing from the class path
     */
    public static void save(StackedRnnModel model, Path path) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `model`, expected a model, got null.");
        }
        write(model, null, path);
    }

    /**
     * Saves a model with its Masking layer, if it has a mask value.
     *
     * @param model the model and its mask value ({@link KerasModel#withMaskValue})
     * @param path  the file to write
     * @throws ModelFormatException  if the model has what Keras 3 cannot hold, as {@link #save(StackedRnnModel, Path)}
     * @throws IOException           if writing fails; a previous file at {@code path} is then unchanged
     * @throws IllegalStateException if gson or jhdf is missing from the class path
     */
    public static void save(KerasModel model, Path path) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `model`, expected a model, got null.");
        }
        write(model.model(), model.maskValue().isPresent() ? model.maskValue().getAsDouble() : null, path);
    }

    private static void write(StackedRnnModel model, Double maskValue, Path path) throws IOException {
        requireArgument(path);
        try {
            KerasWriter.write(model, maskValue, path);
        } catch (NoClassDefFoundError e) {
            throw missingDependency(e);
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("io.jhdf.")) {
                throw new IOException("writing the HDF5 weights failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static void requireArgument(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `path`, expected a path, got null.");
        }
    }

    /** Which artifact to add, named exactly, for the class that could not be found. */
    static IllegalStateException missingDependency(NoClassDefFoundError e) {
        String missing = String.valueOf(e.getMessage()).replace('/', '.');
        String artifact;
        if (missing.startsWith("com.google.gson")) {
            artifact = "com.google.code.gson:gson:2.13.2";
        } else if (missing.startsWith("io.jhdf")) {
            artifact = "io.jhdf:jhdf:0.13.0";
        } else if (missing.startsWith("org.apache.commons.lang3")) {
            artifact = "org.apache.commons:commons-lang3 (a dependency of io.jhdf:jhdf:0.13.0; do not exclude it)";
        } else if (missing.startsWith("com.ning.compress")) {
            artifact = "com.ning:compress-lzf (a dependency of io.jhdf:jhdf:0.13.0 that its filters need; do not exclude it)";
        } else {
            artifact = "com.google.code.gson:gson:2.13.2 and io.jhdf:jhdf:0.13.0";
        }
        return new IllegalStateException("Keras files need " + artifact + " on the class path (an optional dependency of "
                + "stacked-rnn, missing class " + missing + "); add it to your build, see the README's From Keras and back", e);
    }
}
