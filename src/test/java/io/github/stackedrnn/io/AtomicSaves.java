package io.github.stackedrnn.io;

import io.github.stackedrnn.model.StackedRnnModel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Lets tests outside this package make an atomic save fail midway (the hook is package-private). */
public final class AtomicSaves {
    private AtomicSaves() {
    }

    public static void saveAtomically(StackedRnnModel model, Path path, boolean includeOptimizerState,
                                      UnaryOperator<OutputStream> decorate) throws IOException {
        ModelFiles.saveAtomically(model.snapshot(includeOptimizerState), path, decorate);
    }
}
