package io.github.stackedrnn.optim;

/** Adam's moments and step count for one flat parameter vector. */
final class AdamState implements OptimizerState {
    private final Adam config;
    private final float[] m; // [P] first moments
    private final float[] v; // [P] second moments
    private long iterations;

    AdamState(Adam config, int parameterCount) {
        this.config = config;
        this.m = new float[parameterCount];
        this.v = new float[parameterCount];
    }

    AdamState(Adam config, float[] m, float[] v, long iterations) {
        this.config = config;
        this.m = m;
        this.v = v;
        this.iterations = iterations;
    }

    private AdamState(AdamState other) {
        this.config = other.config;
        this.m = other.m.clone();
        this.v = other.v.clone();
        this.iterations = other.iterations;
    }

    @Override
    public void step(float[] params, float[] grads) {
        if (params.length != m.length || grads.length != m.length) {
            throw new IllegalArgumentException("Adam state holds " + m.length + " parameters but got params of length "
                    + params.length + " and grads of length " + grads.length);
        }
        long t = iterations + 1;
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        // Keras raises the betas to the power t after casting them to the weights' dtype (float32)
        double beta1Power = Math.pow((float) beta1, t);
        double beta2Power = Math.pow((float) beta2, t);
        float alpha = (float) (config.learningRate() * Math.sqrt(1 - beta2Power) / (1 - beta1Power));
        float oneMinusBeta1 = (float) (1 - beta1);
        float oneMinusBeta2 = (float) (1 - beta2);
        float epsilon = (float) config.epsilon();
        // first pass: refuse a step that would leave a non-finite weight, before anything changes
        for (int i = 0; i < params.length; i++) {
            float g = grads[i];
            float mi = m[i] + (g - m[i]) * oneMinusBeta1;
            float vi = v[i] + (g * g - v[i]) * oneMinusBeta2;
            float updated = params[i] - alpha * mi / ((float) Math.sqrt(vi) + epsilon);
            if (!Float.isFinite(updated)) {
                throw new NonFiniteUpdateException(i, updated);
            }
        }
        for (int i = 0; i < params.length; i++) {
            float g = grads[i];
            float mi = m[i] + (g - m[i]) * oneMinusBeta1;
            float vi = v[i] + (g * g - v[i]) * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            params[i] -= alpha * mi / ((float) Math.sqrt(vi) + epsilon);
        }
        iterations = t;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public long variableCount() {
        // Keras 3 counts m and v for every weight, plus its iteration counter and learning rate.
        return 2L * m.length + 2;
    }

    @Override
    public java.util.List<float[]> slots() {
        return java.util.List.of(m.clone(), v.clone());
    }

    @Override
    public OptimizerState copy() {
        return new AdamState(this);
    }
}
