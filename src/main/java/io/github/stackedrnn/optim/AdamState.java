package io.github.stackedrnn.optim;

/**
 * Adam's slots for one flat parameter vector: first moments {@code m}, second moments {@code v} and,
 * with AMSGrad, the running maxima {@code vHat} of {@code v}, in that order.
 */
final class AdamState extends BaseOptimizerState<Adam> {
    static final int M = 0;     // [P] first moments
    static final int V = 1;     // [P] second moments
    static final int V_HAT = 2; // [P] max of v so far; AMSGrad only

    AdamState(Adam config, int[] offsets, float[][] slots, long iterations) {
        super("Adam", config, offsets, slots, iterations);
    }

    @Override
    void update(float[] w, float[] g, float[] out, float[][] slots, float[][] next, double learningRate, long t) {
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        // Keras raises the betas to the power t after casting them to the weights' dtype (float32)
        double beta1Power = Math.pow((float) beta1, t);
        double beta2Power = Math.pow((float) beta2, t);
        float alpha = (float) (learningRate * Math.sqrt(1 - beta2Power) / (1 - beta1Power));
        float oneMinusBeta1 = (float) (1 - beta1);
        float oneMinusBeta2 = (float) (1 - beta2);
        float epsilon = (float) config.epsilon();
        float[] m = slots[M];
        float[] v = slots[V];
        float[] mNext = next[M];
        float[] vNext = next[V];
        if (!config.amsgrad()) {
            for (int i = 0; i < out.length; i++) {
                float gi = g[i];
                float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
                float vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
                mNext[i] = mi;
                vNext[i] = vi;
                out[i] = w[i] - alpha * mi / ((float) Math.sqrt(vi) + epsilon);
            }
        } else {
            float[] vHat = slots[V_HAT];
            float[] vHatNext = next[V_HAT];
            for (int i = 0; i < out.length; i++) {
                float gi = g[i];
                float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
                float vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
                float vHatI = Math.max(vHat[i], vi);
                mNext[i] = mi;
                vNext[i] = vi;
                vHatNext[i] = vHatI;
                out[i] = w[i] - alpha * mi / ((float) Math.sqrt(vHatI) + epsilon);
            }
        }
    }
}
