// cblas and LAPACKE from OpenBLAS (Debian: libopenblas-dev, liblapacke-dev).
#include <cblas.h>
#include <lapacke.h>
