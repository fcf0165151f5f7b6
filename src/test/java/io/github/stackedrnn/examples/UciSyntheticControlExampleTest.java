package io.github.stackedrnn.examples;

import io.github.stackedrnn.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UciSyntheticControlExampleTest {

    @Test
    void clip_setsAdamsGlobalClipNorm() {
        Adam adam = (Adam) UciSyntheticControlExample.model(8, 2, 1, OptionalDouble.of(0.5)).optimizer();
        assertThat(adam.globalClipNorm()).hasValue(0.5);
        assertThat(adam.clipNorm()).isEmpty();
        assertThat(adam.learningRate()).isEqualTo(Adam.DEFAULT_LEARNING_RATE);
    }

    @Test
    void noClip_keepsAdamsDefaults() {
        assertThat(UciSyntheticControlExample.model(8, 2, 1).optimizer()).isEqualTo(Adam.defaults());
    }

    @Test
    void badClip_isRefusedBeforeTheDataIsRead() {
        assertThatThrownBy(() -> UciSyntheticControlExample.main(new String[] {"--clip -1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--clip");
        assertThatThrownBy(() -> UciSyntheticControlExample.main(new String[] {"--clip abc"}))
                .hasMessage("Option --clip expects a positive number, got 'abc'");
    }
}
