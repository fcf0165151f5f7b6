package io.github.stackedrnn.optim;

/** SGD's slots for one flat parameter vector: the momentums (velocities), only when momentum is not 0. */
final class SgdState extends BaseOptimizerState<Sgd> {
    SgdState(Sgd config, int[] offsets, float[][] slots, long iterations) {
        super("Sgd", config, offsets, slots, iterations);
    }

    @Override
    void update(float[] w, float[] g, float[] out, float[][] slots, float[][] next, double learningRate, long t) {
        // Keras casts the learning rate and the momentum to the weights' dtype
        float lr = (float) learningRate;
        if (slots.length == 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = w[i] - g[i] * lr;
            }
            return;
        }
        float momentum = (float) config.momentum();
        float[] m = slots[0];      // [P] velocities
        float[] mNext = next[0];
        if (config.nesterov()) {
            for (int i = 0; i < out.length; i++) {
                float gl = g[i] * lr;
                float mi = m[i] * momentum - gl;
                mNext[i] = mi;
                out[i] = w[i] + (mi * momentum - gl);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                float mi = m[i] * momentum - g[i] * lr;
                mNext[i] = mi;
                out[i] = w[i] + mi;
            }
        }
    }
}
