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
    static final String FLAG = "--add-modules jdk.incubator.vector";
    static final String SCALAR_NAME = "scalar (auto-vectorised)";
    // what the flag gained in the JMH benchmarks on a 2-core AVX-512 machine (README, Speed), W1 to W3
    static final String GAIN = "they trained and predicted 1.5-7x faster in our benchmarks (2 threads; see the README, Speed)";

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
            return gemm;
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            LOG.warn("jdk.incubator.vector is present but its kernels could not be loaded; using scalar kernels", e);
            return null;
        }
    }

    /** The text {@link MatrixKernels#description()} returns and {@link #announce} logs. */
    static String describe(SimdKernels vector, int lanes) {
        if (vector != null) {
            return "stacked-rnn kernels: " + vector.description();
        }
        String why = "false".equalsIgnoreCase(System.getProperty(PROPERTY))
                ? "the Vector API kernels are disabled by -D" + PROPERTY + "=false"
                : "the JVM option " + FLAG + " selects the Vector API kernels";
        return "stacked-rnn kernels: " + SCALAR_NAME + ", summed in the order of " + lanes * Float.SIZE
                + "-bit vectors; " + why + "; " + GAIN;
    }

    /** Logs the kernels in use, once, at INFO: most users never look at DEBUG, and the flag matters. */
    static void announce(String description) {
        LOG.info(description);
    }
}
