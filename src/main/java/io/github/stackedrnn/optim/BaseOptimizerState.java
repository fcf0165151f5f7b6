package io.github.stackedrnn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What every optimizer's state shares, in the order of Keras 3's {@code BaseOptimizer.apply}: clip
 * the gradients, apply decoupled weight decay, apply the optimizer's rule, count the iteration. The
 * learning rate of a step is the override set by {@link #setLearningRate}, else the configured rate
 * at the iterations done before the step (a schedule's first step uses {@code lr(0)}).
 *
 * <p>A step is all-or-nothing: the new parameters and slots are computed into scratch arrays (sized
 * once, with the state), checked, and only then committed, so a refused step changes nothing.
 * Subclasses write only {@link #update}; {@link #copy} makes the copy through the optimizer's
 * {@link BaseOptimizer#state}.
 *
 * @param <O> the optimizer whose state this is
 */
abstract class BaseOptimizerState<O extends BaseOptimizer> implements OptimizerState {
    private final String name;          // for messages: "Adam"
    final O config;                     // the optimizer's own settings, for update
    private final CommonSettings common;
    private final int[] offsets;        // [V + 1] where each variable starts in the flat vector; offsets[V] = P
    private float[][] slots;            // [S][P] the optimizer's per-parameter variables, in its fixed order
    private float[][] pending;          // [S][P] scratch: the slots after the step being computed
    private final float[] updated;      // [P] scratch: the parameters after the step being computed
    private final float[] clipped;      // [P] scratch: the clipped gradients; null without clipping
    private long iterations;
    private double learningRateOverride = Double.NaN; // NaN: none

    /**
     * @param slots the initial slots, owned from now on, each [P]; {@code offsets[V]} must be P
     */
    BaseOptimizerState(String name, O config, int[] offsets, float[][] slots, long iterations) {
        this.name = name;
        this.config = config;
        this.common = config.common;
        this.offsets = offsets;
        int parameterCount = offsets[offsets.length - 1];
        this.slots = slots;
        this.pending = new float[slots.length][parameterCount];
        this.updated = new float[parameterCount];
        this.clipped = common.clipping() == CommonSettings.Clipping.NONE ? null : new float[parameterCount];
        this.iterations = iterations;
    }

    /**
     * The optimizer's rule for one step, element by element: reads the weights {@code w}, the (clipped)
     * gradients {@code g} and the current {@code slots}; writes the new weights to {@code out} and
     * every element of every new slot to {@code next}. {@code w} may be {@code out} (after weight
     * decay), so element {@code i} of {@code w} must be read before element {@code i} of {@code out} is
     * written. Nothing else may be changed.
     *
     * @param w            the weights before the rule, [P]
     * @param g            the gradients, [P]
     * @param out          the weights after the rule, [P]
     * @param slots        the slots before the step, [S][P]; read only
     * @param next         the slots after the step, [S][P]; every element written
     * @param learningRate this step's learning rate
     * @param step         this step's number, counted from 1 (Keras's {@code iterations + 1})
     */
    abstract void update(float[] w, float[] g, float[] out, float[][] slots, float[][] next, double learningRate, long step);

    @Override
    public final void step(float[] params, float[] grads) {
        int parameterCount = updated.length;
        if (params.length != parameterCount || grads.length != parameterCount) {
            throw new IllegalArgumentException(name + " state holds " + parameterCount + " parameters but got params of length "
                    + params.length + " and grads of length " + grads.length);
        }
        double learningRate = learningRate();
        float[] g = grads;
        switch (common.clipping()) {
            case NORM:
                GradientClipping.byNorm(grads, offsets, common.clipThreshold(), clipped);
                g = clipped;
                break;
            case GLOBAL_NORM:
                GradientClipping.byGlobalNorm(grads, common.clipThreshold(), clipped);
                g = clipped;
                break;
            case VALUE:
                GradientClipping.byValue(grads, common.clipThreshold(), clipped);
                g = clipped;
                break;
            default:
                break;
        }
        float[] w = params;
        if (common.hasWeightDecay()) {
            // Keras 3 _apply_weight_decay, in the weights' dtype: w - w·wd·lr
            float decay = (float) common.weightDecayValue();
            float lr = (float) learningRate;
            for (int i = 0; i < parameterCount; i++) {
                updated[i] = params[i] - params[i] * decay * lr;
            }
            w = updated;
        }
        update(w, g, updated, slots, pending, learningRate, iterations + 1);
        for (int i = 0; i < parameterCount; i++) {
            if (!Float.isFinite(updated[i])) {
                throw new NonFiniteUpdateException(i, updated[i]);
            }
        }
        // commit: nothing above touched params or the slots
        System.arraycopy(updated, 0, params, 0, parameterCount);
        float[][] done = pending;
        pending = slots;
        slots = done;
        iterations++;
    }

    @Override
    public final long iterations() {
        return iterations;
    }

    @Override
    public final long variableCount() {
        // Keras 3: the iteration counter, the learning-rate variable (none with a schedule), every slot
        return 1 + (common.hasSchedule() ? 0 : 1) + (long) slots.length * updated.length;
    }

    @Override
    public final List<float[]> slots() {
        List<float[]> copies = new ArrayList<>(slots.length);
        for (float[] slot : slots) {
            copies.add(slot.clone());
        }
        return copies;
    }

    @Override
    public final double learningRate() {
        return Double.isNaN(learningRateOverride) ? common.learningRateAt(iterations) : learningRateOverride;
    }

    @Override
    public final void setLearningRate(double value) {
        if (common.hasSchedule()) {
            throw new IllegalStateException("the optimizer follows a learning-rate schedule (" + common.schedule().get()
                    + "), so its learning rate cannot be set; build it with a constant learning rate to set it");
        }
        learningRateOverride = Check.positiveFinite("learningRate", value);
    }

    @Override
    public final OptionalDouble learningRateOverride() {
        return Double.isNaN(learningRateOverride) ? OptionalDouble.empty() : OptionalDouble.of(learningRateOverride);
    }

    /** @return a deep copy of this state, learning-rate override included, with fresh scratch */
    @Override
    public final OptimizerState copy() {
        BaseOptimizerState<?> copy = config.state(offsets, deepCopy(slots), iterations);
        copy.learningRateOverride = learningRateOverride;
        return copy;
    }

    /**
     * Checks saved state against what an optimizer keeps and copies its slots.
     *
     * @param name        the optimizer's name, for messages
     * @param slotNames   the names of the slots in their fixed order
     * @param nonNegative which slots hold second moments, which may not be negative
     * @param offsets     the variables' offsets, [V + 1]
     * @param iterations  the steps taken
     * @param slots       the saved slots
     * @return copies of the slots, [S][P]
     * @throws IllegalArgumentException if a count, a length or a value does not fit
     */
    static float[][] checkedSlots(String name, List<String> slotNames, boolean[] nonNegative, int[] offsets, long iterations,
                                  List<float[]> slots) {
        Check.nonNegative("iterations", iterations);
        int parameterCount = offsets[offsets.length - 1];
        if (slots == null || slots.size() != slotNames.size()) {
            throw new IllegalArgumentException(name + " state has " + slotNames.size() + " slots (" + String.join(", ", slotNames)
                    + ") but got " + (slots == null ? "null" : slots.size()));
        }
        float[][] copies = new float[slots.size()][];
        for (int s = 0; s < copies.length; s++) {
            float[] slot = slots.get(s);
            if (slot == null || slot.length != parameterCount) {
                throw new IllegalArgumentException(name + " slot " + s + " (" + slotNames.get(s) + ") must hold " + parameterCount
                        + " values but holds " + (slot == null ? "null" : slot.length));
            }
            for (int i = 0; i < slot.length; i++) {
                if (!Float.isFinite(slot[i]) || (nonNegative[s] && slot[i] < 0)) {
                    throw new IllegalArgumentException(name + " slot " + s + " (" + slotNames.get(s) + ") has the invalid value "
                            + slot[i] + " at " + i + (nonNegative[s] ? "; it must be finite and non-negative" : "; it must be finite"));
                }
            }
            copies[s] = slot.clone();
        }
        return copies;
    }

    /** @return {@code count} zero slots of {@code offsets[V]} values */
    static float[][] zeroSlots(int count, int[] offsets) {
        return new float[count][offsets[offsets.length - 1]];
    }

    private static float[][] deepCopy(float[][] arrays) {
        float[][] copies = new float[arrays.length][];
        for (int s = 0; s < arrays.length; s++) {
            copies[s] = arrays[s].clone();
        }
        return copies;
    }
}
