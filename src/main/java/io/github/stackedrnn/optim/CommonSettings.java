package io.github.stackedrnn.optim;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The settings every optimizer shares, as Keras 3's {@code BaseOptimizer} has them: the learning rate
 * (a constant or a {@link LearningRateSchedule}), decoupled weight decay and at most one way of
 * clipping gradients. Immutable; made by {@link Builder}, which {@link BaseOptimizer.Builder}, the
 * shared half of each optimizer's public builder, delegates to.
 */
final class CommonSettings {
    /** How gradients are clipped before the update, as Keras 3's {@code _clip_gradients}. */
    enum Clipping {
        /** Gradients are used as they are. */
        NONE,
        /** Each variable's gradient {@code g} becomes {@code g·c / max(‖g‖₂, c)} ({@code clipnorm}). */
        NORM,
        /** Every gradient is scaled by {@code c / max(global norm, c)} ({@code global_clipnorm}). */
        GLOBAL_NORM,
        /** Each element is clamped to {@code [-c, c]} ({@code clipvalue}). */
        VALUE
    }

    private final double learningRate;            // NaN when a schedule is set
    private final LearningRateSchedule schedule;  // null for a constant rate
    private final double weightDecay;             // NaN when not set
    private final Clipping clipping;
    private final double clipThreshold;           // NaN when clipping is NONE

    private CommonSettings(Builder b, double defaultLearningRate) {
        if (b.learningRate instanceof LearningRateSchedule) {
            this.schedule = (LearningRateSchedule) b.learningRate;
            this.learningRate = Double.NaN;
        } else {
            this.schedule = null;
            this.learningRate = b.learningRate == null ? defaultLearningRate : (Double) b.learningRate;
        }
        this.weightDecay = b.weightDecay == null ? Double.NaN : b.weightDecay;
        if (b.clipNorm != null) {
            clipping = Clipping.NORM;
            clipThreshold = b.clipNorm;
        } else if (b.globalClipNorm != null) {
            clipping = Clipping.GLOBAL_NORM;
            clipThreshold = b.globalClipNorm;
        } else if (b.clipValue != null) {
            clipping = Clipping.VALUE;
            clipThreshold = b.clipValue;
        } else {
            clipping = Clipping.NONE;
            clipThreshold = Double.NaN;
        }
    }

    /** The rate of the first step: the constant, or the schedule at step 0. */
    double learningRate() {
        return schedule == null ? learningRate : schedule.at(0);
    }

    /** The configured rate at {@code step} (the iterations done before it). */
    double learningRateAt(long step) {
        return schedule == null ? learningRate : schedule.at(step);
    }

    Optional<LearningRateSchedule> schedule() {
        return Optional.ofNullable(schedule);
    }

    boolean hasSchedule() {
        return schedule != null;
    }

    boolean hasWeightDecay() {
        return !Double.isNaN(weightDecay);
    }

    /** The weight decay; NaN when not set. A plain double, so a step allocates nothing. */
    double weightDecayValue() {
        return weightDecay;
    }

    OptionalDouble weightDecay() {
        return hasWeightDecay() ? OptionalDouble.of(weightDecay) : OptionalDouble.empty();
    }

    Clipping clipping() {
        return clipping;
    }

    /** The clipping threshold {@code c}; NaN when nothing is clipped. */
    double clipThreshold() {
        return clipThreshold;
    }

    OptionalDouble threshold(Clipping mode) {
        return clipping == mode ? OptionalDouble.of(clipThreshold) : OptionalDouble.empty();
    }

    /** @return {@code "learningRate=..."}, the constant or the schedule */
    String learningRateText() {
        return "learningRate=" + (schedule == null ? String.valueOf(learningRate) : schedule.toString());
    }

    /** @return the settings that differ from Keras's defaults, each as {@code ", name=value"} */
    String extrasText() {
        StringBuilder s = new StringBuilder();
        if (hasWeightDecay()) {
            s.append(", weightDecay=").append(weightDecay);
        }
        switch (clipping) {
            case NORM:
                s.append(", clipNorm=").append(clipThreshold);
                break;
            case GLOBAL_NORM:
                s.append(", globalClipNorm=").append(clipThreshold);
                break;
            case VALUE:
                s.append(", clipValue=").append(clipThreshold);
                break;
            default:
                break;
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommonSettings)) {
            return false;
        }
        CommonSettings c = (CommonSettings) o;
        // Double.compare treats the NaN of an absent setting as equal to itself
        return Double.compare(learningRate, c.learningRate) == 0 && Objects.equals(schedule, c.schedule)
                && Double.compare(weightDecay, c.weightDecay) == 0 && clipping == c.clipping
                && Double.compare(clipThreshold, c.clipThreshold) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, schedule, weightDecay, clipping, clipThreshold);
    }

    @Override
    public String toString() {
        return learningRateText() + extrasText();
    }

    /**
     * The shared half of every optimizer's builder. Each setting may be made once and is checked as it
     * is made; of the three clipping settings only one may be made.
     */
    static final class Builder {
        private Object learningRate; // Double or LearningRateSchedule
        private Double weightDecay;
        private Double clipNorm;
        private Double globalClipNorm;
        private Double clipValue;

        void learningRate(double value) {
            Check.positiveFinite("learningRate", value);
            Check.once("learningRate", learningRate);
            learningRate = value;
        }

        void learningRate(LearningRateSchedule schedule) {
            Check.notNull("learningRate", "a positive finite number or a learning-rate schedule", schedule);
            Check.once("learningRate", learningRate);
            learningRate = schedule;
        }

        void weightDecay(double value) {
            Check.positiveFinite("weightDecay", value);
            Check.once("weightDecay", weightDecay);
            weightDecay = value;
        }

        void clipNorm(double value) {
            Check.positiveFinite("clipNorm", value);
            Check.once("clipNorm", clipNorm);
            onlyOneClipping("clipNorm");
            clipNorm = value;
        }

        void globalClipNorm(double value) {
            Check.positiveFinite("globalClipNorm", value);
            Check.once("globalClipNorm", globalClipNorm);
            onlyOneClipping("globalClipNorm");
            globalClipNorm = value;
        }

        void clipValue(double value) {
            Check.positiveFinite("clipValue", value);
            Check.once("clipValue", clipValue);
            onlyOneClipping("clipValue");
            clipValue = value;
        }

        /** Keras raises when more than one of {@code clipnorm}, {@code clipvalue}, {@code global_clipnorm} is set. */
        private void onlyOneClipping(String asked) {
            String earlier = clipNorm != null ? "`clipNorm` was already set to " + clipNorm
                    : globalClipNorm != null ? "`globalClipNorm` was already set to " + globalClipNorm
                    : clipValue != null ? "`clipValue` was already set to " + clipValue
                    : null;
            if (earlier != null) {
                throw new IllegalStateException("Only one of `clipNorm`, `clipValue` and `globalClipNorm` can be set: "
                        + earlier + ", so `" + asked + "` cannot be set too");
            }
        }

        CommonSettings build(double defaultLearningRate) {
            return new CommonSettings(this, defaultLearningRate);
        }
    }
}
