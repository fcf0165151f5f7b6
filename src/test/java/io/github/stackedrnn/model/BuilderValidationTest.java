package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per rule of the model and layer builders: Caffeine's style, Keras's wording. */
class BuilderValidationTest {

    private static SimpleRnnLayer rnn(int units) {
        return SimpleRnnLayer.builder(units).build();
    }

    private static SimpleRnnLayer sequenceRnn(int units) {
        return SimpleRnnLayer.builder(units).returnSequences(true).build();
    }

    private static DenseSoftmaxLayer dense(int classes) {
        return DenseSoftmaxLayer.builder(classes).build();
    }

    // ------------------------------------------------------------------ inputFeatures

    @Test
    void inputFeatures_zero() {
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `inputFeatures`, expected a positive integer, got 0.");
    }

    @Test
    void inputFeatures_negative() {
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `inputFeatures`, expected a positive integer, got -5.");
    }

    @Test
    void inputFeatures_twice() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(10);
        assertThatThrownBy(() -> builder.inputFeatures(12))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`inputFeatures` was already set to 10");
        assertThat(builder.add(rnn(3)).add(dense(2)).build().inputFeatures()).isEqualTo(10);
    }

    @Test
    void inputFeatures_missing() {
        assertThatThrownBy(() -> StackedRnnModel.builder().add(rnn(3)).add(dense(2)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("`inputFeatures` is not set");
    }

    // ------------------------------------------------------------------ layers

    @Test
    void units_zero() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `units`, expected a positive integer, got 0.");
    }

    @Test
    void units_negative() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`units`").hasMessageContaining("got -1.");
    }

    @Test
    void classes_zero() {
        assertThatThrownBy(() -> DenseSoftmaxLayer.builder(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `classes`, expected a positive integer, got 0.");
    }

    @Test
    void layers_none() {
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(4).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The model has no layers");
    }

    @Test
    void layer_null() {
        assertThatThrownBy(() -> StackedRnnModel.builder().add(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `layer`, expected a layer, got null.");
    }

    @Test
    void dense_notLast() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(4)
                .add(sequenceRnn(3)).add(dense(2)).add(rnn(3));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Layer simple_rnn_1 (SimpleRNN) is placed after the Dense layer dense (Dense); "
                        + "recurrent layers come first, then Dense layers, the last of them the output layer");
    }

    @Test
    void dense_twice_isAHiddenLayerAndAHead() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4).add(rnn(3)).add(dense(5)).add(dense(2)).build();
        assertThat(model.layerNames()).containsExactly("simple_rnn", "dense", "dense_1");
        assertThat(model.weightNames()).containsExactly("simple_rnn/kernel", "simple_rnn/recurrent_kernel", "simple_rnn/bias",
                "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias");
        assertThat(model.getWeights().get(3).shape()).containsExactly(3, 5);
        assertThat(model.getWeights().get(5).shape()).containsExactly(5, 2);
        assertThat(model.summary().rows().get(1).parameters()).isEqualTo(3 * 5 + 5);
        assertThat(model.predict(io.github.stackedrnn.tensor.Tensor.zeros(1, 2, 4)).shape()).containsExactly(1, 2);
    }

    @Test
    void dense_missing() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(4).add(sequenceRnn(3)).add(rnn(3));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The model has no output layer: add a DenseSoftmaxLayer or DenseLayer after simple_rnn_1");
    }

    @Test
    void dense_withoutRecurrentLayer() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(4).add(dense(2));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Layer dense (Dense) has no recurrent layer before it");
    }

    @Test
    void rnn_afterRnnWithoutReturnSequences() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(4)
                .add(sequenceRnn(6)).add(rnn(5)).add(rnn(3)).add(dense(2));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Layer simple_rnn_2 (SimpleRNN)")
                .hasMessageContaining("simple_rnn_1 has returnSequences=false")
                .hasMessageContaining("needs a sequence [batch, time, 5]")
                .hasMessageContaining("set returnSequences(true) on simple_rnn_1");
    }

    @Test
    void rnn_afterRnnWithoutReturnSequences_namesUserNames() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(4)
                .add(SimpleRnnLayer.builder(5).name("encoder").build())
                .add(SimpleRnnLayer.builder(3).name("decoder").build())
                .add(dense(2));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Layer decoder (SimpleRNN)")
                .hasMessageContaining("encoder has returnSequences=false");
    }

    @Test
    void names_duplicate() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(4)
                .add(SimpleRnnLayer.builder(3).returnSequences(true).name("rnn").build())
                .add(SimpleRnnLayer.builder(3).name("rnn").build())
                .add(dense(2));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Two layers are named rnn; layer names must be unique in a model");
    }

    @Test
    void names_userNameCollidingWithAutomaticName() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(4)
                .add(sequenceRnn(3))
                .add(SimpleRnnLayer.builder(3).name("simple_rnn").build())
                .add(dense(2));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Two layers are named simple_rnn");
    }

    @Test
    void names_automatic_areKeras() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(10)
                .add(sequenceRnn(5)).add(sequenceRnn(5)).add(rnn(5)).add(dense(4)).seed(1).build();
        assertThat(model.layerNames()).containsExactly("simple_rnn", "simple_rnn_1", "simple_rnn_2", "dense");
        assertThat(model.weightNames()).containsExactly(
                "simple_rnn/kernel", "simple_rnn/recurrent_kernel", "simple_rnn/bias",
                "simple_rnn_1/kernel", "simple_rnn_1/recurrent_kernel", "simple_rnn_1/bias",
                "simple_rnn_2/kernel", "simple_rnn_2/recurrent_kernel", "simple_rnn_2/bias",
                "dense/kernel", "dense/bias");
        assertThat(model.name()).isEqualTo("sequential");
    }

    @Test
    void names_user_areKept() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(10)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).name("encoder").build())
                .add(rnn(5))
                .add(DenseSoftmaxLayer.builder(4).name("head").build())
                .name("my_model").seed(1).build();
        assertThat(model.layerNames()).containsExactly("encoder", "simple_rnn_1", "head");
        assertThat(model.weightNames()).containsExactly("encoder/kernel", "encoder/recurrent_kernel", "encoder/bias",
                "simple_rnn_1/kernel", "simple_rnn_1/recurrent_kernel", "simple_rnn_1/bias", "head/kernel", "head/bias");
        assertThat(model.name()).isEqualTo("my_model");
        assertThat(model.summary().modelName()).isEqualTo("my_model");
    }

    @Test
    void layerName_invalid() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).name("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`name`").hasMessageContaining("\"has space\"");
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).name(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`name`");
        assertThatThrownBy(() -> DenseSoftmaxLayer.builder(3).name(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`name`");
    }

    @Test
    void layerName_twice() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).name("a").name("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`name` was already set to a");
    }

    @Test
    void returnSequences_twice() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).returnSequences(true).returnSequences(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`returnSequences` was already set to true");
    }

    @Test
    void activation_null() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).activation(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `activation`, expected a value, got null.");
    }

    @Test
    void activation_twice() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).activation(Activation.RELU).activation(Activation.TANH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`activation` was already set to RELU");
    }

    @Test
    void kernelInitializer_identity() {
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).kernelInitializer(Initializer.IDENTITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`kernelInitializer`").hasMessageContaining("got IDENTITY");
    }

    @Test
    void useBias_twice() {
        assertThatThrownBy(() -> DenseSoftmaxLayer.builder(3).useBias(false).useBias(true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`useBias` was already set to false");
    }

    @Test
    void layerBuilder_buildsEqualValues() {
        SimpleRnnLayer.Builder builder = SimpleRnnLayer.builder(7).activation(Activation.RELU).returnSequences(true);
        SimpleRnnLayer a = builder.build();
        assertThat(a).isEqualTo(builder.build()).hasSameHashCodeAs(builder.build());
        assertThat(a.units()).isEqualTo(7);
        assertThat(a.activation()).isEqualTo(Activation.RELU);
        assertThat(a.returnSequences()).isTrue();
        assertThat(a.useBias()).isTrue();
        assertThat(a.kernelInitializer()).isEqualTo(Initializer.GLOROT_UNIFORM);
        assertThat(a.recurrentInitializer()).isEqualTo(Initializer.ORTHOGONAL);
        assertThat(a.name()).isEmpty();
        assertThat(rnn(7).returnSequences()).isFalse();
        assertThat(rnn(7).activation()).isEqualTo(Activation.TANH);
    }

    // ------------------------------------------------------------------ optimizer, seed, name

    @Test
    void optimizer_twice() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().optimizer(Adam.builder().learningRate(0.01).build());
        assertThatThrownBy(() -> builder.optimizer(Adam.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`optimizer` was already set to Adam{learningRate=0.01, beta1=0.9, beta2=0.999, epsilon=1.0E-7}");
    }

    @Test
    void optimizer_null() {
        assertThatThrownBy(() -> StackedRnnModel.builder().optimizer(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`optimizer`").hasMessageContaining("got null");
    }

    @Test
    void optimizer_default_isKerasAdam() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(2).add(rnn(3)).add(dense(2)).seed(1).build();
        assertThat(model.optimizer()).isEqualTo(Adam.defaults());
    }

    @Test
    void seed_twice() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().seed(42);
        assertThatThrownBy(() -> builder.seed(43))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`seed` was already set to 42");
    }

    @Test
    void threads_zero() {
        assertThatThrownBy(() -> StackedRnnModel.builder().threads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `threads`, expected a positive integer, got 0.");
    }

    @Test
    void threads_twice() {
        assertThatThrownBy(() -> StackedRnnModel.builder().threads(2).threads(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`threads` was already set to 2");
    }

    @Test
    void threads_default_isTheAvailableProcessors() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(2).add(rnn(3)).add(dense(2)).seed(1).build();
        assertThat(model.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void executor_null() {
        assertThatThrownBy(() -> StackedRnnModel.builder().executor(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `executor`, expected an executor, got null.");
    }

    @Test
    void executor_twice() {
        java.util.concurrent.Executor direct = Runnable::run;
        StackedRnnModel.Builder builder = StackedRnnModel.builder().executor(direct);
        assertThatThrownBy(() -> builder.executor(direct))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("`executor` was already set to ");
    }

    @Test
    void modelName_blank() {
        assertThatThrownBy(() -> StackedRnnModel.builder().name("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`name`").hasMessageContaining("got \"  \".");
    }

    @Test
    void modelName_twice() {
        assertThatThrownBy(() -> StackedRnnModel.builder().name("a").name("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`name` was already set to a");
    }

    // ------------------------------------------------------------------ build()

    @Test
    void build_failing_leavesBuilderUsable() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(3).add(sequenceRnn(4));
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
        StackedRnnModel model = builder.add(dense(2)).seed(5).build();
        assertThat(model.layerNames()).containsExactly("simple_rnn", "dense");
    }

    @Test
    void build_twice_givesEqualIndependentModels() {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(3).add(rnn(4)).add(dense(2)).seed(5);
        StackedRnnModel a = builder.build();
        StackedRnnModel b = builder.build();
        assertThat(a).isNotSameAs(b);
        assertThat(a.getWeights()).isEqualTo(b.getWeights());
        assertThat(a.layers()).isEqualTo(b.layers());
    }

    @Test
    void build_describesTheStack() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(3)
                .add(sequenceRnn(4)).add(DenseSoftmaxLayer.builder(2).useBias(false).build()).seed(5).build();
        assertThat(model.inputFeatures()).isEqualTo(3);
        assertThat(model.classes()).isEqualTo(2);
        assertThat(model.outputsSequences()).isTrue();
        assertThat(model.seed()).isEqualTo(5);
        // 3·4 + 4·4 + 4 for the recurrent layer, 4·2 for the head without bias
        assertThat(model.parameterCount()).isEqualTo(40);
        assertThat(model.weightNames()).containsExactly("simple_rnn/kernel", "simple_rnn/recurrent_kernel",
                "simple_rnn/bias", "dense/kernel");
        assertThat(model.iterations()).isZero();
    }
}
