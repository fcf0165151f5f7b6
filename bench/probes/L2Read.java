import jdk.incubator.vector.*;
/**
 * How fast one thread streams floats from each level of the cache: 8 independent FMA chains over an array
 * of 32 KB to 4 MB, read again and again (GB/s). The ceiling of a one-row product, which reads all of B once
 * per row of C (one sequence's step: 256 kB of U from L2). bench/README.md ("8 x 2 tiles") has the figures.
 *
 *   java --add-modules jdk.incubator.vector bench/probes/L2Read.java
 */
public class L2Read {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static float stream8(float[] b, int n, float x) {
        FloatVector s0=FloatVector.zero(S),s1=s0,s2=s0,s3=s0,s4=s0,s5=s0,s6=s0,s7=s0;
        FloatVector xv = FloatVector.broadcast(S, x);
        for (int i = 0; i + 8*L <= n; i += 8*L) {
            s0 = xv.fma(FloatVector.fromArray(S,b,i),s0);
            s1 = xv.fma(FloatVector.fromArray(S,b,i+L),s1);
            s2 = xv.fma(FloatVector.fromArray(S,b,i+2*L),s2);
            s3 = xv.fma(FloatVector.fromArray(S,b,i+3*L),s3);
            s4 = xv.fma(FloatVector.fromArray(S,b,i+4*L),s4);
            s5 = xv.fma(FloatVector.fromArray(S,b,i+5*L),s5);
            s6 = xv.fma(FloatVector.fromArray(S,b,i+6*L),s6);
            s7 = xv.fma(FloatVector.fromArray(S,b,i+7*L),s7);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).reduceLanes(VectorOperators.ADD);
    }
    public static void main(String[] args) {
        for (int kb : new int[]{32, 128, 256, 512, 1024, 4096}) {
            int n = kb * 256;
            float[] b = new float[n + 64];
            for (int i = 0; i < b.length; i++) b[i] = i % 7;
            float acc = 0;
            long reps = Math.max(1, 2_000_000_000L / (n * 4L));
            for (int w = 0; w < 3; w++) {
                long t0 = System.nanoTime();
                for (long r = 0; r < reps; r++) acc += stream8(b, n, 1.0f + r * 1e-9f);
                long t = System.nanoTime() - t0;
                if (w == 2) System.out.printf("%5d KB: %.1f GB/s%n", kb, reps * n * 4.0 / t);
            }
            if (acc == 42) System.out.println();
        }
    }
}
