import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.*;
/**
 * Whether B's alignment is worth a multi-release build (issue 20): TileShapes' interleaved 8 x 2 tile
 * (the library's tile for wide products on AVX-512) with its packed B strip on the heap, where a float[]
 * is 16-byte aligned at best, against the same tile reading B from a 64-byte-aligned off-heap segment
 * (FloatVector.fromMemorySegment, JDK 22+), started at each of the 16 float offsets of a cache line;
 * one thread, GFLOP/s. bench/README.md ("8 x 2 tiles", "Off-heap B") has the figures.
 *
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector bench/probes/AlignedTile.java
 */
public class AlignedTile {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  static final ByteOrder ORDER = ByteOrder.nativeOrder();

  static float interleaved8x2(float[] a, float[] b, int off, int k, int reps, int ars) {
    FloatVector acc = FloatVector.zero(S);
    for (int r = 0; r < reps; r++) {
      FloatVector t00 = FloatVector.zero(S), t01 = FloatVector.zero(S), t10 = FloatVector.zero(S), t11 = FloatVector.zero(S), t20 = FloatVector.zero(S), t21 = FloatVector.zero(S), t30 = FloatVector.zero(S), t31 = FloatVector.zero(S), t40 = FloatVector.zero(S), t41 = FloatVector.zero(S), t50 = FloatVector.zero(S), t51 = FloatVector.zero(S), t60 = FloatVector.zero(S), t61 = FloatVector.zero(S), t70 = FloatVector.zero(S), t71 = FloatVector.zero(S);
      int ap = 0, bp = off;
      for (int p0 = 0; p0 < k; p0 += 16) {
        FloatVector v0, v1, x;
        FloatVector s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51, s60, s61, s70, s71;
        v0 = FloatVector.fromArray(S, b, bp); v1 = FloatVector.fromArray(S, b, bp + 16);
        x = FloatVector.broadcast(S, a[ap]);
        s00 = x.mul(v0); s01 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 1]);
        s10 = x.mul(v0); s11 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 2]);
        s20 = x.mul(v0); s21 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 3]);
        s30 = x.mul(v0); s31 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 4]);
        s40 = x.mul(v0); s41 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 5]);
        s50 = x.mul(v0); s51 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 6]);
        s60 = x.mul(v0); s61 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 7]);
        s70 = x.mul(v0); s71 = x.mul(v1);
        ap += 8;
        bp += 32;
        for (int p = 1; p < 16; p++) {
          v0 = FloatVector.fromArray(S, b, bp); v1 = FloatVector.fromArray(S, b, bp + 16);
          x = FloatVector.broadcast(S, a[ap]);
          s00 = x.fma(v0, s00); s01 = x.fma(v1, s01);
          x = FloatVector.broadcast(S, a[ap + 1]);
          s10 = x.fma(v0, s10); s11 = x.fma(v1, s11);
          x = FloatVector.broadcast(S, a[ap + 2]);
          s20 = x.fma(v0, s20); s21 = x.fma(v1, s21);
          x = FloatVector.broadcast(S, a[ap + 3]);
          s30 = x.fma(v0, s30); s31 = x.fma(v1, s31);
          x = FloatVector.broadcast(S, a[ap + 4]);
          s40 = x.fma(v0, s40); s41 = x.fma(v1, s41);
          x = FloatVector.broadcast(S, a[ap + 5]);
          s50 = x.fma(v0, s50); s51 = x.fma(v1, s51);
          x = FloatVector.broadcast(S, a[ap + 6]);
          s60 = x.fma(v0, s60); s61 = x.fma(v1, s61);
          x = FloatVector.broadcast(S, a[ap + 7]);
          s70 = x.fma(v0, s70); s71 = x.fma(v1, s71);
          ap += 8;
          bp += 32;
        }
        t00 = t00.add(s00); t01 = t01.add(s01);
        t10 = t10.add(s10); t11 = t11.add(s11);
        t20 = t20.add(s20); t21 = t21.add(s21);
        t30 = t30.add(s30); t31 = t31.add(s31);
        t40 = t40.add(s40); t41 = t41.add(s41);
        t50 = t50.add(s50); t51 = t51.add(s51);
        t60 = t60.add(s60); t61 = t61.add(s61);
        t70 = t70.add(s70); t71 = t71.add(s71);
      }
      acc = acc.add(t00).add(t01).add(t10).add(t11).add(t20).add(t21).add(t30).add(t31).add(t40).add(t41).add(t50).add(t51).add(t60).add(t61).add(t70).add(t71);
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  static float segment8x2(float[] a, MemorySegment b, int off, int k, int reps, int ars) {
    FloatVector acc = FloatVector.zero(S);
    for (int r = 0; r < reps; r++) {
      FloatVector t00 = FloatVector.zero(S), t01 = FloatVector.zero(S), t10 = FloatVector.zero(S), t11 = FloatVector.zero(S), t20 = FloatVector.zero(S), t21 = FloatVector.zero(S), t30 = FloatVector.zero(S), t31 = FloatVector.zero(S), t40 = FloatVector.zero(S), t41 = FloatVector.zero(S), t50 = FloatVector.zero(S), t51 = FloatVector.zero(S), t60 = FloatVector.zero(S), t61 = FloatVector.zero(S), t70 = FloatVector.zero(S), t71 = FloatVector.zero(S);
      int ap = 0, bp = off;
      for (int p0 = 0; p0 < k; p0 += 16) {
        FloatVector v0, v1, x;
        FloatVector s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51, s60, s61, s70, s71;
        v0 = FloatVector.fromMemorySegment(S, b, (long) bp * 4, ORDER); v1 = FloatVector.fromMemorySegment(S, b, (long) (bp + 16) * 4, ORDER);
        x = FloatVector.broadcast(S, a[ap]);
        s00 = x.mul(v0); s01 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 1]);
        s10 = x.mul(v0); s11 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 2]);
        s20 = x.mul(v0); s21 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 3]);
        s30 = x.mul(v0); s31 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 4]);
        s40 = x.mul(v0); s41 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 5]);
        s50 = x.mul(v0); s51 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 6]);
        s60 = x.mul(v0); s61 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 7]);
        s70 = x.mul(v0); s71 = x.mul(v1);
        ap += 8;
        bp += 32;
        for (int p = 1; p < 16; p++) {
          v0 = FloatVector.fromMemorySegment(S, b, (long) bp * 4, ORDER); v1 = FloatVector.fromMemorySegment(S, b, (long) (bp + 16) * 4, ORDER);
          x = FloatVector.broadcast(S, a[ap]);
          s00 = x.fma(v0, s00); s01 = x.fma(v1, s01);
          x = FloatVector.broadcast(S, a[ap + 1]);
          s10 = x.fma(v0, s10); s11 = x.fma(v1, s11);
          x = FloatVector.broadcast(S, a[ap + 2]);
          s20 = x.fma(v0, s20); s21 = x.fma(v1, s21);
          x = FloatVector.broadcast(S, a[ap + 3]);
          s30 = x.fma(v0, s30); s31 = x.fma(v1, s31);
          x = FloatVector.broadcast(S, a[ap + 4]);
          s40 = x.fma(v0, s40); s41 = x.fma(v1, s41);
          x = FloatVector.broadcast(S, a[ap + 5]);
          s50 = x.fma(v0, s50); s51 = x.fma(v1, s51);
          x = FloatVector.broadcast(S, a[ap + 6]);
          s60 = x.fma(v0, s60); s61 = x.fma(v1, s61);
          x = FloatVector.broadcast(S, a[ap + 7]);
          s70 = x.fma(v0, s70); s71 = x.fma(v1, s71);
          ap += 8;
          bp += 32;
        }
        t00 = t00.add(s00); t01 = t01.add(s01);
        t10 = t10.add(s10); t11 = t11.add(s11);
        t20 = t20.add(s20); t21 = t21.add(s21);
        t30 = t30.add(s30); t31 = t31.add(s31);
        t40 = t40.add(s40); t41 = t41.add(s41);
        t50 = t50.add(s50); t51 = t51.add(s51);
        t60 = t60.add(s60); t61 = t61.add(s61);
        t70 = t70.add(s70); t71 = t71.add(s71);
      }
      acc = acc.add(t00).add(t01).add(t10).add(t11).add(t20).add(t21).add(t30).add(t31).add(t40).add(t41).add(t50).add(t51).add(t60).add(t61).add(t70).add(t71);
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  public static void main(String[] args) {
    int k = 256;
    float[] a = new float[8 * k + 16];
    float[] b = new float[k * 48 + 64];
    java.util.Arrays.fill(a, 1e-3f);
    java.util.Arrays.fill(b, 1e-3f);
    MemorySegment seg = Arena.ofAuto().allocate((long) b.length * 4, 64);
    MemorySegment.copy(b, 0, seg, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, b.length);
    int flops = 8 * 2 * 32;
    for (int w = 0; w < 3; w++) for (int off = 0; off < 16; off++) { interleaved8x2(a, b, off, k, 500, k); segment8x2(a, seg, off, k, 500, k); }
    for (int round = 0; round < 2; round++) {
      double[] heap = new double[16], off64 = new double[16];
      for (int off = 0; off < 16; off++) {
        for (int rep = 0; rep < 3; rep++) {
          long t0 = System.nanoTime();
          interleaved8x2(a, b, off, k, 3000, k);
          heap[off] = Math.max(heap[off], 3000.0 * k * flops / (System.nanoTime() - t0));
          t0 = System.nanoTime();
          segment8x2(a, seg, off, k, 3000, k);
          off64[off] = Math.max(off64[off], 3000.0 * k * flops / (System.nanoTime() - t0));
        }
      }
      double aligned = off64[0];
      java.util.Arrays.sort(heap);
      java.util.Arrays.sort(off64);
      System.out.printf("round %d: heap float[] median %.0f (min %.0f max %.0f); segment 64-byte aligned %.0f, over its 16 offsets median %.0f (min %.0f max %.0f) GFLOP/s%n",
          round + 1, heap[8], heap[0], heap[15], aligned, off64[8], off64[0], off64[15]);
    }
  }
}
