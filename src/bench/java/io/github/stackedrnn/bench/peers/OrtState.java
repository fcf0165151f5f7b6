package io.github.stackedrnn.bench.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.stackedrnn.bench.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An ONNX Runtime session on one workload's network and a fixed random batch for it, built once per
 * fork. The network is PyTorch's ({@code bench/peers/export_onnx.py} writes {@code wN.onnx} and
 * {@code wN_ref.txt} into the directory named by the system property {@value #DIR_PROPERTY}); the setup
 * runs the exported reference input and fails unless the result matches PyTorch's within 1e-4, so a
 * broken export is never timed.
 *
 * <p>Intra-op threads = {@code threads}, inter-op 1, sequential execution, all graph optimisations, as
 * in the reference script the table came from ({@code ../shared/peers/OrtBench.java}).
 */
@State(Scope.Benchmark)
public abstract class OrtState {
    /** The directory of the exported models. */
    public static final String DIR_PROPERTY = "stackedrnn.onnx.dir";

    /** ONNX Runtime's intra-op threads. */
    @Param({"1", "2"})
    public int threads;

    OrtEnvironment env;
    OrtSession session;
    OnnxTensor input;
    Map<String, OnnxTensor> inputs;

    abstract Workload workload();

    /**
     * @return sequences per call
     */
    abstract int batch();

    /**
     * Opens the session, checks it against PyTorch's output and makes the input tensor.
     *
     * @throws OrtException if ONNX Runtime fails
     */
    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("-D" + DIR_PROPERTY + "=<directory of wN.onnx> is missing "
                    + "(give it with -jvmArgsPrepend; bench/compare.sh does)");
        }
        Workload w = workload();
        String name = w.name().toLowerCase(java.util.Locale.ROOT);
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(Path.of(dir, name + ".onnx").toString(), options);
        check(Path.of(dir, name + "_ref.txt"), w);

        int batch = batch();
        SplittableRandom random = new SplittableRandom(42 + batch);
        float[] x = new float[batch * w.time * w.features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, w.time, w.features});
        inputs = Map.of("x", input);
    }

    private void check(Path reference, Workload w) throws OrtException {
        List<String> lines;
        try {
            lines = Files.readAllLines(reference);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[] x = floats(lines.get(0));
        float[] expected = floats(lines.get(1));
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
                new long[] {x.length / (w.time * w.features), w.time, w.features});
             OrtSession.Result r = session.run(Map.of("x", t))) {
            float[] y = read(r);
            double error = 0;
            for (int i = 0; i < expected.length; i++) {
                error = Math.max(error, Math.abs(y[i] - expected[i]));
            }
            if (y.length != expected.length || error > 1e-4) {
                throw new IllegalStateException(reference + ": ONNX Runtime's output differs from PyTorch's by "
                        + error + " (" + y.length + " values, expected " + expected.length + ")");
            }
        }
    }

    /**
     * One inference: runs the session and reads the probabilities into a fresh array, as a user would.
     *
     * @return the probabilities
     * @throws OrtException if ONNX Runtime fails
     */
    float[] run() throws OrtException {
        try (OrtSession.Result r = session.run(inputs)) {
            return read(r);
        }
    }

    private static float[] read(OrtSession.Result r) {
        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] y = new float[fb.remaining()];
        fb.get(y);
        return y;
    }

    private static float[] floats(String line) {
        String[] parts = line.trim().split(" ");
        float[] f = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            f[i] = Float.parseFloat(parts[i]);
        }
        return f;
    }

    /**
     * Closes the input and the session.
     *
     * @throws OrtException if ONNX Runtime fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        input.close();
        session.close();
    }
}
