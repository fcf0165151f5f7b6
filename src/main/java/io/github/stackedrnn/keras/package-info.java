/**
 * Keras interop: {@link io.github.stackedrnn.keras.KerasModels} loads Keras 3 {@code .keras} files,
 * legacy HDF5 {@code .h5} models and weights-only files into
 * {@link io.github.stackedrnn.model.StackedRnnModel}s, and saves models as {@code .keras} files that
 * Keras loads. Built on the library's public API only. Needs the optional dependencies
 * {@code com.google.code.gson:gson} (JSON) and {@code io.jhdf:jhdf} (HDF5); the rest of the library
 * does not.
 *
 * <p>Policy: everything is checked before anything is built; a file the importer cannot take exactly
 * (an unsupported layer or setting, a damaged archive, a weight whose shape disagrees with the config)
 * is refused with an {@link io.github.stackedrnn.io.ModelFormatException} that says what and where,
 * never a half-built model. Reads are bounded by the sizes the file itself declares and holds.
 */
package io.github.stackedrnn.keras;
