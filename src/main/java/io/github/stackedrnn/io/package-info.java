/**
 * Saving and loading models: the binary format is described in {@code docs/FORMAT.md}; the methods
 * are {@link io.github.stackedrnn.model.StackedRnnModel#save(java.nio.file.Path)} and
 * {@link io.github.stackedrnn.model.StackedRnnModel#load(java.nio.file.Path)}. Every way a file can
 * be wrong is reported as a {@link io.github.stackedrnn.io.ModelFormatException}.
 */
package io.github.stackedrnn.io;
