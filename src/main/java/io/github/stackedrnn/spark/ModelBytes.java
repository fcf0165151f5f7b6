package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;

import io.github.stackedrnn.io.ModelFiles;

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
     * The model in {@code bytes} on one thread (Spark's tasks are the parallelism): built from the file's
     * snapshot without any initializer, optimizer state included; the same predictions and training steps
     * to the bit as on any thread count.
     */
    static StackedRnnModel loadSingleThreaded(byte[] bytes) {
        try {
            return StackedRnnModel.fromSnapshot(ModelFiles.read(new ByteArrayInputStream(bytes)), 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the broadcast model", e);
        }
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
