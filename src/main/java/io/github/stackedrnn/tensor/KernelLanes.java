package io.github.stackedrnn.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/**
 * How many floats one vector of {@code FloatVector.SPECIES_PREFERRED} would hold on this JVM, found
 * without the Vector API: the scalar kernels need it to sum in the Vector kernels' order (it decides
 * which products count as narrow), so that both paths give the same bits on the same machine.
 *
 * <p>The rule: HotSpot sizes the preferred species by its largest vector register for bytes, which is
 * {@code -XX:MaxVectorSize} (set by the JVM from the CPU: 64 bytes with AVX-512, 32 with AVX2, 16 with
 * SSE or NEON, the register length with SVE; a user's {@code -XX:MaxVectorSize} lowers it for both paths alike), except that AVX
 * without AVX2 ({@code -XX:UseAVX=1}) has no 256-bit byte vectors and prefers 128 bits. When the JVM
 * does not say (not HotSpot, or no {@code jdk.management} module), 8 lanes (256 bits). The JVM's value
 * is read once, through {@link HotSpotDiagnosticMXBean}.
 */
final class KernelLanes {
    static final int DEFAULT_LANES = 8;

    private KernelLanes() {
    }

    static int fromJvm() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return DEFAULT_LANES;
            }
            long bytes = Long.parseLong(vm.getVMOption("MaxVectorSize").getValue());
            if (bytes > 16 && useAvx(vm) == 1) {
                bytes = 16;
            }
            return lanesFor(bytes);
        } catch (RuntimeException | LinkageError e) {
            return DEFAULT_LANES;
        }
    }

    /** Floats in a vector of {@code bytes} bytes, at least 2 (the Vector API's smallest float species) and at most 64 (2048 bits, SVE's largest). */
    static int lanesFor(long bytes) {
        return (int) Math.max(2, Math.min(64, Long.highestOneBit(Math.max(1, bytes)) / Float.BYTES));
    }

    private static int useAvx(HotSpotDiagnosticMXBean vm) {
        try {
            VMOption option = vm.getVMOption("UseAVX");
            return Integer.parseInt(option.getValue());
        } catch (IllegalArgumentException e) {
            return -1; // not x86
        }
    }
}
