package io.github.stackedrnn.keras;

import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A model read from a Keras file, with what the file says beyond what a {@link StackedRnnModel} holds:
 * the mask value of a {@code Masking} layer, and notes on what the model does not carry (a layer folded
 * into another, a frozen layer). Immutable (the model itself is the usual mutable model).
 *
 * <pre>{@code
 * KerasModel keras = KerasModels.open(Path.of("padded.keras"));   // Masking(mask_value=0.0) -> SimpleRNN -> Dense
 * Tensor p = keras.predict(x);                 // masks the steps whose features all equal 0.0, as Keras does
 * SequenceMask mask = keras.mask(x);           // or pass the mask yourself: keras.model().fit(x, y, mask, options)
 * }</pre>
 */
public final class KerasModel {
    private final StackedRnnModel model;
    private final Double maskValue;
    private final List<String> notes;
    private final String kerasVersion;

    KerasModel(StackedRnnModel model, Double maskValue, List<String> notes, String kerasVersion) {
        this.model = model;
        this.maskValue = maskValue;
        this.notes = List.copyOf(notes);
        this.kerasVersion = kerasVersion;
    }

    /**
     * Wraps a model built in Java, for {@link KerasModels#save(KerasModel, java.nio.file.Path)} with a
     * Masking layer.
     *
     * @param model     the model
     * @param maskValue Keras's {@code Masking(mask_value=...)}: a step whose features all equal it is masked
     * @return the wrapper
     * @throws IllegalArgumentException if the model is null or the value is NaN
     */
    public static KerasModel withMaskValue(StackedRnnModel model, double maskValue) {
        if (model == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `model`, expected a model, got null.");
        }
        if (Double.isNaN(maskValue)) {
            throw new IllegalArgumentException("Received an invalid value for argument `maskValue`, expected a number, got NaN.");
        }
        return new KerasModel(model, maskValue, List.of(), null);
    }

    /** @return the model */
    public StackedRnnModel model() {
        return model;
    }

    /** @return the mask value of the Keras model's {@code Masking} layer, or empty if it has none */
    public OptionalDouble maskValue() {
        return maskValue == null ? OptionalDouble.empty() : OptionalDouble.of(maskValue);
    }

    /** @return the {@code keras_version} the file was written by, if it says */
    public Optional<String> kerasVersion() {
        return Optional.ofNullable(kerasVersion);
    }

    /**
     * @return one line per Keras layer or setting that the model does not carry and that changes
     *         nothing at inference (an Activation folded into the head, a frozen layer), in layer order
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * Keras's {@code Masking} rule: step {@code t} of sample {@code b} is masked when every feature
     * {@code x[b, t, :]} equals the mask value.
     *
     * @param x the input {@code [batch, time, features]}
     * @return the mask, or empty if the model has no mask value or no step of {@code x} is masked
     * @throws IllegalArgumentException if {@code x} is not 3-D, or a sample has no valid step at all
     *                                  (Keras would output its initial state; the library refuses it)
     */
    public Optional<SequenceMask> mask(Tensor x) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException("mask: input must be [batch, time, features] but got "
                    + (x == null ? "null" : Tensor.formatShape(x.shape())));
        }
        if (maskValue == null) {
            return Optional.empty();
        }
        int batch = x.dim(0);
        int time = x.dim(1);
        int features = x.dim(2);
        float[] data = x.toFloatArray();
        float value = (float) (double) maskValue;
        boolean[][] valid = new boolean[batch][time];
        boolean anyMasked = false;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int base = (b * time + t) * features;
                boolean masked = true;
                for (int f = 0; f < features && masked; f++) {
                    masked = data[base + f] == value;
                }
                valid[b][t] = !masked;
                anyMasked |= masked;
            }
        }
        return anyMasked ? Optional.of(SequenceMask.of(valid)) : Optional.empty();
    }

    /**
     * Predicts as Keras's {@code model.predict(x)} would: with the mask of the Masking layer, if any.
     *
     * @param x the input {@code [batch, time, features]}
     * @return what {@link StackedRnnModel#predict(Tensor, SequenceMask)} returns
     */
    public Tensor predict(Tensor x) {
        Optional<SequenceMask> mask = mask(x);
        return mask.isPresent() ? model.predict(x, mask.get()) : model.predict(x);
    }

    @Override
    public String toString() {
        return "KerasModel{model=" + model + (maskValue == null ? "" : ", maskValue=" + maskValue)
                + (kerasVersion == null ? "" : ", kerasVersion=" + kerasVersion) + "}";
    }
}
