package io.github.stackedrnn.hostile;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.model.StackedRnnModel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tiny files that declare huge models (with valid checksums): the loader must refuse them having
 * allocated about what the file holds, not what the configuration implies. Runs in its own JVM with
 * {@code -Xmx256m} (the surefire execution {@code small-heap}), where allocating the declared
 * parameters would be an OutOfMemoryError.
 */
class MemoryBombTest {

    @Test
    void aSmallFileDeclaringSimpleRnn8192IsRefusedWithoutAllocatingItsParameters() {
        // 8192 units: 67 M parameters, 268 MB of floats, more than this JVM's whole heap
        byte[] bomb = new CraftedModelFile("bomb", 8192).simpleRnn(8192, false).denseSoftmax(2).bytes();
        assertThat(bomb.length).isLessThan(300);
        long allocated = refusedAllocating(bomb);
        assertThat(allocated).as("bytes allocated while refusing a %d-byte file", bomb.length).isLessThan(1 << 20);
    }

    @Test
    void simpleRnn4096IsRefusedWithoutAllocating64Megabytes() {
        byte[] bomb = new CraftedModelFile("bomb", 4096).simpleRnn(4096, false).denseSoftmax(2).bytes();
        assertThat(refusedAllocating(bomb)).isLessThan(1 << 20);
    }

    @Test
    void aWeightPayloadShorterThanItsShapeIsRefusedBeforeTheValuesAreAllocated() {
        // a well-formed tensor header claiming [4096, 4096] followed by 16 bytes of values
        java.nio.ByteBuffer payload = java.nio.ByteBuffer.allocate(4 + 1 + 8 + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        payload.putInt(5).put((byte) 2).putInt(4096).putInt(4096);
        byte[] bomb = new CraftedModelFile("bomb", 4096).simpleRnn(4096, false).denseSoftmax(2)
                .weightsPayload(payload.array()).bytes();
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(bomb)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("simple_rnn/kernel")
                .hasMessageContaining("ends early");
        assertThat(refusedAllocating(bomb)).isLessThan(1 << 20);
    }

    private static long refusedAllocating(byte[] bytes) {
        // once unmeasured: the first load in a JVM also loads and initialises the reader's classes
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(bytes))).isInstanceOf(ModelFormatException.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(bytes))).isInstanceOf(ModelFormatException.class);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
