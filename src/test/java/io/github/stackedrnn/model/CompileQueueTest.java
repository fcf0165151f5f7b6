package io.github.stackedrnn.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CompileQueue}: which lines of HotSpot's {@code Compiler.queue} name a kernel, and that a HotSpot JVM answers. */
class CompileQueueTest {
    /** What JDK 17 (OpenJDK 17.0.15) printed during a warm-up on the Vector API path: an OSR compilation of a tile running. */
    private static final String JDK_17 = "Current compiles: \n"
            + "C2 CompilerThread0  1312 %     4       io.github.stackedrnn.tensor.VectorKernels::tile4x3 @ 353 (1152 bytes)\n"
            + "\n"
            + "C1 compile queue:\n"
            + "Empty\n"
            + "\n"
            + "C2 compile queue:\n"
            + "1313       4       java.util.Arrays::fill (28 bytes)\n"
            + "1316       4       jdk.incubator.vector.FloatVector::intoArray (46 bytes)\n"
            + "\n";

    /** What Temurin 25 printed at the same point: a lambda of the Vector API among the queued methods. */
    private static final String JDK_25 = "Current compiles: \n"
            + "C2 CompilerThread0  1561       4       io.github.stackedrnn.tensor.VectorKernels::tile4x3 (1152 bytes)\n"
            + "\n"
            + "C1 compile queue:\n"
            + "Empty\n"
            + "\n"
            + "C2 compile queue:\n"
            + "1545       4       io.github.stackedrnn.tensor.VectorKernels::tiledColumns (26 bytes)\n"
            + "1556       4       jdk.incubator.vector.Float512Vector::compare (7 bytes)\n"
            + "1558       4       jdk.incubator.vector.FloatVector$$Lambda/0x0000000070035878::apply (19 bytes)\n"
            + "1559       4       jdk.internal.vm.vector.VectorSupport::compare (54 bytes)\n"
            + "1563       4       io.github.stackedrnn.model.InferencePool::run (188 bytes)\n"
            + "1564   !   3       java.util.concurrent.locks.ReentrantLock$Sync::lock (30 bytes)\n";

    @Test
    void countsTheKernelMethodsRunningOrQueued() {
        assertThat(CompileQueue.kernelMethods(JDK_17)).isEqualTo(2); // the tile and intoArray, not Arrays.fill
        // the model's own code and the JDK's are not kernels: the warm-up does not wait for them
        assertThat(CompileQueue.kernelMethods(JDK_25)).isEqualTo(5);
    }

    @Test
    void anEmptyQueueHasNoKernel() {
        assertThat(CompileQueue.kernelMethods("Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n\n")).isZero();
        assertThat(CompileQueue.kernelMethods("")).isZero();
        // a class whose name merely contains a kernel package is not one
        assertThat(CompileQueue.kernelMethods("7  4  org.example.io.github.stackedrnn.tensor.Fake::m (3 bytes)\n")).isZero();
    }

    @Test
    void hotSpotTellsItsQueue() {
        String vm = System.getProperty("java.vm.name", "");
        CompileQueue queue = CompileQueue.open();
        if (vm.contains("HotSpot") || vm.contains("OpenJDK")) {
            assertThat(queue).as("the compile queue on " + vm).isNotNull();
            assertThat(queue.pendingKernels()).isGreaterThanOrEqualTo(0);
        } else {
            assertThat(queue == null || queue.pendingKernels() >= 0).isTrue();
        }
    }
}
