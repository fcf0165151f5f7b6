package io.github.stackedrnn.model;

import java.lang.management.ManagementFactory;

/**
 * The bytes the current thread has allocated so far, from HotSpot's
 * {@code com.sun.management.ThreadMXBean}, where the JVM has it and has the measurement enabled: a
 * warm-up reads it around a call to see whether the Vector API kernels still box their vectors. Kept in
 * a class of its own so that a JVM without the {@code jdk.management} module fails only here.
 */
final class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean BEAN = bean();

    private ThreadAllocation() {
    }

    /** @return whether {@link #currentThreadBytes()} measures */
    static boolean available() {
        return BEAN != null;
    }

    /** @return the bytes the calling thread has allocated since it started, or -1 where not measured */
    static long currentThreadBytes() {
        return BEAN == null ? -1 : BEAN.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean bean() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean) {
                com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                if (bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled()
                        && bean.getCurrentThreadAllocatedBytes() >= 0) {
                    return bean;
                }
            }
            return null;
        } catch (LinkageError | UnsupportedOperationException | SecurityException e) {
            return null; // no jdk.management module, or a JVM that does not measure: warm up on times alone
        }
    }
}
