import jdk.incubator.vector.*;
/**
 * Whether 512-bit loads that straddle cache lines cost the register tile: the 4 x 3 tile loop of
 * VectorKernels over a packed B strip, started at each of the 16 float offsets within a 64-byte line.
 * Java arrays are not aligned to 64 bytes, so which offset is aligned differs from run to run; a core that
 * pays for split loads shows one fast offset in 16. bench/README.md ("A third machine") has the figures.
 *
 *   java --add-modules jdk.incubator.vector bench/probes/SplitLoads.java
 */
public class SplitLoads {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  // 4x3 tile-like loop over a B strip of k rows x 48 floats starting at off; A interleaved
  static float run(float[] a, float[] b, int off, int k, int reps) {
    FloatVector acc = FloatVector.zero(S);
    for (int r = 0; r < reps; r++) {
      FloatVector s00=FloatVector.zero(S),s01=s00,s02=s00,s10=s00,s11=s00,s12=s00,s20=s00,s21=s00,s22=s00,s30=s00,s31=s00,s32=s00;
      for (int p = 0, bp = off, ap = 0; p < k; p++, bp += 48, ap += 4) {
        FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + 16), v2 = FloatVector.fromArray(S, b, bp + 32);
        FloatVector x = FloatVector.broadcast(S, a[ap]); s00 = x.fma(v0, s00); s01 = x.fma(v1, s01); s02 = x.fma(v2, s02);
        x = FloatVector.broadcast(S, a[ap + 1]); s10 = x.fma(v0, s10); s11 = x.fma(v1, s11); s12 = x.fma(v2, s12);
        x = FloatVector.broadcast(S, a[ap + 2]); s20 = x.fma(v0, s20); s21 = x.fma(v1, s21); s22 = x.fma(v2, s22);
        x = FloatVector.broadcast(S, a[ap + 3]); s30 = x.fma(v0, s30); s31 = x.fma(v1, s31); s32 = x.fma(v2, s32);
      }
      acc = acc.add(s00).add(s01).add(s02).add(s10).add(s11).add(s12).add(s20).add(s21).add(s22).add(s30).add(s31).add(s32);
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] args) {
    int k = 128; float[] a = new float[4 * k]; float[] b = new float[k * 48 + 64];
    java.util.Arrays.fill(a, 1e-3f); java.util.Arrays.fill(b, 1e-3f);
    for (int w = 0; w < 3; w++) for (int off = 0; off < 16; off++) run(a, b, off, k, 2000);
    StringBuilder sb = new StringBuilder();
    for (int off = 0; off < 16; off++) {
      double best = 0;
      for (int t = 0; t < 5; t++) { long t0 = System.nanoTime(); run(a, b, off, k, 20000); long dt = System.nanoTime() - t0; best = Math.max(best, 20000.0 * k * 12 * 32 / dt); }
      sb.append(String.format("%d:%.0f ", off, best));
    }
    System.out.println(sb);
  }
}
