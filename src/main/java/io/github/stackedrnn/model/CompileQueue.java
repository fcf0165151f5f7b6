package io.github.stackedrnn.model;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * How many kernel methods HotSpot's JIT still has to compile: the methods of the library's kernels
 * ({@code io.github.stackedrnn.tensor}) and of the Vector API that its compile queues hold or its
 * compiler threads are compiling, read from the {@code Compiler.queue} diagnostic command (what
 * {@code jcmd <pid> Compiler.queue} prints). A warm-up is not over while one is left: until C2 is done
 * with a kernel, it runs at C1's speed (or, on the Vector API path, boxes every vector) however steady its
 * times look. Kept in a class of its own so that a JVM without the management modules, or without the
 * command, fails only here and the warm-up decides on other signs.
 */
final class CompileQueue {
    private static final String[] KERNEL_CLASSES = {"io.github.stackedrnn.tensor.", "jdk.incubator.vector.", "jdk.internal.vm.vector."};
    private static final String OPERATION = "compilerQueue";

    private final MBeanServer server;
    private final ObjectName command;

    private CompileQueue(MBeanServer server, ObjectName command) {
        this.server = server;
        this.command = command;
    }

    /** @return the JVM's compile queue, or null where the JVM does not tell it */
    static CompileQueue open() {
        try {
            CompileQueue queue = new CompileQueue(ManagementFactory.getPlatformMBeanServer(),
                    new ObjectName("com.sun.management:type=DiagnosticCommand"));
            return queue.pendingKernels() >= 0 ? queue : null;
        } catch (LinkageError | JMException | RuntimeException e) {
            return null; // no java.management or jdk.management, or not HotSpot: the warm-up decides without it
        }
    }

    /** @return the kernel methods queued or being compiled now, or -1 if the JVM did not answer */
    int pendingKernels() {
        try {
            Object text = server.invoke(command, OPERATION, null, null);
            return text instanceof String ? kernelMethods((String) text) : -1;
        } catch (JMException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @param queue what {@code Compiler.queue} printed: a line per compilation running or waiting, the
     *              method as {@code package.Class::name}
     * @return the lines that name a kernel method
     */
    static int kernelMethods(String queue) {
        int kernels = 0;
        for (String line : queue.split("\n")) {
            int method = line.indexOf("::");
            if (method < 0) {
                continue;
            }
            int start = line.lastIndexOf(' ', method) + 1;
            for (String prefix : KERNEL_CLASSES) {
                if (line.startsWith(prefix, start)) {
                    kernels++;
                    break;
                }
            }
        }
        return kernels;
    }
}
