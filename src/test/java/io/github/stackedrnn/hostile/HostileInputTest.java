package io.github.stackedrnn.hostile;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.ModelCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adversarial findings of issue 19, each as a regression test through the public API. */
class HostileInputTest {

    private static StackedRnnModel small() {
        return StackedRnnModel.builder().inputFeatures(2).seed(1).threads(1)
                .add(SimpleRnnLayer.builder(4).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .build();
    }

    // ------------------------------------------------------------ sizes that overflow an int

    @Test
    void aLayerWhoseParametersOverflowAnIntIsRefusedByTheBuilder_namingTheLayerAndTheCount() {
        // 2^20 · 2048 + 2048² + 2048 = 2,151,680,000: wrapped negative before
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(1 << 20)
                .add(SimpleRnnLayer.builder(2048).build()).add(DenseSoftmaxLayer.builder(2).build()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("simple_rnn (SimpleRNN)")
                .hasMessageContaining("2151680000");
    }

    @Test
    void aRecurrentKernelOf2To32ValuesIsRefused_notWrappedToZero() {
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(1)
                .add(SimpleRnnLayer.builder(65536).recurrentInitializer(Initializer.ZEROS).build())
                .add(DenseSoftmaxLayer.builder(2).build()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("simple_rnn (SimpleRNN) has " + (65536L + 65536L * 65536 + 65536) + " parameters");
    }

    @Test
    void manyLayersThatTogetherOverflowAreRefusedAtTheLayerThatCrossesTheLimit() {
        StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(2048);
        for (int i = 0; i < 512; i++) {
            b.add(SimpleRnnLayer.builder(2048).returnSequences(true).build());
        }
        b.add(DenseSoftmaxLayer.builder(2).build());
        // 8,392,704 parameters a layer: the 256th brings the total over 2^31 - 9
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Layer simple_rnn_255 (SimpleRNN)");
    }

    @Test
    void aFileDeclaringAnOverflowingLayerIsRefusedAsAFormatError() {
        byte[] file = new CraftedModelFile("overflow", 1).simpleRnn(65536, false).denseSoftmax(2).bytes();
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(file)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("invalid model configuration")
                .hasMessageContaining("simple_rnn (SimpleRNN) has");
    }

    // ------------------------------------------------------------ inputs whose buffers would overflow

    @Test
    void aMaskOfMoreStepsThanAnArrayHoldsIsAnIllegalArgument() {
        assertThatThrownBy(() -> SequenceMask.ofLengths(new int[] {1, 1}, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 x 2147483647");
    }

    @Test
    void aStreamingStateTooLargeForAnArrayIsRefused() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(64).build()).add(DenseSoftmaxLayer.builder(2).build()).build();
        assertThatThrownBy(() -> model.newState(1 << 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize")
                .hasMessageContaining("1073741824 x 64");
    }

    @Test
    void sequencesWhoseWorkspaceWouldOverflowAreRefusedBeforeAnythingChanges() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(1).seed(2).threads(1)
                .add(SimpleRnnLayer.builder(64).build()).add(DenseSoftmaxLayer.builder(2).build()).build();
        List<Tensor> before = model.getWeights();
        Tensor x = Tensor.zeros(1, 1 << 25, 1); // 2^25 steps x 64 units = 2^31 floats of hidden states
        assertThatThrownBy(() -> model.predict(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the states of simple_rnn").hasMessageContaining("33554432 x 1 x 64");
        assertThatThrownBy(() -> model.trainOnBatch(x, new int[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the states of simple_rnn");
        assertThatThrownBy(() -> model.step(model.newState(1), x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the states of simple_rnn");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThat(model.iterations()).isZero();
    }

    // ------------------------------------------------------------ arguments checked before training

    @Test
    void aCheckpointIntoAMissingDirectoryIsRefusedBeforeTheFirstEpoch(@TempDir Path dir) {
        StackedRnnModel model = small();
        List<Tensor> before = model.getWeights();
        Path missing = dir.resolve("no-such-dir").resolve("model-{epoch}.srnn");
        FitOptions options = FitOptions.builder().epochs(2).batchSize(2)
                .checkpoint(ModelCheckpoint.builder(missing).build()).build();
        assertThatThrownBy(() -> model.fit(Tensor.zeros(4, 3, 2), new int[] {0, 1, 0, 1}, options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-dir")
                .hasMessageContaining("not an existing directory");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThat(model.epochsDone()).isZero();
    }

    // ------------------------------------------------------------ one rule for names

    @Test
    void aModelNameTheFileCannotHoldIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> StackedRnnModel.builder().name("m".repeat(2000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1024 bytes");
        assertThatThrownBy(() -> StackedRnnModel.builder().name("ok\uD800"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> StackedRnnModel.builder().name("\uDC00ok"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> SimpleRnnLayer.builder(2).name("l".repeat(70_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1024 characters");
    }

    @Test
    void everyNameTheBuildersAcceptSavesAndLoadsUnchanged() throws IOException {
        // 341 three-byte characters and a surrogate pair: 1,023 + 4 > 1,024, so one fewer
        String longest = "€".repeat(340) + "\uD83D\uDE00"; // 1,020 + 4 = 1,024 bytes
        StackedRnnModel model = StackedRnnModel.builder().name(longest).inputFeatures(2)
                .add(SimpleRnnLayer.builder(3).name("l".repeat(1024)).build())
                .add(DenseSoftmaxLayer.builder(2).build()).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.save(out);
        StackedRnnModel loaded = StackedRnnModel.load(new ByteArrayInputStream(out.toByteArray()));
        assertThat(loaded.name()).isEqualTo(longest);
        assertThat(loaded.layerNames()).isEqualTo(model.layerNames());
    }

    // ------------------------------------------------------------ leftovers of killed saves

    @Test
    void aSaveRemovesTheTemporaryFilesKilledSavesOfTheSameTargetLeft_butNoOthers(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.srnn");
        Path stale1 = Files.writeString(dir.resolve(".model.srnn.18d3f2a9c01b7e2.tmp"), "half a model");
        Path stale2 = Files.writeString(dir.resolve(".model.srnn.ff01.tmp"), "");
        Path otherTarget = Files.writeString(dir.resolve(".other.srnn.18d3f2a9c01b7e2.tmp"), "another model's");
        Path notOurs = Files.writeString(dir.resolve(".model.srnn.notes.tmp"), "a user's file");
        Path inUse = Files.writeString(dir.resolve(".model.srnn.abc123.tmp"), "being written");
        try (FileChannel channel = FileChannel.open(inUse, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            small().save(target);
            assertThat(lock.isValid()).isTrue();
        }
        assertThat(stale1).doesNotExist();
        assertThat(stale2).doesNotExist();
        assertThat(otherTarget).exists();
        assertThat(notOurs).exists();
        assertThat(inUse).as("a temporary file another writer holds locked").exists();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("model.srnn", ".other.srnn.18d3f2a9c01b7e2.tmp", ".model.srnn.notes.tmp",
                            ".model.srnn.abc123.tmp");
        }
        assertThat(StackedRnnModel.load(target).getWeights()).isEqualTo(small().getWeights());
    }
}
