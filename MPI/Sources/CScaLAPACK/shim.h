// BLACS and ScaLAPACK (Debian: libscalapack-openmpi-dev, which has no C header) and the few
// ELPA functions spectra-mpi calls (libelpa-dev; its own header declares them through
// _Generic and variadic macros, which Swift does not import). Fortran routines take every
// argument by address; their hidden string lengths are all 1 here and left to the caller's
// ABI, as every C caller of ScaLAPACK does.

// BLACS (C interface).
void Cblacs_pinfo(int *mypnum, int *nprocs);
void Cblacs_get(int icontxt, int what, int *val);
void Cblacs_gridinit(int *icontxt, const char *order, int nprow, int npcol);
void Cblacs_gridinfo(int icontxt, int *nprow, int *npcol, int *myprow, int *mypcol);
void Cblacs_gridexit(int icontxt);

// ScaLAPACK tools and drivers.
int numroc_(const int *n, const int *nb, const int *iproc, const int *isrcproc, const int *nprocs);
void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb, const int *irsrc,
               const int *icsrc, const int *ictxt, const int *lld, int *info);
void pdsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *ia, const int *ja,
              const int *desca, double *w, double *z, const int *iz, const int *jz, const int *descz,
              double *work, const int *lwork, int *iwork, const int *liwork, int *info);
void pdsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *ia,
              const int *ja, const int *desca, const double *vl, const double *vu, const int *il, const int *iu,
              int *m, int *nz, double *w, double *z, const int *iz, const int *jz, const int *descz,
              double *work, const int *lwork, int *iwork, const int *liwork, int *info);

// Cholesky factorisation and solve (kernel ridge regression, spectra-mpi regress).
void pdpotrf_(const char *uplo, const int *n, double *a, const int *ia, const int *ja, const int *desca, int *info);
void pdpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *ia, const int *ja,
              const int *desca, double *b, const int *ib, const int *jb, const int *descb, int *info);

// ELPA (API version 20221109, Debian 2022.11).
typedef struct elpa_struct *elpa_t;
int elpa_init(int api_version);
elpa_t elpa_allocate(int *error);
void elpa_set_integer(elpa_t handle, const char *name, int value, int *error);
int elpa_setup(elpa_t handle);
void elpa_eigenvalues_double(elpa_t handle, double *a, double *ev, int *error);
void elpa_eigenvectors_double(elpa_t handle, double *a, double *ev, double *q, int *error);
void elpa_deallocate(elpa_t handle, int *error);
void elpa_uninit(int *error);
