package io.github.stackedrnn.optim;

/**
 * RMSprop's slots for one flat parameter vector, in order: the velocities (mean squared gradients),
 * the momentums when the momentum is above 0, the average gradients when centered.
 */
final class RmsPropState extends BaseOptimizerState<RmsProp> {
    RmsPropState(RmsProp config, int[] offsets, float[][] slots, long iterations) {
        super("RmsProp", config, offsets, slots, iterations);
    }

    @Override
    void update(float[] w, float[] g, float[] out, float[][] slots, float[][] next, double learningRate, long t) {
        // Keras computes in the weights' dtype; 1 - rho is formed in double before the cast
        float lr = (float) learningRate;
        float rho = (float) config.rho();
        float oneMinusRho = (float) (1 - config.rho());
        float epsilon = (float) config.epsilon();
        float momentum = (float) config.momentum();
        boolean withMomentum = config.momentum() > 0;
        boolean centered = config.centered();
        int s = 0;
        float[] velocity = slots[s];     // [P]
        float[] velocityNext = next[s++];
        float[] mom = withMomentum ? slots[s] : null;        // [P]
        float[] momNext = withMomentum ? next[s++] : null;
        float[] average = centered ? slots[s] : null;        // [P]
        float[] averageNext = centered ? next[s] : null;
        for (int i = 0; i < out.length; i++) {
            float gi = g[i];
            float vi = rho * velocity[i] + oneMinusRho * (gi * gi);
            velocityNext[i] = vi;
            float denominator;
            if (centered) {
                float ai = rho * average[i] + oneMinusRho * gi;
                averageNext[i] = ai;
                denominator = vi - ai * ai + epsilon;
            } else {
                denominator = vi + epsilon;
            }
            float increment = lr * gi / (float) Math.sqrt(denominator);
            if (withMomentum) {
                float mi = momentum * mom[i] + increment;
                momNext[i] = mi;
                out[i] = w[i] - mi;
            } else {
                out[i] = w[i] - increment;
            }
        }
    }
}
