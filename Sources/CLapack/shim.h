// cblas and LAPACKE from OpenBLAS (Debian: libopenblas-dev, liblapacke-dev).
#include <cblas.h>
#include <lapacke.h>
#include <stddef.h>

// The two stages of LAPACK's two-stage tridiagonal reduction and its block-size query, which
// LAPACKE does not wrap (Fortran symbols of OpenBLAS's LAPACK; the trailing size_t arguments are
// the lengths of the character arguments). SymmetricEigensolver calls them one by one so that the
// second stage can run on one OpenBLAS thread.
void dsytrd_sy2sb_(const char *uplo, const int *n, const int *kd, double *a, const int *lda,
                   double *ab, const int *ldab, double *tau, double *work, const int *lwork,
                   int *info, size_t uplo_length);
void dsytrd_sb2st_(const char *stage1, const char *vect, const char *uplo, const int *n,
                   const int *kd, double *ab, const int *ldab, double *d, double *e,
                   double *hous, const int *lhous, double *work, const int *lwork, int *info,
                   size_t stage1_length, size_t vect_length, size_t uplo_length);
int ilaenv2stage_(const int *ispec, const char *name, const char *opts, const int *n1,
                  const int *n2, const int *n3, const int *n4, size_t name_length,
                  size_t opts_length);
