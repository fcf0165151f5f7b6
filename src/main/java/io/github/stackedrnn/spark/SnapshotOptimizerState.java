package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.ModelSnapshot;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.OptimizerState;
import io.github.stackedrnn.tensor.Tensor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@link OptimizerStateAccess} on the model's public snapshot: the saved bytes are loaded, their
 * {@link ModelSnapshot}'s optimizer state read, or a snapshot with another state built (checked by
 * {@link ModelSnapshot#of} and the optimizer's own {@code restoreState}) and saved again.
 */
final class SnapshotOptimizerState implements OptimizerStateAccess {

    @Override
    public OptimizerSnapshot read(byte[] modelFile) {
        Optional<OptimizerState> state = snapshotOf(modelFile).optimizerState();
        if (state.isEmpty()) {
            return null;
        }
        OptimizerState s = state.get();
        return new OptimizerSnapshot(s.iterations(), s.learningRateOverride().orElse(0), s.slots());
    }

    @Override
    public byte[] write(byte[] modelFile, OptimizerSnapshot state) {
        ModelSnapshot snapshot = snapshotOf(modelFile);
        List<Tensor> weights = snapshot.weights();
        int[] sizes = weights.stream().mapToInt(Tensor::size).toArray();
        OptimizerState restored = snapshot.optimizer().restoreState(sizes, state.iterations(), state.slots());
        if (state.learningRateOverride() > 0) {
            restored.setLearningRate(state.learningRateOverride());
        }
        ModelSnapshot updated = ModelSnapshot.of(snapshot.name(), snapshot.seed(), snapshot.inputFeatures(), snapshot.layers(),
                snapshot.loss(), snapshot.optimizer(), weights, restored, snapshot.epochsDone());
        ByteArrayOutputStream out = new ByteArrayOutputStream(modelFile.length + 64);
        try {
            StackedRnnModel.fromSnapshot(updated).save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ModelSnapshot snapshotOf(byte[] modelFile) {
        try {
            return StackedRnnModel.load(new ByteArrayInputStream(modelFile)).snapshot(true);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a model file this package wrote: " + e.getMessage(), e);
        }
    }
}
