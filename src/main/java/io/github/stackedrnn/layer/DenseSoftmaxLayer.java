package io.github.stackedrnn.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * The classification head, Keras's {@code Dense(classes, activation='softmax')}:
 * {@code softmax(h·kernel + bias)}.
 *
 * <p>On {@code [batch, in]} it outputs {@code [batch, classes]}; on a sequence {@code [batch, time, in]}
 * (after a recurrent layer with {@code returnSequences}) it applies at every time step and outputs
 * {@code [batch, time, classes]}. Weights: {@code kernel [in, classes]} (glorot_uniform), then
 * {@code bias [classes]} (zeros; absent without {@link #useBias()}).
 *
 * <pre>{@code
 * StackedRnnModel model = StackedRnnModel.builder().inputFeatures(10)
 *         .add(SimpleRnnLayer.builder(50).build())
 *         .add(DenseSoftmaxLayer.builder(4).build())     // Dense(4, activation='softmax')
 *         .build();
 * }</pre>
 */
public final class DenseSoftmaxLayer implements Layer {
    private final int classes;
    private final boolean useBias;
    private final String name;

    private DenseSoftmaxLayer(Builder b) {
        this.classes = b.classes;
        this.useBias = b.useBias == null || b.useBias;
        this.name = b.name;
    }

    /**
     * @param classes the number of classes, at least 1
     * @return a new builder
     * @throws IllegalArgumentException if {@code classes} is not positive
     */
    public static Builder builder(int classes) {
        return new Builder(Checks.positive("classes", classes));
    }

    /** @return the number of classes */
    public int classes() {
        return classes;
    }

    /** @return true if the layer has a bias */
    public boolean useBias() {
        return useBias;
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public String kerasType() {
        return "Dense";
    }

    @Override
    public int outputSize() {
        return classes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseSoftmaxLayer && classes == ((DenseSoftmaxLayer) o).classes
                && useBias == ((DenseSoftmaxLayer) o).useBias && Objects.equals(name, ((DenseSoftmaxLayer) o).name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classes, useBias, name);
    }

    @Override
    public String toString() {
        return "DenseSoftmaxLayer{classes=" + classes + ", useBias=" + useBias + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link DenseSoftmaxLayer}. Each setting may be made once. */
    public static final class Builder {
        private final int classes;
        private Boolean useBias;
        private String name;

        private Builder(int classes) {
            this.classes = classes;
        }

        /**
         * @param value false to drop the bias; default true
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder useBias(boolean value) {
            Checks.once("useBias", useBias);
            useBias = value;
            return this;
        }

        /**
         * @param value the layer's name; by default {@code dense}
         * @return this builder
         * @throws IllegalArgumentException if null, empty or not made of letters, digits and {@code _ . - /}
         * @throws IllegalStateException    if already set
         */
        public Builder name(String value) {
            Checks.name(value);
            Checks.once("name", name);
            name = value;
            return this;
        }

        /** @return the layer; the builder is unchanged and may build again */
        public DenseSoftmaxLayer build() {
            return new DenseSoftmaxLayer(this);
        }
    }
}
