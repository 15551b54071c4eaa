/*
 * OpenBLAS's sgemm on the shapes of the batch's scoring calls, against the 4096³ product, on one thread.
 *
 *   Benchmarks/sgemm_shapes.sh
 *
 * The batch (docs/engine.md) multiplies m offers (192 per core and call) by n candidate rows (one range
 * of reachable communes: 190 rows on average, up to a band of 4,096) with k = 144, the embedding's
 * dimension, B transposed, C = A·Bᵀ written over. Here A, B and C stay in cache from call to call, so
 * the figures give what the library itself reaches on those shapes, apart from the batch's memory
 * traffic. Each figure is a rate over at least one second of calls.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* GFLOP/s of C (m × n) = A (m × k) · Bᵀ (B: n × k), row-major, repeated for at least one second. */
static double rate(int m, int n, int k, const float *a, const float *b, float *c) {
    double start = now(), end;
    long calls = 0;
    do {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, a, k, b, k, 0, c, n);
        calls++;
        end = now();
    } while (end - start < 1.0);
    return 2.0 * m * n * k * calls / (end - start) / 1e9;
}

int main(void) {
    const int big = 4096, k = 144;
    float *a = malloc(sizeof(float) * big * big), *b = malloc(sizeof(float) * big * big), *c = malloc(sizeof(float) * big * big);
    if (!a || !b || !c) return 1;
    for (long i = 0; i < (long)big * big; i++) { a[i] = (float)(i % 7) / 7; b[i] = (float)(i % 5) / 5; }
    double probe = rate(big, big, big, a, b, c);
    printf("4096³, one thread: %.1f GFLOP/s\n", probe);
    const int ms[] = {192, 384}, ns[] = {190, 512, 1024, 4096};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++) {
            double r = rate(ms[i], ns[j], k, a, b, c);
            printf("m %d, n %4d, k %d: %.1f GFLOP/s = %.0f %% of 4096³\n", ms[i], ns[j], k, r, 100 * r / probe);
        }
    free(a); free(b); free(c);
    return 0;
}
