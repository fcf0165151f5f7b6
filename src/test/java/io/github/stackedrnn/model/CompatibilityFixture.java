package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the compatibility fixture {@code src/test/resources/models/v1-small.srnn} and its predictions.
 * Run once per format version, by hand; the committed files must never be regenerated for an existing
 * version, since their point is to catch a reader that no longer reads what users already have.
 */
final class CompatibilityFixture {
    private CompatibilityFixture() {
    }

    static Tensor input() {
        SplittableRandom random = new SplittableRandom(2026);
        float[] data = new float[3 * 7 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextInt(512) - 256) / 128f; // exact in float
        }
        return Tensor.of(data, 3, 7, 4);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/models");
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(4).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(1).threads(1).build();
        model.trainOnBatch(input(), new int[] {0, 1, 2});
        model.trainOnBatch(input(), new int[] {2, 1, 0});
        model.save(dir.resolve("v1-small.srnn"));
        StringBuilder lines = new StringBuilder();
        for (float p : model.predict(input()).toFloatArray()) {
            lines.append(String.format("%08x%n", Float.floatToIntBits(p)));
        }
        Files.writeString(dir.resolve("v1-small.predictions"), lines.toString(), StandardCharsets.US_ASCII);
    }
}
