/* The single-node symmetric eigensolvers spectra could call, timed on one matrix.
 *
 * Reads an n x n symmetric matrix of doubles (raw, column-major, as numpy's tofile writes a
 * symmetric array) and times, on a fresh copy each run, the LAPACK drivers that return all
 * eigenvalues (jobz = 'N'): dsyevd, dsyevd_2stage (what spectra calls), dsyevr, dsyev; the two
 * stages of the two-stage reduction and the tridiagonal solve on their own (dsytrd_sy2sb,
 * dsytrd_sb2st, dsterf), also with the second stage on one thread (`split`); the one-stage reduction dsytrd; and dgemm on n x n operands, the rate
 * the reduction's flops are measured against. One JSON object per run on standard output.
 *
 * Built and driven by scripts/bench/eigensolve.sh (cc, the system's LAPACKE and OpenBLAS; the
 * thread count is OpenBLAS's own OPENBLAS_NUM_THREADS).
 *
 *     eigensolve FILE N ROUTINE RUNS
 * EIGENSOLVE_HUGE=1 asks for transparent huge pages on the matrix (as numpy does by default, and spectra did for its Gram
 * matrix); EIGENSOLVE_KD=k sets the band width of `stages` and `split` (LAPACK's choice otherwise: 32 here,
 * which was also the fastest of 16, 32, 64, 96 and 128 at n = 4000); EIGENSOLVE_UPLO=L has every routine
 * read the lower triangle (U, the upper, otherwise; the file holds both).
 *
 *     eigensolve handoff
 * times instead how long a cache line written on CPU 0 takes to be seen on CPU 1 and back (two
 * threads pinned to the two CPUs take turns incrementing one counter), in nanoseconds per one-way
 * handoff. On this project's 2-vCPU virtual machines it measured 26-45 ns in some stretches of
 * minutes and 160-190 ns in others, as the host moved the two vCPUs nearer or further apart.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <lapacke.h>
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* The two stages of dsytrd_2stage; LAPACKE has no wrapper for them. */
extern void dsytrd_sy2sb_(const char *uplo, const int *n, const int *kd, double *a, const int *lda,
                          double *ab, const int *ldab, double *tau, double *work, const int *lwork,
                          int *info, size_t);
extern void dsytrd_sb2st_(const char *stage1, const char *vect, const char *uplo, const int *n,
                          const int *kd, double *ab, const int *ldab, double *d, double *e,
                          double *hous, const int *lhous, double *work, const int *lwork, int *info,
                          size_t, size_t, size_t);
extern int ilaenv2stage_(const int *ispec, const char *name, const char *opts, const int *n1,
                         const int *n2, const int *n3, const int *n4, size_t, size_t);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Transparent huge pages for a large buffer (EIGENSOLVE_HUGE=1), as numpy asks by default. */
static void huge_pages(void *p, size_t bytes) {
    if (!getenv("EIGENSOLVE_HUGE") || strcmp(getenv("EIGENSOLVE_HUGE"), "1")) return;
    uintptr_t page = (uintptr_t)1 << 21;
    uintptr_t begin = ((uintptr_t)p + page - 1) & ~(page - 1), end = ((uintptr_t)p + bytes) & ~(page - 1);
    if (end > begin) madvise((void *)begin, end - begin, MADV_HUGEPAGE);
}

/* One-way handoff latency between CPUs 0 and 1, nanoseconds (see the header). */
enum { HANDOFF_ROUNDS = 200000 };
static _Alignas(64) atomic_long handoff_counter;
static int pin_to(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}
static void *handoff_partner(void *unused) {
    (void)unused;
    pin_to(1);
    for (long i = 0; i < HANDOFF_ROUNDS; i++) {
        while (atomic_load_explicit(&handoff_counter, memory_order_acquire) != 2 * i + 1) {}
        atomic_store_explicit(&handoff_counter, 2 * i + 2, memory_order_release);
    }
    return NULL;
}
static double handoff_nanoseconds(void) {
    atomic_store(&handoff_counter, 0);
    if (pin_to(0) != 0) return -1;
    pthread_t partner;
    if (pthread_create(&partner, NULL, handoff_partner, NULL) != 0) return -1;
    double start = now();
    for (long i = 0; i < HANDOFF_ROUNDS; i++) {
        atomic_store_explicit(&handoff_counter, 2 * i + 1, memory_order_release);
        while (atomic_load_explicit(&handoff_counter, memory_order_acquire) != 2 * i + 2) {}
    }
    double seconds = now() - start;
    pthread_join(partner, NULL);
    return seconds / (2.0 * HANDOFF_ROUNDS) * 1e9;
}

static void fail(const char *what, long info) {
    fprintf(stderr, "eigensolve: %s failed (info %ld)\n", what, info);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "handoff")) {
        if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
            printf("{\"routine\": \"handoff\", \"nanoseconds\": null}\n");
            return 0;
        }
        printf("{\"routine\": \"handoff\", \"nanoseconds\": %.1f}\n", handoff_nanoseconds());
        return 0;
    }
    const char uplo = getenv("EIGENSOLVE_UPLO") && !strcmp(getenv("EIGENSOLVE_UPLO"), "L") ? 'L' : 'U';
    const char uplo_string[2] = {uplo, 0};
    if (argc != 5) {
        fprintf(stderr, "usage: eigensolve FILE N ROUTINE RUNS, or eigensolve handoff\n");
        return 64;
    }
    const char *path = argv[1];
    const int n = atoi(argv[2]);
    const char *routine = argv[3];
    const int runs = atoi(argv[4]);
    if (n <= 0 || n > 40000 || runs <= 0 || runs > 100) {
        fprintf(stderr, "eigensolve: N must be 1...40000 and RUNS 1...100\n");
        return 64;
    }
    size_t nn = (size_t)n * (size_t)n;
    double *original = malloc(nn * sizeof(double));
    double *a = malloc(nn * sizeof(double));
    double *w = malloc((size_t)n * sizeof(double));
    double *e = malloc((size_t)n * sizeof(double));
    if (!original || !a || !w || !e) fail("malloc", 0);
    huge_pages(original, nn * sizeof(double));
    huge_pages(a, nn * sizeof(double));
    FILE *f = fopen(path, "rb");
    if (!f || fread(original, sizeof(double), nn, f) != nn) fail("reading the matrix", 0);
    fclose(f);

    for (int run = 0; run < runs; run++) {
        memcpy(a, original, nn * sizeof(double));
        double seconds = 0, stage1 = 0, stage2 = 0, tridiagonal = 0;
        lapack_int info = 0;
        double start = now();
        if (!strcmp(routine, "dsyevd")) {
            info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'N', uplo, n, a, n, w);
        } else if (!strcmp(routine, "dsyevd_2stage")) {
            info = LAPACKE_dsyevd_2stage(LAPACK_COL_MAJOR, 'N', uplo, n, a, n, w);
        } else if (!strcmp(routine, "dsyev")) {
            info = LAPACKE_dsyev(LAPACK_COL_MAJOR, 'N', uplo, n, a, n, w);
        } else if (!strcmp(routine, "dsyevr")) {
            lapack_int found = 0;
            lapack_int *support = malloc(2 * (size_t)n * sizeof(lapack_int));
            info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'N', 'A', uplo, n, a, n, 0, 0, 0, 0, 0, &found, w,
                                  NULL, 1, support);
            free(support);
        } else if (!strcmp(routine, "dsytrd")) {
            double *tau = malloc((size_t)n * sizeof(double));
            info = LAPACKE_dsytrd(LAPACK_COL_MAJOR, uplo, n, a, n, w, e, tau);
            stage1 = now() - start;
            double t = now();
            if (info == 0) info = LAPACKE_dsterf(n, w, e);
            tridiagonal = now() - t;
            free(tau);
        } else if (!strcmp(routine, "stages") || !strcmp(routine, "split")) {
            /* dsytrd_2stage's two stages as dsyevd_2stage calls them, then dsterf; "split" runs
               the second stage and dsterf with one OpenBLAS thread, as spectra does. */
            int threads = openblas_get_num_threads();
            int split = !strcmp(routine, "split");
            int two = 2, three = 3, four = 4, minus = -1, one = 1;
            int kd = ilaenv2stage_(&one, "DSYTRD_2STAGE", "N", &n, &minus, &minus, &minus, 13, 1);
            if (getenv("EIGENSOLVE_KD")) kd = atoi(getenv("EIGENSOLVE_KD")); /* band width to try */
            int ib = ilaenv2stage_(&two, "DSYTRD_2STAGE", "N", &n, &kd, &minus, &minus, 13, 1);
            int lhous = ilaenv2stage_(&three, "DSYTRD_2STAGE", "N", &n, &kd, &ib, &minus, 13, 1);
            int lwork = ilaenv2stage_(&four, "DSYTRD_2STAGE", "N", &n, &kd, &ib, &minus, 13, 1);
            (void)lhous;
            int ldab = kd + 1;
            double *ab = calloc((size_t)ldab * (size_t)n, sizeof(double));
            double *tau = malloc((size_t)n * sizeof(double));
            double *hous = malloc((size_t)(lhous > 0 ? lhous : 1) * sizeof(double));
            int lw1 = lwork > n * kd * 2 ? lwork : n * kd * 2;
            double *work = malloc((size_t)lw1 * sizeof(double));
            int finfo = 0;
            dsytrd_sy2sb_(uplo_string, &n, &kd, a, &n, ab, &ldab, tau, work, &lw1, &finfo, 1);
            stage1 = now() - start;
            double t = now();
            if (split) openblas_set_num_threads(1);
            if (finfo == 0)
                dsytrd_sb2st_("Y", "N", uplo_string, &n, &kd, ab, &ldab, w, e, hous, &lhous, work, &lw1, &finfo, 1, 1, 1);
            stage2 = now() - t;
            t = now();
            if (finfo == 0) finfo = (int)LAPACKE_dsterf(n, w, e);
            tridiagonal = now() - t;
            if (split) openblas_set_num_threads(threads);
            info = finfo;
            free(ab); free(tau); free(hous); free(work);
        } else if (!strcmp(routine, "dgemm")) {
            double *c = malloc(nn * sizeof(double));
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, original, n, original, n,
                        0.0, c, n);
            free(c);
        } else {
            fprintf(stderr, "eigensolve: unknown routine %s (dsyevd, dsyevd_2stage, dsyevr, dsyev, "
                            "dsytrd, stages, split, dgemm)\n", routine);
            return 64;
        }
        seconds = now() - start;
        if (info != 0) fail(routine, (long)info);
        double largest = w[0];
        for (int i = 1; i < n; i++) if (w[i] > largest) largest = w[i];
        printf("{\"routine\": \"%s\", \"n\": %d, \"run\": %d, \"seconds\": %.6f, \"stage1\": %.6f, "
               "\"stage2\": %.6f, \"tridiagonal\": %.6f, \"largest\": %.17g}\n",
               routine, n, run, seconds, stage1, stage2, tridiagonal,
               strcmp(routine, "dgemm") ? largest : 0.0);
        fflush(stdout);
    }
    free(original); free(a); free(w); free(e);
    return 0;
}
