package io.github.stackedrnn.keras;

import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.CosineDecay;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.LearningRateSchedule;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.PiecewiseConstantDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads Keras's compile settings into a {@link Loss} and an {@link Optimizer}: Keras 3's
 * {@code compile_config} ({@code optimizer: {class_name, config}}, {@code loss}) or a legacy file's
 * {@code training_config} ({@code optimizer_config}, {@code loss}). Keras 2 optimizers write {@code lr}
 * and {@code decay}; Keras 3 {@code learning_rate} (a number or a schedule), {@code weight_decay} and
 * the clipping settings.
 */
final class CompileReader {
    private CompileReader() {
    }

    static void read(Json compile, ModelSpec spec) {
        if (compile.isNull()) {
            return;
        }
        Json optimizer = compile.get("optimizer");
        if (optimizer.isNull()) {
            optimizer = compile.get("optimizer_config");
        }
        if (!optimizer.isNull()) {
            spec.optimizer = optimizer(optimizer);
        }
        Json loss = compile.get("loss");
        if (!loss.isNull()) {
            spec.loss = loss(loss);
        }
    }

    static Loss loss(Json loss) {
        String name;
        double smoothing = 0;
        if (loss.isString()) {
            name = loss.string();
        } else if (loss.isObject() && loss.has("class_name")) {
            name = loss.require("class_name").string();
            Json c = loss.get("config");
            if (c.isObject()) {
                if (c.boolOr("from_logits", false)) {
                    throw c.get("from_logits").error("loss " + name + " with from_logits=True is not supported: the "
                            + "library's head applies its own output function");
                }
                smoothing = c.numberOr("label_smoothing", 0);
                if (c.has("reduction") && !c.get("reduction").string().matches("sum_over_batch_size|auto")) {
                    throw c.get("reduction").error("loss reduction " + c.get("reduction").string() + " is not supported; "
                            + "supported: sum_over_batch_size");
                }
            }
        } else {
            throw loss.error("one loss per model is supported, got " + loss.describe());
        }
        String key = name.substring(name.lastIndexOf('.') + 1).replace("_", "").toLowerCase(Locale.ROOT);
        try {
            return switch (key) {
                // the library's categorical cross-entropy takes class indices too: Keras's sparse variant
                case "categoricalcrossentropy", "sparsecategoricalcrossentropy" -> Loss.categoricalCrossentropy(smoothing);
                case "binarycrossentropy" -> Loss.binaryCrossentropy(smoothing);
                case "mse", "meansquarederror" -> Loss.meanSquaredError();
                case "mae", "meanabsoluteerror" -> Loss.meanAbsoluteError();
                default -> throw loss.error("loss " + name + " is not supported; supported: categorical_crossentropy, "
                        + "sparse_categorical_crossentropy, binary_crossentropy, mean_squared_error, mean_absolute_error");
            };
        } catch (IllegalArgumentException e) {
            throw loss.error(e.getMessage());
        }
    }

    static Optimizer optimizer(Json o) {
        String cls;
        Json c;
        if (o.isString()) {
            cls = o.string();
            c = Json.wrap(new com.google.gson.JsonObject(), o.member(), o.path());
        } else {
            cls = o.require("class_name").string();
            c = o.get("config");
            if (c.isNull()) {
                c = Json.wrap(new com.google.gson.JsonObject(), o.member(), o.path() + ".config");
            }
        }
        String key = cls.substring(cls.lastIndexOf('>') + 1).toLowerCase(Locale.ROOT);
        try {
            refuseUnsupported(cls, c);
            switch (key) {
                case "adam", "adamw" -> {
                    Adam.Builder b = Adam.builder();
                    learningRate(cls, c, Adam.DEFAULT_LEARNING_RATE, b::learningRate, b::learningRate);
                    b.beta1(c.numberOr("beta_1", Adam.DEFAULT_BETA1)).beta2(c.numberOr("beta_2", Adam.DEFAULT_BETA2))
                            .epsilon(c.numberOr("epsilon", Adam.DEFAULT_EPSILON)).amsgrad(c.boolOr("amsgrad", false));
                    double decay = c.numberOr("weight_decay", key.equals("adamw") ? 0.004 : 0);
                    if (decay != 0) {
                        b.weightDecay(decay);
                    }
                    clipping(c, b);
                    return b.build();
                }
                case "sgd" -> {
                    Sgd.Builder b = Sgd.builder();
                    learningRate(cls, c, Sgd.DEFAULT_LEARNING_RATE, b::learningRate, b::learningRate);
                    b.momentum(c.numberOr("momentum", 0)).nesterov(c.boolOr("nesterov", false));
                    weightDecay(c, b);
                    clipping(c, b);
                    return b.build();
                }
                case "rmsprop" -> {
                    RmsProp.Builder b = RmsProp.builder();
                    learningRate(cls, c, RmsProp.DEFAULT_LEARNING_RATE, b::learningRate, b::learningRate);
                    b.rho(c.numberOr("rho", RmsProp.DEFAULT_RHO)).momentum(c.numberOr("momentum", 0))
                            .epsilon(c.numberOr("epsilon", RmsProp.DEFAULT_EPSILON)).centered(c.boolOr("centered", false));
                    weightDecay(c, b);
                    clipping(c, b);
                    return b.build();
                }
                default -> throw o.error("optimizer " + cls + " is not supported; supported: Adam, AdamW, SGD, RMSprop "
                        + "(or load with compile=false)");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw c.error("optimizer " + cls + ": " + e.getMessage());
        }
    }

    private static void refuseUnsupported(String cls, Json c) {
        if (c.boolOr("use_ema", false)) {
            throw c.get("use_ema").error("optimizer " + cls + ": use_ema=True is not supported");
        }
        for (String key : List.of("loss_scale_factor", "gradient_accumulation_steps")) {
            if (c.has(key)) {
                throw c.get(key).error("optimizer " + cls + ": " + key + " is not supported (it must be None)");
            }
        }
        if (c.numberOr("decay", 0) != 0) {
            throw c.get("decay").error("optimizer " + cls + ": Keras 2's decay (lr / (1 + decay·iterations)) is not "
                    + "supported; use a learning-rate schedule");
        }
    }

    private interface RateSetter {
        void set(double value);
    }

    private interface ScheduleSetter {
        void set(LearningRateSchedule value);
    }

    private static void learningRate(String cls, Json c, double fallback, RateSetter rate, ScheduleSetter schedule) {
        Json lr = c.get("learning_rate");
        if (lr.isNull()) {
            lr = c.get("lr"); // Keras 2
        }
        if (lr.isNull()) {
            rate.set(fallback);
        } else if (lr.isNumber()) {
            rate.set(lr.finite());
        } else {
            schedule.set(schedule(cls, lr));
        }
    }

    private static LearningRateSchedule schedule(String cls, Json s) {
        String name = s.require("class_name").string();
        Json c = s.require("config");
        switch (name) {
            case "ExponentialDecay" -> {
                return new ExponentialDecay(c.require("initial_learning_rate").finite(),
                        c.require("decay_steps").integer(1, Long.MAX_VALUE), c.require("decay_rate").finite(),
                        c.boolOr("staircase", false));
            }
            case "CosineDecay" -> {
                if (c.has("warmup_target") || c.numberOr("warmup_steps", 0) != 0) {
                    throw c.error("CosineDecay with warmup is not supported");
                }
                return new CosineDecay(c.require("initial_learning_rate").finite(),
                        c.require("decay_steps").integer(1, Long.MAX_VALUE), c.numberOr("alpha", 0));
            }
            case "PiecewiseConstantDecay" -> {
                List<Json> b = c.require("boundaries").list();
                List<Json> v = c.require("values").list();
                long[] boundaries = new long[b.size()];
                double[] values = new double[v.size()];
                for (int i = 0; i < boundaries.length; i++) {
                    boundaries[i] = b.get(i).integer(0, Long.MAX_VALUE);
                }
                for (int i = 0; i < values.length; i++) {
                    values[i] = v.get(i).finite();
                }
                return new PiecewiseConstantDecay(boundaries, values);
            }
            default -> throw s.error("optimizer " + cls + ": learning-rate schedule " + name + " is not supported; "
                    + "supported: ExponentialDecay, CosineDecay, PiecewiseConstantDecay");
        }
    }

    private static void weightDecay(Json c, io.github.stackedrnn.optim.Sgd.Builder b) {
        double decay = c.numberOr("weight_decay", 0);
        if (decay != 0) {
            b.weightDecay(decay);
        }
    }

    private static void weightDecay(Json c, RmsProp.Builder b) {
        double decay = c.numberOr("weight_decay", 0);
        if (decay != 0) {
            b.weightDecay(decay);
        }
    }

    private static void clipping(Json c, Adam.Builder b) {
        clip(c, "clipnorm").ifPresent(b::clipNorm);
        clip(c, "global_clipnorm").ifPresent(b::globalClipNorm);
        clip(c, "clipvalue").ifPresent(b::clipValue);
    }

    private static void clipping(Json c, Sgd.Builder b) {
        clip(c, "clipnorm").ifPresent(b::clipNorm);
        clip(c, "global_clipnorm").ifPresent(b::globalClipNorm);
        clip(c, "clipvalue").ifPresent(b::clipValue);
    }

    private static void clipping(Json c, RmsProp.Builder b) {
        clip(c, "clipnorm").ifPresent(b::clipNorm);
        clip(c, "global_clipnorm").ifPresent(b::globalClipNorm);
        clip(c, "clipvalue").ifPresent(b::clipValue);
    }

    private static Optional<Double> clip(Json c, String key) {
        return c.optional(key).map(Json::finite);
    }
}
