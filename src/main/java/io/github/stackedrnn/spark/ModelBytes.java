package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A model as the bytes of its saved file, the form in which it travels to the executors. */
final class ModelBytes {
    private ModelBytes() {
    }

    /** @return the model's file, optimizer state included when asked */
    static byte[] of(StackedRnnModel model, boolean includeOptimizerState) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.parameterCount() * 4 * (includeOptimizerState ? 3 : 1) + 4096);
        try {
            model.save(out, includeOptimizerState);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the model to memory", e);
        }
        return out.toByteArray();
    }

    /** @return the model read back from its bytes (the library's default thread count) */
    static StackedRnnModel load(byte[] bytes) {
        try {
            return StackedRnnModel.load(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the broadcast model", e);
        }
    }

    /**
     * The same model on one thread: same configuration, same weights, so the same predictions to the
     * bit (the library's results do not depend on its thread count); the optimizer state is not carried.
     */
    static StackedRnnModel singleThreaded(StackedRnnModel model) {
        StackedRnnModel.Builder b = StackedRnnModel.builder()
                .inputFeatures(model.inputFeatures())
                .loss(model.loss())
                .optimizer(model.optimizer())
                .seed(model.seed())
                .name(model.name())
                .threads(1);
        model.layers().forEach(b::add);
        StackedRnnModel copy = b.build();
        copy.setWeights(model.getWeights());
        return copy;
    }

    /** @return a key that differs between models: the SHA-256 of the file, in hex */
    static String id(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256", e);
        }
    }
}
