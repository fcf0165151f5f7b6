import jdk.incubator.vector.*;
/**
 * The register tiles of VectorKernels in Java, with its summation (blocks of 16 products from zero, block
 * sums added to the tile's totals), over a packed B strip started at each of the 16 float offsets of a
 * cache line; median, lowest and highest GFLOP/s over the offsets, one thread:
 * - strided4x3: the 4 x 3 tile, A read at its 4 rows' strides (the library's tile for most products);
 * - strided8x2: 8 x 2, A at its 8 rows' strides (runs out of general registers);
 * - interleaved8x2: 8 x 2 over A with its 8 rows interleaved (the library's tile for wide products on
 *   AVX-512, after its copy of A).
 * bench/README.md ("8 x 2 tiles") has the figures.
 *
 *   java --add-modules jdk.incubator.vector bench/probes/TileShapes.java
 */
public class TileShapes {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

  static float strided4x3(float[] a, float[] b, int off, int k, int reps, int ars) {
    FloatVector acc = FloatVector.zero(S);
    for (int r = 0; r < reps; r++) {
      FloatVector t00 = FloatVector.zero(S), t01 = FloatVector.zero(S), t02 = FloatVector.zero(S), t10 = FloatVector.zero(S), t11 = FloatVector.zero(S), t12 = FloatVector.zero(S), t20 = FloatVector.zero(S), t21 = FloatVector.zero(S), t22 = FloatVector.zero(S), t30 = FloatVector.zero(S), t31 = FloatVector.zero(S), t32 = FloatVector.zero(S);
      int ap = 0, bp = off;
      for (int p0 = 0; p0 < k; p0 += 16) {
        FloatVector v0, v1, v2, x;
        FloatVector s00, s01, s02, s10, s11, s12, s20, s21, s22, s30, s31, s32;
        v0 = FloatVector.fromArray(S, b, bp); v1 = FloatVector.fromArray(S, b, bp + 16); v2 = FloatVector.fromArray(S, b, bp + 32);
        x = FloatVector.broadcast(S, a[ap]);
        s00 = x.mul(v0); s01 = x.mul(v1); s02 = x.mul(v2);
        x = FloatVector.broadcast(S, a[ap + ars]);
        s10 = x.mul(v0); s11 = x.mul(v1); s12 = x.mul(v2);
        x = FloatVector.broadcast(S, a[ap + 2 * ars]);
        s20 = x.mul(v0); s21 = x.mul(v1); s22 = x.mul(v2);
        x = FloatVector.broadcast(S, a[ap + 3 * ars]);
        s30 = x.mul(v0); s31 = x.mul(v1); s32 = x.mul(v2);
        ap += 1;
        bp += 48;
        for (int p = 1; p < 16; p++) {
          v0 = FloatVector.fromArray(S, b, bp); v1 = FloatVector.fromArray(S, b, bp + 16); v2 = FloatVector.fromArray(S, b, bp + 32);
          x = FloatVector.broadcast(S, a[ap]);
          s00 = x.fma(v0, s00); s01 = x.fma(v1, s01); s02 = x.fma(v2, s02);
          x = FloatVector.broadcast(S, a[ap + ars]);
          s10 = x.fma(v0, s10); s11 = x.fma(v1, s11); s12 = x.fma(v2, s12);
          x = FloatVector.broadcast(S, a[ap + 2 * ars]);
          s20 = x.fma(v0, s20); s21 = x.fma(v1, s21); s22 = x.fma(v2, s22);
          x = FloatVector.broadcast(S, a[ap + 3 * ars]);
          s30 = x.fma(v0, s30); s31 = x.fma(v1, s31); s32 = x.fma(v2, s32);
          ap += 1;
          bp += 48;
        }
        t00 = t00.add(s00); t01 = t01.add(s01); t02 = t02.add(s02);
        t10 = t10.add(s10); t11 = t11.add(s11); t12 = t12.add(s12);
        t20 = t20.add(s20); t21 = t21.add(s21); t22 = t22.add(s22);
        t30 = t30.add(s30); t31 = t31.add(s31); t32 = t32.add(s32);
      }
      acc = acc.add(t00).add(t01).add(t02).add(t10).add(t11).add(t12).add(t20).add(t21).add(t22).add(t30).add(t31).add(t32);
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  static float strided8x2(float[] a, float[] b, int off, int k, int reps, int ars) {
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
        x = FloatVector.broadcast(S, a[ap + ars]);
        s10 = x.mul(v0); s11 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 2 * ars]);
        s20 = x.mul(v0); s21 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 3 * ars]);
        s30 = x.mul(v0); s31 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 4 * ars]);
        s40 = x.mul(v0); s41 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 5 * ars]);
        s50 = x.mul(v0); s51 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 6 * ars]);
        s60 = x.mul(v0); s61 = x.mul(v1);
        x = FloatVector.broadcast(S, a[ap + 7 * ars]);
        s70 = x.mul(v0); s71 = x.mul(v1);
        ap += 1;
        bp += 32;
        for (int p = 1; p < 16; p++) {
          v0 = FloatVector.fromArray(S, b, bp); v1 = FloatVector.fromArray(S, b, bp + 16);
          x = FloatVector.broadcast(S, a[ap]);
          s00 = x.fma(v0, s00); s01 = x.fma(v1, s01);
          x = FloatVector.broadcast(S, a[ap + ars]);
          s10 = x.fma(v0, s10); s11 = x.fma(v1, s11);
          x = FloatVector.broadcast(S, a[ap + 2 * ars]);
          s20 = x.fma(v0, s20); s21 = x.fma(v1, s21);
          x = FloatVector.broadcast(S, a[ap + 3 * ars]);
          s30 = x.fma(v0, s30); s31 = x.fma(v1, s31);
          x = FloatVector.broadcast(S, a[ap + 4 * ars]);
          s40 = x.fma(v0, s40); s41 = x.fma(v1, s41);
          x = FloatVector.broadcast(S, a[ap + 5 * ars]);
          s50 = x.fma(v0, s50); s51 = x.fma(v1, s51);
          x = FloatVector.broadcast(S, a[ap + 6 * ars]);
          s60 = x.fma(v0, s60); s61 = x.fma(v1, s61);
          x = FloatVector.broadcast(S, a[ap + 7 * ars]);
          s70 = x.fma(v0, s70); s71 = x.fma(v1, s71);
          ap += 1;
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

  interface Tile { float run(float[] a, float[] b, int off, int k, int reps, int ars); }

  public static void main(String[] args) {
    int k = 256;
    float[] a = new float[8 * k + 16];
    float[] b = new float[k * 48 + 64];
    java.util.Arrays.fill(a, 1e-3f);
    java.util.Arrays.fill(b, 1e-3f);
    String[] names = {"strided4x3", "strided8x2", "interleaved8x2"};
    Tile[] tiles = {TileShapes::strided4x3, TileShapes::strided8x2, TileShapes::interleaved8x2};
    int[] flopsPerRow = {4 * 3 * 32, 8 * 2 * 32, 8 * 2 * 32};
    for (int w = 0; w < 3; w++) for (Tile t : tiles) for (int off = 0; off < 16; off++) t.run(a, b, off, k, 500, k);
    for (int i = 0; i < tiles.length; i++) {
      double[] g = new double[16];
      for (int off = 0; off < 16; off++) {
        for (int rep = 0; rep < 3; rep++) {
          long t0 = System.nanoTime();
          tiles[i].run(a, b, off, k, 3000, k);
          g[off] = Math.max(g[off], 3000.0 * k * flopsPerRow[i] / (System.nanoTime() - t0));
        }
      }
      java.util.Arrays.sort(g);
      System.out.printf("%-15s median %.0f  min %.0f  max %.0f GFLOP/s%n", names[i], g[8], g[0], g[15]);
    }
  }
}
