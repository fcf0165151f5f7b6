package io.github.stackedrnn.tensor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the optional Vector API kernels, the way Apache Lucene does: they are used only when the JVM
 * was started with {@code --add-modules jdk.incubator.vector} and the system property
 * {@code stackedrnn.vector} is not {@code false}; otherwise the scalar kernels run.
 */
final class VectorSupport {
    private static final Logger LOG = LoggerFactory.getLogger(VectorSupport.class);
    static final String PROPERTY = "stackedrnn.vector";

    private VectorSupport() {
    }

    static SimdKernels load() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            LOG.debug("Vector API kernels disabled by -D{}=false", PROPERTY);
            return null;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.debug("jdk.incubator.vector is not present (add --add-modules jdk.incubator.vector to use it); scalar kernels");
            return null;
        }
        try {
            SimdKernels gemm = (SimdKernels) Class.forName("io.github.stackedrnn.tensor.VectorKernels").getDeclaredConstructor().newInstance();
            LOG.debug("Matrix products and tanh use the {} kernels", gemm.description());
            return gemm;
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            LOG.warn("jdk.incubator.vector is present but its kernels could not be loaded; using scalar kernels", e);
            return null;
        }
    }
}
