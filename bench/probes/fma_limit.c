/*
 * The machine's FMA limit, one thread: 16 independent chains of 512-bit (or, with -DAVX2, 256-bit) fused
 * multiply-adds, nothing else in the loop. What the FMA units can do, as against what an SGEMM reaches
 * (bench/peers/sgemm_peak.py). bench/README.md ("A third machine") has what it showed.
 *
 *   gcc -O2 -mavx512f -mfma fma_limit.c -o /tmp/fma_limit && /tmp/fma_limit
 *   gcc -O2 -mavx2 -mfma -DAVX2 fma_limit.c -o /tmp/fma_limit && /tmp/fma_limit
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#ifdef AVX2
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
static float sum(vec v) { float f[8]; _mm256_storeu_ps(f, v); float s = 0; for (int i = 0; i < 8; i++) s += f[i]; return s; }
#else
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
static float sum(vec v) { return _mm512_reduce_add_ps(v); }
#endif

#define DECL(i) vec a##i = SET1(1.0f + (i) * 1e-7f);
#define STEP(i) a##i = FMA(a##i, x, y);
#define ADD(i) total += sum(a##i);
#define ALL(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)

int main(void) {
    ALL(DECL)
    vec x = SET1(0.999999f), y = SET1(1e-7f);
    for (int round = 0; round < 5; round++) {
        struct timespec t0, t1;
        long n = 100000000;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long i = 0; i < n; i++) {
            ALL(STEP)
            __asm__ volatile("");  /* keeps the 16 chains in registers, one loop iteration per 16 FMAs */
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
        float total = 0;
        ALL(ADD)
        printf("FMA limit, one thread, %d-bit: %.1f GFLOP/s (checksum %g)\n", LANES * 32, n * 16.0 * LANES * 2 / s / 1e9, total);
    }
    return 0;
}
