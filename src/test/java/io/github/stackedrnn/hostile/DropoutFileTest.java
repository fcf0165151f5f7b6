package io.github.stackedrnn.hostile;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Layer kind 8 (Dropout) as docs/FORMAT.md specifies it, read from files written by hand. */
class DropoutFileTest {
    private static CraftedModelFile file(double rate, int seedFlag, long seed) {
        return new CraftedModelFile("drop", 1).simpleRnn(2, false).dropout(rate, seedFlag, seed).denseSoftmax(2)
                .weights(new int[] {1, 2}, new int[] {2, 2}, new int[] {2}, new int[] {2, 2}, new int[] {2});
    }

    private static StackedRnnModel load(CraftedModelFile f) throws IOException {
        return StackedRnnModel.load(new ByteArrayInputStream(f.bytes()));
    }

    @Test
    void aDropoutRecordLoadsWithItsRateAndSeed() throws IOException {
        StackedRnnModel m = load(file(0.25, 1, -9));
        assertThat(m.layers().get(1)).isEqualTo(DropoutLayer.builder(0.25).seed(-9).build());
        assertThat(m.layerNames()).containsExactly("simple_rnn", "dropout", "dense");
        assertThat(load(file(0.5, 0, 0)).layers().get(1)).isEqualTo(DropoutLayer.of(0.5));
    }

    @Test
    void badDropoutRecordsAreRefused() {
        assertThatThrownBy(() -> load(file(1.0, 0, 0))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("invalid layer 1: Received an invalid value for argument `rate`, expected a number in [0, 1), "
                        + "got 1.0.");
        assertThatThrownBy(() -> load(file(Double.NaN, 0, 0))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("got NaN");
        assertThatThrownBy(() -> load(file(0.5, 2, 0))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("seed flag of layer 1 is 2, not 0 or 1");
        assertThatThrownBy(() -> load(file(0.5, 0, 5))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 1 (Dropout) has no seed but stores 5 where the seed goes; expected 0");
    }

    @Test
    void aDropoutAboveTheHeadIsRefused() {
        CraftedModelFile f = new CraftedModelFile("drop", 1).simpleRnn(2, false).denseSoftmax(2).dropout(0.5, 0, 0)
                .weights(new int[] {1, 2}, new int[] {2, 2}, new int[] {2}, new int[] {2, 2}, new int[] {2});
        assertThatThrownBy(() -> load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("is placed after the output layer dense (Dense)");
    }
}
