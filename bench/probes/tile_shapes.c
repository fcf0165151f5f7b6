/*
 * What a register tile of MR rows x NV vectors of C reaches in C, one thread, with the library's summation
 * (blocks of 16 products summed from zero, block sums added to the tile's total, the total added to C),
 * A interleaved (the MR values of one column side by side) and B a packed strip of NV vectors per row,
 * K rows (the library's panel: 256). The ceiling of a tile shape on this core, to set beside the Java
 * kernels (ProductSpeed). -DOFF=4 starts B 4 floats into a cache line, as a Java array's data mostly is,
 * so that every 512-bit load of B straddles two lines. bench/README.md ("A third machine", "8 x 2 tiles")
 * has the figures.
 *
 *   for s in "4 3" "4 4" "6 4" "8 3" "8 2"; do set -- $s
 *     gcc -O3 -mavx512f -mfma -DMR=$1 -DNV=$2 [-DOFF=4] tile_shapes.c -o /tmp/tile && /tmp/tile; done
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#ifndef MR
#define MR 4
#endif
#ifndef NV
#define NV 3
#endif
#ifndef K
#define K 256
#endif
#ifndef OFF
#define OFF 0
#endif

static float A[MR * K] __attribute__((aligned(64)));
static float B[K * NV * 16 + 16] __attribute__((aligned(64)));
static float C[MR * NV * 16] __attribute__((aligned(64)));

__attribute__((noinline)) static void tile(const float *a, const float *b, float *c) {
    __m512 t[MR][NV];
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) t[r][v] = _mm512_setzero_ps();
    for (int p0 = 0; p0 < K; p0 += 16) {
        __m512 s[MR][NV];
        for (int r = 0; r < MR; r++)
            for (int v = 0; v < NV; v++) s[r][v] = _mm512_setzero_ps();
        for (int p = p0; p < p0 + 16; p++) {
            __m512 bv[NV];
            for (int v = 0; v < NV; v++) bv[v] = _mm512_loadu_ps(b + (p * NV + v) * 16);
            for (int r = 0; r < MR; r++) {
                __m512 x = _mm512_set1_ps(a[p * MR + r]);
                for (int v = 0; v < NV; v++) s[r][v] = _mm512_fmadd_ps(x, bv[v], s[r][v]);
            }
        }
        for (int r = 0; r < MR; r++)
            for (int v = 0; v < NV; v++) t[r][v] = _mm512_add_ps(t[r][v], s[r][v]);
    }
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) {
            float *q = c + (r * NV + v) * 16;
            _mm512_store_ps(q, _mm512_add_ps(_mm512_load_ps(q), t[r][v]));
        }
}

int main(void) {
    for (int i = 0; i < MR * K; i++) A[i] = 1e-3f * (i % 7);
    for (int i = 0; i < K * NV * 16; i++) B[i + OFF] = 1e-3f * (i % 5);
    double best = 0;
    for (int round = 0; round < 5; round++) {
        struct timespec t0, t1;
        long n = 200000;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long i = 0; i < n; i++) tile(A, B + OFF, C);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
        double g = n * 2.0 * MR * K * NV * 16 / s / 1e9;
        if (g > best) best = g;
    }
    printf("tile %d x %d vectors, K %d, B %d floats into a line: best of 5 %.1f GFLOP/s (checksum %g)\n", MR, NV, K, OFF, best, C[3]);
    return 0;
}
