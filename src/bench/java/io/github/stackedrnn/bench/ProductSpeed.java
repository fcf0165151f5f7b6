package io.github.stackedrnn.bench;

import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * GFLOP/s of one thread's {@code C += A·B} ({@link MatrixKernels#multAddPacked}, B packed once as the
 * recurrent kernels are) at the workloads' shapes: the kernels' own speed, to set beside the machine's FMA
 * limit and SGEMM peak ({@code bench/probes/}). Prints one line per shape and round: the best of 7 timed
 * repetitions of about 2·10⁹ floating-point operations each. Shapes are arguments such as {@code 32x128x512}, or the
 * default list below.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp ... io.github.stackedrnn.bench.ProductSpeed [rounds] [32x128x512 ...]
 * </pre>
 */
public final class ProductSpeed {
    /**
     * W2's one-sequence step, W4's recurrent product for a prediction chunk and for a whole batch, W4's input
     * product, W2's step, larger and square products, a single 3-vector strip, the input product of W1's upper layers.
     */
    private static final String[] SHAPES = {"1x256x256", "32x128x512", "256x128x512", "896x28x512", "64x256x256",
        "256x256x512", "128x128x128", "256x256x48", "640x50x50"};

    private ProductSpeed() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String[] shapes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : SHAPES;
        System.out.println("kernels: " + MatrixKernels.description());
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (String shape : shapes) {
                String[] mkn = shape.split("x");
                line.append(String.format(" %s=%.1f", shape,
                        gflops(Integer.parseInt(mkn[0]), Integer.parseInt(mkn[1]), Integer.parseInt(mkn[2]))));
            }
            System.out.println(line);
        }
    }

    private static double gflops(int m, int k, int n) {
        SplittableRandom random = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        float[] packed = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextDouble(-1, 1);
        }
        MatrixKernels.packRight(b, 0, k, n, packed);
        double flop = 2.0 * m * k * n;
        int reps = (int) Math.max(10, 2e9 / flop);
        double best = 0;
        for (int t = 0; t < 7; t++) {
            long t0 = System.nanoTime();
            for (int q = 0; q < reps; q++) {
                MatrixKernels.multAddPacked(a, 0, b, 0, packed, c, 0, m, k, n);
            }
            best = Math.max(best, flop * reps / (System.nanoTime() - t0));
        }
        return best;
    }
}
